// The tokenizer files the user loaded. The core reads a set once, when it is
// loaded, and keeps its facts under a handle (the page keeps only the File
// objects, to read again for the corpus step). A new set replaces the loaded
// files (or, with `keep`, adds to them) only if the core reads it without
// error, so a bad file leaves the previous files (and the design built on
// them) intact.

export class TokenizerFiles {
  constructor(engine) {
    this.engine = engine;
    this.files = new Map();  // name -> File
    this.handle = 0;         // the core's facts of `files`; 0 = none loaded
  }

  // [{name, bytes}] of the loaded files, read again from disk.
  async list() {
    return Promise.all([...this.files].map(async ([name, file]) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  }

  // Reads the chosen File objects the core recognizes; returns the names it ignored, or throws
  // the core's error.
  async add(fileList, { keep = false } = {}) {
    const next = keep ? new Map(this.files) : new Map();
    const ignored = [];
    for (const file of fileList) {
      if (this.engine.isTokenizerInputName(file.name)) next.set(file.name, file);
      else ignored.push(file.name);
    }
    if (ignored.length === fileList.length)
      throw new Error(`none of the chosen files is a tokenizer file (${ignored.slice(0, 5).join(', ')}${ignored.length > 5 ? ', …' : ''})`);
    const handle = await this.read(next);  // throws on any bad file
    this.clear();
    this.handle = handle;
    this.files = next;
    return ignored;
  }

  // The core's handle for the files: streamed (memory holds what the core keeps, not the
  // files); a file the streamed read refuses is read whole, for the exact line and column.
  async read(files) {
    const streamed = [...files].map(([name, file]) => ({ name, size: file.size, chunks: () => chunksOf(file) }));
    try {
      return await this.engine.tokenizerStream(streamed, PIECE_BYTES);  // pieces of the size read below: fed as they come
    } catch {
      const whole = await Promise.all([...files].map(async ([name, file]) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
      return this.engine.tokenizerOpen(whole);
    }
  }

  clear() {
    if (this.handle) this.engine.tokenizerClose(this.handle);
    this.handle = 0;
    this.files = new Map();
  }
}

// A File's bytes as its stream() gives them. A byte stream (Chromium's) is read into one reused
// buffer of PIECE_BYTES (a BYOB reader): no fresh buffer per piece, and the core is fed pieces of
// this size (read() says so), so none is copied again: 122-129 vs 137-145 ms for the Gemma-3
// tokenizer.json here with the stream's own pieces (freshly allocated, 130-710 KB), and 116-126 ms
// from bytes already in memory. Another stream gives its own pieces. Each piece is valid until the
// next is asked for.
const PIECE_BYTES = 1 << 20;
async function* chunksOf(file) {
  const stream = file.stream();
  let reader, pieces;
  try {
    reader = stream.getReader({ mode: 'byob' });
    pieces = filledPieces(reader);
  } catch {  // not a byte stream
    reader = stream.getReader();
    pieces = ownPieces(reader);
  }
  try {
    yield* pieces;
  } finally {
    reader.cancel().catch(() => {});  // a no-op once read to the end; stops the read if the core refused a piece
  }
}

async function* filledPieces(reader) {
  let buffer = new ArrayBuffer(PIECE_BYTES);
  for (let done = false; !done;) {
    let filled = 0;
    while (filled < PIECE_BYTES) {
      const next = await reader.read(new Uint8Array(buffer, filled, PIECE_BYTES - filled));
      if (next.value) buffer = next.value.buffer;  // the read moved the buffer into its result
      if (next.done) {
        done = true;
        break;
      }
      filled += next.value.byteLength;
    }
    if (filled) yield new Uint8Array(buffer, 0, filled);
  }
}

async function* ownPieces(reader) {
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}
