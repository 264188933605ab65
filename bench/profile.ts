import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that a summary needs. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package under node_modules, the app's own file, or Node itself. */
export function owner(url: string): string {
  if (!url) return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node (runtime)';
  return relative(process.cwd(), url.replace(/^file:\/\//, ''));
}

const PARTS: Array<[string, (owner: string, fn: string) => boolean]> = [
  [
    'database: driver, BSON, Mongoose',
    (o) => ['mongodb', 'bson', 'mongoose', 'kareem', 'mquery', 'mpath', 'sift'].includes(o),
  ],
  [
    'socket writes (the kernel)',
    (_o, fn) => ['writeBuffer', 'writeUtf8String', 'writev', 'writeLatin1String'].includes(fn),
  ],
  [
    'logging',
    (o, fn) => ['pino', '@pinojs/redact', 'sonic-boom', 'pino-std-serializers'].includes(o) || fn === 'writeString',
  ],
  [
    'local AI: screen, router, retrieval, answers',
    (o) => o.startsWith('dist/ai/') || o.startsWith('dist/knowledge/') || ['obscenity', 'minisearch'].includes(o),
  ],
  [
    'HTTP: Fastify, helmet',
    (o) => o === 'fastify' || o.startsWith('@fastify/') || ['helmet', 'find-my-way'].includes(o),
  ],
  [
    'Nest, validation, tokens',
    (o) =>
      o.startsWith('@nestjs/') ||
      ['rxjs', 'reflect-metadata', 'eventemitter2', 'passport', 'passport-jwt', 'jsonwebtoken', 'jws', 'jwa'].includes(
        o,
      ) ||
      ['class-validator', 'class-transformer', 'validator'].includes(o),
  ],
  ['Socket.IO', (o) => ['socket.io', 'socket.io-parser', 'socket.io-adapter', 'engine.io', 'ws'].includes(o)],
  ['metrics', (o) => o === 'prom-client'],
  ['garbage collection', (_o, fn) => fn === '(garbage collector)'],
  ["the app's own code", (o) => o.startsWith('dist/')],
];

/** Which part of a request a frame's self time belongs to (everything else: Node and V8). */
export function partOf(owner: string, functionName: string): string {
  return PARTS.find(([, test]) => test(owner, functionName))?.[0] ?? 'Node runtime, promises, V8';
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time by part of a request (partOf), largest first. */
  byPart: Array<[string, number]>;
  /** Self time by owner (package, app file, runtime), largest first. */
  byOwner: Array<[string, number]>;
  /** Self time by function, largest first. */
  byFunction: Array<[string, number]>;
  /** Total (inclusive) time of the app's own functions, largest first: where a request's time goes. */
  inclusiveApp: Array<[string, number]>;
}

/**
 * Self and inclusive time per frame, from the samples and their time deltas; with `lastSeconds`,
 * only the samples of the profile's last seconds (a bench scenario's load phase is the last thing
 * its API process does before it is stopped).
 */
export function summarise(profile: CpuProfile, lastSeconds = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const at: number[] = [];
  profile.timeDeltas.reduce((sum, delta, i) => (at[i] = sum + delta), 0);
  const from = (at[at.length - 1] ?? 0) - lastSeconds * 1e6;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (at[i]! >= from) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const label = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    return `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}`;
  };
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const parts = new Map<string, number>();
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    totalMs += ms;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    add(owners, frame.url ? owner(frame.url) : frame.functionName, ms);
    add(parts, partOf(owner(frame.url), frame.functionName), ms);
    add(functions, label(id), ms);
    // Each app frame on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (!url.includes('/dist/') || url.includes('node_modules/')) continue;
      const key = label(at);
      if (!seen.has(key)) add(inclusive, key, ms);
      seen.add(key);
    }
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    idleMs,
    byPart: sorted(parts),
    byOwner: sorted(owners),
    byFunction: sorted(functions),
    inclusiveApp: sorted(inclusive),
  };
}

/** `node -r ts-node/register/transpile-only bench/profile.ts FILE.cpuprofile [ROWS] [LAST_SECONDS]` */
function main(): void {
  const [file, rows = '25', lastSeconds] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/profile.ts FILE.cpuprofile [ROWS] [LAST_SECONDS]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarise(profile, lastSeconds ? Number(lastSeconds) : Infinity);
  const busy = summary.totalMs - summary.idleMs;
  const print = (title: string, entries: Array<[string, number]>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, ms] of entries.slice(0, Number(rows)))
      process.stdout.write(
        `${ms.toFixed(0).padStart(8)} ms ${((ms / busy) * 100).toFixed(1).padStart(5)} %  ${name}\n`,
      );
  };
  process.stdout.write(`profiled ${summary.totalMs.toFixed(0)} ms, busy ${busy.toFixed(0)} ms\n`);
  print('self time by part of a request', summary.byPart);
  print('self time by owner', summary.byOwner);
  print('self time by function', summary.byFunction);
  print("inclusive time of the app's functions", summary.inclusiveApp);
}

if (require.main === module) main();
