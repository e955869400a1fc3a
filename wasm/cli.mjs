// Command-line entry: the same wasm core as the page, run under Node.
// Reads files, forwards bytes to the core, prints exactly what it returns.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadEngine } from './load_node.mjs';

const USAGE = `usage: model-architect <command> [options]

commands:
  count --config PATH [--json]   exact parameter count of a Hugging Face config.json
  tokenizer --dir DIR [--json] [--context N]
                                 tokenizer facts from a tokenizer folder; with --context,
                                 check that context length against the tokenizer's files
  memory --config PATH [options] [--json]
                                 training/inference memory, checkpoints and compute; options:
      training:  --micro-batch N --seq-len N --optimizer adamw|adam8bit|adafactor|sgd|lion
                 --precision fp32|mixed|amp|bf16 --grad-dtype bf16|fp32 --recompute none|selective|full
                 --attention eager|fused|flash --dropout P --zero 0-3 --dp N --tp N --pp N
                 --sequence-parallel --grad-accum N --gpu ID --overhead-gib G --fragmentation F
      inference: --infer-dtype fp32|bf16|fp16|int8|int4 --kv-dtype bf16|fp8|... --infer-batch N
                 --context N --prompt N
      compute:   --tokens N --mfu F --gpus N --price USD_PER_GPU_HOUR
      fit:       --fit-max-gpus N   smallest arrangement that fits
      --options JSON               the same as one JSON object (see docs/formulas.md)
  design --tokenizer DIR (--scale 100M|300M-700M|1B-3B|7B+ | --params N | --target-loss L)
         --out DIR [--json] [options]
                                 candidates, recommendation and the three deliverables; options:
      budget:    --gpu ID --gpus N --days D | --gpu-hours H | --flops F | --budget-usd X --price P
                 --tokens-available N --mfu F
      latency:   --min-decode-tps N --max-ttft-ms N --latency-batch N --prompt-tokens N
      shape:     --context N --vocab-multiple N --attention gqa|mha|mqa --mlp swiglu|geglu|gelu
                 --norm rmsnorm|layernorm --positions rope|learned --bias none|qkv|attention|all
                 --qk-norm none|per_head|full --tied --sliding-window N --moe --experts N --experts-per-token N
                 --parallel-residual --fused-projections
      training:  --precision, --optimizer, --micro-batch, --seq-len, --recompute, --attention-kernel
      --options JSON               the same as one JSON object (see docs/design.md)
  gpus [--json]                  the GPU catalog
  families [--json]              the supported architectures and their HF defaults

Errors go to stderr with a non-zero exit status.`;

class UsageError extends Error {}

// Parses `--name value` and `--flag` options against a spec {name: 'value'|'flag'}.
export function parseOptions(args, spec) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const name = arg.slice(2);
    if (!(name in spec)) throw new UsageError(`unknown option '${arg}'`);
    if (spec[name] === 'flag') {
      options[name] = true;
    } else {
      if (i + 1 >= args.length || args[i + 1].startsWith('--'))
        throw new UsageError(`option '${arg}' needs a value`);
      options[name] = args[++i];
    }
  }
  return options;
}

function readInputFile(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`${path}: no such file`);
  }
  if (!stat.isFile()) throw new Error(`${path}: not a regular file`);
  return readFileSync(path);  // bytes: the core checks UTF-8 and JSON itself
}

// Reads the files of DIR the core recognizes (never unrelated large files such as weights).
function readTokenizerDir(engine, dir) {
  let names;
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
    names = readdirSync(dir);
  } catch {
    throw new Error(`${dir}: no such directory`);
  }
  return names.sort()
    .filter((name) => engine.isTokenizerInputName(name) && statSync(join(dir, name)).isFile())
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

