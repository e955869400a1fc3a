// Tokenizes corpus sample files with the core, piece by piece as each File's stream gives them
// (file_pieces.js), so a large sample never sits in memory whole. Shared by the worker
// (corpus_worker.js) and the in-page fallback of the single-file build, where no worker can
// start; `cancelled()` is polled between pieces there.
import { PIECE_BYTES, piecesOf } from './file_pieces.js';

export async function tokenizeCorpus(engine, tokenizerFiles, files, readOptions, onProgress, cancelled = () => false,
  pieceBytes = PIECE_BYTES) {
  const { session } = engine.corpusOpen(tokenizerFiles, readOptions);
  try {
    const total = files.reduce((n, f) => n + f.size, 0);
    let done = 0;
    const feed = (file, piece, last) => {
      const progress = engine.corpusFeed(session, file.name, piece, last);
      done += piece.length;
      onProgress({ ...progress, done, total, file: file.name });
    };
    for (const file of files) {
      if (cancelled()) return null;
      let fed = 0;
      for await (const piece of piecesOf(file, pieceBytes)) {
        if (cancelled()) return null;  // leaving the loop cancels the file's read
        fed += piece.length;
        feed(file, piece, fed >= file.size);
      }
      if (fed === 0 || fed < file.size) feed(file, new Uint8Array(0), true);  // an empty file, or one cut short: its end
    }
    return JSON.parse(engine.corpusFinish(session, 'json', {}));
  } finally {
    engine.corpusClose(session);
  }
}
