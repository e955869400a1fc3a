// The launch files the CLI writes, read back with real parsers of their formats (smol-toml, yaml,
// JSON, bash -n, Python's ast) and compared value by value with the plan (config.json and the
// design's JSON summary: its arrangement and training recipe).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from './reference.mjs';
import { scratchDir } from './scratch.mjs';

const cli = join(repoRoot, 'scripts', 'model-architect');
const fixture = join(repoRoot, 'tests', 'data', 'tokenizers', 'trainer_export');

function design(engine, extra = {}) {
  const out = scratchDir(`ma-launch-${engine}-`);
  const request = { scale: '1B-3B', gpus: 64, days: 14, ...extra, training: { gpu: 'H100-SXM', engine, ...(extra.training ?? {}) } };
  const r = spawnSync(cli, ['design', '--tokenizer', fixture, '--out', out, '--json', '--options', JSON.stringify(request)],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  const read = (name) => readFileSync(join(out, name), 'utf8');
  return { out, summary, recipe: summary.training_recipe, arrangement: summary.arrangement, config: JSON.parse(read('config.json')), read };
}

// Python's own parser: the keyword arguments of a call to `name` in the file, as JSON.
function pythonCallKeywords(file, name) {
  const code = `import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'id', None) == sys.argv[2]]
print(json.dumps({k.arg: ast.literal_eval(k.value) for k in calls[0].keywords}))`;
  const r = spawnSync('python3', ['-c', code, file, name], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('torchtitan: the TOML job config and the flavor parse, and every value is the plan', () => {
  const { out, recipe, arrangement, config, read } = design('torchtitan');
  const job = parseToml(read('torchtitan.toml'));
  assert.equal(job.model.name, 'llama3');
  assert.equal(job.training.steps, recipe.steps);
  assert.equal(job.training.seq_len, recipe.seq_len);
  assert.equal(job.training.global_batch_size, recipe.global_batch_sequences);
  assert.equal(job.training.local_batch_size, arrangement.micro_batch);
  assert.equal(job.training.max_norm, recipe.grad_clip);
  assert.equal(job.optimizer.lr, recipe.peak_lr);
  assert.equal(job.optimizer.beta2, recipe.beta2);
  assert.equal(job.optimizer.weight_decay, recipe.weight_decay);
  assert.equal(job.lr_scheduler.warmup_steps, recipe.warmup_steps);
  assert.equal(job.lr_scheduler.min_lr_factor, recipe.min_lr / recipe.peak_lr);
  assert.equal(job.parallelism.data_parallel_shard_degree, arrangement.dp);
  assert.equal(job.parallelism.tensor_parallel_degree, arrangement.tp);
  assert.equal(job.parallelism.pipeline_parallel_degree, arrangement.pp);
  assert.equal(job.checkpoint.interval, recipe.checkpoint_interval_steps);
  assert.equal(job.activation_checkpoint.mode, arrangement.recompute);
  // The flavor, run by Python with torchtitan's FeedForward formula (torchtitan/models/llama3/model/model.py, v0.2.2).
  const code = `import sys
source = open(sys.argv[1]).read().replace('from torchtitan.models.llama3.model.args import TransformerModelArgs', '')
class TransformerModelArgs:
    def __init__(self, **kw): self.__dict__.update(kw)
llama3_args = {}
exec(source)
a = llama3_args[sys.argv[2]]
hidden_dim = 4 * a.dim
hidden_dim = int(2 * hidden_dim / 3)
if getattr(a, 'ffn_dim_multiplier', None) is not None:
    hidden_dim = int(a.ffn_dim_multiplier * hidden_dim)
hidden_dim = a.multiple_of * ((hidden_dim + a.multiple_of - 1) // a.multiple_of)
print(a.dim, a.n_layers, a.n_heads, a.n_kv_heads, a.vocab_size, hidden_dim, a.rope_theta, a.norm_eps)`;
  const r = spawnSync('python3', ['-c', code, join(out, 'torchtitan_flavor.py'), job.model.flavor], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(' ').map(Number), [config.hidden_size, config.num_hidden_layers, config.num_attention_heads,
    config.num_key_value_heads, config.vocab_size, config.intermediate_size, config.rope_theta, config.rms_norm_eps]);
});

test('Megatron-LM: the launch script parses (bash -n), and its flags are the plan', () => {
  const { out, recipe, arrangement, config, read } = design('megatron', { run: { schedule: 'wsd' } });
  const r = spawnSync('bash', ['-n', join(out, 'megatron_pretrain.sh')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const flags = new Map();
  for (const line of read('megatron_pretrain.sh').split('\n')) {
    const m = /^ {2}(--[a-z0-9-]+)(?: (\S+))? \\?$/.exec(line);
    if (m) flags.set(m[1], m[2] ?? true);
  }
  const num = (f) => Number(flags.get(f));
  assert.equal(num('--num-layers'), config.num_hidden_layers);
  assert.equal(num('--hidden-size'), config.hidden_size);
  assert.equal(num('--ffn-hidden-size'), config.intermediate_size);
  assert.equal(num('--num-attention-heads'), config.num_attention_heads);
  assert.equal(num('--num-query-groups'), config.num_key_value_heads);
  assert.equal(num('--rotary-base'), config.rope_theta);
  assert.equal(num('--norm-epsilon'), config.rms_norm_eps);
  assert.equal(flags.get('--untie-embeddings-and-output-weights'), config.tie_word_embeddings ? undefined : true);
  for (const f of ['--swiglu', '--disable-bias-linear', '--bf16']) assert.equal(flags.get(f), true, f);
  assert.equal(flags.get('--normalization'), 'RMSNorm');
  assert.equal(num('--attention-dropout'), 0);
  assert.equal(num('--hidden-dropout'), 0);
  assert.equal(num('--tensor-model-parallel-size'), arrangement.tp);
  assert.equal(num('--pipeline-model-parallel-size'), arrangement.pp);
  assert.equal(num('--micro-batch-size'), arrangement.micro_batch);
  assert.equal(num('--global-batch-size'), recipe.global_batch_sequences);
  assert.equal(num('--train-iters'), recipe.steps);
  assert.equal(num('--lr'), recipe.peak_lr);
  assert.equal(num('--min-lr'), recipe.min_lr);
  assert.equal(num('--lr-warmup-iters'), recipe.warmup_steps);
  assert.equal(flags.get('--lr-decay-style'), 'WSD');
  assert.equal(num('--lr-wsd-decay-iters'), recipe.decay_steps);
  assert.equal(num('--seq-length'), recipe.seq_len);
  assert.equal(num('--save-interval'), recipe.checkpoint_interval_steps);
  assert.equal(flags.get('--tokenizer-type'), 'HuggingFaceTokenizer');
  // Megatron pads the tokenizer's vocabulary to a multiple of this x tp: the config's vocab_size.
  assert.equal(config.vocab_size % (num('--make-vocab-size-divisible-by') * arrangement.tp), 0);
  assert.match(read('megatron_pretrain.sh'), /torchrun --nproc_per_node "\$GPUS_PER_NODE" --nnodes "\$NNODES"/);
  assert.match(read('megatron_pretrain.sh'), /^NNODES=8$/m);
});

test('HF Trainer: the accelerate YAML, the DeepSpeed JSON and the TrainingArguments parse, and carry the plan', () => {
  const { out, recipe, arrangement, read } = design('hf');
  const accelerate = parseYaml(read('accelerate_config.yaml'));
  assert.equal(accelerate.num_processes, 64);
  assert.equal(accelerate.num_machines, 8);
  const sharded = arrangement.zero_stage;
  assert.equal(accelerate.distributed_type, sharded === 3 ? 'FSDP' : sharded > 0 ? 'DEEPSPEED' : 'MULTI_GPU');
  if (sharded === 1 || sharded === 2) {
    const ds = JSON.parse(read('ds_config.json'));
    assert.equal(ds.zero_optimization.stage, sharded);
    assert.equal(ds.bf16.enabled, arrangement.precision === 'mixed');
  }
  const args = pythonCallKeywords(join(out, 'training_args.py'), 'TrainingArguments');
  assert.equal(args.per_device_train_batch_size, arrangement.micro_batch);
  assert.equal(args.gradient_accumulation_steps, recipe.grad_accum);
  assert.equal(args.per_device_train_batch_size * args.gradient_accumulation_steps * accelerate.num_processes, recipe.global_batch_sequences);
  assert.equal(args.max_steps, recipe.steps);
  assert.equal(args.learning_rate, recipe.peak_lr);
  assert.equal(args.warmup_steps, recipe.warmup_steps);
  assert.equal(args.lr_scheduler_kwargs.min_lr_rate, recipe.min_lr / recipe.peak_lr);
  assert.equal(args.adam_beta2, recipe.beta2);
  assert.equal(args.max_grad_norm, recipe.grad_clip);
  assert.equal(args.save_steps, recipe.checkpoint_interval_steps);
  assert.equal(args.bf16, true);
});

test('a combination an engine cannot express is refused with the reason, and nothing is written for it', () => {
  const out = scratchDir('ma-launch-refused-');
  const request = { scale: '1B-3B', gpus: 8, run: { init_std: 0.006 }, training: { engine: 'torchtitan' } };
  const r = spawnSync(cli, ['design', '--tokenizer', fixture, '--out', out, '--options', JSON.stringify(request)], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /torchtitan\.toml not written: torchtitan initialises with its own init_weights/);
  assert.equal(existsSync(join(out, 'torchtitan.toml')), false);
  assert.equal(existsSync(join(out, 'capacity_plan.md')), true);
});
