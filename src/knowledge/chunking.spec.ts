import { chunkDocument } from './chunking';

describe('chunkDocument', () => {
  it('keeps each heading, with its parents, on the text below it', () => {
    const chunks = chunkDocument(
      'Leave policy',
      'Intro text.\n\n# Vacation\nYou get 25 days.\n\n## Carry-over\nUp to 5 days move to next year.\n\n# Sick leave\nCall your manager.',
    );
    expect(chunks).toEqual([
      { index: 0, heading: 'Leave policy', text: 'Intro text.' },
      { index: 1, heading: 'Vacation', text: 'You get 25 days.' },
      { index: 2, heading: 'Vacation › Carry-over', text: 'Up to 5 days move to next year.' },
      { index: 3, heading: 'Sick leave', text: 'Call your manager.' },
    ]);
  });

  it('cuts long sections at paragraphs, then sentences, never above the limit', () => {
    const paragraph = 'This sentence has some words in it. '.repeat(10).trim();
    const chunks = chunkDocument('Long', [paragraph, paragraph, paragraph].join('\n\n'), 400);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(400);
      expect(chunk.heading).toBe('Long');
    }
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toContain('This sentence has some words in it.');
  });

  it('drops headings without text and empty documents', () => {
    expect(chunkDocument('T', '# Empty\n\n# Also empty\n')).toEqual([]);
  });
});
