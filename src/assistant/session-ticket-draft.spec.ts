import { NOTHING_FOUND } from '../ai/local/answer-composer';
import { cutAtWord, draftDescription, draftTitle, shareOut, type SessionForDraft } from './session-ticket-draft';

const SESSION_ID = 'b0949436-ba0f-4871-b5d2-ca45421b11a8';
const session = (overrides: Partial<SessionForDraft> = {}): SessionForDraft => ({
  sessionId: SESSION_ID,
  firstQuery: 'How do I book the company helicopter?',
  exchanges: [{ query: 'How do I book the company helicopter?', answer: NOTHING_FOUND }],
  questionCount: 1,
  ...overrides,
});

describe('cutting text at a word', () => {
  it('keeps text that fits', () => {
    expect(cutAtWord('Printer jam', 11)).toBe('Printer jam');
  });

  it('cuts at the last space and marks the cut', () => {
    expect(cutAtWord('The printer on floor three jams', 20)).toBe('The printer on…');
  });

  it('cuts a word that fills the room by itself', () => {
    expect(cutAtWord('Supercalifragilistic expialidocious', 10)).toBe('Supercali…');
  });

  it('never splits a surrogate pair', () => {
    const cut = cutAtWord('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('fits any room, even one too small for a word', () => {
    expect(cutAtWord('hello', 1)).toBe('…');
    expect(cutAtWord('hello', 0)).toBe('');
  });
});

describe('sharing room between texts', () => {
  it('leaves short texts whole and shares what is left among the long ones', () => {
    expect(shareOut([10, 500, 900], 610)).toEqual([10, 300, 300]);
    expect(shareOut([10, 20], 100)).toEqual([10, 20]);
  });

  it('never gives out more than there is', () => {
    const shares = shareOut([400, 400, 400, 1000, 1000, 1000], 1700);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeLessThanOrEqual(1700);
  });
});

describe('the drafted title', () => {
  it("is the session's first question, on one line", () => {
    expect(draftTitle(session({ firstQuery: 'How do I\n  book it?' }), 200)).toBe('How do I book it?');
  });

  it('is cut at a word within the title length', () => {
    const question = `Where ${'is the helicopter '.repeat(20)}`.trim();
    const title = draftTitle(session({ firstQuery: question }), 200)!;
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title.length).toBeGreaterThan(190);
    const kept = title.slice(0, -1);
    expect(title.endsWith('…')).toBe(true);
    expect(question.startsWith(kept)).toBe(true);
    expect(question.charAt(kept.length)).toBe(' ');
  });

  it('falls back to the oldest kept question for sessions stored before the first was kept', () => {
    expect(draftTitle(session({ firstQuery: null }), 200)).toBe('How do I book the company helicopter?');
    expect(draftTitle(session({ firstQuery: null, exchanges: [] }), 200)).toBeNull();
  });
});

describe('the drafted description', () => {
  it('says where it came from and gives each question with its answer, the abstention as a fact', () => {
    const description = draftDescription(
      session({
        exchanges: [
          { query: 'How do I book the company helicopter?', answer: NOTHING_FOUND },
          { query: 'and for a client visit?', answer: 'According to the knowledge base: ask the office.' },
        ],
        questionCount: 2,
      }),
      2000,
    );
    expect(description).toBe(
      `Raised from a self-serve assistant session (${SESSION_ID}); the answers below did not settle it.\n\n` +
        'Asked: How do I book the company helicopter?\nBot answered: (nothing found in the knowledge base)\n\n' +
        'Asked: and for a client visit?\nBot answered: According to the knowledge base: ask the office.',
    );
  });

  it('names the question the session began with when earlier ones are not kept', () => {
    const description = draftDescription(
      session({
        firstQuery: 'Helicopter booking',
        exchanges: [
          { query: 'q2', answer: 'a2' },
          { query: 'q3', answer: 'a3' },
          { query: 'q4', answer: 'a4' },
        ],
        questionCount: 5,
      }),
      2000,
    );
    expect(description).toContain('It began with "Helicopter booking"; 2 earlier questions are not shown.');
    expect(description.indexOf('q2')).toBeLessThan(description.indexOf('q4'));
    expect(
      draftDescription(
        session({ firstQuery: 'First', exchanges: [{ query: 'q2', answer: 'a2' }], questionCount: 2 }),
        2000,
      ),
    ).toContain('It began with "First"; 1 earlier question is not shown.');
  });

  it('fits the longest session in the description length, shortening the long answers first', () => {
    const longAnswer = `According to the knowledge base: ${'word '.repeat(200)}`.trim();
    const description = draftDescription(
      session({
        firstQuery: 'x'.repeat(500),
        exchanges: [
          { query: `short question`, answer: longAnswer },
          { query: 'y '.repeat(250).trim(), answer: longAnswer },
          { query: 'z '.repeat(250).trim(), answer: longAnswer },
        ],
        questionCount: 9,
      }),
      2000,
    );
    expect(description.length).toBeLessThanOrEqual(2000);
    expect(description).toContain('Asked: short question\n');
    expect(description).toContain('It began with "');
    expect(description.match(/Bot answered: According to the knowledge base: word word/g)).toHaveLength(3);
    expect(description).toMatch(/…$/);
  });

  it('stays within a limit smaller than its own frame', () => {
    expect(draftDescription(session(), 40).length).toBeLessThanOrEqual(40);
  });
});
