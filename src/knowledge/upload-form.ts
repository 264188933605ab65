import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';

export interface UploadForm {
  /** Absent when the form has no file part: the controller says which field to send. */
  file: { filename: string; buffer: Buffer } | undefined;
  fields: Record<string, string>;
}

const MALFORMED_MESSAGE =
  'The multipart body is malformed or incomplete: each part needs its headers, and the body must end with the closing boundary';

/**
 * Reads an upload's parts: one file, in the field "file", and text fields. The multipart parser
 * (busboy, under @fastify/multipart) reports a body it cannot read (cut off, or a part without
 * headers) with plain errors in its own words, which were answered 500: they are the client's
 * body, so they answer 400 in ours. Its coded errors (FST_*: limits, a connection closed early)
 * are left to the central classification (413 for a limit, and so on). Only the parser's own
 * steps are wrapped, so a fault of ours still surfaces as one.
 */
export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const parts = request.parts();
  const fields: Record<string, string> = {};
  let file: UploadForm['file'];
  for (;;) {
    const next = await parserStep(() => parts.next());
    if (next.done) break;
    const part = next.value;
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw AppError.validation('Send the document in the field "file"');
      file = { filename: part.filename, buffer: await parserStep(() => part.toBuffer()) };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { file, fields };
}

async function parserStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw isCodedFastifyError(error) ? error : AppError.validation(MALFORMED_MESSAGE);
  }
}

function isCodedFastifyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return typeof error.code === 'string' && error.code.startsWith('FST_');
}
