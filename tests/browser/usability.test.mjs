// The page on every screen and for every user: layout at 390, 768 and 1400 px
// with screenshots, keyboard and screen-reader use (axe-core), inputs that do
// not apply, the tokenizer files' replace/add/clear, and the config check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, pageIdle, screenshot, repoRoot } from './harness.mjs';
import { referenceModels } from '../node/reference.mjs';
import { scratchDir } from '../node/scratch.mjs';

const fixture = join(repoRoot, 'tests', 'data', 'tokenizers', 'trainer_export');
const llama3 = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models');
const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

async function openAt(width, height = 900) {
  const context = await site.browser.newContext({ bypassCSP: true, viewport: { width, height } });
  const page = await site.newPage(context);
  await page.goto(`${site.origin}/`);
  await page.waitForSelector('#candidates th.recommended');
  return { page, context };
}

for (const width of [390, 768, 1400]) {
  test(`at ${width} px the results are readable, nothing overflows, and axe finds no violation`, async () => {
    const { page, context } = await openAt(width);
    const layout = await page.evaluate(() => {
      const r = document.querySelector('.results').getBoundingClientRect();
      const i = document.querySelector('.inputs').getBoundingClientRect();
      return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, results: r.width,
        inputs: i.width, side: Math.abs(r.top - i.top) < 5 };
    });
    assert.ok(layout.overflow <= 0, `page overflows by ${layout.overflow} px`);
    if (width < 1100) {
      assert.ok(layout.results >= width - 40, `results column ${layout.results} px at ${width} px`);
      assert.equal(layout.side, false);
    } else {
      assert.ok(layout.results >= 800, `results column ${layout.results} px`);
      assert.equal(layout.side, true);
    }
    await screenshot(page, `layout-${width}`);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    assert.deepEqual(violations, []);
    await context.close();
  });
}

test('keyboard: a skip link to the results, Enter on the drop zone opens the picker, named table headers', async () => {
  const { page, context } = await openAt(1400);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the design');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  // Enter and Space on the drop zone open the file input's picker (its click, counted here).
  await page.evaluate(() => {
    window.pickerOpened = 0;
    const input = document.querySelector('#tokenizer-files');
    input.addEventListener('click', (e) => { window.pickerOpened++; e.preventDefault(); });
  });
  await page.focus('#drop-zone');
  await page.keyboard.press('Enter');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.pickerOpened), 2);
  const headers = await page.$$eval('#candidates thead th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.ok(headers.every((h) => h.length > 0), headers.join(' | '));
  await context.close();
});

// The rings are box shadows (an outline on a changing field costs a re-layerization of the page
// per key press), and outlines where forced colors drop shadows.
test('keyboard: every control reached by Tab shows a focus ring, also in forced-colors mode', async () => {
  const { page, context } = await openAt(1400);
  for (const forcedColors of ['none', 'active']) {
    await page.emulateMedia({ forcedColors });
    await page.reload();
    await page.waitForSelector('#candidates th.recommended');
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        return { what: `${e.tagName.toLowerCase()}#${e.id}`, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== 'none' };
      });
      seen.push(focused.what);
      const ring = forcedColors === 'active' ? focused.outline : focused.outline || focused.shadow;
      assert.ok(ring, `${focused.what} has no focus ring (forced colors ${forcedColors}) after ${seen.join(', ')}`);
    }
    assert.ok(seen.some((w) => w.startsWith('input')) && seen.some((w) => w.startsWith('select')) && seen.some((w) => w.startsWith('button')),
      seen.join(', '));
  }
  await context.close();
});

test('inputs that do not apply are hidden or disabled', async () => {
  const { page, context } = await openAt(1400);
  // The arrangement is searched until the user sets part of it.
  assert.equal(await page.inputValue('#micro_batch'), '');
  assert.doesNotMatch(await page.textContent('#memory-caption'), /as requested/);
  assert.equal(await page.isHidden('#params'), true);
  assert.equal(await page.isVisible('#scale'), true);
  await page.selectOption('#target_kind', 'params');
  await page.waitForFunction(() => !document.querySelector('#params').closest('.field').hidden);
  assert.equal(await page.isHidden('#scale'), true);
  assert.equal(await page.isDisabled('#experts_per_token'), true);
  await page.fill('#experts', '8');
  await page.waitForFunction(() => !document.querySelector('#experts_per_token').disabled);
  assert.match(await page.textContent('#status'), /mixtral/);
  assert.equal(await page.isDisabled('#vocab_size'), false);
  await page.setInputFiles('#tokenizer-files', ['tokenizer.json', 'special_tokens_map.json'].map((n) => join(fixture, n)));
  await page.waitForFunction(() => document.querySelector('#vocab_size').disabled);
  await context.close();
});

