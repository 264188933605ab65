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
