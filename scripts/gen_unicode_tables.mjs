#!/usr/bin/env node
// Generates core/tokenize's Unicode tables from Debian's `unicode-data`
// (/usr/share/unicode): general categories, White_Space, canonical combining
// classes, decompositions, compositions, NFC/NFKC quick-check, lowercase and
// simple case folding. Run by CMake at build time; the output is never committed.
//   node scripts/gen_unicode_tables.mjs /usr/share/unicode OUT.cpp
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) throw new Error("usage: gen_unicode_tables.mjs UNICODE_DIR OUT.cpp");
const lines = (name) =>
  readFileSync(join(dir, name), "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
const hex = (s) => parseInt(s, 16);
const range = (field) => { const [a, b] = field.trim().split(".."); return [hex(a), hex(b ?? a)]; };

// Order matches ma::UnicodeCategory in unicode.h.
const CATS = "Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Cs Co Cn".split(" ");
const cat = new Uint8Array(0x110000).fill(CATS.indexOf("Cn"));
const ccc = new Uint8Array(0x110000);
const decomp = new Map();  // cp -> {compat, cps}
const lower = new Map();   // cp -> [cps]
let first = null;
for (const l of lines("UnicodeData.txt")) {
  const f = l.split(";");
  const cp = hex(f[0]);
  const c = CATS.indexOf(f[2]);
  if (f[1].endsWith(", First>")) { first = cp; continue; }
  if (f[1].endsWith(", Last>")) { cat.fill(c, first, cp + 1); first = null; continue; }
  cat[cp] = c;
  ccc[cp] = Number(f[3]);
  if (f[5]) {
    const compat = f[5].startsWith("<");
    decomp.set(cp, { compat, cps: f[5].replace(/<[^>]*>\s*/, "").split(" ").map(hex) });
  }
  if (f[13]) lower.set(cp, [hex(f[13])]);
}
for (const l of lines("SpecialCasing.txt")) {
  const f = l.split(";").map((s) => s.trim());
  if (f.length >= 5 && f[4] === "") lower.set(hex(f[0]), f[1].split(" ").map(hex));  // unconditional only
}
const white = [], wordExtra = [];  // wordExtra: Alphabetic + Join_Control, the non-category part of Rust regex's \w
for (const l of lines("PropList.txt")) {
  const [r, prop] = l.split(";").map((s) => s.trim());
  if (prop === "White_Space") white.push(range(r));
  if (prop === "Join_Control") wordExtra.push(range(r));
}
for (const l of lines("DerivedCoreProperties.txt")) {
  const [r, prop] = l.split(";").map((s) => s.trim());
  if (prop === "Alphabetic") wordExtra.push(range(r));
}
wordExtra.sort((a, b) => a[0] - b[0]);
const fullExclusion = new Set(), nfcNo = new Uint8Array(0x110000), nfkcNo = new Uint8Array(0x110000);
for (const l of lines("DerivedNormalizationProps.txt")) {
  const [r, prop, value] = l.split(";").map((s) => s.trim());
  const [a, b] = range(r);
  for (let cp = a; cp <= b; ++cp) {
    if (prop === "Full_Composition_Exclusion") fullExclusion.add(cp);
    if (prop === "NFC_QC") nfcNo[cp] = 1;    // N or M
    if (prop === "NFKC_QC") nfkcNo[cp] = 1;
  }
}
const fold = new Map();
for (const l of lines("CaseFolding.txt")) {
  const [cp, status, to] = l.split(";").map((s) => s.trim());
  if (status === "C" || status === "S") fold.set(hex(cp), hex(to));
}

// Runs of equal values as (start << 8 | value), for a binary search by start.
function runs(values) {
  const starts = [];
  for (let cp = 0; cp < 0x110000; ++cp) if (cp === 0 || values[cp] !== values[cp - 1]) starts.push(cp * 256 + values[cp]);
  return starts;
}
// Each table as its deltas, zigzag-signed, in LEB128 varints (core/tokenize/packed_table.h
// unpacks them into the array before main): under a third of the bytes the arrays take. Values are
// below 2^53 (composition keys reach 2^42), so plain numbers hold them.
const packed = [];
const arr = (type, name, values) => {
  const bytes = [];
  let prev = 0;
  for (const v of values.map(Number)) {
    const d = v - prev;
    prev = v;
    let z = d >= 0 ? 2 * d : -2 * d - 1;
    do {
      const low = z % 128;
      z = Math.floor(z / 128);
      bytes.push(z > 0 ? low + 128 : low);
    } while (z > 0);
  }
  packed.push({ name, size: values.length });
  return `${type} ${name}[${Math.max(values.length, 1)}];\nextern const size_t ${name}_size = ${values.length};\n` +
    `const unsigned char ${name}_packed[] = {${bytes.join(",")}};\n`;
};

const decompKeys = [], decompOffsets = [], decompData = [];
for (const cp of [...decomp.keys()].sort((a, b) => a - b)) {
  const d = decomp.get(cp);
  decompKeys.push(cp * 2 + (d.compat ? 1 : 0));
  decompOffsets.push(decompData.length);
  decompData.push(...d.cps);
}
decompOffsets.push(decompData.length);
const compose = [];
for (const [cp, d] of decomp)
  if (!d.compat && d.cps.length === 2 && !fullExclusion.has(cp)) compose.push([d.cps[0] * 2 ** 21 + d.cps[1], cp]);
compose.sort((a, b) => a[0] - b[0]);
const lowerKeys = [...lower.keys()].sort((a, b) => a - b);
const lowerOffsets = [], lowerData = [];
for (const cp of lowerKeys) { lowerOffsets.push(lowerData.length); lowerData.push(...lower.get(cp)); }
lowerOffsets.push(lowerData.length);
const foldKeys = [...fold.keys()].sort((a, b) => a - b);

const text = `// Generated by scripts/gen_unicode_tables.mjs from ${dir} (Debian unicode-data). Do not edit.
#include <cstddef>
#include <cstdint>
#include "tokenize/packed_table.h"
namespace ma::unicode_tables {
${arr("uint32_t", "kCategoryRuns", runs(cat))}
${arr("uint32_t", "kWhiteSpace", white.flat())}
${arr("uint32_t", "kWordExtra", wordExtra.flat())}
${arr("uint32_t", "kCombiningClassRuns", runs(ccc))}
${arr("uint32_t", "kNfcQuickCheckRuns", runs(nfcNo))}
${arr("uint32_t", "kNfkcQuickCheckRuns", runs(nfkcNo))}
${arr("uint32_t", "kDecompositionKeys", decompKeys)}
${arr("uint16_t", "kDecompositionOffsets", decompOffsets)}
${arr("uint32_t", "kDecompositionData", decompData)}
${arr("uint64_t", "kCompositionKeys", compose.map((c) => c[0]))}
${arr("uint32_t", "kCompositionValues", compose.map((c) => c[1]))}
${arr("uint32_t", "kLowercaseKeys", lowerKeys)}
${arr("uint16_t", "kLowercaseOffsets", lowerOffsets)}
${arr("uint32_t", "kLowercaseData", lowerData)}
${arr("uint32_t", "kSimpleFoldKeys", foldKeys)}
${arr("uint32_t", "kSimpleFoldValues", foldKeys.map((k) => fold.get(k)))}
namespace {
// Before main (and before any export of the wasm module): nothing reads a table before it.
[[maybe_unused]] const bool unpacked = [] {
${packed.map((t) => `  unpack_deltas(${t.name}_packed, ${t.name}, ${t.size});`).join("\n")}
  return true;
}();
}  // namespace
}  // namespace ma::unicode_tables
`;
writeFileSync(out, text);
