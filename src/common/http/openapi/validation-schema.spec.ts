import { getMetadataStorage, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Optional } from '../optional';
import { DocumentedBodyRule } from './documented-rule';
import { propertyContract, trimmedLengthPattern } from './validation-schema';

/** What the server does: trim, then count characters (code points, as class-validator's Length). */
const acceptedByServer = (value: string, lo: number, hi: number | undefined) => {
  const length = [...value.trim()].length;
  return length >= lo && (hi === undefined || length <= hi);
};

const SAMPLES = [
  '',
  ' ',
  '\t\n',
  'a',
  ' a ',
  'ab',
  '  ab  ',
  'a b',
  'abc',
  '\u00a0x\u00a0',
  '\ufeffx',
  'x'.repeat(5),
  ` ${'x'.repeat(5)} `,
  'x'.repeat(6),
  ' x    y ',
];

describe('trimmedLengthPattern', () => {
  it.each([
    [1, 5],
    [0, 5],
    [2, 5],
    [1, undefined],
    [3, 3],
  ] as const)('matches exactly the text whose trimmed length is %s..%s', (lo, hi) => {
    const pattern = new RegExp(trimmedLengthPattern(lo, hi), 'u');
    for (const sample of SAMPLES) {
      expect({ sample, matches: pattern.test(sample) }).toEqual({ sample, matches: acceptedByServer(sample, lo, hi) });
    }
  });
});

class Example {
  @IsString()
  @Length(1, 20)
  name!: string;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @Optional()
  @IsIn(['a', 'b'])
  kind?: string;

  @Optional()
  @DocumentedBodyRule({
    name: 'exampleOnlyWithKind',
    schema: { anyOf: [{ required: ['kind'] }, { not: { required: ['note'] } }] },
    validate: (_value, body) => (body as { kind?: unknown }).kind !== undefined,
    message: () => 'note only with kind',
  })
  note?: string;
}

function contractOf(property: string, trimmed = false) {
  const rules = getMetadataStorage()
    .getTargetValidationMetadatas(Example, '', false, false)
    .filter((rule) => rule.propertyName === property);
  return propertyContract(`Example.${property}`, rules, trimmed);
}

describe('propertyContract', () => {
  it('states the rules as schema keywords, and which properties are required', () => {
    expect(contractOf('name')).toEqual({
      schema: { type: 'string', minLength: 1, maxLength: 20 },
      required: true,
      bodyKeywords: [],
    });
    expect(contractOf('limit')).toEqual({
      schema: { type: 'integer', minimum: 1, maximum: 100 },
      required: false,
      bodyKeywords: [],
    });
    expect(contractOf('kind').schema).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('moves the lengths of a trimmed property into a pattern over the raw text', () => {
    const { schema } = contractOf('name', true);
    expect(schema).toEqual({ type: 'string', minLength: 1, pattern: trimmedLengthPattern(1, 20) });
  });

  it('gives a rule between fields to the body, not to its property', () => {
    expect(contractOf('note')).toEqual({
      schema: {},
      required: false,
      bodyKeywords: [{ anyOf: [{ required: ['kind'] }, { not: { required: ['note'] } }] }],
    });
  });
});
