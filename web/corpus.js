// Runs the corpus step: in a worker when the page can start one, otherwise (the
// single-file build, whose policy allows no worker) in the page between chunks.
// One run at a time; cancel() stops it and reports nothing further.
import { tokenizeCorpus } from './corpus_run.js';

export class CorpusRunner {
  constructor(engine) {
    this.engine = engine;
    this.stop = null;
  }

  get running() { return this.stop !== null; }

  // handlers: {progress(p), done(stats), error(err)}.
  start(tokenizerFiles, files, options, handlers) {
    this.cancel();
    let finished = false;
    const end = (fn, value) => {
      if (finished) return;
      finished = true;
      this.stop = null;
      fn(value);
    };
    let worker = null;
    try {
      worker = new Worker(new URL('corpus_worker.js', import.meta.url), { type: 'module' });
    } catch {
      worker = null;
    }
    if (!worker) return this.inPage(tokenizerFiles, files, options, handlers, end);
    let ready = false;
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') {
        ready = true;
        worker.postMessage({ tokenizer: tokenizerFiles, files, options });
      } else if (data.type === 'progress') {
        if (!finished) handlers.progress(data.progress);
      } else {
        worker.terminate();
        if (data.type === 'done') end(handlers.done, data.stats);
        else end(handlers.error, Object.assign(new Error(data.message), { where: data.where }));
      }
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      worker.terminate();
      if (ready) end(handlers.error, new Error(e.message || 'the corpus worker failed'));
      else if (!finished) { this.stop = null; this.inPage(tokenizerFiles, files, options, handlers, end); }
    });
    this.stop = () => { worker.terminate(); finished = true; this.stop = null; };
  }

  inPage(tokenizerFiles, files, options, handlers, end) {
    let cancelled = false;
    this.stop = () => { cancelled = true; this.stop = null; };
    const yieldToPage = () => new Promise((ok) => setTimeout(ok, 0));
    tokenizeCorpus(this.engine, tokenizerFiles, files, options, (p) => handlers.progress(p), () => cancelled, 1 << 18)
      .then(async (stats) => { await yieldToPage(); if (!cancelled && stats) end(handlers.done, stats); })
      .catch((err) => { if (!cancelled) end(handlers.error, err); });
  }

  cancel() {
    this.stop?.();
  }
}
