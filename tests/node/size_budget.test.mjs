// The first visit's size budget (a size check, never a time): every asset the service worker
// precaches, plus the worker itself, as the site server sends them: the build's brotli files to
// browsers that accept br (every current one over HTTPS and on localhost), gzip otherwise. Issue
// 17's goal is 200 KiB; the wasm alone is ~469 KiB in brotli and ~682 KiB gzipped today (-O3: 16
// KiB more than -O2 for a 10-14 % faster design and tokenizer read; the fourth session's
// small-object pool, fit cache and spliced spec parts ~9 KB more for a recompute a third shorter,
// docs/performance.md), so these budgets keep the current size from growing while that work is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = join(fileURLToPath(new URL('../..', import.meta.url)), 'build', 'site');
const BUDGET_KIB = 730, BROTLI_BUDGET_KIB = 520;
// What the service worker precaches (its ASSETS list), by URL.
const precached = () => JSON.parse(readFileSync(join(site, 'sw.js'), 'utf8').match(/const ASSETS = (\[.*\]);/)[1]).map((a) => a.url);

test(`the first visit stays within ${BUDGET_KIB} KiB gzipped, one entry per asset`, () => {
  const assets = precached();
  assert.equal(new Set(assets).size, assets.length);
  assert.ok(assets.includes('index.html') && assets.includes('model_architect.wasm'));
  assert.ok(!assets.includes('./') && !assets.includes('model-architect.html'), 'no second entry for the page, no single-file download');
  const sizes = Object.fromEntries([...assets, 'sw.js'].map((a) => [a, gzipSync(readFileSync(join(site, a)), { level: 9 }).length]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0) / 1024;
  assert.ok(total <= BUDGET_KIB, `${total.toFixed(0)} KiB: ${JSON.stringify(sizes)}`);
});

test(`the first visit stays within ${BROTLI_BUDGET_KIB} KiB in brotli, each file's .br its exact bytes`, () => {
  const assets = [...precached(), 'sw.js'];
  let total = 0;
  for (const a of assets) {
    const br = readFileSync(join(site, `${a}.br`));
    assert.deepEqual(brotliDecompressSync(br), readFileSync(join(site, a)), `${a}.br`);
    total += br.length;
  }
  assert.ok(total / 1024 <= BROTLI_BUDGET_KIB, `${(total / 1024).toFixed(0)} KiB in brotli`);
  // The single-file download (not part of a visit) has one too.
  assert.deepEqual(brotliDecompressSync(readFileSync(join(site, 'model-architect.html.br'))), readFileSync(join(site, 'model-architect.html')));
});
