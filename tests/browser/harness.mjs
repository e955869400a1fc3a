// Headless Chromium (Debian's) driven by playwright-core, against the built
// site served from loopback. Records every request so tests can assert that
// nothing leaves the page's origin.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static_server.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactDir = join(repoRoot, 'test-artifacts');

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function openSite() {
  const served = [];  // what the server answered: {path, status, bytes, encoding}
  const server = await startServer(join(repoRoot, 'build', 'site'), 0, '127.0.0.1', served);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
  const requests = [];
  const consoleErrors = [];
  async function newPage(context) {
    const ctx = context ?? await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    return page;
  }
  async function close() {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
  const foreignRequests = () => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  return { origin, browser, newPage, close, requests, served, consoleErrors, foreignRequests };
}

export async function screenshot(page, name) {
  mkdirSync(artifactDir, { recursive: true });
  await page.screenshot({ path: join(artifactDir, `${name}.png`), fullPage: true });
}

// Resolves once the page has been idle: sections out of view are rendered then (web/sections.js;
// idle callbacks run in the order they were queued, and the page queued its own first).
export const pageIdle = (page) => page.evaluate(() => new Promise((done) => requestIdleCallback(done)));

// Resolves after the page has painted `n` more frames.
export const nextFrames = (page, n) => page.evaluate((k) => new Promise((done) => {
  const step = (i) => (i === 0 ? done() : requestAnimationFrame(() => step(i - 1)));
  step(k);
}), n);

// Drops files (paths) on the page's drop zone, as a user dragging them from a file manager.
export async function dropFiles(page, paths) {
  const files = paths.map((p) => ({ name: p.split('/').at(-1), data: readFileSync(p).toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, files);
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
}

// The page's share link as a user gets it: Copy share link writes the address bar first (the page
// updates it when idle otherwise).
export async function shareLink(page) {
  await page.click('#copy-link');
  return new URL(page.url()).hash.slice(1);
}
