#include "json_scanner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "../error.h"
#include "../text_bytes.h"

namespace ma {

JsonScanner::JsonScanner(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    // A UTF-8 byte order mark is tolerated, as Python's json with utf-8-sig is not: name it clearly.
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

JsonScanner::JsonScanner(std::string_view text, std::string file, size_t origin)
    : text_(text), file_(std::move(file)), piece_(true), origin_(origin) {}

void JsonScanner::fail(const std::string& message) const { fail_at(pos_, message); }

void JsonScanner::fail_at(size_t pos, const std::string& message) const {
    if (piece_) throw Error(ErrorCode::invalid_json, file_, "byte " + std::to_string(origin_ + pos) + ": " + message);
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos && i < text_.size(); ++i) {
        if (text_[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    throw Error(ErrorCode::invalid_json, file_,
                "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
                    std::to_string(pos) + "): " + message);
}

void JsonScanner::skip_ws() {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
        ++pos_;
    }
}

JsonKind JsonScanner::peek() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input (the file is truncated)");
    switch (text_[pos_]) {
        case '{': return JsonKind::object;
        case '[': return JsonKind::array;
        case '"': return JsonKind::string;
        case 't': case 'f': return JsonKind::boolean;
        case 'n': return JsonKind::null;
        default:
            if (text_[pos_] == '-' || (text_[pos_] >= '0' && text_[pos_] <= '9')) return JsonKind::number;
            fail(std::string("unexpected character '") + (static_cast<unsigned char>(text_[pos_]) < 0x80 ? std::string(1, text_[pos_]) : "\\x..") + "'");
    }
}

char JsonScanner::next_char() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input (the file is truncated)");
    return text_[pos_++];
}

void JsonScanner::expect(char c) {
    const char got = next_char();
    if (got != c) {
        --pos_;
        fail(std::string("expected '") + c + "'");
    }
}

void JsonScanner::begin_object() {
    if (peek() != JsonKind::object) fail("expected an object");
    ++pos_;
    first_ = true;
}

bool JsonScanner::key_start() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input inside an object (the file is truncated)");
    if (text_[pos_] == '}') { ++pos_; first_ = false; return false; }
    if (!first_) expect(',');
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input inside an object (the file is truncated)");
    if (text_[pos_] != '"') fail("expected a string key");
    return true;
}

bool JsonScanner::next_key(std::string& key) {
    if (!key_start()) return false;
    key.clear();
    scan_string(&key);
    expect(':');
    first_ = false;  // the next member needs a comma; the caller reads this value first
    return true;
}

bool JsonScanner::next_key(std::string_view& key, std::string& scratch) {
    if (!key_start()) return false;
    if (!scan_string_plain(key, scratch)) key = scratch;
    expect(':');
    first_ = false;
    return true;
}

void JsonScanner::begin_array() {
    if (peek() != JsonKind::array) fail("expected an array");
    ++pos_;
    first_ = true;
}

bool JsonScanner::next_element() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end of input inside an array (the file is truncated)");
    if (text_[pos_] == ']') { ++pos_; first_ = false; return false; }
    if (!first_) expect(',');
    first_ = false;
    return true;
}

namespace {

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

uint64_t load_word(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

void JsonScanner::check_utf8_sequence(size_t& i) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data() + i);
    const size_t length = text_bytes::utf8_sequence_length(p, text_.size() - i);
    if (length == 0) {
        // A byte that starts no sequence or one cut by the end, or a bad continuation, an
        // overlong form, a surrogate or beyond U+10FFFF.
        const size_t lead = (p[0] >> 5) == 0x6 ? 2 : (p[0] >> 4) == 0xE ? 3 : (p[0] >> 3) == 0x1E ? 4 : 0;
        fail_at(i, lead == 0 || i + lead > text_.size() ? "invalid UTF-8 byte" : "invalid UTF-8 sequence");
    }
    i += length;
}

void JsonScanner::scan_string(std::string* out) { scan_string(out, nullptr); }

bool JsonScanner::scan_string_plain(std::string_view& plain, std::string& out) {
    out.clear();
    return scan_string(&out, &plain);
}

