import type { SchemaObject } from '@nestjs/swagger';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { OBJECT_ID_PATTERN } from '../object-id.pipe';
import { isPresent } from '../optional';
import { documentedBodyRuleSchema, documentedRuleSchema } from './documented-rule';

/** What a DTO property's validation rules allow, as OpenAPI states it. */
export interface PropertyContract {
  schema: SchemaObject;
  required: boolean;
  /** What the property's rules say about the body as a whole (DocumentedBodyRule). */
  bodyKeywords: SchemaObject[];
}

/** The schema keywords this translation owns: a DTO's explicit ApiProperty never overrides them. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'anyOf',
  'nullable',
] as const satisfies ReadonlyArray<keyof SchemaObject>;

/**
 * The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), spelled
 * out: `\s` means slightly different sets to the regular-expression engines of other languages,
 * and the clients and fuzzers reading the document are written in them.
 */
const WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const SPACE = `[${WHITESPACE}]`;
const NON_SPACE = `[^${WHITESPACE}]`;
const ANY = `(?:${SPACE}|${NON_SPACE})`;

/**
 * A pattern for text whose trimmed form has lo..hi characters (hi undefined: no limit). A trimmed
 * value starts and ends with a non-space, so it is one such character, or two with anything
 * between; around it, any whitespace. The raw length is then unbounded, so no maxLength is stated.
 */
export function trimmedLengthPattern(lo: number, hi: number | undefined): string {
  const upper = hi === undefined ? '' : String(hi - 2);
  const longer = `${NON_SPACE}${ANY}{${Math.max(lo - 2, 0)},${upper}}${NON_SPACE}`;
  let core: string;
  if (hi !== undefined && hi < 2) core = NON_SPACE;
  else core = lo <= 1 ? `${NON_SPACE}(?:${ANY}{0,${upper}}${NON_SPACE})?` : longer;
  if (lo === 0) core = `(?:${core})?`;
  return `^${SPACE}*${core}${SPACE}*$`;
}

/** The same pattern for values that are trimmed and then matched against an anchored pattern without whitespace at its ends. */
function trimmedPattern(pattern: string): string {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) {
    throw new Error(`a trimmed property's pattern must be anchored at both ends to be documented: ${pattern}`);
  }
  return `^${SPACE}*(?:${pattern.slice(1, -1)})${SPACE}*$`;
}

/** The UUID versions IsUUID is used with, as validator.js checks them. */
const UUID_PATTERNS: Record<string, string> = {
  '4': '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
};

function patternOf(source: unknown, owner: string): string {
  if (source instanceof RegExp) {
    if (source.flags.replace(/[gyd]/g, '') !== '') {
      throw new Error(
        `${owner}: /${source.source}/${source.flags} cannot be documented; spell the flags out in the pattern`,
      );
    }
    return source.source;
  }
  if (typeof source === 'string') return source;
  throw new Error(`${owner}: the pattern is neither a RegExp nor a string`);
}

function typeOfValues(values: readonly unknown[]): string {
  const types = new Set(values.map((value) => (Number.isInteger(value) ? 'integer' : typeof value)));
  if (types.size !== 1) throw new Error(`an enum mixes types: ${JSON.stringify(values)}`);
  return [...types][0]!;
}

/** One class-validator rule, as the keywords it implies. */
function keywordsOf(rule: ValidationMetadata, owner: string): SchemaObject {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isString':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isArray':
      return { type: 'array' };
    case 'isIn': {
      const values = first as readonly unknown[];
      return { type: typeOfValues(values), enum: [...values] };
    }
    case 'isLength':
      return {
        type: 'string',
        minLength: first as number,
        ...(second === undefined ? {} : { maxLength: second as number }),
      };
    case 'minLength':
      return { type: 'string', minLength: first as number };
    case 'maxLength':
      return { type: 'string', maxLength: first as number };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'min':
      return { minimum: first as number };
    case 'max':
      return { maximum: first as number };
    case 'matches':
      if (second !== undefined) throw new Error(`${owner}: Matches with modifiers cannot be documented`);
      return { type: 'string', pattern: patternOf(first, owner) };
    case 'isMongoId':
      return { type: 'string', pattern: OBJECT_ID_PATTERN.source };
    case 'isUuid': {
      const pattern = UUID_PATTERNS[String(first)];
      if (!pattern) throw new Error(`${owner}: IsUUID('${String(first)}') has no documented pattern`);
      return { type: 'string', format: 'uuid', pattern };
    }
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isUrl': {
      const options = (first ?? {}) as { protocols?: string[]; require_protocol?: boolean };
      const scheme =
        options.require_protocol && options.protocols ? { pattern: `^(?:${options.protocols.join('|')})://` } : {};
      return { type: 'string', format: 'uri', ...scheme };
    }
    case 'arrayMinSize':
      return { type: 'array', minItems: first as number };
    case 'arrayNotEmpty':
      return { type: 'array', minItems: 1 };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: first as number };
    case 'arrayUnique':
      return { type: 'array', uniqueItems: true };
    default: {
      const documented = rule.name === undefined ? undefined : documentedRuleSchema(rule.name);
      if (documented) return structuredClone(documented);
      throw new Error(
        `${owner}: the validation rule ${rule.name ?? rule.type} has no OpenAPI translation. Add one in ` +
          'src/common/http/openapi/validation-schema.ts, or declare the rule with DocumentedRule(), so the ' +
          'document keeps saying what the server accepts.',
      );
    }
  }
}

