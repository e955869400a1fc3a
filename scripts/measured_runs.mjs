// Published training runs as the core's memory options, predicted beside
// what was measured. The runs are read at run time from
// ../shared/reference/measured_training_runs.json and tests/data/measured_runs.json
// (runs we found ourselves, with their sources); nothing here copies a
// measurement. What the files say in words (the GPU, the checkpointing mode,
// the Megatron GPT's shape) is read into options here, in one place, so the
// Node test (tests/node/measured_runs.test.mjs) and the table script
// (scripts/engines_vs_measured.mjs) predict exactly the same setups.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'reference');
const GiB = 2 ** 30;
const MiB = 2 ** 20;

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

// The GPU a run names in words, as a catalog id.
function gpuId(run) {
  if (run.gpu_id) return run.gpu_id;
  if (/96 ?GB HBM2e/.test(run.gpu)) return 'H100-96GB';
  if (/RTX PRO 6000/.test(run.gpu)) return 'RTX-PRO-6000';
  if (/H100 80GB/.test(run.gpu)) return 'H100-SXM';
  throw new Error(`${run.id}: no catalog GPU for '${run.gpu}'`);
}

// A run's model as a config.json: a named reference model, HF keys (Llama-style), or the
// Megatron GPT the shared file describes in words (GPT-2 layout: LayerNorm, GeLU, learned
// positions, biases, tied embeddings; Megatron pads the vocabulary to 128 x tp).
function modelConfig(run) {
  if (run.config) return run.config;
  const like = run.config_like;
  if (typeof like === 'string') {
    const name = like.split(' ')[0];
    const model = read(join(shared, 'real_models.json')).models.find((m) => m.name === name);
    if (!model) throw new Error(`${run.id}: config_like names ${name}, which real_models.json does not hold`);
    return model.config;
  }
  if (like) return { model_type: 'llama', max_position_embeddings: 131072, rope_theta: 500000, ...like };
  const gpt = /(\d+) layers, hidden (\d+), (\d+) heads, ffn 4h GeLU, LayerNorm, learned positions, vocab (\d+)/.exec(run.model);
  if (!gpt) throw new Error(`${run.id}: cannot read a model from '${run.model}'`);
  const [layers, hidden, heads, vocab] = gpt.slice(1).map(Number);
  const multiple = 128 * run.tp;
  return {
    model_type: 'gpt2', n_layer: layers, n_embd: hidden, n_head: heads, n_inner: 4 * hidden, n_positions: run.seq_len,
    vocab_size: Math.ceil(vocab / multiple) * multiple, activation_function: 'gelu', tie_word_embeddings: true,
  };
}

// "selective, op" / "full" / "full, uniform, 1 layer" as recompute options.
function checkpointing(text) {
  if (text.startsWith('selective')) return { recompute: 'selective', ...(text.includes('op') ? { selective_ac: 'op' } : {}) };
  if (text.startsWith('full')) {
    const layers = /(\d+) layer/.exec(text);
    return { recompute: 'full', ...(text.includes('uniform') ? { recompute_method: 'uniform' } : {}), ...(layers ? { recompute_layers: Number(layers[1]) } : {}) };
  }
  return { recompute: 'none' };
}

// The core's memory options for one run (and one of its variants).
function options(run, variant) {
  const training = { engine: run.engine, gpu: gpuId(run), seq_len: run.seq_len, tp: run.tp, pp: run.pp, ...checkpointing(run.activation_checkpoint) };
  if (run.engine === 'torchtitan') {
    Object.assign(training, { dp: run.dp_shard, cp: run.cp ?? 1, compile: run.compile, float8: run.float8, async_tp: Boolean(run.async_tp) });
    // torchtitan splits the local batch into pp micro-batches by default (pipeline_parallel_microbatches).
    const microbatches = run.pp > 1 ? (run.microbatches ?? run.pp) : 1;
    Object.assign(training, { micro_batch: run.local_batch / microbatches, grad_accum: microbatches });
    if (run.pipeline_schedule === 'Interleaved1F1B') training.vpp = run.vpp ?? 2;
  } else if (run.engine === 'megatron') {
    Object.assign(training, { dp: run.dp, micro_batch: run.micro_batch, grad_accum: run.global_batch / (run.micro_batch * run.dp) });
    training.zero_stage = run.distributed_optimizer ? 1 : 0;
    if (/local/.test(run.transformer_impl ?? '')) Object.assign(training, { transformer_impl: 'local', attention: 'fused' });
    training.dropout = run.dropout ?? 0.1;  // Megatron's --hidden-dropout / --attention-dropout default
  } else {
    Object.assign(training, { dp: run.dp, micro_batch: run.micro_batch, grad_accum: run.grad_accum, zero_stage: run.zero_stage });
  }
  if (variant === 'compile') training.compile = true;
  if (variant === 'compile+float8') Object.assign(training, { compile: true, float8: true });
  if (variant === 'async_tp') training.async_tp = true;
  Object.assign(training, run.options ?? {});
  return { training };
}

