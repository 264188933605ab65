import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The dependency direction of ARCHITECTURE.md, checked on the source itself: domain/ holds the
 * shared words and imports nothing; common/ is infrastructure and imports no feature (only
 * domain/, the configuration, the database connection's helpers and itself). A violation names
 * the file and what it imports.
 */
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every relative module a file imports or re-exports, as a path below src/ (`tickets/ticket.types`). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  const bare = [...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!);
  return [...specifiers, ...bare]
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(SRC, resolve(dirname(file), specifier)));
}

function violations(folder: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(join(SRC, folder)).flatMap((file) =>
    localImports(file)
      .filter((target) => !allowed(target))
      .map((target) => `${relative(SRC, file)} imports ${target}`),
  );
}

describe('the dependency direction', () => {
  it('domain/ imports nothing but itself', () => {
    expect(sourceFiles(join(SRC, 'domain')).length).toBeGreaterThan(0);
    expect(violations('domain', (target) => target.startsWith('domain/'))).toEqual([]);
  });

  it('common/ imports no feature: only itself, domain/, config/ and database/', () => {
    const infrastructure = ['common/', 'domain/', 'config/', 'database/'];
    expect(violations('common', (target) => infrastructure.some((folder) => target.startsWith(folder)))).toEqual([]);
  });
});
