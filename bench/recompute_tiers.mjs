// The full recompute in Chromium as the first calls after load see it, and with each of V8's wasm
// compilers alone, for one or more built sites side by side (docs/performance.md, "fourth
// session"): the first calls run partly in the baseline tier while the optimizing tier compiles
// on background threads, which compete with the page on a machine of few cores.
//   node bench/recompute_tiers.mjs [SITE_DIR ...]   (default: build/site)
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../tests/browser/harness.mjs';
import { startServer } from '../scripts/static_server.mjs';
import { timeRecompute } from './recompute_in_page.mjs';

const sites = process.argv.length > 2 ? process.argv.slice(2) : [join(repoRoot, 'build', 'site')];
const tiers = [['default tiering', []], ['baseline tier only', ['--js-flags=--liftoff-only']], ['optimizing tier only', ['--js-flags=--no-liftoff']]];
const contexts = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers = await Promise.all(sites.map((dir) => startServer(dir, 0, '127.0.0.1', [])));
for (const [tier, args] of tiers) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', ...args] });
  const results = sites.map(() => []);
  for (let c = 0; c < contexts; c++)  // the sites interleaved, a fresh context each time
    for (const [i, server] of servers.entries()) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForSelector('#candidates th.recommended');
      results[i].push(await page.evaluate(timeRecompute, 60));
      await context.close();
    }
  await browser.close();
  sites.forEach((dir, i) => {
    const first = results[i].map((r) => r.lean.toFixed(2)).join(', ');
    console.log(`${tier}, ${dir}: first 60 calls after load ${first} ms (median ${median(results[i].map((r) => r.lean)).toFixed(2)}); ` +
      `after 300 more ${median(results[i].map((r) => r.steady)).toFixed(2)} ms`);
  });
}
for (const server of servers) server.close();
