// The site server of scripts/serve.sh (and the browser tests): gzip when asked, the same bytes
// once decompressed, an ETag that answers a revalidation with 304 and no body, nothing outside
// the site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../../scripts/static_server.mjs';
import { repoRoot } from './reference.mjs';

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

test('assets are served gzipped when asked, revalidated by ETag, and nothing outside the site is served', async () => {
  const server = await startServer(site);
  const { port } = server.address();
  try {
    const wasm = readFileSync(join(site, 'model_architect.wasm'));
    const zipped = await get(port, '/model_architect.wasm', { 'accept-encoding': 'gzip, br' });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length < wasm.length / 2, `${zipped.body.length} bytes for ${wasm.length}`);
    assert.deepEqual(gunzipSync(zipped.body), wasm);
    const plain = await get(port, '/model_architect.wasm');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, wasm);
    const again = await get(port, '/model_architect.wasm', { 'if-none-match': zipped.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal((await get(port, '/')).status, 200);
    assert.equal((await get(port, '/../package.json')).status, 404);
    assert.equal((await get(port, '/%2e%2e/package.json')).status, 404);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
