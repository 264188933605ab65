import { parseRouting, parseVerdict } from './gemini-ai';

describe('parsing Gemini answers', () => {
  it('accepts well-formed verdicts and drops categories of a harmless one', () => {
    expect(parseVerdict({ is_harmful: true, categories: ['spam', 'abusive'], reason: 'r' })).toEqual({
      is_harmful: true,
      categories: ['spam', 'abusive'],
      reason: 'r',
    });
    expect(parseVerdict({ is_harmful: false, categories: ['spam'], reason: 'fine' })).toEqual({
      is_harmful: false,
      categories: [],
      reason: 'fine',
    });
  });

  it.each([
    null,
    'text',
    {},
    { is_harmful: 'yes', categories: [], reason: 'r' },
    { is_harmful: true, categories: ['violence'], reason: 'r' },
  ])('refuses the verdict %j', (value) => {
    expect(parseVerdict(value)).toBeNull();
  });

  it('accepts IT or HR with a reason, and nothing else', () => {
    expect(parseRouting({ department: 'HR', reason: 'pay' })).toEqual({ department: 'HR', reason: 'pay' });
    for (const value of [{ department: 'Finance', reason: 'x' }, { department: 'IT' }, null])
      expect(parseRouting(value)).toBeNull();
  });
});
