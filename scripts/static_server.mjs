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

// Served bodies by path and modification time: gzipped once, with an ETag for revalidation.
const served = new Map();
async function body(file) {
  const { mtimeMs } = await stat(file);
  const key = `${file} ${mtimeMs}`;
  if (!served.has(key)) {
    const raw = await readFile(file);
    served.set(key, { raw, gzip: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha256').update(raw).digest('hex').slice(0, 20)}"` });
  }
  return served.get(key);
}

// `log`, when given, gets {path, status, bytes} for every answer (the benchmark and tests count
// what a first visit downloads).
export function startServer(dir, port = 0, host = '127.0.0.1', log = null) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const b = await body(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', etag: b.etag,
        vary: 'accept-encoding' };
      if (req.headers['if-none-match'] === b.etag) {
        res.writeHead(304, headers);
        res.end();
        log?.push({ path, status: 304, bytes: 0 });
        return;
      }
      const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      res.writeHead(200, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers);
      res.end(gzip ? b.gzip : b.raw);
      log?.push({ path, status: 200, bytes: (gzip ? b.gzip : b.raw).length });
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
