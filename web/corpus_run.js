// Tokenizes corpus sample files with the core, chunk by chunk (File.slice), so
// a large sample never sits in memory whole. Shared by the worker
// (corpus_worker.js) and the in-page fallback of the single-file build, where
// no worker can start; `cancelled()` is polled between chunks there.
export const CHUNK_BYTES = 1 << 20;

export async function tokenizeCorpus(engine, tokenizerFiles, files, readOptions, onProgress, cancelled = () => false,
  chunkBytes = CHUNK_BYTES) {
  const { session } = engine.corpusOpen(tokenizerFiles, readOptions);
  try {
    const total = files.reduce((n, f) => n + f.size, 0);
    let done = 0;
    for (const file of files) {
      for (let at = 0; ; at += chunkBytes) {
        if (cancelled()) return null;
        const chunk = new Uint8Array(await file.slice(at, at + chunkBytes).arrayBuffer());
        const last = at + chunkBytes >= file.size;
        const progress = engine.corpusFeed(session, file.name, chunk, last);
        done += chunk.length;
        onProgress({ ...progress, done, total, file: file.name });
        if (last) break;
      }
    }
    return JSON.parse(engine.corpusFinish(session, 'json', {}));
  } finally {
    engine.corpusClose(session);
  }
}
