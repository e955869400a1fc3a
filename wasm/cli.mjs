// Command-line entry: the same wasm core as the page, run under Node.
// Reads files, forwards bytes to the core, prints exactly what it returns.
// The `memory` and `design` flags, their values and `--help` come from the
// core's option schema (describeOptions); only the file arguments are here.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadEngine } from './load_node.mjs';
import { summaryOfCorpus } from './engine_api.mjs';

class UsageError extends Error {}

// How corpus sample files hold their documents (the corpus command and design --corpus).
const SAMPLE_ARGS = {
  field: ['NAME', 'the text field of .jsonl lines (default text)'],
  'txt-split': ['file|blank-lines', '.txt: one document per file (default) or documents separated by blank lines'],
};

// Arguments every command takes beside the schema's options: name -> [metavar ('' for a flag), help].
const COMMANDS = {
  count: { args: { config: ['PATH', 'a Hugging Face config.json'], json: ['', 'print JSON'] },
    about: 'exact parameter count of a Hugging Face config.json' },
  tokenizer: { args: { dir: ['DIR', 'the tokenizer files'], json: ['', 'print JSON'],
    context: ['N', 'check this context length against the tokenizer files'] },
  about: 'tokenizer facts from a tokenizer folder' },
  memory: { args: { config: ['PATH', 'a Hugging Face config.json'], json: ['', 'print JSON'],
    options: ['JSON', 'all options as one object (keys as in brackets below)'] },
  schema: 'memory', about: 'training and inference memory, checkpoints, compute and the fit search' },
  design: { args: { tokenizer: ['DIR', 'your trained tokenizer'], out: ['DIR', 'where the deliverables are written'],
    corpus: ['FILE...', 'corpus sample files (.txt, .jsonl) tokenized for the context checks and, with --corpus-bytes, tokens available'],
    ...SAMPLE_ARGS, json: ['', 'print the summary as JSON'], options: ['JSON', 'the whole request as one object (keys as in brackets below)'] },
  schema: 'design', about: 'candidates, recommendation and the deliverables' },
  corpus: { args: { tokenizer: ['DIR', 'the tokenizer folder (its tokenizer.json tokenizes)'],
    files: ['FILE...', 'corpus sample files: .txt or .jsonl'], ...SAMPLE_ARGS,
    context: ['N', 'check this context length against the sample'], json: ['', 'print JSON (with tokens_per_document)'] },
  schema: 'design', schemaPaths: ['corpus_bytes', 'corpus_documents'],
  about: 'tokenize a corpus sample exactly as HF tokenizers does: lengths, bytes per token, tokens of the full corpus' },
  gpus: { args: { json: ['', 'print JSON'] }, about: 'the GPU catalog' },
  families: { args: { json: ['', 'print JSON'] }, about: 'the supported architectures and their HF defaults' },
};

// The schema's options a command takes, by flag.
function schemaFlags(options, command) {
  const flags = {};
  for (const o of options) if (o.commands.includes(command)) flags[o.flag] = o;
  return flags;
}

// A command's schema flags: all of its schema's, or those at its schemaPaths.
function commandFlags(options, name) {
  const c = COMMANDS[name];
  if (!c.schema) return {};
  const flags = schemaFlags(options, c.schema);
  if (!c.schemaPaths) return flags;
  return Object.fromEntries(Object.entries(flags).filter(([, o]) => c.schemaPaths.includes(o.path)));
}

function describeValue(o) {
  if (o.type === 'flag') return '';
  if (o.type === 'config') return ' PATH';
  if (o.type === 'choice' || o.type === 'gpu') return ` ${o.choices.map((c) => c.name).join('|')}`;
  return o.type === 'integer' ? ' N' : ' X';
}

