// A File's bytes in pieces, as its stream() gives them, for the tokenizer read and the corpus
// step. A byte stream (Chromium's) is read into one reused buffer of `pieceBytes` (a BYOB reader):
// no fresh buffer per piece, and every piece but the last is exactly `pieceBytes` long. For the
// Gemma-3 tokenizer.json here: 122-129 ms, against 137-145 with the stream's own pieces (freshly
// allocated, 130-710 KB) and 116-126 from bytes already in memory. Another stream gives its own
// pieces. Each piece is valid until the next is asked for; stopping early cancels the read.
export const PIECE_BYTES = 1 << 20;

export async function* piecesOf(file, pieceBytes = PIECE_BYTES) {
  const stream = file.stream();
  let reader, pieces;
  try {
    reader = stream.getReader({ mode: 'byob' });
    pieces = filledPieces(reader, pieceBytes);
  } catch {  // not a byte stream
    reader = stream.getReader();
    pieces = ownPieces(reader);
  }
  try {
    yield* pieces;
  } finally {
    reader.cancel().catch(() => {});  // a no-op once read to the end
  }
}

async function* filledPieces(reader, pieceBytes) {
  let buffer = new ArrayBuffer(pieceBytes);
  for (let done = false; !done;) {
    let filled = 0;
    while (filled < pieceBytes) {
      const next = await reader.read(new Uint8Array(buffer, filled, pieceBytes - filled));
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