/** Merges keywords, refusing two rules that disagree on one (say, two patterns: a schema has one). */
function merge(into: SchemaObject, keywords: SchemaObject, owner: string): void {
  for (const [key, value] of Object.entries(keywords) as Array<[keyof SchemaObject, unknown]>) {
    const existing: unknown = into[key];
    if (existing === undefined) (into as Record<string, unknown>)[key] = value;
    else if (key === 'minLength' || key === 'minimum' || key === 'minItems')
      (into as Record<string, number>)[key] = Math.max(existing as number, value as number);
    else if (key === 'maxLength' || key === 'maximum' || key === 'maxItems')
      (into as Record<string, number>)[key] = Math.min(existing as number, value as number);
    else if (key === 'type' && existing === 'integer' && value === 'number') continue;
    else if (key === 'type' && existing === 'number' && value === 'integer') into.type = 'integer';
    else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      throw new Error(
        `${owner}: two rules set ${key} differently (${JSON.stringify(existing)}, ${JSON.stringify(value)})`,
      );
    }
  }
}

/** A string schema described after trimming: lengths and pattern move into one pattern over the raw text. */
function describeTrimmed(schema: SchemaObject): void {
  if (schema.type !== 'string' || schema.format !== undefined) return;
  if (schema.pattern !== undefined) {
    if (schema.maxLength !== undefined || (schema.minLength ?? 0) > 1) {
      throw new Error(
        'a trimmed property with both a pattern and lengths cannot be documented; put the lengths in the pattern',
      );
    }
    schema.pattern = trimmedPattern(schema.pattern);
    delete schema.minLength;
    return;
  }
  const lo = schema.minLength ?? 0;
  schema.pattern = trimmedLengthPattern(lo, schema.maxLength);
  delete schema.maxLength;
  if (lo > 0) schema.minLength = lo;
}

/**
 * The contract of one DTO property, from the class-validator rules on it: the same rules the
 * global validation pipe enforces, so the document cannot drift from them. `trimmed` says the
 * value is trimmed before it is validated.
 */
export function propertyContract(owner: string, rules: ValidationMetadata[], trimmed: boolean): PropertyContract {
  const schema: SchemaObject = {};
  const items: SchemaObject = {};
  const bodyKeywords: SchemaObject[] = [];
  let required = true;
  for (const rule of rules) {
    if (rule.type === 'conditionalValidation') {
      if (rule.name === 'isOptional') {
        required = false;
        schema.nullable = true;
      } else if (rule.constraints?.[0] === isPresent) {
        required = false;
      } else {
        throw new Error(`${owner}: a ValidateIf condition cannot be documented; use Optional() or IsOptional()`);
      }
      continue;
    }
    if (rule.type === 'whitelistValidation' || rule.type === 'nestedValidation') continue;
    if (rule.type === 'isDefined') continue;
    if (rule.type !== 'customValidation')
      throw new Error(`${owner}: validation of type ${rule.type} cannot be documented`);
    const bodyRule = rule.name === undefined ? undefined : documentedBodyRuleSchema(rule.name);
    if (bodyRule) bodyKeywords.push(structuredClone(bodyRule));
    else merge(rule.each ? items : schema, keywordsOf(rule, owner), owner);
  }
  // Trimming applies to a string value itself (class-transformer hands arrays over untouched).
  if (trimmed) describeTrimmed(schema);
  if (Object.keys(items).length > 0) {
    if (schema.type !== 'array') throw new Error(`${owner}: rules with { each: true } need IsArray()`);
    schema.items = items;
  }
  return { schema, required, bodyKeywords };
}
