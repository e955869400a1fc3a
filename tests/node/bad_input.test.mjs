// The bad-input suite: hostile and broken inputs for every CLI interface.
// Each must end with a clear error naming the input (exit 1), never a crash,
// a hang, a NaN or an Infinity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const dir = scratchDir('ma-bad-');
const run = (...args) => spawnSync(cli, args, { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });

function file(name, content) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function tokenizerDir(name, files) {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(join(path, f), content);
  return path;
}

const nested = '['.repeat(200000) + ']'.repeat(200000);
const huge = `{"model":{"type":"BPE","vocab":{"a":0},"merges":[${'["a","b"],'.repeat(10_000_000)}`;  // ~100 MB, truncated

const CONFIG_CASES = [
  ['truncated', '{"model_type": "llama", "hidden_size": 40', /truncated\.json: not valid JSON/],
  ['non-utf8', Buffer.from([0x7b, 0x22, 0x6d, 0xff, 0x22, 0x3a, 0x31, 0x7d]), /non-utf8\.json: not valid JSON.*UTF-8/],
  ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"model_type":"llama","hidden_size":-5}')]), /hidden_size must be positive, got -5/],
  ['huge-number', '{"model_type":"llama","hidden_size":1e400}', /number overflow/],
  ['huge-int', '{"model_type":"llama","vocab_size":99999999999999999999}', /vocab_size/],
  ['overflow', '{"model_type":"llama","vocab_size":4000000000000,"hidden_size":4000000000,"num_attention_heads":1}', /does not fit in 64 bits/],
  ['negative', '{"model_type":"llama","num_hidden_layers":-1}', /num_hidden_layers must be positive, got -1/],
  ['zero-heads', '{"model_type":"llama","num_attention_heads":0}', /num_attention_heads must be positive, got 0/],
  ['wrong-type', '{"model_type":"llama","tie_word_embeddings":"yes"}', /tie_word_embeddings: expected true or false, found string "yes"/],
  ['deeply-nested', nested, /expected a JSON object, found an array/],
  ['empty', '', /not valid JSON/],
];

for (const [name, content, message] of CONFIG_CASES) {
  test(`config.json: ${name}`, () => {
    for (const command of [['count'], ['memory']]) {
      const r = run(...command, '--config', file(`${name}.json`, content));
      assert.equal(r.status, 1, `${command} ${name}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, new RegExp(`${name}\\.json`));
      assert.equal(r.stdout, '');
    }
  });
}

const TOKENIZER_CASES = [
  ['truncated', { 'tokenizer.json': '{"model":{"vocab":{"a":0,' }, /tokenizer\.json: line 1.*truncated/],
  ['non-utf8', { 'vocab.txt': Buffer.from([0x61, 0x0a, 0xc3, 0x28, 0x0a]) }, /vocab\.txt: line 2.*invalid UTF-8/],
  ['conflicting-ids', { 'tokenizer.json': '{"model":{"vocab":{"a":0,"b":0}}}' }, /id 0 is given to both 'a' and 'b'/],
  ['conflicting-files', { 'tokenizer.json': '{"model":{"vocab":{"<s>":0,"</s>":1}}}', 'special_tokens_map.json': '{"eos_token":"</s>"}', 'tokenizer_config.json': '{"eos_token":"<s>"}' }, /disagrees with tokenizer_config\.json: eos_token/],
  ['absurd-id', { 'tokenizer.json': '{"model":{"vocab":{"a":99999999999}}}' }, /beyond 2147483646/],
  ['negative-id', { 'vocab.json': '{"a":-1}' }, /negative id \(-1\)/],
  ['deeply-nested', { 'tokenizer.json': `{"normalizer":${nested},"model":{"vocab":{"a":0}}` }, /tokenizer\.json: .*truncated|expected/],
  ['100MB', { 'tokenizer.json': huge }, /tokenizer\.json: line 1.*truncated/],
  ['sentencepiece-garbage', { 'tokenizer.model': Buffer.from('this is not a protobuf at all') }, /tokenizer\.model/],
];

for (const [name, files, message] of TOKENIZER_CASES) {
  test(`tokenizer files: ${name}`, () => {
    const r = run('tokenizer', '--dir', tokenizerDir(name, files));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  });
}

test('CLI flags: absurd values are refused by name, and no output shows NaN or Infinity', () => {
  const config = file('ok.json', '{"model_type":"llama"}');
  const cases = [
    [['memory', '--config', config, '--micro-batch', '0'], /training\.micro_batch: must be between 1/],
    [['memory', '--config', config, '--mfu', '1e-300'], /options\.mfu: must be at least 0\.01/],
    [['memory', '--config', config, '--tokens', '1e300'], /options\.tokens/],
    [['memory', '--config', config, '--gpu', '<script>'], /'<script>' is not in the GPU catalog/],
    [['memory', '--config', config, '--seq-len', '-4'], /training\.seq_len/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message);
  }
  const extreme = run('memory', '--config', file('big.json', '{"model_type":"llama","num_hidden_layers":100000,"hidden_size":65536,"num_attention_heads":512,"intermediate_size":262144}'),
    '--seq-len', '1000000', '--micro-batch', '1000', '--tokens', '1e18', '--json');
  assert.ok(extreme.status === 0 || extreme.status === 1, extreme.stderr);
  assert.doesNotMatch(extreme.stdout, /NaN|Infinity|\binf\b|\bnan\b/);
});