export function usage(options) {
  const lines = ['usage: model-architect <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) {
    lines.push(`  ${name}: ${c.about}`);
    for (const [arg, [metavar, help]] of Object.entries(c.args)) lines.push(`      --${arg}${metavar ? ' ' + metavar : ''}  ${help}`);
    if (!c.schema) continue;
    const bySection = new Map();
    for (const o of Object.values(commandFlags(options, name))) bySection.set(o.section, [...(bySection.get(o.section) ?? []), o]);
    for (const [section, list] of bySection) {
      lines.push(`    ${section}:`);
      for (const o of list) {
        const fallback = o.default[c.schema];
        const unset = o.unset[c.schema];
        const notes = [fallback !== null && fallback !== undefined ? `default ${JSON.stringify(fallback)}` : '', unset ? `unset: ${unset}` : '']
          .filter(Boolean).join('; ');
        lines.push(`      --${o.flag}${describeValue(o)}  ${o.help} [${o.path}]${notes ? ` (${notes})` : ''}`);
      }
    }
  }
  lines.push('', 'A boolean option --x is turned off with --no-x. Errors go to stderr with a non-zero exit status.');
  return lines.join('\n');
}

// Parses `--name value`, `--flag` and `--no-flag` against {name: 'value'|'flag'}.
export function parseArguments(args, spec) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    let name = arg.slice(2);
    const negated = name.startsWith('no-') && spec[name.slice(3)] === 'flag';
    if (negated) name = name.slice(3);
    if (!(name in spec)) throw new UsageError(`unknown option '${arg}'`);
    if (spec[name] === 'flag') {
      options[name] = !negated;
    } else if (spec[name] === 'list') {
      const values = [];
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) values.push(args[++i]);
      if (!values.length) throw new UsageError(`option '${arg}' needs at least one value`);
      options[name] = [...(options[name] ?? []), ...values];
    } else {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`option '${arg}' needs a value`);
      options[name] = args[++i];
    }
  }
  return options;
}

function requireFile(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`${path}: no such file`);
  }
  if (!stat.isFile()) throw new Error(`${path}: not a regular file`);
  return stat;
}

function readInputFile(path) {
  requireFile(path);
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

// Tokenizes sample files (paths) with the tokenizer files; returns corpusFinish's body.
function tokenizeCorpus(engine, tokenizerFiles, paths, o, format, request = {}) {
  const split = { file: 'file', 'blank-lines': 'blank_lines' }[o['txt-split'] ?? 'file'];
  if (!split) throw new UsageError(`--txt-split must be file or blank-lines, got '${o['txt-split']}'`);
  const { session } = engine.corpusOpen(tokenizerFiles, { field: o.field ?? 'text', txt_split: split });
  try {
    for (const path of paths) feedFile(engine, session, path);
    return engine.corpusFinish(session, format, request);
  } finally {
    engine.corpusClose(session);
  }
}


// Streams one sample file to the core in 4 MiB chunks (a sample may be larger than memory allows).
function feedFile(engine, session, path) {
  const stat = requireFile(path);
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    let offset = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, offset);
      offset += n;
      const last = n === 0 || offset >= stat.size;
      engine.corpusFeed(session, basename(path), buffer.subarray(0, n), last);
      if (last) break;
    }
  } finally {
    closeSync(fd);
  }
}

function positiveInteger(value, option) {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${option} must be a positive integer, got '${value}'`);
  return Number(value);
}

function parseJsonObject(text, flag) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON: ${err.message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${flag} must be a JSON object`);
  return value;
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

// The core's options object from --options and the schema's flags; the core validates ranges and names.
export function optionsFromFlags(o, flags) {
  const request = o.options === undefined ? {} : parseJsonObject(o.options, '--options');
  for (const [flag, info] of Object.entries(flags)) {
    if (o[flag] === undefined) continue;
    let value = o[flag];
    if (info.type === 'integer' || info.type === 'positive' || info.type === 'fraction') {
      if (!NUMBER.test(value)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
      value = Number(value);
    } else if (info.type === 'config') {
      const text = readInputFile(value).toString('utf8');
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new Error(`${value}: not valid JSON: ${err.message}`);
      }
    }
    const path = info.path.split('.');
    let target = request;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {});
    target[path.at(-1)] = value;
  }
  return request;
}

// The command's argument spec: its own arguments plus the schema's flags.
function argumentSpec(command, flags) {
  const spec = {};
  for (const [arg, [metavar]] of Object.entries(COMMANDS[command].args))
    spec[arg] = !metavar ? 'flag' : metavar.endsWith('...') ? 'list' : 'value';
  for (const [flag, info] of Object.entries(flags)) spec[flag] = info.type === 'flag' ? 'flag' : 'value';
  return spec;
}

