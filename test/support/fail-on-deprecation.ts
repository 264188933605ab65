/**
 * Loaded before every spec file (jest.config.js): a deprecation warning, Node's or a library's
 * (Mongoose reports its own with code MONGOOSE), throws where it is raised, failing the request
 * or spec that used the deprecated API, instead of printing on every call and flooding stderr
 * under load as Mongoose's `new` option did. (Jest's sandboxed `process` does not pass 'warning'
 * events to listeners registered here, so the call itself is wrapped.)
 */
const emitWarning = process.emitWarning.bind(process);

function isDeprecation(warning: string | Error, typeOrOptions: unknown, code: unknown): boolean {
  const options =
    typeof typeOrOptions === 'object' && typeOrOptions !== null
      ? (typeOrOptions as { type?: string; code?: string })
      : {};
  const type = typeof typeOrOptions === 'string' ? typeOrOptions : options.type;
  const name = warning instanceof Error ? warning.name : type;
  return name === 'DeprecationWarning' || options.code === 'MONGOOSE' || code === 'MONGOOSE';
}

process.emitWarning = (warning: string | Error, typeOrOptions?: unknown, code?: unknown, ...rest: unknown[]) => {
  if (isDeprecation(warning, typeOrOptions, code)) {
    throw new Error(`deprecation warning during the tests: ${warning instanceof Error ? warning.message : warning}`);
  }
  (emitWarning as (...args: unknown[]) => void)(warning, typeOrOptions, code, ...rest);
};
