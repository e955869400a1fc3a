// Drives headless Chromium against the built site and prints one line per
// figure: reading a tokenizer.json through the page's File API path beside
// JSON.parse of the same text in the same page, wasm memory growth, a full
// recompute after one input change (core alone, and until the page has
// repainted), first-visit transfer size and time to the first rendered design.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { openSite, repoRoot } from '../tests/browser/harness.mjs';

const tokenizerDir = process.argv[2] ?? join(repoRoot, 'node_modules', '@lenml', 'tokenizer-gemma3', 'models');
const runs = Number(process.argv[3] ?? 5);
const site = await openSite();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// First visit: transfer size (gzip, what a static host serves) and time to the first design.
const siteDir = join(repoRoot, 'build', 'site');
const firstVisit = ['index.html', 'style.css', 'icon.svg', 'manifest.webmanifest', 'app.js', 'dom.js', 'engine.js', 'engine_api.mjs',
  'form.js', 'render.js', 'tokenizer_files.js', 'model_architect.mjs', 'model_architect.wasm', 'sw.js']
  .filter((f) => readdirSync(siteDir).includes(f));
const gzipped = firstVisit.reduce((sum, f) => sum + gzipSync(readFileSync(join(siteDir, f)), { level: 9 }).length, 0);
console.log(`first visit: ${firstVisit.length} assets, ${(gzipped / 1024).toFixed(0)} KiB gzipped`);
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await site.browser.newContext();
  const page = await site.newPage(context);
  const t0 = Date.now();
  await page.goto(`${site.origin}/`);
  await page.waitForSelector('#candidates th.recommended');
  times.push(Date.now() - t0);
  await context.close();
}
console.log(`time to first rendered design (localhost, fresh context): ${median(times)} ms median of ${runs}`);

const page = await site.newPage();
await page.goto(`${site.origin}/`);
await page.waitForSelector('#candidates th.recommended');

// A full recompute after one input change: the core alone, and until the next frame after rendering.
const recompute = await page.evaluate(async (n) => {
  const { loadEngine } = await import('./engine.js');
  const engine = await loadEngine();
  const state = { request: { scale: '1B-3B', vocab_size: 128256 }, tokenizer: null };
  for (let i = 0; i < 10; i++) engine.designState([], state);  // let the wasm tier up
  const core = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    engine.designState([], state);
    core.push(performance.now() - t0);
  }
  const rendered = [];
  const painted = [];
  const scale = document.getElementById('scale');
  const report = document.getElementById('rationale');
  for (let i = 0; i < n; i++) {
    await new Promise((ok) => requestAnimationFrame(ok));
    const t0 = performance.now();
    await new Promise((ok) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        rendered.push(performance.now() - t0);
        requestAnimationFrame(() => { painted.push(performance.now() - t0); ok(); });
      });
      observer.observe(report, { childList: true, characterData: true, subtree: true });
      scale.value = scale.value === '1B-3B' ? '100M' : '1B-3B';
      scale.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { core: median(core), rendered: median(rendered), painted: median(painted) };
}, Math.max(runs, 20));
console.log(`recompute after one input change (1B-3B design, 4 candidates, reports): core ${recompute.core.toFixed(1)} ms, input to rendered DOM ${recompute.rendered.toFixed(1)} ms, to the next frame ${recompute.painted.toFixed(1)} ms (median of ${Math.max(runs, 20)}, after 10 warm-up runs)`);

// Reading the tokenizer through a file input and the File API, as the page does (a
// separate input, so the page's own listener does not read it first).
await page.evaluate(() => {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'bench-file';
  document.body.append(input);
});
await page.setInputFiles('#bench-file', join(tokenizerDir, 'tokenizer.json'));
const read = await page.evaluate(async (n) => {
  const { loadEngine } = await import('./engine.js');
  const engine = await loadEngine();
  const file = document.getElementById('bench-file').files[0];
  const bytes = new Uint8Array(await file.arrayBuffer());
  const before = engine.wasmMemoryBytes();
  const wasm = [];
  const parse = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    engine.readTokenizer([{ name: 'tokenizer.json', bytes }], 'json', 0);
    wasm.push(performance.now() - t0);
    t0 = performance.now();
    JSON.parse(new TextDecoder().decode(bytes));
    parse.push(performance.now() - t0);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { mb: bytes.length / 1e6, wasm: median(wasm), parse: median(parse), before, after: engine.wasmMemoryBytes() };
}, runs);
console.log(`read tokenizer.json (${read.mb.toFixed(1)} MB) through the page: wasm ${read.wasm.toFixed(0)} ms, JSON.parse ${read.parse.toFixed(0)} ms, ratio ${(read.wasm / read.parse).toFixed(2)} (median of ${runs})`);
// A design call with that tokenizer loaded: re-reading the files every time (designState, the
// page's path before) beside the facts read once and kept in the core (designStateLoaded, now).
const loaded = await page.evaluate(async (n) => {
  const { loadEngine } = await import('./engine.js');
  const engine = await loadEngine();
  const bytes = new Uint8Array(await document.getElementById('bench-file').files[0].arrayBuffer());
  const files = [{ name: 'tokenizer.json', bytes }];
  const handle = engine.tokenizerOpen(files);
  const state = { request: { scale: '1B-3B' }, tokenizer: null };
  const again = [], once = [];
  for (let i = 0; i < n + 2; i++) {
    let t0 = performance.now();
    engine.designState(files, state);
    again.push(performance.now() - t0);
    t0 = performance.now();
    engine.designStateLoaded(handle, state);
    once.push(performance.now() - t0);
  }
  engine.tokenizerClose(handle);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { again: median(again.slice(2)), once: median(once.slice(2)) };
}, runs);
console.log(`design call with the tokenizer loaded: files re-read ${loaded.again.toFixed(1)} ms, facts kept in the core ${loaded.once.toFixed(1)} ms (median of ${runs})`);
console.log(`wasm memory: ${(read.before / 1e6).toFixed(1)} MB before, ${(read.after / 1e6).toFixed(1)} MB after (growth ${((read.after - read.before) / 1e6).toFixed(1)} MB for a ${read.mb.toFixed(1)} MB file)`);
await site.close();
