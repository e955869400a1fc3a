// The MoE / MLA / local-global families through the CLI: exact totals and active counts of the
// published configs, MLA's two KV caches, and the mixture-of-experts design candidate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceModels, repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const dir = scratchDir('ma-modern-');
const run = (...args) => spawnSync(cli, args, { encoding: 'utf8' });
const model = (name) => referenceModels().find((m) => m.name === name);
const configFile = (m) => {
  const path = join(dir, `${m.name}.json`);
  writeFileSync(path, JSON.stringify(m.config));
  return path;
};

test('count --json gives the active parameters of every published MoE config, and its parts', () => {
  const moe = referenceModels().filter((m) => m.num_parameters_active_per_token && m.num_parameters_active_per_token !== m.expected_total_params);
  assert.ok(moe.length >= 2);
  for (const m of moe) {
    const r = run('count', '--config', configFile(m), '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.total_params, m.expected_total_params, m.name);
    assert.equal(out.active_params_per_token, m.num_parameters_active_per_token, m.name);
    const parts = Object.values(out.parts).reduce((a, b) => a + b, 0);
    assert.equal(parts, out.total_params, m.name);
    assert.equal(out.active_params_non_embedding, out.active_params_per_token - out.embedding_params);
    assert.ok(out.layers.moe_layers > 0);
  }
});

test('DeepSeek-V3: 58 MoE and 3 dense layers, routed experts as DeepSeek counts them, both KV caches', () => {
  const m = model('DeepSeek-V3');
  const count = JSON.parse(run('count', '--config', configFile(m), '--json').stdout);
  assert.deepEqual([count.layers.moe_layers, count.layers.dense_layers], [58, 3]);
  assert.equal(count.parts.routed_experts, 58 * 256 * 3 * 7168 * 2048);
  const r = run('memory', '--config', configFile(m), '--json', '--gpus', '256');
  assert.equal(r.status, 0, r.stderr);
  const mem = JSON.parse(r.stdout);
  assert.equal(mem.inference.kv_bytes_per_token, 61 * 128 * (192 + 128) * 2);  // HF's expanded per-head cache
  assert.equal(mem.inference.compact_kv_bytes_per_token, 61 * (512 + 64) * 2);   // the latent vLLM / SGLang keep
  assert.equal(mem.inference.experts_touched_batch1, 8);
});

test('gemma-3-1b caches the window on its local layers', () => {
  const m = model('gemma-3-1b-it');
  const mem = JSON.parse(run('memory', '--config', configFile(m), '--json', '--options', '{"inference":{"context":32768}}').stdout);
  // 4 global layers at 32768 tokens, 22 local at the 512 window; 1 KV head of 256, K and V, bf16
  assert.equal(mem.inference.kv_cache_bytes, (4 * 32768 + 22 * 512) * 2 * 256 * 2);
});

test('a 7B design with MoE offers the candidate with its active count, expert-parallel memory and serving reads', () => {
  const r = run('design', '--tokenizer', join(repoRoot, 'tests/data/tokenizers/trainer_export'), '--out', join(dir, 'd7'), '--scale', '7B+', '--gpus', '64', '--json');
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  const moe = d.candidates.find((c) => c.moe);
  assert.ok(moe, 'no mixture-of-experts candidate');
  const a = d.candidates[0];
  assert.ok(Math.abs(moe.active_params_per_token / a.total_params - 1) < 0.01);
  assert.ok(moe.total_params > 5 * a.total_params);
  assert.ok(moe.moe.expert_parallel.length >= 3);
  assert.ok(moe.moe.expert_parallel.at(-1).peak_bytes < moe.moe.expert_parallel[0].peak_bytes);
  assert.ok(moe.moe.serving[0].weight_bytes_read < moe.moe.serving.at(-1).weight_bytes_read);
  assert.ok(moe.moe.estimated_loss_at_total < moe.moe.estimated_loss_at_active);
  const off = JSON.parse(run('design', '--tokenizer', join(repoRoot, 'tests/data/tokenizers/trainer_export'), '--out', join(dir, 'd7off'), '--scale', '7B+', '--moe-candidate', 'off', '--json').stdout);
  assert.ok(!off.candidates.some((c) => c.moe));
});

test('a qwen3_moe design launches on Megatron: the script parses in bash and carries the MoE flags', () => {
  const out = join(dir, 'megatron-moe');
  const options = { recipe: { moe: true, qk_norm: 'per_head' }, num_local_experts: 16, num_experts_per_tok: 4, first_dense_layers: 1,
    training: { engine: 'megatron' } };
  const r = run('design', '--tokenizer', join(repoRoot, 'tests/data/tokenizers/trainer_export'), '--scale', '1B-3B', '--gpus', '8',
    '--out', out, '--options', JSON.stringify(options));
  assert.equal(r.status, 0, r.stderr);
  const script = join(out, 'megatron_pretrain.sh');
  const bash = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  assert.equal(bash.status, 0, bash.stderr);
  const text = readFileSync(script, 'utf8');
  assert.match(text, /--num-experts 16/);
  assert.match(text, /--moe-router-topk 4/);
  assert.match(text, /--moe-layer-freq '\(\[0\]\*1\+\[1\]\*\d+\)'/);
  assert.match(text, /--qk-layernorm/);
});
