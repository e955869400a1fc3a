// Byte-level tests on text, shared by the JSON reader (tokenizer/json_scanner), the JSON writer
// (json_writer), the tokenizer stream's compactor and the Unicode code (tokenize/unicode): one
// statement of what well-formed UTF-8 is, and the eight-bytes-a-step tests their fast paths use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ma::text_bytes {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "words are read little-endian (wasm, x86, arm64): the lowest flag is the first byte");

// The length of the well-formed UTF-8 sequence at p (p[0] >= 0x80, `left` bytes from p on), 0 when
// there is none (Unicode Table 3-7: no overlong forms, surrogates or code points above U+10FFFF).
// `ill`, when given, gets the length of the maximal ill-formed subpart there, at least 1 (WHATWG).
inline size_t utf8_sequence_length(const unsigned char* p, size_t left, size_t* ill = nullptr) {
    const unsigned c = p[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else {
        if (ill) *ill = 1;
        return 0;
    }
    for (size_t k = 1; k <= need; ++k) {
        if (k >= left || p[k] < (k == 1 ? lo : 0x80u) || p[k] > (k == 1 ? hi : 0xBFu)) {
            if (ill) *ill = k;
            return 0;
        }
    }
    return need + 1;
}

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// Flags (the high bit of a byte) for the bytes of w equal to c: exact for the lowest flagged
// byte, which is all the callers use (a borrow can flag a byte above it).
inline uint64_t bytes_equal(uint64_t w, unsigned char c) {
    const uint64_t v = w ^ (kOnes * c);
    return (v - kOnes) & ~v & kHighs;
}

// Flags for the bytes a JSON string cannot copy as they are: '"', '\\', below 0x20, or 0x80 and
// above (UTF-8 to check); exact for the lowest.
inline uint64_t json_string_stops(uint64_t w) {
    return (w & kHighs) | ((w - kOnes * 0x20) & ~w & kHighs) | bytes_equal(w, '"') | bytes_equal(w, '\\');
}

// Past the run of ' ' that starts at p (before `end`), a word a step: the indentation of a
// pretty-printed JSON file, between its tokens.
inline const char* past_spaces(const char* p, const char* end) {
    constexpr uint64_t spaces = kOnes * ' ';
    for (uint64_t w; end - p >= 8; p += 8) {
        std::memcpy(&w, p, 8);
        if (w != spaces) return p + (__builtin_ctzll(w ^ spaces) >> 3);  // the first byte in memory is the lowest
    }
    while (p < end && *p == ' ') ++p;
    return p;
}

}  // namespace ma::text_bytes
