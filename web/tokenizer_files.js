// The tokenizer files the user loaded. The core reads a set once, when it is
// loaded, and keeps its facts under a handle (the page keeps only the File
// objects, to read again for the corpus step). A new set replaces the loaded
// files (or, with `keep`, adds to them) only if the core reads it without
// error, so a bad file leaves the previous files (and the design built on
// them) intact.

import { PIECE_BYTES, piecesOf } from './file_pieces.js';

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
    const streamed = [...files].map(([name, file]) => ({ name, size: file.size, chunks: () => piecesOf(file) }));
    try {
      return await this.engine.tokenizerStream(streamed, PIECE_BYTES);  // the pieces' size: fed as they come, none copied again
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
