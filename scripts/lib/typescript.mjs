// Lets the scripts use the project's own TypeScript modules (the local database launcher, the
// configuration), so the app, the specs and the scripts share one implementation.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
require('ts-node').register({ transpileOnly: true, project: `${root}tsconfig.json` });

/** `require` of a TypeScript module by its path from the project root, e.g. 'src/database/…'. */
export function requireProjectModule(path) {
  return require(`${root}${path}`);
}
