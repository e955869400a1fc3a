// The page in headless Chromium: real inputs, real file choosers and drops,
// real downloads, share links, offline and the single-file build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, nextFrames, openSite, pageIdle, screenshot, repoRoot, shareLink } from './harness.mjs';
import { loadEngine } from '../../wasm/load_node.mjs';
import { scratchDir } from '../node/scratch.mjs';

const llama3 = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models');
const fixture = join(repoRoot, 'tests', 'data', 'tokenizers', 'trainer_export');
let site;
let engine;
before(async () => { site = await openSite(); engine = await loadEngine(); });
after(async () => { await site?.close(); });

async function openPage(hash = '', context) {
  const page = await site.newPage(context);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${site.origin}/${hash}`);
  await page.waitForSelector('#candidates th.recommended');
  await page.click('#architecture-details summary');  // the report is laid out while open
  await page.waitForSelector('#architecture-report:not(:empty)');
  return page;
}

const cell = (page, candidate, row) => page.locator(`td[data-candidate="${candidate}"][data-row="${row}"]`).textContent();

async function downloadText(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

test('first load shows a design computed by the core; changing an input updates every number', async () => {
  const page = await openPage();
  assert.match(await page.textContent('#status'), /\d candidates; A recommended \(llama, 300M-700M\)/);
  const before = await cell(page, 'A', 'parameters');
  const reportBefore = await page.textContent('#architecture-report');
  await screenshot(page, 'first-load');
  await page.selectOption('#scale', '1B-3B');
  await page.waitForFunction((b) => document.querySelector('td[data-candidate="A"][data-row="parameters"]').textContent !== b, before);
  assert.notEqual(await page.textContent('#architecture-report'), reportBefore);
  assert.match(await page.textContent('#status'), /1B-3B/);
  assert.equal(await page.isDisabled('#download-config'), true);
  assert.match(await page.textContent('#config-disabled-reason'), /no tokenizer files were given/);
  // A bad value is marked at its field with the core's words, keeps the last design and turns the downloads off.
  const kept = await cell(page, 'A', 'parameters');
  await page.fill('#gpus', '-1');
  await page.waitForSelector('#gpus[aria-invalid="true"]');
  assert.equal(await page.textContent('#gpus-error'), 'must be between 1 and 1048576, got -1');
  assert.equal(await page.getAttribute('#gpus', 'aria-describedby'), 'gpus-error');
  assert.equal(await page.textContent('#design-error'), '');
  for (const id of ['#download-architecture', '#download-capacity', '#copy-link']) assert.equal(await page.isDisabled(id), true, id);
  assert.match(await page.textContent('#config-disabled-reason'), /fix the highlighted field/);
  assert.equal(await cell(page, 'A', 'parameters'), kept);
  await screenshot(page, 'field-error');
  await page.fill('#gpus', '8');
  await page.waitForFunction(() => !document.querySelector('#gpus').hasAttribute('aria-invalid'));
  assert.equal(await page.isDisabled('#download-architecture'), false);
  assert.deepEqual(site.consoleErrors, []);
});

// The page falls back to reading a file whole when its streamed read fails; refused, a failing
// streamed read shows as an error instead of passing unseen.
const refuseWholeRead = () => { Blob.prototype.arrayBuffer = () => Promise.reject(new Error('no whole read in this test')); };

test('Llama-3 tokenizer files through the file input give the config.json ids, and downloads equal the CLI', async () => {
  const page = await openPage();
  await page.evaluate(refuseWholeRead);
  await page.setInputFiles('#tokenizer-files', [join(llama3, 'tokenizer.json'), join(llama3, 'tokenizer_config.json')]);
  await page.waitForSelector('#download-config:not([disabled])', { timeout: 30000 });
  assert.equal(await page.textContent('dd[data-fact="tokenizer size"]'), '128256 (largest id + 1)');
  assert.match(await page.textContent('dd[data-fact="pad_token_id"]'), /^null: no file declares a pad token/);
  const config = await downloadText(page, '#download-config');
  assert.equal(config.name, 'config.json');
  const parsed = JSON.parse(config.text);
  assert.equal(parsed.vocab_size, 128256);
  assert.deepEqual([parsed.bos_token_id, parsed.eos_token_id, parsed.pad_token_id], [128000, 128001, null]);
  const architecture = await downloadText(page, '#download-architecture');
  const capacity = await downloadText(page, '#download-capacity');
  assert.equal(architecture.name, 'architecture_report.md');
  assert.equal(capacity.name, 'capacity_plan.md');
  await screenshot(page, 'llama3-tokenizer');

  // The same inputs through the CLI: the request the page used is in its share link.
  const state = JSON.parse(engine.shareDecode(await shareLink(page)));
  const out = scratchDir('ma-page-cli-');
  const r = spawnSync(join(repoRoot, 'scripts', 'model-architect'),
    ['design', '--tokenizer', llama3, '--out', out, '--options', JSON.stringify(state.request)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(config.text, readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(architecture.text, readFileSync(join(out, 'architecture_report.md'), 'utf8'));
  assert.equal(capacity.text, readFileSync(join(out, 'capacity_plan.md'), 'utf8'));

  // The page reads a File's byte stream into one reused buffer (BYOB), as Chromium's are; a
  // browser whose File streams are not byte streams gives their own pieces, with the same result.
  assert.ok(await page.evaluate(() => { try { new Blob(['x']).stream().getReader({ mode: 'byob' }); return true; } catch { return false; } }));
  const plain = await openPage();
  await plain.evaluate(refuseWholeRead);
  await plain.evaluate(() => {
    const original = Blob.prototype.stream;
    Blob.prototype.stream = function stream() {
      const reader = original.call(this).getReader();
      return new ReadableStream({
        async pull(controller) { const next = await reader.read(); if (next.done) controller.close(); else controller.enqueue(next.value); },
        cancel: (reason) => reader.cancel(reason),
      });
    };
  });
  await plain.setInputFiles('#tokenizer-files', [join(llama3, 'tokenizer.json'), join(llama3, 'tokenizer_config.json')]);
  await plain.waitForSelector('#download-config:not([disabled])', { timeout: 30000 });
  assert.equal((await downloadText(plain, '#download-architecture')).text, architecture.text);
});


test('a simulated drop loads a trainer export; a bad file leaves the loaded files and the design intact', async () => {
  const page = await openPage();
  await dropFiles(page, ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'].map((n) => join(fixture, n)));
  await page.waitForSelector('#download-config:not([disabled])');
  assert.equal(await page.textContent('dd[data-fact="bos_token_id"]'), '2 (<BOS>)');
  const report = await page.textContent('#architecture-report');
  const dir = scratchDir('ma-bad-');
  const bad = join(dir, 'special_tokens_map.json');
  (await import('node:fs')).writeFileSync(bad, '{"eos_token": "<img src=x onerror=alert(1)>"}');
  await page.setInputFiles('#tokenizer-add', bad);
  await page.waitForSelector('#tokenizer-errors:not(:empty)');
  assert.match(await page.textContent('#tokenizer-errors'), /special_tokens_map\.json: eos_token.*disagrees|in no vocabulary/);
  assert.match(await page.textContent('#tokenizer-errors'), /previously loaded files are kept/);
  assert.equal(await page.textContent('#architecture-report'), report);
  assert.equal(await page.locator('img').count(), 0);
  await screenshot(page, 'bad-tokenizer-file');
});

test('a share link restores the design and the tokenizer facts in a fresh context; other files trigger the fingerprint warning', async () => {
  const page = await openPage();
  await page.setInputFiles('#tokenizer-files', ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'].map((n) => join(fixture, n)));
  await page.waitForSelector('#download-config:not([disabled])');
  await page.fill('#min_decode', '500');
  await page.selectOption('#zero_stage', '2');
  await page.selectOption('#scale', '100M');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('100M'));
  // The address bar gets the link once the changes pause (400 ms), in idle time: a timer set
  // after the page's, and longer, fires after it, and an idle callback queued then runs after the
  // page's. Copy share link writes the same one.
  await page.evaluate(() => new Promise((done) => setTimeout(() => requestIdleCallback(done), 600)));
  const idle = new URL(page.url()).hash;
  const link = `#${await shareLink(page)}`;
  assert.equal(idle, link);
  // The design itself (everything before the tokenizer section, which says where the facts came from).
  const design = async (p) => (await p.textContent('#architecture-report')).split('## Tokenizer')[0];
  const report = await design(page);
  const config = (await downloadText(page, '#download-config')).text;
  const context = await site.browser.newContext({ acceptDownloads: true });
  const fresh = await openPage(link, context);
  assert.equal(await design(fresh), report);
  assert.equal((await downloadText(fresh, '#download-config')).text, config);
  assert.equal(await fresh.inputValue('#min_decode'), '500');
  assert.equal(await fresh.inputValue('#zero_stage'), '2');
  assert.match(await fresh.textContent('#memory-caption'), /ZeRO 2, micro-batch \d+, recompute \w+ \(as requested\)/);
  assert.equal(await fresh.isDisabled('#download-config'), false);
  assert.match(await fresh.textContent('#design-warnings'), /tokenizer facts come from the link/);
  await fresh.setInputFiles('#tokenizer-files', [join(llama3, 'tokenizer.json'), join(llama3, 'tokenizer_config.json')]);
  await fresh.waitForFunction(() => document.querySelector('#design-warnings').textContent.includes('differ from the tokenizer this design was shared with') || document.querySelector('#design-error').textContent, null, { timeout: 30000 });
  assert.equal(await fresh.textContent('#design-error'), '');
  await screenshot(fresh, 'fingerprint-warning');
  await context.close();
});