// The measured peak in bytes and which counter it is.
function measuredMemory(run, values) {
  if (values.measured_peak_gib !== undefined) return { bytes: values.measured_peak_gib * GiB, counter: 'reserved' };
  if (values.measured_peak_mb_stage0) return { bytes: values.measured_peak_mb_stage0.max_reserved * MiB, counter: 'reserved' };
  if (values.measured_peak_gb !== undefined) return { bytes: values.measured_peak_gb * GiB, counter: 'unknown' };
  return null;
}

// A run that publishes TFLOP/s per GPU: tokens/s with Megatron's model-FLOPs formula
// (Narayanan et al. 2021 eq. 3 without recompute: 72 L h^2 + 12 L h s + 6 V h per token).
function tokensFromTflops(run, values) {
  if (values.per_gpu_tflops === undefined) return null;
  const { n_layer: L, n_embd: h, vocab_size: V } = run.config;
  return (values.per_gpu_tflops * 1e12) / (72 * L * h * h + 12 * L * h * run.seq_len + 6 * V * h);
}

// Every run and variant: {id, engine, source, reference_only, why, config, options, memory, tokens_per_s}.
export function measuredRuns() {
  const files = [join(shared, 'measured_training_runs.json'), join(root, 'tests', 'data', 'measured_runs.json')].filter(existsSync);
  const out = [];
  const corrections = files.flatMap((f) => read(f).corrections ?? []);
  for (const file of files) {
    for (const stated of read(file).runs) {
      const fix = corrections.find((c) => c.id === stated.id);
      // A run whose log contradicts its stated setup: shown as stated (not asserted) and as the log ran.
      const readings = fix ? [{ ...stated, reference_only: true, reference_only_why: `the stated setup contradicts the run's log: ${fix.why}` },
        { ...stated, ...fix.set, id: `${stated.id} (${fix.label})`, note: fix.why }] : [stated];
      for (const run of readings) {
      const variants = [[null, run], ...Object.entries(run.also ?? {})];
      for (const [variant, values] of variants) {
        const modelled = ['torchtitan', 'megatron', 'hf'].includes(run.engine);
        out.push({
          id: variant ? `${run.id} (${variant})` : run.id,
          file: file.includes('shared') ? 'shared' : 'tests/data',
          engine: run.engine,
          source: run.source,
          reference_only: Boolean(run.reference_only) || !modelled,
          why: run.reference_only_why ?? (modelled ? run.note ?? '' : `engine ${run.engine} is not modelled`),
          config: modelled ? modelConfig(run) : null,
          options: modelled ? options(run, variant) : null,
          memory: measuredMemory(run, values),
          tokens_per_s: values.tokens_per_s_per_gpu ?? tokensFromTflops(run, values),
        });
      }
      }
    }
  }
  return out;
}

// The core's prediction for a run: reserved and allocated bytes, tokens/s per GPU.
export function predict(engine, run) {
  const result = JSON.parse(engine.estimateMemory(JSON.stringify(run.config), `${run.id}.json`, JSON.stringify(run.options), 'json'));
  return { reserved: result.training.reserved_bytes, allocated: result.training.allocated_bytes, tokens_per_s: result.training.tokens_per_s_per_gpu ?? null };
}