test('a new tokenizer folder replaces the files, Add files keeps them, Clear resets both inputs; warnings show', async () => {
  const { page, context } = await openAt(1400);
  const files = () => page.$$eval('#tokenizer-files-table tbody td:first-child', (tds) => tds.map((t) => t.textContent).sort());
  await page.setInputFiles('#tokenizer-files', ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'].map((n) => join(fixture, n)));
  await page.waitForSelector('#download-config:not([disabled])');
  assert.deepEqual(await files(), ['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
  // Another folder replaces them all (the trainer's special_tokens_map.json does not linger into Llama 3's).
  const folder = scratchDir('ma-folder-');
  for (const n of ['tokenizer.json', 'tokenizer_config.json']) writeFileSync(join(folder, n), readFileSync(join(llama3, n)));
  await page.setInputFiles('#tokenizer-folder', folder);
  await page.waitForFunction(() => document.querySelector('dd[data-fact="tokenizer size"]')?.textContent.startsWith('128256'), null, { timeout: 30000 });
  assert.deepEqual(await files(), ['tokenizer.json', 'tokenizer_config.json']);
  assert.equal(await page.textContent('#tokenizer-errors'), '');
  // Add files keeps what is loaded.
  const dir = scratchDir('ma-lengths-');
  writeFileSync(join(dir, 'sequence_lengths.json'), JSON.stringify({ percentiles: { p50: 900, p95: 7000, p99: 12000 }, max: 30000 }));
  await page.setInputFiles('#tokenizer-add', join(dir, 'sequence_lengths.json'));
  await page.waitForFunction(() => document.querySelectorAll('#tokenizer-files-table tbody tr').length === 3);
  // A context below the corpus's p95 is flagged beside the tokenizer.
  await page.fill('#context', '2048');
  await page.waitForSelector('#tokenizer-warnings li');
  assert.match(await page.textContent('#tokenizer-warnings'), /p95/);
  await screenshot(page, 'tokenizer-warnings');
  await page.click('#clear-tokenizer');
  await page.waitForSelector('#tokenizer-files-table[hidden]', { state: 'attached' });
  for (const id of ['#tokenizer-files', '#tokenizer-folder', '#tokenizer-add'])
    assert.equal(await page.$eval(id, (e) => e.files.length), 0, id);
  await context.close();
});

test('the config check is a panel of tables that follows the form, and says what fits where', async () => {
  const { page, context } = await openAt(1400);
  const qwen = referenceModels().find((m) => m.name === 'Qwen2.5-7B');
  const dir = scratchDir('ma-check-');
  writeFileSync(join(dir, 'config.json'), JSON.stringify(qwen.config));
  await page.setInputFiles('#config-file', join(dir, 'config.json'));
  await page.waitForSelector('#config-analysis:not([hidden])');
  assert.equal(await page.getAttribute('#config-analysis', 'data-total'), String(qwen.expected_total_params));
  const captions = await page.$$eval('#config-tables caption', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(captions, ['Training memory per GPU', 'Training step per GPU', 'Smallest arrangement', 'What fits where', 'Inference']);
  // The form's 1024-token prompt, not the model's 131,072-token context.
  assert.match(await page.textContent('#config-tables'), /time to first token \(1024-token prompt\)/);
  assert.equal(await page.locator('#config-tables pre').count(), 0);
  const before = await page.textContent('#config-tables');
  await page.selectOption('#gpu', 'A100-80GB');
  await page.waitForFunction((b) => document.querySelector('#config-tables').textContent !== b, before);
  assert.match(await page.textContent('#config-tables'), /on A100-80GB/);
  await page.fill('#micro_batch', '2');
  await page.waitForFunction(() => document.querySelector('#config-tables').textContent.includes('micro-batch 2'));
  await screenshot(page, 'config-check');
  // Starting a design from it keeps it as candidate A, with its class and components shown.
  await page.click('#design-from-config');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('qwen2'));
  await pageIdle(page);  // the candidates are out of view from the config check's panel
  assert.equal(await page.inputValue('#target_kind'), 'config');
  assert.equal(await page.inputValue('#scale'), '7B+');
  assert.equal(await page.inputValue('#context'), '131072');
  assert.match(await page.textContent('th.recommended'), /A: the given config, unchanged/);
  assert.match(await page.textContent('td[data-candidate="A"][data-row="hidden × layers"]'), /^3584 × 28$/);
  await context.close();
});
