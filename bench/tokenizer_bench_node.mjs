// Reads the same tokenizer files through the wasm core under Node and times
// JSON.parse of the same text, printing one line per figure.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadEngine } from '../wasm/load_node.mjs';

const [runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg);
const files = paths.map((p) => ({ name: basename(p), bytes: readFileSync(p) }));
const megabytes = files.reduce((s, f) => s + f.bytes.length, 0) / 1e6;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const engine = await loadEngine();
const wasmMemoryBefore = engine.wasmMemoryBytes();
const wasmTimes = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  engine.readTokenizer(files, 'json', 0);
  wasmTimes.push(performance.now() - t0);
}
const wasmMemoryAfter = engine.wasmMemoryBytes();

const tokenizerJson = files.find((f) => f.name === 'tokenizer.json');
const parseTimes = [];
if (tokenizerJson) {
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    JSON.parse(tokenizerJson.bytes.toString('utf8'));
    parseTimes.push(performance.now() - t0);
  }
}
console.log(`wasm readTokenizer (Node ${process.versions.node}): ${median(wasmTimes).toFixed(1)} ms median of ${runs} (${megabytes.toFixed(1)} MB)`);
console.log(`wasm memory: ${(wasmMemoryBefore / 1e6).toFixed(1)} MB before, ${(wasmMemoryAfter / 1e6).toFixed(1)} MB after (growth ${((wasmMemoryAfter - wasmMemoryBefore) / 1e6).toFixed(1)} MB)`);
if (tokenizerJson) {
  console.log(`JSON.parse of tokenizer.json (decode + parse): ${median(parseTimes).toFixed(1)} ms median of ${runs}`);
  console.log(`ratio wasm / JSON.parse: ${(median(wasmTimes) / median(parseTimes)).toFixed(2)}`);
}