bool JsonScanner::scan_string(std::string* out, std::string_view* plain) {
    const size_t start = pos_;
    ++pos_;  // opening quote
    size_t i = pos_;
    const size_t n = text_.size();
    const char* const t = text_.data();
    while (true) {
        // A run up to the closing quote or the next escape is appended whole: plain ASCII eight
        // bytes a step while a word has none of '"', '\\', a control byte or a high byte; UTF-8
        // checked in place (a vocabulary piece is one run, mostly one or two words).
        const size_t run = i;
        while (true) {
            if (n - i >= 8) {
                const uint64_t stops = text_bytes::json_string_stops(load_word(t + i));
                if (!stops) {
                    i += 8;
                    continue;
                }
                i += size_t(__builtin_ctzll(stops) >> 3);  // the first byte in memory is the lowest
            } else {
                while (i < n) {
                    const auto c = static_cast<unsigned char>(t[i]);
                    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                    ++i;
                }
            }
            if (i >= n || static_cast<unsigned char>(t[i]) < 0x80) break;
            // Checked inline (a call per character cost 4-5 ms of the Gemma-3 read in wasm), and
            // a run of them in one loop (most of Gemma-3's pieces are non-ASCII throughout).
            do {
                const size_t length = text_bytes::utf8_sequence_length(reinterpret_cast<const unsigned char*>(t + i), n - i);
                if (length == 0) check_utf8_sequence(i);  // fails, naming what is wrong
                i += length;
            } while (i < n && static_cast<unsigned char>(t[i]) >= 0x80);
        }
        if (plain && run == start + 1 && i < n && t[i] == '"') {  // the whole body, no escape
            *plain = text_.substr(run, i - run);
            pos_ = i + 1;
            return true;
        }
        if (out) out->append(t + run, i - run);
        if (i >= n) fail_at(start, "unterminated string (the file is truncated)");
        const auto c = static_cast<unsigned char>(t[i]);
        if (c == '"') { pos_ = i + 1; return false; }
        if (c < 0x20) fail_at(i, "control character inside a string");
        // Escape.
        if (i + 1 >= n) fail_at(start, "unterminated string (the file is truncated)");
        const char e = text_[i + 1];
        i += 2;
        if (e == 'u') {
            auto read_hex4 = [&](size_t at) {
                if (at + 4 > n) fail_at(at, "truncated \\u escape");
                uint32_t v = 0;
                for (size_t k = 0; k < 4; ++k) {
                    const int h = hex_value(text_[at + k]);
                    if (h < 0) fail_at(at, "invalid \\u escape");
                    v = v * 16 + static_cast<uint32_t>(h);
                }
                return v;
            };
            uint32_t cp = read_hex4(i);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 6 <= n && text_[i] == '\\' && text_[i + 1] == 'u') {
                    const uint32_t low = read_hex4(i + 2);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else {
                        fail_at(i, "unpaired UTF-16 surrogate in \\u escape");
                    }
                } else {
                    fail_at(i, "unpaired UTF-16 surrogate in \\u escape");
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail_at(i - 6, "unpaired UTF-16 surrogate in \\u escape");
            }
            if (out) append_utf8(*out, cp);
            continue;
        }
        char decoded;
        switch (e) {
            case '"': decoded = '"'; break;
            case '\\': decoded = '\\'; break;
            case '/': decoded = '/'; break;
            case 'b': decoded = '\b'; break;
            case 'f': decoded = '\f'; break;
            case 'n': decoded = '\n'; break;
            case 'r': decoded = '\r'; break;
            case 't': decoded = '\t'; break;
            default: fail_at(i - 2, "invalid escape in a string");
        }
        if (out) *out += decoded;
    }
}

std::string JsonScanner::read_string() {
    if (peek() != JsonKind::string) fail("expected a string");
    std::string s;
    scan_string(&s);
    return s;
}

std::string_view JsonScanner::number_text() {
    const size_t start = pos_;
    size_t i = pos_;
    const size_t n = text_.size();
    if (i < n && text_[i] == '-') ++i;
    if (i >= n || !(text_[i] >= '0' && text_[i] <= '9')) fail_at(start, "invalid number");
    if (text_[i] == '0') ++i;
    else while (i < n && text_[i] >= '0' && text_[i] <= '9') ++i;
    if (i < n && text_[i] == '.') {
        ++i;
        if (i >= n || !(text_[i] >= '0' && text_[i] <= '9')) fail_at(start, "invalid number");
        while (i < n && text_[i] >= '0' && text_[i] <= '9') ++i;
    }
    if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
        ++i;
        if (i < n && (text_[i] == '+' || text_[i] == '-')) ++i;
        if (i >= n || !(text_[i] >= '0' && text_[i] <= '9')) fail_at(start, "invalid number");
        while (i < n && text_[i] >= '0' && text_[i] <= '9') ++i;
    }
    pos_ = i;
    return text_.substr(start, i - start);
}