function positiveInteger(value, option) {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${option} must be a positive integer, got '${value}'`);
  return Number(value);
}

// CLI flag -> [options group, key, kind]
const MEMORY_FLAGS = {
  'micro-batch': ['training', 'micro_batch', 'int'], 'seq-len': ['training', 'seq_len', 'int'],
  optimizer: ['training', 'optimizer', 'str'], precision: ['training', 'precision', 'str'],
  'grad-dtype': ['training', 'grad_dtype', 'str'], recompute: ['training', 'recompute', 'str'],
  attention: ['training', 'attention', 'str'], dropout: ['training', 'dropout', 'num'],
  zero: ['training', 'zero_stage', 'int'], dp: ['training', 'dp', 'int'], tp: ['training', 'tp', 'int'],
  pp: ['training', 'pp', 'int'], 'sequence-parallel': ['training', 'sequence_parallel', 'flag'],
  'grad-accum': ['training', 'grad_accum', 'int'], gpu: ['training', 'gpu', 'str'],
  'overhead-gib': ['training', 'overhead_gib', 'num'], fragmentation: ['training', 'fragmentation', 'num'],
  'infer-dtype': ['inference', 'weight_dtype', 'str'], 'kv-dtype': ['inference', 'kv_dtype', 'str'],
  'infer-batch': ['inference', 'batch', 'int'], context: ['inference', 'context', 'int'],
  prompt: ['inference', 'prompt', 'int'], tokens: ['compute', 'tokens', 'num'], mfu: ['compute', 'mfu', 'num'],
  gpus: ['compute', 'gpus', 'int'], price: ['compute', 'price_per_gpu_hour', 'num'],
  'fit-max-gpus': [null, 'fit_max_gpus', 'int'],
};

// Builds the core's options object from flags; the core validates ranges and names.
export function memoryOptions(o) {
  let options = {};
  if (o.options !== undefined) {
    try {
      options = JSON.parse(o.options);
    } catch (err) {
      throw new UsageError(`--options is not valid JSON: ${err.message}`);
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw new UsageError('--options must be a JSON object');
  }
  for (const [flag, [group, key, kind]] of Object.entries(MEMORY_FLAGS)) {
    if (o[flag] === undefined) continue;
    let value = o[flag];
    if (kind === 'int' || kind === 'num') {
      if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(value)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
      value = Number(value);
    }
    if (group === null) options[key] = value;
    else (options[group] ??= {})[key] = value;
  }
  return options;
}

// design flag -> [path in the request, kind]
const DESIGN_FLAGS = {
  scale: [['scale'], 'str'], params: [['params'], 'num'], 'target-loss': [['target_loss'], 'num'],
  gpu: [['training', 'gpu'], 'str'], gpus: [['gpus'], 'int'], days: [['days'], 'num'], 'gpu-hours': [['gpu_hours'], 'num'],
  flops: [['flops'], 'num'], 'budget-usd': [['money'], 'num'], price: [['price_per_gpu_hour'], 'num'],
  'tokens-available': [['tokens_available'], 'num'], mfu: [['mfu'], 'num'],
  'min-decode-tps': [['min_decode_tokens_per_s'], 'num'], 'max-ttft-ms': [['max_ttft_ms'], 'num'],
  'latency-batch': [['latency_batch'], 'int'], 'prompt-tokens': [['prompt_tokens'], 'int'],
  context: [['context'], 'int'], 'vocab-multiple': [['vocab_multiple'], 'int'],
  attention: [['recipe', 'attention'], 'str'], mlp: [['recipe', 'mlp'], 'str'], norm: [['recipe', 'norm'], 'str'],
  positions: [['recipe', 'positions'], 'str'], bias: [['recipe', 'bias'], 'str'], 'qk-norm': [['recipe', 'qk_norm'], 'str'],
  tied: [['recipe', 'tied'], 'flag'], 'sliding-window': [['sliding_window'], 'int'], moe: [['recipe', 'moe'], 'flag'],
  experts: [['num_local_experts'], 'int'], 'experts-per-token': [['num_experts_per_tok'], 'int'],
  'parallel-residual': [['recipe', 'parallel_residual'], 'flag'], 'fused-projections': [['recipe', 'fused_projections'], 'flag'],
  precision: [['training', 'precision'], 'str'], optimizer: [['training', 'optimizer'], 'str'],
  'micro-batch': [['training', 'micro_batch'], 'int'], 'seq-len': [['training', 'seq_len'], 'int'],
  recompute: [['training', 'recompute'], 'str'], 'attention-kernel': [['training', 'attention'], 'str'],
};

function parseJsonOption(text, flag) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON: ${err.message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${flag} must be a JSON object`);
  return value;
}

function flagValue(flag, kind, value) {
  if (kind === 'flag') return true;
  if (kind === 'int' || kind === 'num') {
    if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(value)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
    return Number(value);
  }
  return value;
}

