import type { INestApplication, PipeTransform, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS, type SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../../auth/access.decorators';
import { requiresAChange } from '../requires-a-change';
import { isTrimmed } from '../trimmed';
import { API_ERRORS_KEY, type ErrorReasons } from './api-errors';
import { isDocumentedPipe } from './schema-types';
import { CONSTRAINT_KEYWORDS, propertyContract } from './validation-schema';
import type { UserRole } from '../../../domain/user-role';

/** What the document cannot learn from @nestjs/swagger about one route, found from the same metadata the request pipeline reads. */
export interface RouteContract {
  /** The global JWT guard lets the route through without a token. */
  isPublic: boolean;
  /** The roles guard admits only these (undefined: any signed-in role). */
  roles: UserRole[] | undefined;
  /** The refusals declared with ApiErrors on the handler and its controller. */
  errors: ErrorReasons;
  /** Path parameters checked by a pipe that documents itself, by name. */
  pathParameterSchemas: Record<string, SchemaObject>;
  /**
   * The JSON body may be left out: its DTO validates `{}` (every field optional, not an update
   * body), and the validation pipe validates a missing body as `{}`. False when a body is
   * required or the route takes none.
   */
  bodyOptional: boolean;
  /**
   * What the JSON body's DTO requires of the body as a whole, for its schema in the document:
   * `minProperties: 1` for an update body (@RequiresAChange), and the DocumentedBodyRules between
   * its fields (as `allOf`).
   */
  bodyKeywords: SchemaObject;
}

/** `${controller}_${handler}`: the operationId the document gives each route, and the key of its contract. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  return `${controllerKey}_${methodKey}`;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: Array<Type<PipeTransform> | PipeTransform>;
}

type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * Walks every route of the application. For each one it records the contract above, and it writes
 * the validation rules of every DTO the route takes (body, query and path DTOs, and the types
 * named in @ApiBody) into that DTO's @ApiProperty metadata, which @nestjs/swagger then turns into
 * schemas and parameters. Run before SwaggerModule.createDocument; running it again changes
 * nothing, so several apps in one process may each build their document.
 */
export function collectRouteContracts(app: INestApplication): Map<string, RouteContract> {
  const reflector = new Reflector();
  const contracts = new Map<string, RouteContract>();
  const controllers = new DiscoveryService(app.get(ModulesContainer)).getControllers();
  for (const wrapper of controllers) {
    const controller = wrapper.metatype as Type | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const methodKey of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[methodKey];
      if (typeof handler !== 'function' || methodKey === 'constructor') continue;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;

      const routeArguments = Object.entries(
        (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodKey) ?? {}) as Record<string, RouteArgument>,
      );
      const parameterTypes = (Reflect.getMetadata('design:paramtypes', prototype, methodKey) ?? []) as unknown[];
      const pathParameterSchemas: Record<string, SchemaObject> = {};
      let bodyOptional = false;
      let bodyKeywords: SchemaObject = {};
      for (const [key, argument] of routeArguments) {
        const kind = Number(key.split(':')[0]) as RouteParamtypes;
        if (![RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM].includes(kind)) continue;
        const type = parameterTypes[argument.index];
        if (argument.data === undefined && isDtoClass(type)) {
          const documented = documentDto(type);
          if (kind === RouteParamtypes.BODY) {
            bodyOptional = documented.everyPropertyOptional && !requiresAChange(type);
            bodyKeywords = {
              ...(requiresAChange(type) ? { minProperties: 1 } : {}),
              ...(documented.bodyKeywords.length > 0 ? { allOf: documented.bodyKeywords } : {}),
            };
          }
        }
        if (kind === RouteParamtypes.PARAM && typeof argument.data === 'string') {
          const pipe: unknown = (argument.pipes ?? []).find(isDocumentedPipe);
          if (isDocumentedPipe(pipe)) pathParameterSchemas[argument.data] = pipe.openApiSchema;
        }
      }
      const explicitParameters = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as Array<{
        in?: string;
        type?: unknown;
      }>;
      for (const parameter of explicitParameters) {
        if (parameter.in === 'body' && isDtoClass(parameter.type)) documentDto(parameter.type);
      }

      contracts.set(operationIdOf(controller.name, methodKey), {
        isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [handler, controller]) === true,
        roles: reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, [handler, controller]),
        errors: {
          ...(reflector.get<ErrorReasons | undefined>(API_ERRORS_KEY, controller) ?? {}),
          ...(reflector.get<ErrorReasons | undefined>(API_ERRORS_KEY, handler) ?? {}),
        },
        pathParameterSchemas,
        bodyOptional,
        bodyKeywords,
      });
    }
  }
  return contracts;
}

function isDtoClass(type: unknown): type is DtoClass {
  return (
    typeof type === 'function' &&
    ![String, Number, Boolean, Object, Array, Date, Buffer].includes(type as never) &&
    type.prototype !== undefined
  );
}

/**
 * Writes each validated property's contract into the DTO's swagger metadata: the keywords the
 * rules imply replace any the @ApiProperty gave (the rules decide), the rest (description,
 * example, default) stays. Answers whether every property is optional (the DTO validates `{}`;
 * one without rules does not, by the pipe's forbidUnknownValues), and the rules between fields.
 */
function documentDto(
  dto: DtoClass,
  documented = new Set<DtoClass>(),
): { everyPropertyOptional: boolean; bodyKeywords: SchemaObject[] } {
  documented.add(dto);
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  const bodyKeywords: SchemaObject[] = [];
  let everyPropertyOptional = rules.length > 0;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);

  const prototype = dto.prototype as object;
  for (const [property, propertyRules] of byProperty) {
    const owner = `${dto.name}.${property}`;
    // A nested object (ValidateNested) is documented from its own class's rules, as a body is.
    const nested: unknown = Reflect.getMetadata('design:type', prototype, property);
    if (propertyRules.some((rule) => rule.type === 'nestedValidation') && isDtoClass(nested) && !documented.has(nested))
      documentDto(nested, documented);
    const contract = propertyContract(owner, propertyRules, isTrimmed(dto, property));
    const { schema, required } = contract;
    if (required) everyPropertyOptional = false;
    bodyKeywords.push(...contract.bodyKeywords);
    const explicit = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) ?? {}) as Record<
      string,
      unknown
    >;
    const kept = Object.fromEntries(
      Object.entries(explicit).filter(
        ([key]) => !(CONSTRAINT_KEYWORDS as readonly string[]).includes(key) && key !== 'isArray' && key !== 'required',
      ),
    );
    // Without a type from the rules (a rule of its own, say), the declared or reflected type stays.
    const type: unknown = schema.type ?? explicit['type'] ?? Reflect.getMetadata('design:type', prototype, property);
    Reflect.defineMetadata(
      DECORATORS.API_MODEL_PROPERTIES,
      { ...kept, ...schema, type, required },
      prototype,
      property,
    );
    const listed = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototype) ?? []) as string[];
    if (!listed.includes(`:${property}`)) {
      Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, [...listed, `:${property}`], prototype);
    }
  }
  return { everyPropertyOptional, bodyKeywords };
}