bool JsonScanner::plain_digits(size_t& i, int64_t& value) const {
    const char* const t = text_.data();
    const size_t start = i, n = text_.size(), end = std::min(n, start + 18);
    uint64_t v = 0;
    size_t k = start;
    for (unsigned d; k < end && (d = unsigned(t[k]) - '0') <= 9; ++k) v = v * 10 + d;
    if (k == start || (t[start] == '0' && k > start + 1)) return false;
    if (k < n) {
        const char c = t[k];
        if (c == '.' || c == 'e' || c == 'E' || unsigned(c) - '0' <= 9) return false;
    }
    i = k;
    value = static_cast<int64_t>(v);
    return true;
}

bool JsonScanner::next_plain_key_int(std::string_view& key, int64_t& value) {
    const size_t start = pos_, n = text_.size();
    size_t i = start + (first_ ? 0 : 1);
    if (i >= n || (!first_ && text_[start] != ',') || text_[i] != '"') return false;
    // A scan error here is the one next_key() would meet at the same byte.
    pos_ = i;
    // Through the keys' own call (a scan_string(nullptr, &key) here cost the compiler's clone of
    // scan_string for skipped strings: +11M instructions on the Gemma-3 read).
    std::string unused;
    if (!scan_string_plain(key, unused)) {
        pos_ = start;
        return false;
    }
    i = pos_ + 1;
    if (pos_ >= n || text_[pos_] != ':' || !plain_digits(i, value) || i >= n || (text_[i] != ',' && text_[i] != '}')) {
        pos_ = start;
        return false;
    }
    pos_ = i;
    first_ = false;
    return true;
}

int64_t JsonScanner::read_int() {
    if (peek() != JsonKind::number) fail("expected an integer");
    const size_t start = pos_;
    int64_t plain = 0;
    size_t end = start;
    if (plain_digits(end, plain)) {  // what ids are; else the checked path below, from the start
        pos_ = end;
        return plain;
    }
    const std::string_view t = number_text();
    // Digits accumulated directly (no copy for strtoll: one per vocabulary entry).
    const bool negative = t[0] == '-';
    const uint64_t limit = negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
    uint64_t v = 0;
    for (size_t k = negative ? 1 : 0; k < t.size(); ++k) {
        if (t[k] < '0' || t[k] > '9') fail_at(start, "expected an integer, found " + std::string(t));  // a fraction or exponent
        const auto digit = static_cast<uint64_t>(t[k] - '0');
        if (v > (limit - digit) / 10) fail_at(start, "integer " + std::string(t) + " does not fit in 64 bits");
        v = v * 10 + digit;
    }
    return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

double JsonScanner::read_number() {
    if (peek() != JsonKind::number) fail("expected a number");
    const size_t start = pos_;
    const std::string s(number_text());
    const double v = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(v)) fail_at(start, "number " + s + " is out of range");
    return v;
}

void JsonScanner::literal(const char* word) {
    const size_t len = std::strlen(word);
    if (text_.substr(pos_, len) != word) fail(std::string("expected ") + word);
    pos_ += len;
}

bool JsonScanner::read_bool() {
    if (peek() != JsonKind::boolean) fail("expected true or false");
    if (text_[pos_] == 't') { literal("true"); return true; }
    literal("false");
    return false;
}

void JsonScanner::read_null() {
    if (peek() != JsonKind::null) fail("expected null");
    literal("null");
}

std::string_view JsonScanner::skip_value() {
    const JsonKind kind = peek();
    const size_t start = pos_;
    switch (kind) {
        case JsonKind::string: scan_string(nullptr); break;
        case JsonKind::number: number_text(); break;
        case JsonKind::boolean: read_bool(); break;
        case JsonKind::null: read_null(); break;
        case JsonKind::end: break;  // peek() already failed
        case JsonKind::object:
        case JsonKind::array: {
            skip_nested(0, false, Expect::value);
            break;
        }
    }
    first_ = false;
    return text_.substr(start, pos_ - start);
}

