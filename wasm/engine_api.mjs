// The one place that turns the wasm module's {ok, body, error_*} results
// into JS values or thrown errors. Shared by the page (web/engine.js imports
// a copy placed beside the module at build time) and the Node CLI.

export class ArchitectError extends Error {
  constructor(result) {
    super(result.error_message);
    this.name = 'ArchitectError';
    this.code = result.error_code;
    this.where = result.error_where;
    this.text = result.error_text;  // the message without the place, for display beside a field
  }
}

// Returns the body text of a successful result, throws ArchitectError otherwise.
// What a design state carries of corpusFinish's statistics: everything but the per-document
// counts and the display rows (the core validates and keeps the summary fields).
export function summaryOfCorpus(stats) {
  const { tokens_per_document: _perDocument, display: _display, ...summary } = stats;
  return summary;
}

export function unwrap(result) {
  if (!result.ok) throw new ArchitectError(result);
  return result.body;
}

// Wraps a loaded module in plain functions returning text (exact bytes from the core).
export function wrapModule(module) {
  return {
    countParams: (configText, fileName = 'config.json', format = 'json') =>
      unwrap(module.countParams(configText, fileName, format)),
    listFamilies: () => unwrap(module.listFamilies()),
    // files: [{name, bytes}] with bytes a Uint8Array (or string); context 0 = no check.
    readTokenizer: (files, format = 'json', context = 0) => unwrap(module.readTokenizer(files, format, context)),
    isTokenizerInputName: (name) => module.isTokenizerInputName(name),
    // options: an object or JSON text {training, inference, compute, fit_max_gpus}.
    estimateMemory: (configText, fileName = 'config.json', options = {}, format = 'json') =>
      unwrap(module.estimateMemory(configText, fileName, typeof options === 'string' ? options : JSON.stringify(options), format)),
    listGpus: () => unwrap(module.listGpus()),
    // Every option of memory and design: flags, types, choices, defaults, help (JSON text).
    describeOptions: () => unwrap(module.describeOptions()),
    // The page: state {request, tokenizer} (object) and the loaded tokenizer files.
    designState: (files, state) => unwrap(module.designState(files, JSON.stringify(state))),
    // Files read once: their facts stay in the core under a handle (0 = no tokenizer).
    tokenizerOpen: (files) => JSON.parse(unwrap(module.tokenizerOpen(files))).handle,
    // `reports`: the report names to render (default both); the others come back {text: null, deferred: true}.
    designStateLoaded: (handle, state, reports) =>
      unwrap(module.designStateLoaded(handle, JSON.stringify(state), reports ? JSON.stringify(reports) : '')),
    tokenizerClose: (handle) => module.tokenizerClose(handle),
    // The same read with each file streamed in pieces, so that wasm memory holds what the core
    // keeps, not the files: files = [{name, size, chunks() -> async iterable of Uint8Array}] (the
    // page gives a File's stream()). Resolves to the handle; a syntax error's line and column are
    // those of the compacted text.
    // The core is fed pieces of one size (1 MiB, the last shorter) whatever sizes the source
    // gives, so that its memory grows as tested (a browser's stream gives pieces of any size).
    tokenizerStream: async (files, pieceBytes = 1 << 20) => {
      const announced = JSON.stringify(files.map(({ name, size }) => ({ name, size })));
      const { session, order } = JSON.parse(unwrap(module.tokenizerStreamOpen(announced)));
      const piece = new Uint8Array(pieceBytes);  // the feed copies it into wasm memory
      try {
        for (const name of order) {
          const feed = (bytes) => unwrap(module.tokenizerStreamFeed(session, name, bytes));
          let filled = 0;
          for await (const chunk of files.find((f) => f.name === name).chunks()) {
            for (let at = 0; at < chunk.length;) {
              if (filled === 0 && chunk.length - at >= pieceBytes) {
                feed(chunk.subarray(at, at += pieceBytes));
                continue;
              }
              const take = Math.min(pieceBytes - filled, chunk.length - at);
              piece.set(chunk.subarray(at, at += take), filled);
              if ((filled += take) === pieceBytes) {
                feed(piece);
                filled = 0;
              }
            }
          }
          if (filled) feed(piece.subarray(0, filled));
        }
        return JSON.parse(unwrap(module.tokenizerStreamFinish(session))).handle;
      } finally {
        module.tokenizerStreamClose(session);
      }
    },
    shareEncode: (state) => unwrap(module.shareEncode(JSON.stringify(state))),
    shareDecode: (fragment) => unwrap(module.shareDecode(fragment)),
    designSeed: (configText, fileName = 'config.json') => unwrap(module.designSeed(configText, fileName)),
    // files: [{name, bytes}] (may be empty with request.vocab_size); request: object or JSON text.
    design: (files, request = {}) =>
      unwrap(module.design(files, typeof request === 'string' ? request : JSON.stringify(request))),
    // Corpus sample tokenization (HF encode without special tokens): open with the tokenizer files,
    // feed each .txt/.jsonl file in chunks (Uint8Array), finish for the statistics, close.
    corpusOpen: (files, options = {}) => JSON.parse(unwrap(module.corpusOpen(files, JSON.stringify(options)))),
    corpusFeed: (session, fileName, chunk, last) => JSON.parse(unwrap(module.corpusFeed(session, fileName, chunk, last))),
    corpusFinish: (session, format = 'json', request = {}) => unwrap(module.corpusFinish(session, format, JSON.stringify(request))),
    corpusEncode: (session, text) => JSON.parse(unwrap(module.corpusEncode(session, text))),
    corpusClose: (session) => module.corpusClose(session),
    // Bytes the core's allocator holds for live objects, for memory tests.
    heapInUse: () => module.heapInUse(),
    // Size of the wasm linear memory, for benchmarks.
    wasmMemoryBytes: () => module.HEAPU8.length,
  };
}