test('hostile and broken links show a message and the default design, and inject nothing', async () => {
  const scriptState = { request: { scale: '<script>alert(1)</script>' } };
  const b64 = (s) => Buffer.from(JSON.stringify(s)).toString('base64url');
  const links = [
    ['#v1.' + b64(scriptState), /is not one of 100M/],
    ['#v1.' + b64({ request: { gpus: 1e300 } }), /gpus/],
    ['#v1.' + b64({ request: { params: 1e9 } }).slice(0, 10), /truncated|not valid JSON/],
    ['#v9.' + b64({ request: {} }), /version 'v9' is not one this page reads/],
    ['#v1.<img src=x onerror=alert(1)>', /is not part of a share link/],
    ['#v1.' + 'A'.repeat(20000), /too long/],
  ];
  for (const [hash, message] of links) {
    const page = await site.newPage();
    await page.goto(`${site.origin}/${hash}`);
    await page.waitForSelector('#candidates th.recommended');
    assert.match(await page.textContent('#link-error'), message, hash.slice(0, 40));
    assert.match(await page.textContent('#status'), /300M-700M/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script:not([src])').count(), 0);
    await page.close();
  }
});

test('an existing config.json is analysed; a broken one is refused with its name', async () => {
  const page = await openPage();
  const dir = scratchDir('ma-cfg-');
  const fs = await import('node:fs');
  fs.writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
  fs.writeFileSync(join(dir, 'broken.json'), '{"model_type": "gpt2",');
  await page.setInputFiles('#config-file', join(dir, 'config.json'));
  await page.waitForSelector('#config-analysis:not([hidden])');
  assert.equal(await page.getAttribute('#config-analysis', 'data-total'), '124439808');
  assert.match(await page.textContent('#config-analysis'), /KV cache per token/);
  // Start a design from it: its size, context and components become the inputs.
  await page.click('#design-from-config');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('gpt2'));
  assert.equal(await page.inputValue('#target_kind'), 'config');
  assert.equal(await page.isDisabled('#positions'), true);  // fixed by the config
  assert.equal(await page.inputValue('#positions'), 'learned');
  assert.equal(await page.inputValue('#norm'), 'layernorm');
  await page.setInputFiles('#config-file', join(dir, 'broken.json'));
  await page.waitForSelector('#config-error:not(:empty)');
  assert.match(await page.textContent('#config-error'), /broken\.json: not valid JSON/);
});

