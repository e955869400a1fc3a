// The corpus step in headless Chromium: sample files through the file input and a drop,
// tokenized in a worker with progress and Cancel, counts identical to HF tokenizers'
// (npm `tokenizers`), the statistics in the page, the report and the share link (never
// the text), the full corpus size feeding tokens available, and the single file's in-page run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, openSite, screenshot, repoRoot, shareLink } from './harness.mjs';
import { loadEngine } from '../../wasm/load_node.mjs';
import { decodeLikeNode, multilingualCorpus } from '../node/multilingual_corpus.mjs';
import { hfCounts } from '../node/hf_oracle.mjs';
import { scratchDir } from '../node/scratch.mjs';

const llama3 = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models');
const scratch = scratchDir('ma-corpus-page-');
let site;
let engine;
before(async () => { site = await openSite(); engine = await loadEngine(); });
after(async () => { await site?.close(); });

// A .jsonl of multilingual documents (valid UTF-8: JSON text) and a blank-line-separated .txt.
const docs = multilingualCorpus().map(decodeLikeNode).filter((d) => d.trim() && !/\n\s*\n/.test(d));
const jsonlPath = join(scratch, 'sample.jsonl');
writeFileSync(jsonlPath, docs.map((text, i) => JSON.stringify({ id: i, text })).join('\n') + '\n');
const txtDocs = ['First document.\nIts second line.', 'Zweites Dokument: Straße, Größe.', '第三个文档。'];
const txtPath = join(scratch, 'notes.txt');
writeFileSync(txtPath, txtDocs.join('\n\n\n') + '\n');


async function openWithTokenizer(width = 1400, hash = '') {
  const page = await site.newPage();
  await page.setViewportSize({ width, height: 1000 });
  await page.goto(`${site.origin}/${hash}`);
  await page.waitForSelector('#candidates th.recommended');
  await page.setInputFiles('#tokenizer-files', [join(llama3, 'tokenizer.json'), join(llama3, 'tokenizer_config.json')]);
  await page.waitForSelector('#download-config:not([disabled])', { timeout: 30000 });
  return page;
}

// The single-file build (file://, the core in the page, no worker) with the Llama-3 tokenizer,
// after it has tokenized the given corpus files.
async function singleFileWithCorpus(files, timeout) {
  const single = await site.browser.newPage();
  await single.goto(`file://${join(repoRoot, 'build', 'site', 'model-architect.html')}`);
  await single.waitForSelector('#candidates th.recommended', { timeout: 20000 });
  await single.setInputFiles('#tokenizer-files', [join(llama3, 'tokenizer.json')]);
  await single.waitForFunction(() => document.querySelector('dd[data-fact="tokenizer size"]')?.textContent.startsWith('128256'), null, { timeout: 30000 });
  await single.setInputFiles('#corpus-files', files);
  await single.waitForFunction(() => document.querySelector('#corpus-status').textContent.startsWith('Corpus sample tokenized'), null, { timeout });
  return single;
}

const fact = (page, key) => page.textContent(`dd[data-corpus="${key}"]`);

test('a corpus sample through the file input: counts identical to HF, statistics shown, downloaded and in the report', async () => {
  const page = await openWithTokenizer();
  await page.selectOption('#corpus-split', 'blank_lines');
  await page.setInputFiles('#corpus-files', [jsonlPath, txtPath]);
  await page.waitForFunction(() => document.querySelector('#corpus-status').textContent.startsWith('Corpus sample tokenized'), null, { timeout: 30000 });
  const want = await hfCounts(join(llama3, 'tokenizer.json'), [...docs, ...txtDocs]);
  const total = want.reduce((a, b) => a + b, 0);
  assert.equal(await fact(page, 'documents'), want.length.toLocaleString('en-US'));
  assert.match(await fact(page, 'tokens'), new RegExp(`^${total.toLocaleString('en-US')} `));
  assert.ok(await page.locator('#corpus-histogram-table tbody tr').count() > 3);
  assert.ok(await page.locator('#corpus-histogram-chart svg rect').count() > 3);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-corpus')]);
  const stats = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(stats.tokens_per_document, want);
  assert.deepEqual(stats.files.map((f) => [f.name, f.documents]), [['sample.jsonl', docs.length], ['notes.txt', txtDocs.length]]);

  await page.click('#architecture-details summary');
  await page.waitForFunction(() => document.querySelector('#architecture-report').textContent.includes('### Corpus sample'));
  assert.match(await page.textContent('#architecture-report'), new RegExp(`\\| documents \\| ${want.length} \\|`));
  await screenshot(page, 'corpus-sample');
  await page.close();
});

