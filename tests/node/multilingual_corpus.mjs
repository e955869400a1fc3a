// Test text made at test time from sources installed on the machine, never committed:
// Node's ICU data (names, dates, numbers and lists in ~45 locales), program source from
// installed npm packages and Debian's Python, Unicode's emoji-test.txt (Debian unicode-data),
// whitespace runs, decomposed (NFD) text, added tokens inside text, and ill-formed UTF-8.
// Each document is a Buffer (bytes), so ill-formed UTF-8 reaches the tokenizer as bytes.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './reference.mjs';

const LOCALES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'pl', 'cs', 'tr', 'ru', 'uk', 'el', 'he', 'ar', 'fa', 'ur', 'hi',
  'bn', 'ta', 'te', 'mr', 'gu', 'th', 'lo', 'km', 'my', 'vi', 'id', 'ja', 'zh', 'zh-Hant', 'ko', 'ka', 'hy', 'am', 'si', 'kk', 'mn',
  'ne', 'pa', 'kn', 'ml', 'sw', 'yo', 'zu'];
const LANGS = ['en', 'fr', 'de', 'ja', 'zh', 'ar', 'hi', 'ru', 'ko', 'th', 'el', 'he', 'sw', 'am', 'ta'];
const REGIONS = ['US', 'FR', 'JP', 'CN', 'IN', 'EG', 'BR', 'RU', 'KR', 'TH', 'GR', 'IL', 'KE', 'ET', 'LK'];

function localeText(locale) {
  const lang = new Intl.DisplayNames([locale], { type: 'language' });
  const region = new Intl.DisplayNames([locale], { type: 'region' });
  const date = new Date(Date.UTC(2026, 11, 2, 9, 27, 26));
  const parts = [
    LANGS.map((l) => lang.of(l)).join(', '),
    REGIONS.map((r) => region.of(r)).join('; '),
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long', timeZone: 'Asia/Tokyo' }).format(date),
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(1234567.891),
    new Intl.NumberFormat(locale).format(-0.000123456) + ' ' + new Intl.NumberFormat(locale, { notation: 'compact' }).format(98765432),
    new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-3, 'day'),
    new Intl.ListFormat(locale, { type: 'conjunction' }).format(LANGS.slice(0, 4).map((l) => lang.of(l))),
    Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(locale, { month: 'long' }).format(new Date(Date.UTC(2026, m, 15)))).join(' '),
  ];
  return parts.join('\n');
}

function sourceFiles() {
  const roots = [join(repoRoot, 'node_modules', 'yaml', 'dist'), join(repoRoot, 'node_modules', 'smol-toml', 'dist'), '/usr/lib/python3.11'];
  const out = [];
  for (const dir of roots) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => /\.(js|mjs|py|d\.ts)$/.test(f)).sort().slice(0, 6);
    for (const f of files) out.push(readFileSync(join(dir, f)).subarray(0, 6000));
  }
  return out;
}

function emojiLines() {
  const p = '/usr/share/unicode/emoji/emoji-test.txt';
  if (!existsSync(p)) return [];
  const lines = readFileSync(p, 'utf8').split('\n').filter((l) => l.includes('; fully-qualified'));
  const picked = lines.filter((_, i) => i % 7 === 0).map((l) => l.split('#')[1]?.trim() ?? '');
  const docs = [];
  for (let i = 0; i < picked.length; i += 60) docs.push(picked.slice(i, i + 60).join(' '));
  return docs;
}

const WHITESPACE = [
  'a  b   c    d', 'tabs\t\tand\t\t\tmore', 'line\nbreaks\n\n\nhere\r\nand\r\n\r\nCRLF', '   leading and trailing   ',
  '\n\n\n', ' ', '\u00a0non\u00a0breaking\u2003em\u3000ideographic', 'mixed \t\n \t\n  end', 'x' + ' '.repeat(40) + 'y',
  "It's we're they've I'm you'll he'd DON'T WE'RE ſ's", 'numbers 1 12 123 1234 12345 3.14159 1,000,000 ١٢٣ ४५६',
  'email me: a.b+c@example.com, https://example.org/path?q=1&r=2#frag', '((nested)) [brackets] {braces} <angles> ...!!! ???',
];

// Ill-formed UTF-8: lone continuation, truncated sequences, overlongs, surrogates, out of range.
const INVALID = [
  Buffer.from([0x61, 0x80, 0x62]), Buffer.from([0xe2, 0x82, 0x20, 0x61]), Buffer.from([0xc0, 0xaf, 0x41]),
  Buffer.from([0xed, 0xa0, 0x80, 0x42]), Buffer.from([0xf4, 0x90, 0x80, 0x80, 0x43]), Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.concat([Buffer.from('caf\u00e9 '), Buffer.from([0xe9, 0x20, 0xff, 0xfe]), Buffer.from(' na\u00efve')]),
];

// Documents (Buffers) for one tokenizer; `added` are some of its added tokens, placed inside text.
export function multilingualCorpus(added = []) {
  const docs = [];
  for (const l of LOCALES) docs.push(Buffer.from(localeText(l)));
  for (const l of ['fr', 'vi', 'ko', 'el', 'hi']) docs.push(Buffer.from(localeText(l).normalize('NFD')));
  for (const l of ['ja', 'ar']) docs.push(Buffer.from(localeText(l).normalize('NFKD')));
  docs.push(...sourceFiles());
  docs.push(...emojiLines().map((s) => Buffer.from(s)));
  docs.push(...WHITESPACE.map((s) => Buffer.from(s)));
  docs.push(...INVALID);
  for (const a of added.slice(0, 8)) docs.push(Buffer.from(`before${a}after ${a} ${a}${a}\n${a}  spaced  ${a}`));
  docs.push(Buffer.from(''));
  return docs;
}

// What HF receives for a document: the bytes decoded as Node decodes a file (ill-formed -> U+FFFD).
export const decodeLikeNode = (buf) => new TextDecoder('utf-8').decode(buf);
