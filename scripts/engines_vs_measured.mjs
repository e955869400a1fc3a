#!/usr/bin/env node
// Prints predicted against measured for every published run (scripts/measured_runs.mjs reads them):
// peak memory as torch.cuda.max_memory_reserved and tokens/s per GPU. `--markdown` prints the table
// docs/engines.md shows. Run: node scripts/engines_vs_measured.mjs [--markdown]
import { loadEngine } from '../wasm/load_node.mjs';
import { measuredRuns, predict } from './measured_runs.mjs';

const GiB = 2 ** 30;
const markdown = process.argv.includes('--markdown');
const engine = await loadEngine();
const pct = (p, m) => `${p / m - 1 >= 0 ? '+' : ''}${((p / m - 1) * 100).toFixed(1)}%`;

const rows = [];
for (const run of measuredRuns()) {
  const row = { id: run.id, engine: run.engine, file: run.file, status: run.reference_only ? `shown only: ${run.why}` : 'asserted' };
  if (run.options) {
    const p = predict(engine, run);
    row.memory = run.memory ? `${(p.reserved / GiB).toFixed(1)} / ${(run.memory.bytes / GiB).toFixed(1)} GiB (${pct(p.reserved, run.memory.bytes)})` : '—';
    row.tps = run.tokens_per_s ? `${p.tokens_per_s.toFixed(0)} / ${run.tokens_per_s.toFixed(0)} (${pct(p.tokens_per_s, run.tokens_per_s)})` : '—';
  } else {
    row.memory = row.tps = 'not modelled';
  }
  rows.push(row);
}

if (markdown) {
  console.log('| run | engine | from | peak reserved, predicted / measured | tokens/s per GPU, predicted / measured | test |');
  console.log('|---|---|---|---|---|---|');
  const short = (t) => (t.length > 150 ? `${t.slice(0, 147)}…` : t).replace(/\|/g, '/');
  for (const r of rows) console.log(`| ${r.id} | ${r.engine} | ${r.file} | ${r.memory} | ${r.tps} | ${short(r.status)} |`);
} else {
  for (const r of rows) console.log(`${r.id}\n  memory ${r.memory}; tokens/s ${r.tps}; ${r.status}`);
}