// Pieces of a File's stream end anywhere: inside a document, a JSON string, a UTF-8 sequence.
// A sample of several pieces (1 MiB in the worker, 256 KiB in the single file's page) must count
// exactly what one whole read would.
test('a sample of many pieces counts exactly as HF, in the worker and in the single file', async () => {
  const once = docs.map((text) => JSON.stringify({ text })).join('\n') + '\n';
  const copies = Math.ceil(2.5 * (1 << 20) / Buffer.byteLength(once));
  const many = join(scratch, 'many.jsonl');
  writeFileSync(many, once.repeat(copies));
  const one = await hfCounts(join(llama3, 'tokenizer.json'), docs);
  const want = Array.from({ length: copies }, () => one).flat();
  const total = want.reduce((a, b) => a + b, 0).toLocaleString('en-US');

  const page = await openWithTokenizer();
  await page.setInputFiles('#corpus-files', [many]);
  await page.waitForFunction(() => document.querySelector('#corpus-status').textContent.startsWith('Corpus sample tokenized'), null, { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-corpus')]);
  assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')).tokens_per_document, want);
  await page.close();

  const single = await singleFileWithCorpus([many], 60000);
  assert.equal(await single.textContent('dd[data-corpus="documents"]'), want.length.toLocaleString('en-US'));
  assert.match(await single.textContent('dd[data-corpus="tokens"]'), new RegExp(`^${total} `));
  await single.close();
});

test('the full corpus size gives tokens available; the share link records the statistics, never the text', async () => {
  const page = await openWithTokenizer();
  await page.setInputFiles('#corpus-files', [jsonlPath]);
  await page.waitForFunction(() => document.querySelector('#corpus-status').textContent.startsWith('Corpus sample tokenized'), null, { timeout: 30000 });
  await page.fill('#corpus_bytes', '2000000000000');
  await page.waitForFunction(() => document.querySelector('#design-notes').textContent.includes('from the tokenized corpus sample'));
  assert.match(await fact(page, 'tokens in the full corpus'), /= full corpus 2,000,000,000,000 bytes \/ sample file bytes per token/);

  const fragment = await shareLink(page);
  const state = JSON.parse(engine.shareDecode(fragment));
  assert.equal(state.corpus.documents, docs.length);
  assert.equal(state.corpus.tokens_per_document, undefined);
  const linkText = Buffer.from(fragment.slice(3), 'base64url').toString('utf8');
  for (const d of docs.slice(0, 20)) assert.ok(!linkText.includes(d.slice(0, 12)), 'the link holds no document text');

  const fresh = await site.browser.newPage();
  await fresh.goto(`${site.origin}/#${fragment}`);
  await fresh.waitForSelector('dd[data-corpus="documents"]');
  assert.equal(await fresh.textContent('dd[data-corpus="documents"]'), docs.length.toLocaleString('en-US'));
  assert.match(await fresh.textContent('#design-notes'), /from the tokenized corpus sample/);
  await fresh.close();
  await page.close();
});

test('a large sample shows progress in a worker while the page stays responsive, and Cancel stops it', async () => {
  const big = join(scratch, 'big.jsonl');
  const line = docs.map((text) => JSON.stringify({ text })).join('\n') + '\n';
  writeFileSync(big, line.repeat(Math.ceil(40e6 / line.length)));
  const page = await openWithTokenizer();
  await page.setInputFiles('#corpus-files', [big]);
  await page.waitForFunction(() => document.querySelector('#corpus-progress').value > 0.02, null, { timeout: 30000 });
  assert.equal(await page.isVisible('#corpus-cancel'), true);
  // The form still recomputes while the worker runs: the main thread is free.
  await page.selectOption('#scale', '7B+');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('7B+'), null, { timeout: 5000 });
  assert.ok(await page.evaluate(() => document.querySelector('#corpus-progress').value) < 1, 'still running when the form answered');
  await page.click('#corpus-cancel');
  assert.match(await page.textContent('#corpus-status'), /^Cancelled/);
  assert.equal(await page.isHidden('#corpus-progress'), true);
  await page.waitForTimeout(300);
  assert.match(await page.textContent('#corpus-status'), /^Cancelled/, 'nothing arrives after Cancel');
  await page.close();
});

test('a sample dropped with the tokenizer files, refused errors by name, and the single file runs it in the page', async () => {
  const page = await site.newPage();
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(site.origin);
  await page.waitForSelector('#candidates th.recommended');
  await page.setInputFiles('#corpus-files', [txtPath]);
  assert.match(await page.textContent('#corpus-errors'), /Load the tokenizer first/);
  await dropFiles(page, [join(llama3, 'tokenizer.json'), join(llama3, 'tokenizer_config.json'), txtPath]);
  await page.waitForFunction(() => document.querySelector('#corpus-status').textContent.startsWith('Corpus sample tokenized'), null, { timeout: 30000 });
  assert.equal(await fact(page, 'documents'), '1');  // one document per .txt file by default
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 390 px (${overflow})`);
  await screenshot(page, 'corpus-390');
  const bad = join(scratch, 'bad.jsonl');
  writeFileSync(bad, '{"text": "ok"}\n{"body": "no text"}\n');
  await page.setInputFiles('#corpus-files', [bad]);
  await page.waitForFunction(() => document.querySelector('#corpus-errors').textContent.length > 0, null, { timeout: 30000 });
  assert.match(await page.textContent('#corpus-errors'), /bad\.jsonl:2: the object has no "text" field.*previous statistics are kept/);
  assert.equal(await fact(page, 'documents'), '1');
  await page.close();

  const single = await singleFileWithCorpus([jsonlPath], 30000);
  assert.equal(await single.textContent('dd[data-corpus="documents"]'), docs.length.toLocaleString('en-US'));
  await single.close();
});
