// The tokenizer files the user loaded, by name. A new set replaces the loaded
// files (or, with `keep`, adds to them) only if the core reads it without
// error, so a bad file leaves the previous files (and the design built on
// them) intact.

export class TokenizerFiles {
  constructor(engine) {
    this.engine = engine;
    this.files = new Map();  // name -> Uint8Array
  }

  list() {
    return [...this.files].map(([name, bytes]) => ({ name, bytes }));
  }

  // Reads the chosen File objects the core recognizes; returns the names it ignored, or throws
  // the core's error.
  async add(fileList, { keep = false } = {}) {
    const next = keep ? new Map(this.files) : new Map();
    const ignored = [];
    for (const file of fileList) {
      const name = file.name;
      if (!this.engine.isTokenizerInputName(name)) {
        ignored.push(name);
        continue;
      }
      next.set(name, new Uint8Array(await file.arrayBuffer()));
    }
    if (ignored.length === fileList.length)
      throw new Error(`none of the chosen files is a tokenizer file (${ignored.slice(0, 5).join(', ')}${ignored.length > 5 ? ', …' : ''})`);
    const candidate = [...next].map(([n, bytes]) => ({ name: n, bytes }));
    this.engine.readTokenizer(candidate, 'text', 0);  // throws on any bad file (text: the cheapest output, discarded)
    this.files = next;
    return ignored;
  }

  clear() {
    this.files = new Map();
  }
}
