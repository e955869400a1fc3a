// The full recompute timed inside the page as typing makes it: each call a new GPU count (a call
// equal to the last one is never made by the page), timed five calls at a time (performance.now()
// is coarsened to 0.1 ms there). Shared by page_bench.mjs and recompute_tiers.mjs; runs in the
// page through page.evaluate(timeRecompute, n), so it must not close over anything here.
export async function timeRecompute(n) {
  const { loadEngine } = await import('./engine.js');
  const engine = await loadEngine();
  const state = (gpus) => ({ request: { scale: '1B-3B', vocab_size: 128256, gpus }, tokenizer: null });
  for (let i = 0; i < 10; i++) engine.designStateLoaded(0, state(100 + i), []);
  let gpus = 8;
  const perCall = (calls, reports) => {
    const out = [];
    for (let i = 0; i < calls; i += 5) {
      const t0 = performance.now();
      for (let k = 0; k < 5; k++) engine.designStateLoaded(0, state(gpus++), reports);
      out.push((performance.now() - t0) / 5);
    }
    return out;
  };
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Typing: one call after another with the reports deferred; then the same with both rendered.
  const lean = med(perCall(n, []));
  const full = med(perCall(n, undefined));
  // The browser compiles wasm in a baseline tier first and optimizes hot code as it runs: the
  // same recompute once a session has made a few hundred.
  perCall(300, []);
  const steady = med(perCall(n, []));
  const grid = JSON.parse(engine.designStateLoaded(0, state(8), [])).summary.shape_grid;
  return { lean, full, steady, evaluated: grid.evaluated, inClass: grid.in_class };
}