test('a 7B+ design shows its mixture-of-experts candidate: active parameters, expert-parallel memory, serving', async () => {
  const page = await openPage();
  await page.selectOption('#scale', '7B+');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('7B+'));
  await pageIdle(page);  // the candidates may have been out of view (the report's panel was opened)
  const heads = await page.locator('#candidates thead th').allTextContents();
  const column = heads.findIndex((h) => h.includes("mixture of experts at A's active compute"));
  assert.ok(column > 0, heads.join(' | '));
  const label = heads[column].replace(/^✓ /, '').split(':')[0];
  assert.match(await cell(page, label, 'active parameters per token'), /^\d{1,3}(,\d{3})+$/);
  assert.match(await cell(page, label, 'experts (per token)'), /^64 \(8\)$/);
  const report = await page.textContent('#architecture-report');
  assert.match(report, /### Mixture of experts/);
  assert.match(report, /Expert parallelism/);
  assert.match(report, /weights read per step/);
  await page.selectOption('#moe_candidate', 'off');
  await page.waitForFunction(() => ![...document.querySelectorAll('#candidates thead th')].some((th) => th.textContent.includes('mixture of experts')));
  assert.deepEqual(site.consoleErrors, []);
});

test('a DeepSeek-V3 config.json shows its exact total, active count and both MLA caches', async () => {
  const page = await openPage();
  const dir = scratchDir('ma-ds-');
  const fs = await import('node:fs');
  const more = JSON.parse(fs.readFileSync(join(repoRoot, 'tests', 'data', 'more_models.json'), 'utf8'));
  const ds = more.models.find((m) => m.name === 'DeepSeek-V3');
  fs.writeFileSync(join(dir, 'config.json'), JSON.stringify(ds.config));
  await page.setInputFiles('#config-file', join(dir, 'config.json'));
  await page.waitForSelector('#config-analysis:not([hidden])');
  assert.equal(await page.getAttribute('#config-analysis', 'data-total'), String(ds.expected_total_params));
  const text = await page.textContent('#config-analysis');
  assert.match(text, /37,552,282,624 active per token/);
  assert.match(text, /latent KV cache per token/);
  assert.match(text, /weights read per decode step, batch 1/);
});