const commands = {
  async count(engine, o) {
    if (!o.config) throw new UsageError('count needs --config PATH');
    return engine.countParams(readInputFile(o.config), basename(o.config), o.json ? 'json' : 'text');
  },
  async tokenizer(engine, o) {
    if (!o.dir) throw new UsageError('tokenizer needs --dir DIR');
    const context = o.context === undefined ? 0 : positiveInteger(o.context, '--context');
    return engine.readTokenizer(readTokenizerDir(engine, o.dir), o.json ? 'json' : 'text', context);
  },
  async memory(engine, o, flags) {
    if (!o.config) throw new UsageError('memory needs --config PATH');
    return engine.estimateMemory(readInputFile(o.config), basename(o.config), optionsFromFlags(o, flags), o.json ? 'json' : 'text');
  },
  async design(engine, o, flags) {
    if (!o.tokenizer) throw new UsageError('design needs --tokenizer DIR (the folder of your trained tokenizer)');
    if (!o.out) throw new UsageError('design needs --out DIR for config.json and the two reports');
    const files = readTokenizerDir(engine, o.tokenizer);
    if (files.length === 0)
      throw new Error(`${o.tokenizer}: no tokenizer files (expected tokenizer.json, tokenizer_config.json, special_tokens_map.json, ` +
        'vocab.json + merges.txt, vocab.txt or tokenizer.model): config.json needs the vocabulary size and special token ids');
    const request = optionsFromFlags(o, flags);
    // With a sample, the design runs on the page's path: the state carries the sample's statistics.
    const result = o.corpus
      ? JSON.parse(engine.designState(files, { request, tokenizer: null, corpus: summaryOfCorpus(JSON.parse(tokenizeCorpus(engine, files, o.corpus, o, 'json'))) }))
      : JSON.parse(engine.design(files, request));
    mkdirSync(o.out, { recursive: true });
    const written = {};
    const missing = [];
    for (const file of result.files) {
      if (file.text === null) { missing.push(`${file.name} not written: ${file.error}`); continue; }
      const path = join(o.out, file.name);
      writeFileSync(path, file.text);
      written[file.name] = path;
    }
    if (missing.length) throw new Error(`${missing.join('; ')} (the other files were written to ${o.out})`);
    if (o.json) return JSON.stringify({ ...result.summary, files: written }, null, 2) + '\n';
    const s = result.summary;
    const lines = s.candidates.map((c) => `  ${c.label}${c.label === s.recommended ? ' (recommended)' : ''} ${c.kind}: ` +
      `${c.total_params.toLocaleString('en-US')} parameters, loss ~${c.estimated_loss.toFixed(3)}, ${c.failed} constraint(s) failed`);
    return [`${s.model_type}, ${s.scale}: ${s.candidates.length} candidates`, ...lines, '', s.rationale, '',
      ...Object.values(written).map((p) => `wrote ${p}`)].join('\n') + '\n';
  },
  async corpus(engine, o, flags) {
    if (!o.tokenizer) throw new UsageError('corpus needs --tokenizer DIR (the folder with tokenizer.json)');
    if (!o.files) throw new UsageError('corpus needs --files FILE... (.txt or .jsonl)');
    const request = optionsFromFlags(o, flags);
    if (o.context !== undefined) request.context = positiveInteger(o.context, '--context');
    return tokenizeCorpus(engine, readTokenizerDir(engine, o.tokenizer), o.files, o, o.json ? 'json' : 'text', request);
  },
  async gpus(engine) { return engine.listGpus(); },
  async families(engine) { return engine.listFamilies(); },
};

export async function main(argv) {
  const [command, ...args] = argv;
  let engine = null;
  let options = [];
  const load = async () => {
    engine ??= await loadEngine();
    options = JSON.parse(engine.describeOptions());
  };
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      await load();
      process.stdout.write(usage(options) + '\n');
      return command ? 0 : 2;
    }
    if (!(command in commands)) throw new UsageError(`unknown command '${command}'`);
    await load();
    const flags = commandFlags(options, command);
    const o = parseArguments(args, argumentSpec(command, flags));
    process.stdout.write(await commands[command](engine, o, flags));
    return 0;
  } catch (err) {
    process.stderr.write(`model-architect: ${err.message}\n`);
    if (err instanceof UsageError) process.stderr.write(`run 'model-architect --help' for the commands and options\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
