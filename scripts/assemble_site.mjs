// Copies the page (web/), the wasm module and the shared JS glue into one
// static folder that any file server can host.
import { cpSync, mkdirSync, rmSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'build', 'site'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'web'))) cpSync(join(root, 'web', name), join(out, name), { recursive: true });
for (const name of ['model_architect.mjs', 'model_architect.wasm'])
  cpSync(join(root, 'build', 'wasm', name), join(out, name));
cpSync(join(root, 'wasm', 'engine_api.mjs'), join(out, 'engine_api.mjs'));
console.log(`site assembled in ${out}`);
