import type { SchemaObject } from '@nestjs/swagger';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** The schema of each validation rule declared with DocumentedRule, by rule name. */
const RULE_SCHEMAS = new Map<string, SchemaObject>();

export interface DocumentedRuleDefinition {
  /** class-validator's constraint name; also the key the document looks the schema up by. */
  name: string;
  /** What the rule accepts, in OpenAPI terms: merged into the property's schema (or its items', with `each`). */
  schema: SchemaObject;
  validate(value: unknown): boolean;
  message(args?: ValidationArguments): string;
}

/**
 * A class-validator rule that carries its own OpenAPI schema, for rules class-validator does not
 * have (a ticket reference, an RFC 3339 instant): the document states exactly what the rule
 * checks, from the same definition.
 */
export function DocumentedRule(rule: DocumentedRuleDefinition, options?: ValidationOptions): PropertyDecorator {
  const known = RULE_SCHEMAS.get(rule.name);
  if (known && JSON.stringify(known) !== JSON.stringify(rule.schema)) {
    throw new Error(`Two documented rules are named ${rule.name} with different schemas`);
  }
  RULE_SCHEMAS.set(rule.name, rule.schema);
  return ValidateBy(
    {
      name: rule.name,
      validator: {
        validate: (value: unknown) => rule.validate(value),
        defaultMessage: (args?: ValidationArguments) => rule.message(args),
      },
    },
    options,
  );
}

export function documentedRuleSchema(name: string): SchemaObject | undefined {
  return RULE_SCHEMAS.get(name);
}

/** The body-level schema of each rule declared with DocumentedBodyRule, by rule name. */
const BODY_RULE_SCHEMAS = new Map<string, SchemaObject>();

export interface DocumentedBodyRuleDefinition {
  /** class-validator's constraint name; also the key the document looks the schema up by. */
  name: string;
  /** What the rule accepts of the whole body, in OpenAPI terms: merged into the body's schema. */
  schema: SchemaObject;
  /** Judges the property it decorates, seeing the rest of the body. */
  validate(value: unknown, body: object): boolean;
  message(args?: ValidationArguments): string;
}

/**
 * A rule between fields of one body (say, a field allowed only when another has a value): it is
 * checked on the property it decorates, so the pipe reports it against that field, and the
 * document states it on the body as a whole (common/http/openapi/complete-document.ts).
 */
export function DocumentedBodyRule(rule: DocumentedBodyRuleDefinition): PropertyDecorator {
  BODY_RULE_SCHEMAS.set(rule.name, rule.schema);
  return ValidateBy({
    name: rule.name,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => rule.validate(value, args?.object ?? {}),
      defaultMessage: (args?: ValidationArguments) => rule.message(args),
    },
  });
}

export function documentedBodyRuleSchema(name: string): SchemaObject | undefined {
  return BODY_RULE_SCHEMAS.get(name);
}
