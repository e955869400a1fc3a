// The command-line tool, run as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceModels, repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const dir = scratchDir('ma-cli-');

function run(...args) {
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function configFile(name, content) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test('count --json prints the exact total of every reference model', () => {
  const supported = JSON.parse(run('families', '--json').stdout).map((f) => f.model_type);
  for (const m of referenceModels(supported)) {
    const r = run('count', '--config', configFile(`${m.name}.json`, JSON.stringify(m.config)), '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.total_params, m.expected_total_params, m.name);
    assert.equal(out.model_type, m.model_type);
    assert.ok(out.breakdown.attention > 0 && out.per_layer_breakdown.mlp > 0);
  }
});

test('count without --json prints a readable table', () => {
  const r = run('count', '--config', configFile('l.json', '{"model_type":"llama"}'));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /total\s+6,738,415,616\s+6\.74B/);
  assert.match(r.stdout, /model\.layers\.\{i\}\.self_attn\.q_proj\.weight/);
});

test('errors name the file and the reason, on stderr with a non-zero status', () => {
  const cases = [
    [['count', '--config', join(dir, 'missing.json')], 1, /missing\.json: no such file/],
    [['count', '--config', configFile('broken.json', '{"model_type": "llama",')], 1, /broken\.json: not valid JSON/],
    [['count', '--config', configFile('heads.json', '{"model_type":"llama","hidden_size":4100,"num_attention_heads":32}')], 1,
      /heads\.json: hidden_size: hidden_size \(4100\) is not a multiple of num_attention_heads \(32\)/],
    [['count'], 2, /count needs --config PATH/],
    [['count', '--config'], 2, /needs a value/],
    [['frobnicate'], 2, /unknown command 'frobnicate'/],
  ];
  for (const [args, code, message] of cases) {
    const r = run(...args);
    assert.equal(r.code, code, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});

test('memory --json exposes training, inference, checkpoints and compute', () => {
  const config = configFile('l3.json', JSON.stringify(referenceModels().find((m) => m.name === 'Llama-3-8B').config));
  const r = run('memory', '--config', config, '--json', '--micro-batch', '1', '--seq-len', '4096', '--gpu', 'H100-SXM',
    '--zero', '3', '--dp', '8', '--latency-batch', '4', '--infer-context', '8192', '--tokens', '1e12', '--fit-max-gpus', '16');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.total_params, 8030261248);
  assert.equal(out.inference.kv_bytes_per_token, 131072);
  assert.equal(out.inference.kv_cache_bytes, 131072 * 8192 * 4);
  assert.equal(out.training_setup.zero_stage, 3);
  assert.ok(out.training.states.every((s) => typeof s.formula === 'string' && s.bytes > 0));
  assert.equal(out.compute.tokens, 1e12);
  assert.equal(out.fit.found, true);
  const text = run('memory', '--config', config);
  assert.match(text.stdout, /KV cache per token \(one sequence\)\s+128\.00 KiB/);
});

test('memory errors name the option and the value', () => {
  const config = configFile('m.json', '{"model_type":"llama"}');
  let r = run('memory', '--config', config, '--optimizer', 'adam');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /training\.optimizer: 'adam' is not one of adamw, adam8bit, adafactor, sgd, lion/);
  r = run('memory', '--config', config, '--engine', 'megatron', '--tp', '3');
  assert.match(r.stderr, /num_attention_heads \(32\) is not divisible by tp \(3\)/);
  r = run('memory', '--config', config, '--micro-batch', 'two');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--micro-batch must be a number, got 'two'/);
  r = run('memory', '--config', config, '--options', '{"training": {"gpu": "TPU"}}');
  assert.match(r.stderr, /'TPU' is not in the GPU catalog/);
});

test('memory --engine: memory and tokens/s for every family the engine has, a refusal naming why for the others', () => {
  const supported = JSON.parse(run('families', '--json').stdout).map((f) => f.model_type);
  const has = { hf: supported, torchtitan: ['llama', 'qwen3'], megatron: ['llama', 'mistral', 'mixtral', 'qwen2', 'qwen3', 'qwen3_moe', 'phi3', 'gpt2'] };
  const seen = new Set();
  for (const m of referenceModels(supported)) {
    if (seen.has(m.model_type)) continue;  // one model per family keeps the test quick
    seen.add(m.model_type);
    const config = configFile(`${m.name}.json`, JSON.stringify(m.config));
    for (const [engine, families] of Object.entries(has)) {
      const r = run('memory', '--config', config, '--engine', engine, '--dp', '8', '--seq-len', '2048', '--json');
      if (!families.includes(m.model_type)) {
        assert.equal(r.code, 1, `${engine} ${m.name}`);
        assert.match(r.stderr, new RegExp(`training.engine: ${engine} has no ${m.model_type} model`));
        continue;
      }
      if (r.code !== 0) {  // a model of a family the engine has, with a feature its code lacks (a tied head)
        assert.equal(engine, 'torchtitan', r.stderr);
        assert.match(r.stderr, /torchtitan cannot train this \w+ config: /);
        continue;
      }
      const out = JSON.parse(r.stdout);
      assert.equal(out.training.engine, engine);
      assert.ok(out.training.total_bytes > out.training.reserved_bytes, `${engine} ${m.name}`);
      assert.ok(out.training.tokens_per_s_per_gpu > 0, `${engine} ${m.name}`);
    }
  }
  assert.ok(seen.size >= 10);
});
