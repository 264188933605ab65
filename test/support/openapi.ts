/**
 * Reading the app's OpenAPI document as Swagger UI does: the operations, the example it shows for
 * a schema (media example, else built from property examples, enums, defaults and types), and
 * whether a value fits a schema. Just enough of OpenAPI 3.0 for what @nestjs/swagger emits.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
}

export interface ExampleObject {
  summary?: string;
  value: unknown;
}

export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
}

export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; example?: unknown; schema?: Schema }>;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface LocatedOperation {
  method: string;
  path: string;
  operation: Operation;
  /** `GET /tickets/{id}`, for messages. */
  name: string;
}

export function operationsOf(doc: OpenApiDocument): LocatedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method,
      path,
      operation,
      name: `${method.toUpperCase()} ${path}`,
    })),
  );
}

export function findOperation(doc: OpenApiDocument, method: string, path: string): Operation {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the document has no ${method} ${path}`);
  return operation;
}

/** Follows `$ref` and merges `allOf`, so callers see one plain schema. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${schema.$ref}`);
    return resolveSchema(doc, target);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolveSchema(doc, part));
    const { allOf: _parts, ...rest } = schema;
    return {
      ...Object.assign({}, ...parts),
      ...rest,
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {}), schema.properties ?? {}),
      required: [...parts.flatMap((part) => part.required ?? []), ...(schema.required ?? [])],
    };
  }
  return schema;
}

/** The example Swagger UI shows for a schema when the media type gives none. */
export function exampleFromSchema(doc: OpenApiDocument, schema: Schema): unknown {
  const s = resolveSchema(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.properties || s.type === 'object') {
    return Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([key, property]) => [key, exampleFromSchema(doc, property)]),
    );
  }
  if (s.type === 'array') return s.items ? [exampleFromSchema(doc, s.items)] : [];
  if (s.type === 'string') return s.format === 'date-time' ? new Date(0).toISOString() : 'string';
  if (s.type === 'number' || s.type === 'integer') return 0;
  if (s.type === 'boolean') return true;
  return undefined;
}

/** The examples a media type offers: its named ones, its single one, or the one built from the schema. */
export function examplesOf(doc: OpenApiDocument, media: MediaType): unknown[] {
  if (media.examples) return Object.values(media.examples).map((example) => example.value);
  if (media.example !== undefined) return [media.example];
  return media.schema ? [exampleFromSchema(doc, media.schema)] : [];
}

/** Where a value departs from a schema: unknown or missing fields, wrong types, enum misses, null where none is allowed. */
export function mismatches(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const s = resolveSchema(doc, schema);
  if (value === null) return s.nullable ? [] : [`${at}: null, but the schema is not nullable`];
  if (value === undefined) return [`${at}: missing`];
  if (s.enum && !s.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  const kind = Array.isArray(value) ? 'array' : typeof value;
  if (s.properties || s.type === 'object') {
    if (kind !== 'object') return [`${at}: expected an object, got ${kind}`];
    if (!s.properties) return [];
    const record = value as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of s.required ?? []) if (!(key in record)) problems.push(`${at}.${key}: required but missing`);
    for (const [key, item] of Object.entries(record)) {
      const property = s.properties[key];
      if (property) problems.push(...mismatches(doc, property, item, `${at}.${key}`));
      else if (!s.additionalProperties) problems.push(`${at}.${key}: not in the schema`);
    }
    return problems;
  }
  if (s.type === 'array') {
    if (!Array.isArray(value)) return [`${at}: expected an array, got ${kind}`];
    return s.items ? value.flatMap((item, i) => mismatches(doc, s.items!, item, `${at}[${i}]`)) : [];
  }
  if (s.type === 'string') {
    if (kind !== 'string') return [`${at}: expected a string, got ${kind}`];
    if (s.format === 'date-time' && Number.isNaN(Date.parse(value as string))) return [`${at}: not a date-time`];
    return [];
  }
  if (s.type === 'number' || s.type === 'integer') {
    if (kind !== 'number') return [`${at}: expected a number, got ${kind}`];
    return s.type === 'integer' && !Number.isInteger(value) ? [`${at}: expected an integer`] : [];
  }
  if (s.type === 'boolean') return kind === 'boolean' ? [] : [`${at}: expected a boolean, got ${kind}`];
  return [];
}
