import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_HTTP_STATUS, type ErrorCode } from '../../errors/error-codes';
import type { ErrorReasons } from './api-errors';
import { ERROR_ENVELOPE_SCHEMA, ERROR_ENVELOPE_SCHEMA_NAME } from './error-envelope.schema';
import type { RouteContract } from './route-contracts';

export const BEARER_SCHEME = 'bearer';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ENVELOPE_REF = `#/components/schemas/${ERROR_ENVELOPE_SCHEMA_NAME}`;

/** The reasons every operation of a kind shares; an operation's own ApiErrors add to them. */
const SHARED_REASONS = {
  AUTH_INVALID: 'missing, malformed, expired or revoked access token',
  VALIDATION_ERROR:
    'a parameter or the body breaks a rule this document states (details.fields names each one), or the body is not valid JSON',
  NOT_FOUND: 'nothing with this id (or nothing the caller may see)',
  PAYLOAD_TOO_LARGE: 'the body is over the size limit (BODY_LIMIT_BYTES; uploads: UPLOAD_LIMIT_BYTES)',
  UNSUPPORTED_MEDIA_TYPE: 'the body is not in a content type this operation lists',
} as const satisfies ErrorReasons;

/** Codes whose shared reason is only a fallback: an operation that says why it answers them says it better. */
const FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set(['AUTH_INVALID', 'NOT_FOUND']);

/**
 * The last step of building the OpenAPI document, for what decorators cannot say:
 * - security from the access metadata the guards read (one requirement, never two);
 * - the schema of path parameters whose pipe documents itself;
 * - `additionalProperties: false` on every request body, as the global validation pipe refuses
 *   unknown properties (forbidNonWhitelisted), and `required: false` on a body the operation
 *   runs without (its DTO validates `{}`), and what the body's DTO requires of the body as a
 *   whole (at least one field for an update, the rules between fields);
 * - every error answer, with the SPEC §9 envelope: the shared ones by kind of operation and the
 *   ones each operation declares.
 */
export function completeDocument(
  document: OpenAPIObject,
  contracts: ReadonlyMap<string, RouteContract>,
): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  schemas[ERROR_ENVELOPE_SCHEMA_NAME] = structuredClone(ERROR_ENVELOPE_SCHEMA);

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const contract = operation.operationId === undefined ? undefined : contracts.get(operation.operationId);
      if (!contract) throw new Error(`${name}: no route contract for operationId ${operation.operationId ?? '(none)'}`);

      if (contract.isPublic) delete operation.security;
      else operation.security = [{ [BEARER_SCHEME]: [] }];
      documentPathParameters(path, operation, contract);
      if (operation.requestBody && !isReference(operation.requestBody)) {
        operation.requestBody.required = !contract.bodyOptional;
        for (const media of Object.values(operation.requestBody.content)) {
          if (!media.schema) continue;
          closeObjects(media.schema, schemas, new Set());
          const body = isReference(media.schema)
            ? schemas[media.schema.$ref.replace('#/components/schemas/', '')]
            : media.schema;
          if (body && !isReference(body)) Object.assign(body, structuredClone(contract.bodyKeywords));
        }
      }
      operation.responses = withErrorResponses(path, operation, contract);
    }
  }
  return document;
}

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}

/** Each `{name}` of the path is a required path parameter, with the schema of the pipe that checks it. */
function documentPathParameters(path: string, operation: OperationObject, contract: RouteContract): void {
  const parameters = (operation.parameters ??= []);
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const declared = parameters.find(
      (parameter): parameter is ParameterObject =>
        !isReference(parameter) && parameter.in === 'path' && parameter.name === name,
    );
    const pipeSchema = contract.pathParameterSchemas[name!];
    if (!declared) {
      if (!pipeSchema) continue; // The document spec names what is missing; nothing here to say it with.
      parameters.push({ name: name!, in: 'path', required: true, schema: structuredClone(pipeSchema) });
      continue;
    }
    declared.required = true;
    if (pipeSchema) {
      const { description, ...schema } = structuredClone(pipeSchema);
      const existing = (declared.schema ?? {}) as SchemaObject;
      const example: unknown = existing.example;
      declared.schema = { ...schema, ...(example === undefined ? {} : { example }) };
      declared.description ??= description;
    }
  }
}

