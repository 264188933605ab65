import { ROUTING_ANSWER, SCREENING_ANSWER } from './gemini-ai';
import { WRITTEN_ANSWER } from './gemini-answer-writer';
import { TOPIC_LABELS_ANSWER } from './gemini-topic-labeler';

describe('parsing Gemini answers', () => {
  it('accepts well-formed verdicts and drops categories of a harmless one', () => {
    expect(SCREENING_ANSWER.schema.parse({ is_harmful: true, categories: ['spam', 'abusive'], reason: 'r' })).toEqual({
      is_harmful: true,
      categories: ['spam', 'abusive'],
      reason: 'r',
    });
    expect(SCREENING_ANSWER.schema.parse({ is_harmful: false, categories: ['spam'], reason: 'fine' })).toEqual({
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
    expect(SCREENING_ANSWER.schema.safeParse(value).success).toBe(false);
  });

  it('accepts IT or HR with a reason, and nothing else', () => {
    expect(ROUTING_ANSWER.schema.parse({ department: 'HR', reason: 'pay' })).toEqual({
      department: 'HR',
      reason: 'pay',
    });
    for (const value of [{ department: 'Finance', reason: 'x' }, { department: 'IT' }, null])
      expect(ROUTING_ANSWER.schema.safeParse(value).success).toBe(false);
  });

  it('cuts reasons to 500 characters', () => {
    expect(ROUTING_ANSWER.schema.parse({ department: 'IT', reason: 'x'.repeat(600) }).reason).toHaveLength(500);
  });

  it('accepts a trimmed answer of 1 to 1000 characters, and refuses an empty or longer one', () => {
    expect(WRITTEN_ANSWER.schema.parse({ answer: '  Reset it from the portal.  ' })).toBe('Reset it from the portal.');
    for (const value of [{ answer: '   ' }, { answer: 'x'.repeat(1001) }, { text: 'hi' }])
      expect(WRITTEN_ANSWER.schema.safeParse(value).success).toBe(false);
  });

  it('keeps well-formed topic labels and skips malformed or blank entries', () => {
    const labels = TOPIC_LABELS_ANSWER.schema.parse({
      labels: [{ term: 'vpn', label: ' VPN drops at home ' }, { term: 'wi-fi', label: '  ' }, { term: 3 }, null, 'x'],
    });
    expect([...labels]).toEqual([['vpn', 'VPN drops at home']]);
    expect(TOPIC_LABELS_ANSWER.schema.safeParse({ labels: 'none' }).success).toBe(false);
  });
});

describe('the JSON Schema sent to Gemini', () => {
  it('describes what the model writes, derived from the same schema that parses it', () => {
    expect(SCREENING_ANSWER.jsonSchema).toMatchObject({
      type: 'object',
      properties: {
        is_harmful: { type: 'boolean' },
        categories: {
          type: 'array',
          items: { type: 'string', enum: ['jailbreak', 'abusive', 'explicit', 'spam', 'gibberish'] },
        },
        reason: { type: 'string' },
      },
      required: ['is_harmful', 'categories', 'reason'],
    });
    expect(ROUTING_ANSWER.jsonSchema).toMatchObject({
      properties: { department: { type: 'string', enum: ['IT', 'HR'] }, reason: { type: 'string' } },
      required: ['department', 'reason'],
    });
    expect(WRITTEN_ANSWER.jsonSchema).toMatchObject({
      properties: { answer: { type: 'string' } },
      required: ['answer'],
    });
  });

  it('tells the model nothing about the leniency towards malformed label entries', () => {
    expect(TOPIC_LABELS_ANSWER.jsonSchema).toMatchObject({
      properties: {
        labels: {
          type: 'array',
          items: {
            type: 'object',
            properties: { term: { type: 'string' }, label: { type: 'string' } },
            required: ['term', 'label'],
          },
        },
      },
      required: ['labels'],
    });
    const items = (TOPIC_LABELS_ANSWER.jsonSchema.properties as { labels: { items: object } }).labels.items;
    expect(items).not.toHaveProperty('default');
  });
});
