// The corpus step off the main thread: the page stays responsive while a large
// sample is tokenized, and Cancel terminates this worker at once.
import { loadEngine } from './engine.js';
import { tokenizeCorpus } from './corpus_run.js';

self.addEventListener('message', async ({ data }) => {
  try {
    const engine = await loadEngine();
    const stats = await tokenizeCorpus(engine, data.tokenizer, data.files, data.options,
      (progress) => self.postMessage({ type: 'progress', progress }));
    self.postMessage({ type: 'done', stats });
  } catch (err) {
    self.postMessage({ type: 'error', message: err.message, where: err.where ?? '' });
  }
});
self.postMessage({ type: 'ready' });