// The core's design request from flags; the core validates ranges and names.
export function designRequest(o) {
  const request = o.options === undefined ? {} : parseJsonOption(o.options, '--options');
  for (const [flag, [path, kind]] of Object.entries(DESIGN_FLAGS)) {
    if (o[flag] === undefined) continue;
    let target = request;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {});
    target[path.at(-1)] = flagValue(flag, kind, o[flag]);
  }
  if (o.sliding_window !== undefined) (request.recipe ??= {}).sliding_window = true;
  if (request.sliding_window !== undefined) (request.recipe ??= {}).sliding_window = true;
  return request;
}

const commands = {
  async count(engine, args) {
    const o = parseOptions(args, { config: 'value', json: 'flag' });
    if (!o.config) throw new UsageError('count needs --config PATH');
    const bytes = readInputFile(o.config);
    return engine.countParams(bytes, basename(o.config), o.json ? 'json' : 'text');
  },
  async tokenizer(engine, args) {
    const o = parseOptions(args, { dir: 'value', json: 'flag', context: 'value' });
    if (!o.dir) throw new UsageError('tokenizer needs --dir DIR');
    const context = o.context === undefined ? 0 : positiveInteger(o.context, '--context');
    return engine.readTokenizer(readTokenizerDir(engine, o.dir), o.json ? 'json' : 'text', context);
  },
  async memory(engine, args) {
    const spec = { config: 'value', json: 'flag', options: 'value' };
    for (const [flag, [, , kind]] of Object.entries(MEMORY_FLAGS)) spec[flag] = kind === 'flag' ? 'flag' : 'value';
    const o = parseOptions(args, spec);
    if (!o.config) throw new UsageError('memory needs --config PATH');
    const bytes = readInputFile(o.config);
    return engine.estimateMemory(bytes, basename(o.config), memoryOptions(o), o.json ? 'json' : 'text');
  },
  async design(engine, args) {
    const spec = { tokenizer: 'value', out: 'value', json: 'flag', options: 'value' };
    for (const [flag, [, kind]] of Object.entries(DESIGN_FLAGS)) spec[flag] = kind === 'flag' ? 'flag' : 'value';
    const o = parseOptions(args, spec);
    if (!o.tokenizer) throw new UsageError('design needs --tokenizer DIR (the folder of your trained tokenizer)');
    if (!o.out) throw new UsageError('design needs --out DIR for config.json and the two reports');
    const files = readTokenizerDir(engine, o.tokenizer);
    if (files.length === 0)
      throw new Error(`${o.tokenizer}: no tokenizer files (expected tokenizer.json, tokenizer_config.json, special_tokens_map.json, ` +
        'vocab.json + merges.txt, vocab.txt or tokenizer.model): config.json needs the vocabulary size and special token ids');
    const result = JSON.parse(engine.design(files, designRequest(o)));
    mkdirSync(o.out, { recursive: true });
    const written = {};
    for (const [name, text] of Object.entries(result.files)) {
      if (text === null) continue;
      const path = join(o.out, name);
      writeFileSync(path, text);
      written[name] = path;
    }
    if (result.config_error) throw new Error(`config.json not written: ${result.config_error} (the reports were written to ${o.out})`);
    if (o.json) return JSON.stringify({ ...result.summary, files: written }, null, 2) + '\n';
    const s = result.summary;
    const lines = s.candidates.map((c) => `  ${c.label}${c.label === s.recommended ? ' (recommended)' : ''} ${c.kind}: ` +
      `${c.total_params.toLocaleString('en-US')} parameters, loss ~${c.estimated_loss.toFixed(3)}, ${c.failed} constraint(s) failed`);
    return [`${s.model_type}, ${s.scale}: ${s.candidates.length} candidates`, ...lines, '', s.rationale, '',
      ...Object.values(written).map((p) => `wrote ${p}`)].join('\n') + '\n';
  },
  async gpus(engine, args) {
    parseOptions(args, { json: 'flag' });
    return engine.listGpus();
  },
  async families(engine, args) {
    parseOptions(args, { json: 'flag' });
    return engine.listFamilies();
  },
};

export async function main(argv) {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  try {
    if (!(command in commands)) throw new UsageError(`unknown command '${command}'`);
    const engine = await loadEngine();
    process.stdout.write(await commands[command](engine, args));
    return 0;
  } catch (err) {
    process.stderr.write(`model-architect: ${err.message}\n`);
    if (err instanceof UsageError) process.stderr.write(USAGE + '\n');
    return err instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
