// Unicode character data for tokenization, from tables generated at build
// time out of Debian's unicode-data (scripts/gen_unicode_tables.mjs), and
// UTF-8 helpers. Text inside the tokenizer is always valid UTF-8: input bytes
// pass through sanitize_utf8 first, which replaces ill-formed sequences the
// way a browser's or Node's TextDecoder does, so both sides see the same text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ma::unicode {

// General categories, in the generator's order.
enum Category : uint8_t {
    Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No, Pc, Pd, Ps, Pe, Pi, Pf, Po,
    Sm, Sc, Sk, So, Zs, Zl, Zp, Cc, Cf, Cs, Co, Cn, kCategoryCount
};
inline bool is_letter(Category c) { return c <= Lo; }
inline bool is_mark(Category c) { return c >= Mn && c <= Me; }
inline bool is_number(Category c) { return c >= Nd && c <= No; }
inline bool is_punctuation(Category c) { return c >= Pc && c <= Po; }
inline bool is_symbol(Category c) { return c >= Sm && c <= So; }
inline bool is_separator(Category c) { return c >= Zs && c <= Zp; }
inline bool is_other(Category c) { return c >= Cc; }

Category category(char32_t cp);
bool is_white_space(char32_t cp);  // the White_Space property (Rust char::is_whitespace, Oniguruma \s)
// Rust regex's \w (UTS #18 word): Alphabetic, marks, decimal numbers, connector punctuation, Join_Control.
bool is_word_char(char32_t cp);
uint8_t combining_class(char32_t cp);
char32_t simple_fold(char32_t cp);  // CaseFolding.txt C + S; cp itself when it has none
// Every code point whose simple case fold equals cp's (cp included): what (?i) lets cp match.
std::vector<char32_t> case_equivalents(char32_t cp);

// Appends the full lowercase mapping of cp (Rust char::to_lowercase: UnicodeData plus the
// unconditional SpecialCasing entries).
void append_lowercase(char32_t cp, std::string& out);

enum class Form { nfc, nfd, nfkc, nfkd };
std::string normalize(std::string_view text, Form form);

// UTF-8. decode_at assumes valid UTF-8 (sanitized) and advances `pos`.
inline char32_t decode_at(std::string_view s, size_t& pos) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) { ++pos; return b0; }
    auto cont = [&](size_t i) { return char32_t(static_cast<unsigned char>(s[pos + i]) & 0x3F); };
    char32_t cp;
    if (b0 < 0xE0) { cp = (char32_t(b0 & 0x1F) << 6) | cont(1); pos += 2; }
    else if (b0 < 0xF0) { cp = (char32_t(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2); pos += 3; }
    else { cp = (char32_t(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3); pos += 4; }
    return cp;
}
inline size_t utf8_length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }
void append_utf8(char32_t cp, std::string& out);

// Valid UTF-8 out of any bytes: each maximal ill-formed subpart becomes U+FFFD (WHATWG
// "decode", the same as TextDecoder and Python's errors="replace").
std::string sanitize_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

}  // namespace ma::unicode