test('a first visit downloads each asset once; after it the page works offline, and the single-file HTML works from file://', async () => {
  const context = await site.browser.newContext();
  const firstRequest = site.served.length;
  const page = await openPage('', context);
  await page.waitForFunction(() => document.querySelector('#offline-status').textContent.includes('Ready to work offline'), null, { timeout: 20000 });
  // The service worker precaches from the HTTP cache what the page already fetched.
  const downloads = site.served.slice(firstRequest).filter((r) => r.status === 200).map((r) => (r.path === '/' ? '/index.html' : r.path));
  const precached = JSON.parse(readFileSync(join(repoRoot, 'build', 'site', 'sw.js'), 'utf8').match(/const ASSETS = (\[.*\]);/)[1]).map((a) => `/${a.url}`);
  assert.deepEqual(downloads.filter((p, i) => downloads.indexOf(p) !== i), [], `downloaded twice: ${downloads.join(' ')}`);
  for (const p of precached) assert.ok(downloads.includes(p), `${p} was not downloaded at all`);
  assert.equal(new Set(precached).size, precached.length);
  const again = site.served.length;
  const second = await openPage('', context);
  assert.deepEqual(site.served.slice(again).filter((r) => r.status === 200).map((r) => r.path), [], 'a second visit is served by the worker');
  await second.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#candidates th.recommended');
  await page.selectOption('#scale', '7B+');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('7B+'));
  await context.close();

  const single = await site.browser.newPage();
  const errors = [];
  single.on('pageerror', (e) => errors.push(e.message));
  await single.goto(`file://${join(repoRoot, 'build', 'site', 'model-architect.html')}`);
  await single.waitForSelector('#candidates th.recommended', { timeout: 20000 });
  assert.match(await single.textContent('#offline-status'), /saved file/);
  await single.selectOption('#scale', '100M');
  await single.waitForFunction(() => document.querySelector('#status').textContent.includes('100M'));
  assert.deepEqual(errors, []);
  await screenshot(single, 'single-file');
  await single.close();
});

test('no request leaves the page origin', () => {
  assert.deepEqual(site.foreignRequests().filter((u) => !u.startsWith('file://')), []);
});