// Iterative, so nesting depth costs no stack. As strict as reading: brackets must match, and each
// separator and value must come where JSON puts it (`[1,]`, `[1 2]`, `{"a" 1}` are refused, as
// nlohmann and serde_json refuse them). Whitespace and separators are passed here rather than by
// next_char(): most of a tokenizer.json is the merges list skipped this way, indented by runs of
// spaces. Starts inside `open` when it is a bracket (else at a value); true when the brackets
// close, false when, `to_end`, the text ends with one bracket open.
bool JsonScanner::skip_nested(char open, bool to_end, Expect::Flag expect) {
    const size_t n = text_.size();
    const char* const t = text_.data();
    // The open brackets are stack[0, depth): the string grows only when the nesting is deeper than
    // ever before (a push or pop a bracket was a call into the string library, 3 % of the read).
    std::string stack(open ? 1 : 0, open);
    size_t depth = stack.size();
    const auto value_here = [&] {
        if (!(expect & (Expect::value | Expect::value_or_close))) fail_expecting(expect);
    };
    while (true) {
        if (pos_ >= n) {
            if (to_end && depth == 1) return false;
            fail("unexpected end of input (the file is truncated)");
        }
        const char c = t[pos_];
        if (c == '"') {
            if (expect & (Expect::key | Expect::key_or_close)) expect = Expect::colon;
            else {
                value_here();
                expect = Expect::separator_or_close;
            }
            scan_string(nullptr);
        } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            ++pos_;
            pos_ = size_t(text_bytes::past_spaces(t + pos_, t + n) - t);  // indentation
            // Where a cut text can go on from: an element of the outer list comes next.
            if (depth == 1 && expect == Expect::value) level_end_ = pos_;
        } else if (c == ',') {
            if (expect != Expect::separator_or_close) fail_expecting(expect);
            expect = stack[depth - 1] == '[' ? Expect::value : Expect::key;
            ++pos_;
            if (depth == 1) level_end_ = pos_;
        } else if (c == ':') {
            if (expect != Expect::colon) fail_expecting(expect);
            expect = Expect::value;
            ++pos_;
        } else if (c == '{' || c == '[') {
            value_here();
            if (depth == stack.size()) stack.push_back(c);
            else stack[depth] = c;
            ++depth;
            ++pos_;
            expect = c == '[' ? Expect::value_or_close : Expect::key_or_close;
        } else if (c == '}' || c == ']') {
            if (depth == 0 || (c == '}') != (stack[depth - 1] == '{')) fail_at(pos_, "mismatched bracket");
            if (!(expect & (Expect::separator_or_close | (c == ']' ? Expect::value_or_close : Expect::key_or_close)))) fail_expecting(expect);
            --depth;
            ++pos_;
            if (depth == 0) return true;
            expect = Expect::separator_or_close;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            value_here();
            number_text();
            expect = Expect::separator_or_close;
        } else if (c == 't' || c == 'f' || c == 'n') {
            value_here();
            literal(c == 't' ? "true" : c == 'f' ? "false" : "null");
            expect = Expect::separator_or_close;
        } else {
            fail_at(pos_, "unexpected character");
        }
    }
}

void JsonScanner::fail_expecting(Expect::Flag expect) const {
    fail(expect == Expect::colon                ? "expected ':'"
         : expect == Expect::separator_or_close ? "expected ',' or a closing bracket"
         : expect & (Expect::key | Expect::key_or_close) ? "expected a string key"
                                                         : "expected a value");
}

bool JsonScanner::skip_array_inside(bool more_to_come, bool after_separator) {
    level_end_ = pos_;
    try {
        if (skip_nested('[', more_to_come, after_separator ? Expect::value : Expect::value_or_close)) return true;
    } catch (const Error&) {
        if (!more_to_come) throw;  // else an element cut by the end of the text, or an error the next text meets again
    }
    pos_ = level_end_;
    return false;
}

void JsonScanner::expect_end() {
    skip_ws();
    if (pos_ != text_.size()) fail("unexpected content after the JSON value");
}

}  // namespace ma
