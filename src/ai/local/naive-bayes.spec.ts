import { NaiveBayes } from './naive-bayes';
import { features, tokenize } from './text-features';

describe('NaiveBayes', () => {
  const model = new NaiveBayes<'a' | 'b'>(['a', 'b']);
  model.learn(['x', 'x', 'y'], 'a');
  model.learn(['z', 'z', 'y'], 'b');

  it('picks the label whose features the input shares, with a posterior above one half', () => {
    const prediction = model.predict(['x', 'y'])!;
    expect(prediction.label).toBe('a');
    expect(prediction.confidence).toBeGreaterThan(0.5);
    expect(prediction.confidence).toBeLessThanOrEqual(1);
  });

  it('orders evidence by how strongly it favours the label, leaving out neutral features', () => {
    expect(model.predict(['y', 'x'])!.evidence.map((e) => e.feature)).toEqual(['x']);
  });

  it('has no opinion on features it never saw', () => {
    expect(model.predict(['unknown'])).toBeNull();
  });
});

describe('text features', () => {
  it('splits words across scripts and keeps apostrophes inside words', () => {
    expect(tokenize("Can't log in to Gehaltsabrechnung, nómina!")).toEqual([
      "can't",
      'log',
      'in',
      'to',
      'gehaltsabrechnung',
      'nómina',
    ]);
  });

  it('emits words, word pairs and character 3-5-grams, without stop words alone', () => {
    const out = features('the printer');
    expect(out).toContain('w:printer');
    expect(out).not.toContain('w:the');
    expect(out).toContain('b:the printer');
    expect(out).toEqual(expect.arrayContaining(['c: pr', 'c:rint', 'c:nter ']));
  });
});
