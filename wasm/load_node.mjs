// Loads the ES6 Emscripten module under Node 20 (toolchain trap 5): the
// generated loader expects CommonJS `require`/`__dirname` and would fetch()
// a file path, so we provide both globals and hand it the wasm bytes.
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wrapModule } from './engine_api.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultBuildDir = process.env.MA_WASM_DIR || join(repoRoot, 'build', 'wasm');

export async function loadEngine(buildDir = defaultBuildDir) {
  const moduleFile = join(buildDir, 'model_architect.mjs');
  const wasmFile = join(buildDir, 'model_architect.wasm');
  if (!existsSync(moduleFile) || !existsSync(wasmFile))
    throw new Error(`the WebAssembly build is missing in ${buildDir}; run scripts/build.sh wasm`);
  globalThis.require ??= createRequire(moduleFile);
  globalThis.__dirname ??= buildDir;
  const { default: factory } = await import(pathToFileURL(moduleFile).href);
  const module = await factory({ wasmBinary: readFileSync(wasmFile) });
  return wrapModule(module);
}
