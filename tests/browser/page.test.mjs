// The page in headless Chromium: real inputs, real file choosers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSite, screenshot } from './harness.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

const total = (page) => page.locator('dd[data-field="Total parameters"]').textContent();

test('first load shows a parameter count computed by the wasm core', async () => {
  const page = await site.newPage();
  await page.goto(site.origin + '/');
  await page.waitForSelector('dd[data-field="Total parameters"]');
  // The form opens on Llama-3-8B's shape.
  assert.equal(await total(page), '8,030,261,248');
  await screenshot(page, 'first-load');
  assert.deepEqual(site.consoleErrors, []);
});

test('changing an input recomputes; a bad value shows an error and keeps the last result', async () => {
  const page = await site.newPage();
  await page.goto(site.origin + '/');
  await page.waitForSelector('dd[data-field="Total parameters"]');
  await page.fill('#num_hidden_layers', '33');
  await page.waitForFunction(() => document.querySelector('dd[data-field="Total parameters"]').textContent !== '8,030,261,248');
  assert.equal(await total(page), (8030261248 + 218112000).toLocaleString('en-US'));
  await page.fill('#num_attention_heads', '31');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /form: num_key_value_heads: num_attention_heads \(31\) is not a multiple of num_key_value_heads \(8\)/);
  assert.equal(await total(page), (8030261248 + 218112000).toLocaleString('en-US'));
});

test('a chosen config.json is counted; a broken one is refused without losing the design', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ma-page-'));
  const good = join(dir, 'config.json');
  writeFileSync(good, JSON.stringify({ model_type: 'gpt2' }));
  const bad = join(dir, 'broken.json');
  writeFileSync(bad, '{"model_type": "gpt2", <script>alert(1)</script>');
  const page = await site.newPage();
  await page.goto(site.origin + '/');
  await page.waitForSelector('dd[data-field="Total parameters"]');
  await page.setInputFiles('#config-file', good);
  await page.waitForFunction(() => document.querySelector('dd[data-field="Total parameters"]').textContent === '124,439,808');
  await page.setInputFiles('#config-file', bad);
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /broken\.json: not valid JSON/);
  assert.equal(await total(page), '124,439,808');
  assert.equal(await page.locator('script:not([src])').count(), 0);
  await screenshot(page, 'bad-config-file');
});

test('no request leaves the page origin', () => {
  assert.deepEqual(site.foreignRequests(), []);
});
