// Builds the static site in build/site: the page (web/), the wasm module and
// the shared JS glue; a service worker with the asset list and a content-hash
// version; and model-architect.html, one self-contained file (wasm, scripts
// and styles inlined) that works from file:// where no service worker runs.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'build', 'site'));
const wasmDir = join(root, 'build', 'wasm');
const sha256 = (text, encoding) => createHash('sha256').update(text).digest(encoding);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(root, 'web'))) if (name !== 'sw.js') cpSync(join(root, 'web', name), join(out, name));
for (const name of ['model_architect.mjs', 'model_architect.wasm']) cpSync(join(wasmDir, name), join(out, name));
cpSync(join(root, 'wasm', 'engine_api.mjs'), join(out, 'engine_api.mjs'));

// The service worker: every asset but itself and the single-file download, once each (a
// navigation to `./` is answered with index.html), with its SHA-256 so the worker can take
// it from the HTTP cache when the page already fetched this build's bytes.
const assets = readdirSync(out).sort();
const version = sha256(assets.map((a) => a + readFileSync(join(out, a)).toString('base64')).join('\n'), 'hex').slice(0, 16);
const sw = readFileSync(join(root, 'web', 'sw.js'), 'utf8')
  .replace('__VERSION__', version)
  .replace('__ASSETS__', JSON.stringify(assets.map((url) => ({ url, sha256: sha256(readFileSync(join(out, url)), 'hex') }))));
writeFileSync(join(out, 'sw.js'), sw);

// The single file: modules concatenated in dependency order, imports dropped, exports unwrapped.
function moduleBody(path) {
  return readFileSync(path, 'utf8')
    .replace(/^import [^;]*? from '[^']*';$/gms, '')
    .replace(/^export default [A-Za-z]+;$/m, '')
    .replace(/^export (class|function|const|async function\*?) /gm, '$1 ');
}
const bundle = [
  join(wasmDir, 'model_architect_single.mjs'), join(root, 'wasm', 'engine_api.mjs'), join(root, 'web', 'engine.js'), join(root, 'web', 'dom.js'),
  join(root, 'web', 'sections.js'), join(root, 'web', 'form.js'), join(root, 'web', 'file_pieces.js'), join(root, 'web', 'tokenizer_files.js'), join(root, 'web', 'corpus_run.js'), join(root, 'web', 'corpus.js'),
  join(root, 'web', 'render.js'), join(root, 'web', 'app.js'),
].map(moduleBody).join('\n;\n');
const style = readFileSync(join(root, 'web', 'style.css'), 'utf8');
const icon = `data:image/svg+xml;base64,${readFileSync(join(root, 'web', 'icon.svg')).toString('base64')}`;
const csp = `default-src 'none'; script-src 'sha256-${sha256(bundle, 'base64')}' 'wasm-unsafe-eval'; ` +
  `style-src 'sha256-${sha256(style, 'base64')}'; img-src data:; connect-src data:; object-src 'none'; base-uri 'none'; form-action 'none'`;
let html = readFileSync(join(root, 'web', 'index.html'), 'utf8');
html = html
  .replace(/<meta http-equiv="Content-Security-Policy"[\s\S]*?>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace(/<!-- The core's download[^\n]*\n<link rel="preload"[^\n]*\n<link rel="modulepreload"[^\n]*\n/, '')
  .replace('<link rel="stylesheet" href="style.css">', () => `<style>${style}</style>`)
  .replace('<link rel="icon" href="icon.svg" type="image/svg+xml">', `<link rel="icon" href="${icon}">`)
  .replace('<link rel="manifest" href="manifest.webmanifest">\n', '')
  .replace(/<a id="download-single"[^>]*>[^<]*<\/a>/, '')
  .replace('<script type="module" src="app.js"></script>', () => `<script type="module">${bundle}</script>`);
if (/rel="(module)?preload"/.test(html)) throw new Error('assemble_site: the single file still preloads separate assets (index.html changed?)');
writeFileSync(join(out, 'model-architect.html'), html);
// Brotli at its highest quality, once per build, beside each file a first visit downloads and the
// single-file download (name.br): 31 % smaller than gzip -9 for the wasm (476 vs 690 KB) and 28 %
// for the single file (689 vs 959 KB), but 10 s to compress them, too slow for a server to do per
// start. scripts/static_server.mjs sends it to browsers that accept br, as static hosts with
// precompressed files do.
for (const name of [...assets, 'sw.js', 'model-architect.html']) {
  const bytes = readFileSync(join(out, name));
  writeFileSync(join(out, `${name}.br`), brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
}
console.log(`site assembled in ${out} (version ${version}, ${assets.length} assets + sw.js + model-architect.html, each with a .br)`);
