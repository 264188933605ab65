import { owner, partOf, summarise } from './profile';

describe('owner', () => {
  it('names the package of a dependency, scoped or not, the app file, or the runtime', () => {
    expect(owner('file:///app/node_modules/mongoose/lib/document.js')).toBe('mongoose');
    expect(owner('file:///app/node_modules/@nestjs/core/router/router-execution-context.js')).toBe('@nestjs/core');
    expect(owner('file:///app/node_modules/a/node_modules/bson/lib/bson.cjs')).toBe('bson');
    expect(owner('node:internal/stream_base_commons')).toBe('node (runtime)');
    expect(owner('')).toBe('(native / V8)');
  });
});

describe('partOf', () => {
  it('puts a frame in the part of a request its code belongs to', () => {
    expect(partOf('bson', 'serializeInto')).toBe('database: driver, BSON, Mongoose');
    expect(partOf('(native / V8)', 'writeBuffer')).toBe('socket writes (the kernel)');
    expect(partOf('dist/ai/local/naive-bayes.js', 'logLikelihood')).toBe(
      'local AI: screen, router, retrieval, answers',
    );
    expect(partOf('@nestjs/core', 'handle')).toBe('Nest, validation, tokens');
    expect(partOf('dist/tickets/ticket-intake.service.js', 'create')).toBe("the app's own code");
    expect(partOf('node (runtime)', 'emit')).toBe('Node runtime, promises, V8');
  });
});

describe('summarise', () => {
  // root → handle (app) → find (mongoose); samples: 3 ms in find, 1 ms in handle, 2 ms idle.
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
      { id: 2, callFrame: frame('handle', `file://${process.cwd()}/dist/tickets/intake.js`), children: [3] },
      { id: 3, callFrame: frame('find', `file://${process.cwd()}/node_modules/mongoose/lib/query.js`) },
      { id: 4, callFrame: frame('(idle)', '') },
    ],
    samples: [3, 3, 2, 4, 3, 4],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('adds self time by owner and by function, idle apart, and app time inclusive of what it calls', () => {
    const summary = summarise(profile);
    expect(summary.totalMs).toBe(6);
    expect(summary.idleMs).toBe(2);
    expect(summary.byOwner).toEqual([
      ['mongoose', 3],
      ['dist/tickets/intake.js', 1],
    ]);
    expect(summary.byPart).toEqual([
      ['database: driver, BSON, Mongoose', 3],
      ["the app's own code", 1],
    ]);
    expect(summary.byFunction[0]).toEqual(['find mongoose:1', 3]);
    expect(summary.inclusiveApp).toEqual([['handle dist/tickets/intake.js:1', 4]]);
  });

  it('keeps only the last seconds of the profile when asked', () => {
    // The last 1.5 ms hold the fifth and sixth samples (at 5 and 6 ms): find 1 ms, idle 1 ms.
    const summary = summarise(profile, 0.0015);
    expect(summary.totalMs).toBe(2);
    expect(summary.byOwner).toEqual([['mongoose', 1]]);
  });
});