/** Request bodies admit only the properties they list, all the way down. */
function closeObjects(
  schema: SchemaObject | ReferenceObject,
  schemas: Record<string, SchemaObject | ReferenceObject>,
  seen: Set<string>,
): void {
  if (isReference(schema)) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return;
    seen.add(name);
    const target = schemas[name];
    if (target) closeObjects(target, schemas, seen);
    return;
  }
  if (schema.type === 'object' || schema.properties) {
    schema.additionalProperties = false;
    for (const property of Object.values(schema.properties ?? {})) closeObjects(property, schemas, seen);
  }
  if (schema.items) closeObjects(schema.items, schemas, seen);
  for (const part of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    closeObjects(part, schemas, seen);
  }
}

function withErrorResponses(
  path: string,
  operation: OperationObject,
  contract: RouteContract,
): OperationObject['responses'] {
  const reasons = new Map<ErrorCode, string[]>();
  const add = (code: ErrorCode, reason: string) => reasons.set(code, [...(reasons.get(code) ?? []), reason]);

  if (!contract.isPublic) add('AUTH_INVALID', SHARED_REASONS.AUTH_INVALID);
  if (contract.roles) add('AUTHZ_FORBIDDEN', `only for ${contract.roles.join(', ')}`);
  if ((operation.parameters ?? []).length > 0 || operation.requestBody) {
    add('VALIDATION_ERROR', SHARED_REASONS.VALIDATION_ERROR);
  }
  if (path.includes('{')) add('NOT_FOUND', SHARED_REASONS.NOT_FOUND);
  if (operation.requestBody) {
    add('PAYLOAD_TOO_LARGE', SHARED_REASONS.PAYLOAD_TOO_LARGE);
    add('UNSUPPORTED_MEDIA_TYPE', SHARED_REASONS.UNSUPPORTED_MEDIA_TYPE);
  }
  for (const [code, reason] of Object.entries(contract.errors) as Array<[ErrorCode, string]>) {
    if (FALLBACK_CODES.has(code)) reasons.delete(code);
    add(code, reason);
  }

  const responses: OperationObject['responses'] = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400) responses[status] = response;
  }
  const byStatus = new Map<number, Array<[ErrorCode, string[]]>>();
  for (const [code, codeReasons] of reasons) {
    const status = ERROR_HTTP_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), [code, codeReasons]]);
  }
  for (const [status, entries] of [...byStatus].sort(([a], [b]) => a - b)) {
    const response: ResponseObject = {
      description: entries.map(([code, codeReasons]) => `${code}: ${[...new Set(codeReasons)].join('; ')}`).join('. '),
      content: { 'application/json': { schema: { $ref: ENVELOPE_REF } } },
    };
    if (status === ERROR_HTTP_STATUS.RATE_LIMIT_EXCEEDED) {
      response.headers = {
        'Retry-After': { description: 'Seconds until a retry can succeed', schema: { type: 'integer', minimum: 1 } },
      };
    }
    responses[String(status)] = response;
  }
  // An error answer declared with a plain @nestjs/swagger decorator keeps its words and gets the envelope.
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400 || !response || isReference(response)) continue;
    const rendered = responses[status] as ResponseObject | undefined;
    if (!rendered) {
      responses[status] = { ...response, content: { 'application/json': { schema: { $ref: ENVELOPE_REF } } } };
    } else if (response.description && !rendered.description.includes(response.description)) {
      rendered.description = `${rendered.description}. ${response.description}`;
    }
  }
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}
