// A small static file server for the built site, bound to loopback only.
// Used by scripts/serve.sh and by the browser tests.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.md': 'text/markdown; charset=utf-8',
};

// Served bodies by path and modification time: gzipped once, and the build's brotli file
// (name.br, scripts/assemble_site.mjs) when it is as new as the file; one ETag per encoding.
const served = new Map();
async function body(file) {
  const { mtimeMs } = await stat(file);
  const key = `${file} ${mtimeMs}`;
  if (!served.has(key)) {
    const raw = await readFile(file);
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 20);
    const encodings = { identity: { bytes: raw, etag: `"${hash}"` }, gzip: { bytes: gzipSync(raw, { level: 9 }), etag: `"${hash}-gzip"` } };
    const br = await stat(`${file}.br`).catch(() => null);
    if (br && br.mtimeMs >= mtimeMs) encodings.br = { bytes: await readFile(`${file}.br`), etag: `"${hash}-br"` };
    served.set(key, encodings);
  }
  return served.get(key);
}

// The best encoding the request accepts: brotli, then gzip, else none.
function encodingFor(req, encodings) {
  const accepted = req.headers['accept-encoding'] ?? '';
  if (encodings.br && /\bbr\b/.test(accepted)) return 'br';
  return /\bgzip\b/.test(accepted) ? 'gzip' : 'identity';
}

// `log`, when given, gets {path, status, bytes, encoding} for every answer (the benchmark and tests count
// what a first visit downloads).
export function startServer(dir, port = 0, host = '127.0.0.1', log = null) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const encodings = await body(file);
      const encoding = encodingFor(req, encodings);
      const { bytes, etag } = encodings[encoding];
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', etag,
        vary: 'accept-encoding' };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        log?.push({ path, status: 304, bytes: 0 });
        return;
      }
      res.writeHead(200, encoding === 'identity' ? headers : { ...headers, 'content-encoding': encoding });
      res.end(bytes);
      log?.push({ path, status: 200, bytes: bytes.length, encoding });
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      log?.push({ path: req.url, status: 404, bytes: 0 });
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port = '8080'] = process.argv.slice(2);
  const server = await startServer(dir, Number(port));
  console.log(`serving ${resolve(dir)} on http://127.0.0.1:${server.address().port}/ (Ctrl-C to stop)`);
}
