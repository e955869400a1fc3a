// The tokenizer fingerprint off the main thread: BLAKE2b over the files runs here on the second
// core while the page's core reads the facts from the same files (tokenizer_files.js).
import { loadEngine } from './engine.js';
import { slicesOf } from './tokenizer_files.js';

self.addEventListener('message', async ({ data }) => {
  try {
    const engine = await loadEngine();
    self.postMessage({ fingerprint: await engine.tokenizerFingerprint(slicesOf(data.files)) });
  } catch (err) {
    self.postMessage({ error: err.message });
  }
});
