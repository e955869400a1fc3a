// Command-line entry: the same wasm core as the page, run under Node.
// Reads files, forwards bytes to the core, prints exactly what it returns.
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
