#include "unicode.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "../text_bytes.h"

namespace ma::unicode_tables {
// Filled once before main from the packed bytes (packed_table.h); read-only after that.
#define MA_TABLE(type, name) extern type name[]; extern const size_t name##_size;
MA_TABLE(uint32_t, kCategoryRuns)
MA_TABLE(uint32_t, kWhiteSpace)
MA_TABLE(uint32_t, kWordExtra)
MA_TABLE(uint32_t, kCombiningClassRuns)
MA_TABLE(uint32_t, kNfcQuickCheckRuns)
MA_TABLE(uint32_t, kNfkcQuickCheckRuns)
MA_TABLE(uint32_t, kDecompositionKeys)
MA_TABLE(uint16_t, kDecompositionOffsets)
MA_TABLE(uint32_t, kDecompositionData)
MA_TABLE(uint64_t, kCompositionKeys)
MA_TABLE(uint32_t, kCompositionValues)
MA_TABLE(uint32_t, kLowercaseKeys)
MA_TABLE(uint16_t, kLowercaseOffsets)
MA_TABLE(uint32_t, kLowercaseData)
MA_TABLE(uint32_t, kSimpleFoldKeys)
MA_TABLE(uint32_t, kSimpleFoldValues)
#undef MA_TABLE
}  // namespace ma::unicode_tables

