// HF's own tokenizers (npm `tokenizers`, the Rust library's Node binding) as the oracle for
// token counts: what Tokenizer.encode(text, add_special_tokens=False) gives per document.
import { createRequire } from 'node:module';

export const hf = createRequire(import.meta.url)('tokenizers');

export async function hfCounts(tokenizerJson, texts) {
  const tok = hf.Tokenizer.fromFile(tokenizerJson);
  const out = [];
  for (const t of texts) out.push((await tok.encode(t, null, { addSpecialTokens: false })).getIds().length);
  return out;
}
