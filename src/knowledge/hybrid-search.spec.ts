import { buildChunkIndex } from './chunk-index';
import { buildHybridIndex, searchHybrid } from './hybrid-search';
import type { StoredChunk } from './knowledge.types';

// Three-dimensional stand-ins for the model's vectors: the fusion only reads their dot products.
const axis = (x: number, y: number, z: number) => {
  const length = Math.hypot(x, y, z);
  return new Float32Array([x / length, y / length, z / length]);
};

const chunk = (id: string, title: string, text: string, category: StoredChunk['category'] = 'HR'): StoredChunk => ({
  document_id: id,
  index: 0,
  title,
  heading: title,
  text,
  category,
});

const SICK = chunk('KB-SICK', 'Sick leave', 'Tell your manager before 10:00 on the first day you are ill.');
const LEAVE = chunk('KB-LEAVE', 'Annual leave', 'Full-time employees get 25 vacation days per calendar year.');
const VPN = chunk('KB-VPN', 'Connecting to the VPN', 'Install the VPN client from the software portal.', 'IT');

function indexOf(vectors: Array<[StoredChunk, Float32Array]>) {
  return buildHybridIndex(
    buildChunkIndex(vectors.map(([stored]) => stored)),
    vectors.map(([stored, vector]) => ({ chunk: stored, vector })),
  );
}

describe('searchHybrid', () => {
  const index = indexOf([
    [SICK, axis(1, 0, 0)],
    [LEAVE, axis(0, 1, 0)],
    [VPN, axis(0, 0, 1)],
  ]);

  it('finds by meaning a passage that shares no word with the question, with its similarity and no lexical score', () => {
    const [best] = searchHybrid(index, 'I woke up with a fever', axis(0.9, 0.1, 0));
    expect(best).toMatchObject({ title: 'Sick leave', retrieval: 'hybrid', lexical_score: 0, terms: [] });
    expect(best!.score).toBeCloseTo(0.994, 3);
  });

  it('lets an exact wording the lexical rule accepts outrank a slightly nearer vector', () => {
    // LEAVE is second by vector, first by words: fused, it is first.
    const found = searchHybrid(index, 'How many vacation days do I get?', axis(0.75, 0.66, 0));
    expect(found.map((c) => c.title).slice(0, 2)).toEqual(['Annual leave', 'Sick leave']);
    expect(found[0]!.lexical_score).toBeGreaterThan(1.5);
    expect(found[0]!.terms).toEqual(expect.arrayContaining(['vacation', 'days']));
  });

  it('gives a lexical match too weak for the lexical rule no say in the order', () => {
    // "calendar" alone is a third of the question's words: below the rule, so the vector order stands.
    const found = searchHybrid(index, 'calendar sync phone', axis(0, 0.1, 1));
    expect(found[0]!.title).toBe('Connecting to the VPN');
  });

  it('gives a match that rests on fuzzy spellings alone no say in the order, but counts a prefix', () => {
    // Both words reach "vacation days" only by edit distance: the vector, which points elsewhere, decides.
    const fuzzy = searchHybrid(index, 'vacatoin dayz', axis(0, 0.2, 1));
    expect(fuzzy.map((c) => c.title)).toEqual(['Connecting to the VPN']);
    // "vacat" is the start of "vacation": that is the wording, and it still counts.
    const prefix = searchHybrid(index, 'vacat days', axis(0, 0.2, 1));
    expect(prefix[0]).toMatchObject({ title: 'Annual leave', terms: expect.arrayContaining(['vacat', 'days']) });
  });

  it('keeps to the categories asked for, on both rankings', () => {
    const found = searchHybrid(index, 'VPN client', axis(0.6, 0.5, 0.6), { categories: ['HR'] });
    expect(found.map((c) => c.category)).toEqual(['HR', 'HR']);
  });

  it('finds nothing for a question near nothing, though some passage is always nearest', () => {
    expect(searchHybrid(index, 'zebra quantum spaghetti', axis(-1, -1, -1))).toEqual([]);
  });

  it('returns at most the limit asked for', () => {
    expect(searchHybrid(index, 'anything', axis(1, 1, 1), { limit: 1 })).toHaveLength(1);
  });
});