namespace ma::unicode {
namespace t = unicode_tables;
namespace {

// Value of the run (start << 8 | value) that contains cp.
uint8_t run_value(const uint32_t* runs, size_t n, char32_t cp) {
    const uint32_t key = (uint32_t(cp) << 8) | 0xFF;
    const uint32_t* it = std::upper_bound(runs, runs + n, key);
    return uint8_t(*(it - 1) & 0xFF);
}

// Categories of the first 64k code points, looked up once (the hot path of every split regex).
const std::array<uint8_t, 0x10000>& bmp_categories() {
    static const auto table = [] {
        std::array<uint8_t, 0x10000> a{};
        for (char32_t cp = 0; cp < 0x10000; ++cp) a[cp] = run_value(t::kCategoryRuns, t::kCategoryRuns_size, cp);
        return a;
    }();
    return table;
}

template <typename K>
const K* find_key(const K* keys, size_t n, K key) {
    const K* it = std::lower_bound(keys, keys + n, key);
    return it != keys + n && *it == key ? it : nullptr;
}

constexpr char32_t kHangulBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

void decompose(char32_t cp, bool compat, std::vector<char32_t>& out) {
    if (cp >= kHangulBase && cp < kHangulBase + kSCount) {
        const char32_t s = cp - kHangulBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const uint32_t* keys = t::kDecompositionKeys;
    const uint32_t* it = std::lower_bound(keys, keys + t::kDecompositionKeys_size, uint32_t(cp) * 2);
    if (it != keys + t::kDecompositionKeys_size && (*it >> 1) == cp && (compat || !(*it & 1))) {
        const size_t i = size_t(it - keys);
        for (size_t j = t::kDecompositionOffsets[i]; j < t::kDecompositionOffsets[i + 1]; ++j)
            decompose(t::kDecompositionData[j], compat, out);
        return;
    }
    out.push_back(cp);
}

char32_t compose_pair(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kHangulBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kHangulBase && a < kHangulBase + kSCount && (a - kHangulBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
        return a + (b - kTBase);
    const uint64_t key = (uint64_t(a) << 21) | b;
    const uint64_t* k = find_key(t::kCompositionKeys, t::kCompositionKeys_size, key);
    return k ? t::kCompositionValues[k - t::kCompositionKeys] : 0;
}

// Canonical ordering, then (for NFC/NFKC) canonical composition, per UAX #15.
void reorder_and_compose(std::vector<char32_t>& cps, bool compose) {
    for (size_t i = 1; i < cps.size(); ++i) {  // stable insertion sort of each run of non-starters
        const uint8_t c = combining_class(cps[i]);
        if (c == 0) continue;
        for (size_t j = i; j > 0 && combining_class(cps[j - 1]) > c; --j) std::swap(cps[j], cps[j - 1]);
    }
    if (!compose) return;
    // A character composes with the last starter unless a character between them (left
    // uncomposed) is a starter or has a class >= its own; after ordering that is the last one kept.
    size_t out = 0;
    std::optional<size_t> starter;
    int last_class = -1;  // class of the last character kept after the starter; -1: none
    for (const char32_t cp : cps) {
        const int cc = combining_class(cp);
        if (starter && !(last_class != -1 && last_class >= cc)) {
            if (const char32_t c = compose_pair(cps[*starter], cp)) {
                cps[*starter] = c;
                continue;
            }
        }
        if (cc == 0) { starter = out; last_class = -1; }
        else last_class = cc;
        cps[out++] = cp;
    }
    cps.resize(out);
}

}  // namespace

Category category(char32_t cp) {
    if (cp < 0x10000) return Category(bmp_categories()[cp]);
    return Category(run_value(t::kCategoryRuns, t::kCategoryRuns_size, cp));
}

bool is_white_space(char32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    for (size_t i = 0; i < t::kWhiteSpace_size; i += 2)
        if (cp >= t::kWhiteSpace[i] && cp <= t::kWhiteSpace[i + 1]) return true;
    return false;
}

bool is_word_char(char32_t cp) {
    const Category c = category(cp);
    if (is_mark(c) || c == Nd || c == Pc) return true;
    // kWordExtra: disjoint [lo, hi] pairs sorted by lo; the last one starting at or before cp decides.
    const size_t n = t::kWordExtra_size / 2;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (t::kWordExtra[2 * mid] <= cp) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && cp <= t::kWordExtra[2 * (lo - 1) + 1];
}

std::vector<char32_t> case_equivalents(char32_t cp) {
    const char32_t f = simple_fold(cp);
    std::vector<char32_t> out{cp};
    if (f != cp) out.push_back(f);
    for (size_t i = 0; i < t::kSimpleFoldKeys_size; ++i)
        if (t::kSimpleFoldValues[i] == f && t::kSimpleFoldKeys[i] != cp) out.push_back(t::kSimpleFoldKeys[i]);
    return out;
}

uint8_t combining_class(char32_t cp) {
    if (cp < 0x300) return 0;
    return run_value(t::kCombiningClassRuns, t::kCombiningClassRuns_size, cp);
}

char32_t simple_fold(char32_t cp) {
    const uint32_t* k = find_key(t::kSimpleFoldKeys, t::kSimpleFoldKeys_size, uint32_t(cp));
    return k ? t::kSimpleFoldValues[k - t::kSimpleFoldKeys] : cp;
}

void append_lowercase(char32_t cp, std::string& out) {
    if (cp < 0x80) { out.push_back(char(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)); return; }
    const uint32_t* k = find_key(t::kLowercaseKeys, t::kLowercaseKeys_size, uint32_t(cp));
    if (!k) { append_utf8(cp, out); return; }
    const size_t i = size_t(k - t::kLowercaseKeys);
    for (size_t j = t::kLowercaseOffsets[i]; j < t::kLowercaseOffsets[i + 1]; ++j) append_utf8(t::kLowercaseData[j], out);
}

std::string normalize(std::string_view text, Form form) {
    const bool compat = form == Form::nfkc || form == Form::nfkd;
    const bool compose = form == Form::nfc || form == Form::nfkc;
    // Quick check: text whose every character is NFC/NFKC_QC=Yes with combining class 0 is already normalized.
    if (compose) {
        const uint32_t* runs = compat ? t::kNfkcQuickCheckRuns : t::kNfcQuickCheckRuns;
        const size_t n = compat ? t::kNfkcQuickCheckRuns_size : t::kNfcQuickCheckRuns_size;
        bool stable = true;
        for (size_t pos = 0; pos < text.size() && stable;) {
            if (static_cast<unsigned char>(text[pos]) < 0x80) { ++pos; continue; }
            const char32_t cp = decode_at(text, pos);
            stable = combining_class(cp) == 0 && run_value(runs, n, cp) == 0;
        }
        if (stable) return std::string(text);
    }
    std::vector<char32_t> cps;
    cps.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) decompose(decode_at(text, pos), compat, cps);
    reorder_and_compose(cps, compose);
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : cps) append_utf8(cp, out);
    return out;
}

void append_utf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

namespace {
// Length of the well-formed sequence at i, or 0 with `bad` = the length of the maximal
// ill-formed subpart (at least 1).
size_t sequence_at(std::string_view s, size_t i, size_t& bad) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data() + i);
    bad = 1;
    return p[0] < 0x80 ? 1 : text_bytes::utf8_sequence_length(p, s.size() - i, &bad);
}
}  // namespace

bool is_valid_utf8(std::string_view bytes) {
    size_t bad;
    for (size_t i = 0; i < bytes.size();) {
        const size_t n = sequence_at(bytes, i, bad);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::string sanitize_utf8(std::string_view bytes) {
    if (is_valid_utf8(bytes)) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 16);
    size_t bad;
    for (size_t i = 0; i < bytes.size();) {
        if (const size_t n = sequence_at(bytes, i, bad)) {
            out.append(bytes.substr(i, n));
            i += n;
        } else {
            out.append("\xEF\xBF\xBD");
            i += bad;
        }
    }
    return out;
}

}  // namespace ma::unicode
