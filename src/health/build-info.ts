import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../database/local-server/local-database';

export interface BuildInfo {
  name: string;
  version: string;
  /** The commit the build was made from (BUILD_COMMIT); null when the build did not say. */
  commit: string | null;
}

/**
 * The running build, from the package.json shipped beside the code (the image copies it next to
 * dist/, and a checkout has it at its root). Read once: it cannot change under a running process.
 */
export function readBuildInfo(commit: string | undefined, root: string = projectRoot()): BuildInfo {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name?: unknown;
    version?: unknown;
  };
  if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string')
    throw new Error(`${join(root, 'package.json')} has no name or version`);
  return { name: manifest.name, version: manifest.version, commit: commit ?? null };
}
