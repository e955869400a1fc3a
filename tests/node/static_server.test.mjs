// The site server of scripts/serve.sh (and the browser tests): the build's brotli file when the
// browser accepts br, gzip when it accepts only that, the same bytes once decompressed, an ETag
// per encoding that answers a revalidation with 304 and no body, nothing outside the site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from '../../scripts/static_server.mjs';
import { repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const site = join(repoRoot, 'build', 'site');

function get(port, path, headers = {}) {
  return new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail).end();
  });
}

test('assets are served brotli or gzip as accepted, revalidated by ETag, and nothing outside the site is served', async () => {
  const server = await startServer(site);
  const { port } = server.address();
  try {
    const wasm = readFileSync(join(site, 'model_architect.wasm'));
    const brotli = await get(port, '/model_architect.wasm', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(brotli.status, 200);
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(brotli.body), wasm);
    const zipped = await get(port, '/model_architect.wasm', { 'accept-encoding': 'gzip, deflate' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(zipped.body), wasm);
    assert.ok(brotli.body.length < zipped.body.length * 0.8 && zipped.body.length < wasm.length / 2,
      `${brotli.body.length} (br) and ${zipped.body.length} (gzip) bytes for ${wasm.length}`);
    const plain = await get(port, '/model_architect.wasm');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, wasm);
    assert.equal(new Set([brotli, zipped, plain].map((r) => r.headers.etag)).size, 3, 'one ETag per encoding');
    const again = await get(port, '/model_architect.wasm', { 'accept-encoding': 'gzip, br', 'if-none-match': brotli.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    // Another encoding's ETag is another representation: the body comes again.
    assert.equal((await get(port, '/model_architect.wasm', { 'accept-encoding': 'gzip', 'if-none-match': brotli.headers.etag })).status, 200);
    assert.equal((await get(port, '/')).status, 200);
    assert.equal((await get(port, '/../package.json')).status, 404);
    assert.equal((await get(port, '/%2e%2e/package.json')).status, 404);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});

test('a brotli file older than its asset is not sent (the asset changed after the build)', async () => {
  const dir = scratchDir('ma-serve-');
  const page = join(dir, 'index.html');
  writeFileSync(`${page}.br`, brotliCompressSync('<p>old</p>'));
  writeFileSync(page, '<p>new</p>');
  const earlier = new Date(Date.now() - 60_000);
  utimesSync(`${page}.br`, earlier, earlier);
  const server = await startServer(dir);
  try {
    const r = await get(server.address().port, '/', { 'accept-encoding': 'gzip, br' });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(r.body).toString(), '<p>new</p>');
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
