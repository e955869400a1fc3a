// tokenizers/src/normalizers/{unicode,bert,strip,prepend,replace,utils,byte_level}.rs
#include <optional>

#include "../error.h"
#include "regex.h"
#include "step_json.h"
#include "text_steps.h"
#include "unicode.h"

namespace ma {
namespace {

namespace u = unicode;
using json = nlohmann::json;

template <typename Fn>  // Fn(char32_t cp, std::string& out): appends what cp becomes
std::string map_chars(const std::string& text, Fn&& fn) {
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) fn(u::decode_at(text, pos), out);
    return out;
}

struct Sequence : Normalizer {
    std::vector<std::unique_ptr<Normalizer>> steps;
    void normalize(std::string& t) const override { for (const auto& s : steps) s->normalize(t); }
};

struct UnicodeForm : Normalizer {
    u::Form form;
    explicit UnicodeForm(u::Form f) : form(f) {}
    void normalize(std::string& t) const override { t = u::normalize(t, form); }
};

struct Lowercase : Normalizer {
    void normalize(std::string& t) const override {
        t = map_chars(t, [](char32_t cp, std::string& out) { u::append_lowercase(cp, out); });
    }
};

struct Strip : Normalizer {
    bool left = true, right = true;
    void normalize(std::string& t) const override {
        size_t b = 0, e = t.size();
        if (left)
            while (b < t.size()) {
                size_t next = b;
                if (!u::is_white_space(u::decode_at(t, next))) break;
                b = next;
            }
        if (right)
            while (e > b) {
                size_t s = e - 1;
                while (s > b && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80) --s;
                size_t p = s;
                if (!u::is_white_space(u::decode_at(t, p))) break;
                e = s;
            }
        t = t.substr(b, e - b);
    }
};

void strip_marks(std::string& t) {  // unicode_normalization's is_combining_mark: category M
    t = map_chars(t, [](char32_t cp, std::string& out) { if (!u::is_mark(u::category(cp))) u::append_utf8(cp, out); });
}

struct StripAccents : Normalizer {
    void normalize(std::string& t) const override { strip_marks(t); }
};

struct Prepend : Normalizer {
    std::string prefix;
    void normalize(std::string& t) const override { if (!t.empty()) t.insert(0, prefix); }
};

struct Replace : Normalizer {
    step_json::Pattern pattern;
    std::string content;
    void normalize(std::string& t) const override {
        std::string out;
        out.reserve(t.size());
        for (const Span& s : step_json::pattern_spans(t, pattern))
            if (s.is_match) out += content;
            else out.append(t, s.start, s.end - s.start);
        t = std::move(out);
    }
};

// BertNormalizer (normalizers/bert.rs).
struct Bert : Normalizer {
    bool clean_text = true, chinese = true, lowercase = true;
    std::optional<bool> strip_accents;
    static bool is_chinese(char32_t c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
               (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
               (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
    void normalize(std::string& t) const override {
        if (clean_text)
            t = map_chars(t, [](char32_t c, std::string& out) {
                const bool ws = c == '\t' || c == '\n' || c == '\r' || u::is_white_space(c);
                const bool control = !(c == '\t' || c == '\n' || c == '\r') && u::is_other(u::category(c));
                if (c == 0 || c == 0xFFFD || control) return;
                u::append_utf8(ws ? U' ' : c, out);
            });
        if (chinese)
            t = map_chars(t, [](char32_t c, std::string& out) {
                if (!is_chinese(c)) { u::append_utf8(c, out); return; }
                out.push_back(' '); u::append_utf8(c, out); out.push_back(' ');
            });
        if (strip_accents.value_or(lowercase)) {  // nfd, then drop nonspacing marks (Mn)
            t = u::normalize(t, u::Form::nfd);
            t = map_chars(t, [](char32_t c, std::string& out) { if (u::category(c) != u::Mn) u::append_utf8(c, out); });
        }
        if (lowercase) Lowercase().normalize(t);
    }
};

struct ByteLevelNormalizer : Normalizer {
    void normalize(std::string& t) const override {
        std::string out;
        out.reserve(t.size() * 2);
        for (unsigned char b : t) out += byte_level_char(b);
        t = std::move(out);
    }
};

}  // namespace

const std::string& byte_level_char(unsigned char b) {
    static const auto table = [] {
        std::vector<std::string> t(256);
        char32_t next = 256;
        for (int i = 0; i < 256; ++i) {
            const bool printable = (i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF);
            u::append_utf8(printable ? char32_t(i) : next++, t[size_t(i)]);
        }
        return t;
    }();
    return table[b];
}

std::unique_ptr<Normalizer> make_normalizer(const json& j, const std::string& where) {
    if (j.is_null()) return nullptr;
    const std::string type = step_json::type_of(j, where);
    if (type == "Sequence") {
        auto seq = std::make_unique<Sequence>();
        seq->steps = step_json::sequence<Normalizer>(j, "normalizers", where, make_normalizer);
        return seq;
    }
    if (type == "NFC") return std::make_unique<UnicodeForm>(u::Form::nfc);
    if (type == "NFD") return std::make_unique<UnicodeForm>(u::Form::nfd);
    if (type == "NFKC") return std::make_unique<UnicodeForm>(u::Form::nfkc);
    if (type == "NFKD") return std::make_unique<UnicodeForm>(u::Form::nfkd);
    if (type == "Lowercase") return std::make_unique<Lowercase>();
    if (type == "StripAccents") return std::make_unique<StripAccents>();
    if (type == "ByteLevel") return std::make_unique<ByteLevelNormalizer>();
    if (type == "Strip") {
        auto s = std::make_unique<Strip>();
        s->left = step_json::flag(j, "strip_left", true, where);
        s->right = step_json::flag(j, "strip_right", true, where);
        return s;
    }
    if (type == "Prepend") {
        auto p = std::make_unique<Prepend>();
        p->prefix = step_json::text(j, "prepend", where);
        return p;
    }
    if (type == "Replace") {
        auto r = std::make_unique<Replace>();
        r->pattern = step_json::pattern(j, where);
        r->content = step_json::text(j, "content", where);
        return r;
    }
    if (type == "BertNormalizer") {
        auto b = std::make_unique<Bert>();
        b->clean_text = step_json::flag(j, "clean_text", true, where);
        b->chinese = step_json::flag(j, "handle_chinese_chars", true, where);
        b->lowercase = step_json::flag(j, "lowercase", true, where);
        b->strip_accents = step_json::optional_flag(j, "strip_accents", where);
        return b;
    }
    throw Error(ErrorCode::unsupported, where + ".type",
                "the normalizer '" + type + "' is not implemented (implemented: Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, "
                "Prepend, Replace, BertNormalizer, ByteLevel)");
}

}  // namespace ma