test('the engine selector: its options follow the engine, a change repaints before the next frame, downloads equal the CLI', async () => {
  const page = await openPage();
  await page.setInputFiles('#tokenizer-files', readdirSync(fixture).map((n) => join(fixture, n)));
  await page.waitForSelector('#download-config:not([disabled])');
  // torchtitan's own options are greyed out under HF Trainer, and HF's choices it lacks are disabled under torchtitan.
  assert.equal(await page.isDisabled('#compile'), true);
  assert.equal(await page.isDisabled('#transformer_impl'), true);
  // The change event's recompute runs in a microtask: by the next animation frame every number in
  // view is new (sections out of view follow in idle time: the next test).
  await page.locator('#memory-chart').scrollIntoViewIfNeeded();
  await nextFrames(page, 2);
  await pageIdle(page);  // the page's IntersectionObserver has reported the scroll
  const memoryBefore = await page.textContent('#memory-caption');
  const repainted = await page.evaluate(() => new Promise((resolve) => {
    const before = document.querySelector('#memory-caption').textContent;
    const select = document.querySelector('#engine');
    select.value = 'torchtitan';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    requestAnimationFrame(() => resolve(document.querySelector('#memory-caption').textContent !== before));
  }));
  assert.equal(repainted, true);
  assert.notEqual(await page.textContent('#memory-caption'), memoryBefore);
  assert.equal(await page.isDisabled('#compile'), false);
  assert.equal(await page.isDisabled('#transformer_impl'), true);
  assert.equal(await page.locator('#precision option[value="amp"]').isDisabled(), true);
  assert.match(await page.textContent('td[data-candidate="A"][data-row="training tokens/s per GPU"]'), /^\d+$/);
  await page.check('#compile');
  await page.waitForFunction(() => document.querySelector('#capacity-plan').textContent.includes('torch.compile') ||
    !document.querySelector('#capacity-details').open);
  await page.click('#capacity-details summary');
  await page.waitForFunction(() => document.querySelector('#capacity-plan').textContent.includes('torch.compile'));
  await screenshot(page, 'engine-torchtitan');

  // The downloads equal what the CLI writes for the request in the share link.
  const architecture = await downloadText(page, '#download-architecture');
  const capacity = await downloadText(page, '#download-capacity');
  const state = JSON.parse(engine.shareDecode(await shareLink(page)));
  assert.equal(state.request.training.engine, 'torchtitan');
  const out = scratchDir('ma-page-engine-');
  const r = spawnSync(join(repoRoot, 'scripts', 'model-architect'),
    ['design', '--tokenizer', fixture, '--out', out, '--options', JSON.stringify(state.request)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(architecture.text, readFileSync(join(out, 'architecture_report.md'), 'utf8'));
  assert.equal(capacity.text, readFileSync(join(out, 'capacity_plan.md'), 'utf8'));
  assert.deepEqual(site.consoleErrors, []);
});


test('a section out of view is rendered when the page is idle, or as it comes into view', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await site.newPage(context);
  await page.goto(`${site.origin}/`);
  await page.waitForSelector('#candidates th.recommended');
  await nextFrames(page, 2);
  await pageIdle(page);  // the sections' visibility is known (the observer's report ran before idle time)
  const shown = () => page.evaluate(() => ({ candidates: document.querySelector('#candidates thead').textContent,
    grid: document.querySelector('#grid-plot').innerHTML }));
  const change = (scale) => page.evaluate((value) => new Promise((resolve) => {
    const select = document.querySelector('#scale');
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    requestAnimationFrame(() => resolve({ candidates: document.querySelector('#candidates thead').textContent,
      grid: document.querySelector('#grid-plot').innerHTML }));
  }), scale);
  const before = await shown();
  // The candidates (in view) are new by the next frame; the grid plot, 2,000 px below, is not yet.
  const next = await change('100M');
  assert.notEqual(next.candidates, before.candidates);
  assert.equal(next.grid, before.grid);
  await pageIdle(page);
  const idle = await shown();
  assert.notEqual(idle.grid, before.grid);
  // Scrolled to at once: current two frames later (as it comes into view, or in idle time if that
  // comes first).
  await page.evaluate(() => {
    const select = document.querySelector('#scale');
    select.value = '7B+';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    document.querySelector('#grid-plot').scrollIntoView();
  });
  await nextFrames(page, 2);
  assert.notEqual((await shown()).grid, idle.grid);
  await context.close();
});

test('the training recipe is shown, and every launch file downloads byte-identical to the CLI', async () => {
  const page = await openPage();
  await page.setInputFiles('#tokenizer-files', readdirSync(fixture).map((n) => join(fixture, n)));
  await page.waitForSelector('#download-config:not([disabled])');
  await page.selectOption('#engine', 'megatron');
  await page.waitForSelector('#launch-files button[data-file="megatron_pretrain.sh"]:not([disabled])');
  // An invalid field turns the launch files off; the next valid design turns them on again.
  const gpus = await page.inputValue('#gpus');
  await page.fill('#gpus', '-1');
  await page.waitForSelector('#launch-files button[data-file="megatron_pretrain.sh"][disabled]');
  await page.fill('#gpus', gpus);
  await page.waitForSelector('#launch-files button[data-file="megatron_pretrain.sh"]:not([disabled])');
  await pageIdle(page);  // the recipe's table may be out of view
  assert.match(await page.textContent('td[data-recipe="peak learning rate"]'), /^\d/);
  assert.match(await page.textContent('#recipe'), /DeepSeek LLM/);
  const script = await downloadText(page, '#launch-files button[data-file="megatron_pretrain.sh"]');
  assert.equal(script.name, 'megatron_pretrain.sh');
  const state = JSON.parse(engine.shareDecode(await shareLink(page)));
  const out = scratchDir('ma-page-launch-');
  const r = spawnSync(join(repoRoot, 'scripts', 'model-architect'),
    ['design', '--tokenizer', fixture, '--out', out, '--options', JSON.stringify(state.request)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(script.text, readFileSync(join(out, 'megatron_pretrain.sh'), 'utf8'));
  await screenshot(page, 'launch-files');
  assert.deepEqual(site.consoleErrors, []);
});
