import type { SchemaObject } from '@nestjs/swagger';

/**
 * A pipe that checks a path parameter and says, in OpenAPI terms, what it accepts. The document
 * takes the parameter's schema from the pipe itself (see route-contracts.ts), so
 * `@Param('id', TicketIdPipe)` is documented with the very rule that refuses a malformed id.
 */
export interface DocumentedPipeType {
  readonly openApiSchema: SchemaObject;
}

export function isDocumentedPipe(pipe: unknown): pipe is DocumentedPipeType {
  return (
    (typeof pipe === 'function' || (typeof pipe === 'object' && pipe !== null)) &&
    typeof (pipe as Partial<DocumentedPipeType>).openApiSchema === 'object'
  );
}
