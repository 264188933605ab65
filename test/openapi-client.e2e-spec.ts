import SwaggerParser from '@apidevtools/swagger-parser';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import type { OpenAPI } from 'openapi-types';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..');
/** Where the client is generated; test/openapi-client/usage.ts imports it from here. */
const GENERATED = join(ROOT, '.tmp', 'openapi-client');
const USAGE_PROJECT = join(__dirname, 'openapi-client', 'tsconfig.json');
const GENERATOR = join(ROOT, 'node_modules', '@hey-api', 'openapi-ts', 'bin', 'run.js');

/** The compiler's complaints about a project, one line each ("" when it compiles). */
function compile(tsconfigPath: string): string {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  });
}

describe('the OpenAPI document, read by client tools', () => {
  let t: TestApp;
  let document: OpenAPI.Document;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    document = (await t.http.get('/docs-json').expect(200)).body as OpenAPI.Document;
  });
  afterAll(() => t.close());

  it('validates against the OpenAPI 3 schema, path parameters and operation ids included', async () => {
    // validate() also checks what the JSON Schema cannot: every `{name}` of a path is a declared
    // path parameter, no parameter is declared twice, operationIds are unique.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('generates a TypeScript client (@hey-api/openapi-ts) that compiles strictly with the calls an app makes', async () => {
    await rm(GENERATED, { recursive: true, force: true });
    await mkdir(GENERATED, { recursive: true });
    const input = join(GENERATED, 'openapi.json');
    await writeFile(input, JSON.stringify(document));
    await promisify(execFile)(process.execPath, [
      GENERATOR,
      '--input',
      input,
      '--output',
      join(GENERATED, 'client'),
      '--client',
      '@hey-api/client-fetch',
      '--silent',
      '--no-log-file',
    ]);
    expect(compile(USAGE_PROJECT)).toBe('');
  });
});
