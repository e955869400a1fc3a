// tokenizers/src/pre_tokenizers/{sequence,split,byte_level,metaspace,whitespace,bert,digits,punctuation,delimiter}.rs
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

struct Sequence : PreTokenizer {
    std::vector<std::unique_ptr<PreTokenizer>> steps;
    void pre_tokenize(std::vector<Piece>& p) const override { for (const auto& s : steps) s->pre_tokenize(p); }
};

struct Split : PreTokenizer {
    step_json::Pattern pattern;
    SplitBehavior behavior = SplitBehavior::isolated;
    bool invert = false;
    void pre_tokenize(std::vector<Piece>& pieces) const override {
        split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
            std::vector<Span> spans = step_json::pattern_spans(p.text, pattern);
            if (invert) for (Span& s : spans) s.is_match = !s.is_match;
            split_by_spans(p, std::move(spans), behavior, out);
        });
    }
};

// ByteLevel: optional prefix space, optional GPT-2 split, then bytes mapped to characters.
struct ByteLevel : PreTokenizer {
    bool add_prefix_space = true, use_regex = true;
    step_json::Pattern gpt2;
    ByteLevel(bool prefix, bool regex) : add_prefix_space(prefix), use_regex(regex) {
        if (use_regex)  // pre_tokenizers/byte_level.rs
            gpt2.regex.emplace(R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)", "ByteLevel");
    }
    void pre_tokenize(std::vector<Piece>& pieces) const override {
        split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
            Piece q = p;
            if (add_prefix_space && q.text.compare(0, 1, " ") != 0) q.text.insert(0, " ");
            if (use_regex) split_by_spans(q, step_json::pattern_spans(q.text, gpt2), SplitBehavior::isolated, out);
            else if (!q.text.empty()) out.push_back(std::move(q));
        });
        for (Piece& p : pieces) {
            if (p.token >= 0) continue;
            std::string mapped;
            mapped.reserve(p.text.size() * 2);
            for (unsigned char b : p.text) mapped += byte_level_char(b);
            p.text = std::move(mapped);
        }
    }
};

struct Metaspace : PreTokenizer {
    std::string replacement;
    char32_t replacement_cp = 0;
    enum class Prepend { always, first, never } prepend = Prepend::always;
    bool split = true;
    void pre_tokenize(std::vector<Piece>& pieces) const override {
        split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
            Piece q{std::string(), -1, p.at_start};
            q.text.reserve(p.text.size() + 8);
            for (char c : p.text) { if (c == ' ') q.text += replacement; else q.text.push_back(c); }
            const bool starts = q.text.compare(0, replacement.size(), replacement) == 0;
            if (!starts && (prepend == Prepend::always || (prepend == Prepend::first && q.at_start))) q.text.insert(0, replacement);
            if (!split) { if (!q.text.empty()) out.push_back(std::move(q)); return; }
            split_by_spans(q, char_spans(q.text, [&](char32_t c) { return c == replacement_cp; }), SplitBehavior::merged_with_next, out);
        });
    }
};

// Split on characters: WhitespaceSplit, BertPreTokenizer, Digits, Punctuation, CharDelimiterSplit.
struct CharSplit : PreTokenizer {
    bool (*pred)(char32_t) = nullptr;
    char32_t delimiter = 0;
    SplitBehavior behavior = SplitBehavior::removed;
    void pre_tokenize(std::vector<Piece>& pieces) const override {
        split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
            split_by_spans(p, char_spans(p.text, [&](char32_t c) { return pred ? pred(c) : c == delimiter; }), behavior, out);
        });
    }
};

// Whitespace: the matches of \w+|[^\w\s]+ (Rust regex) are kept, the rest removed.
struct Whitespace : PreTokenizer {
    void pre_tokenize(std::vector<Piece>& pieces) const override {
        split_pieces(pieces, [&](const Piece& p, std::vector<Piece>& out) {
            std::vector<Span> spans;  // is_match: removed
            size_t pos = 0;
            int run = -1;  // 0 word, 1 other, 2 space
            for (size_t start = 0; pos < p.text.size(); ) {
                start = pos;
                const char32_t c = u::decode_at(p.text, pos);
                const int kind = u::is_word_char(c) ? 0 : u::is_white_space(c) ? 2 : 1;
                if (kind == run) { spans.back().end = pos; continue; }
                spans.push_back({start, pos, kind == 2});
                run = kind;
            }
            split_by_spans(p, std::move(spans), SplitBehavior::removed, out);
        });
    }
};

bool is_space(char32_t c) { return u::is_white_space(c); }
bool is_bert_punct(char32_t c) { return (c < 128 && c > 32 && c != 127 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) || u::is_punctuation(u::category(c)); }
bool is_numeric(char32_t c) { return u::is_number(u::category(c)); }

// The one character a Metaspace replacement or a delimiter must be (serde's `char`).
char32_t one_character(const std::string& s, const std::string& where) {
    if (s.empty() || !u::is_valid_utf8(s) || s.size() != u::utf8_length(static_cast<unsigned char>(s[0])))
        throw Error(ErrorCode::invalid_value, where, "expected one character");
    size_t pos = 0;
    return u::decode_at(s, pos);
}

SplitBehavior read_behavior(const json& j, const std::string& where, SplitBehavior fallback) {
    const auto given = step_json::optional_text(j, "behavior", where);
    if (!given) return fallback;
    const std::string& b = *given;
    if (b == "Removed") return SplitBehavior::removed;
    if (b == "Isolated") return SplitBehavior::isolated;
    if (b == "MergedWithPrevious") return SplitBehavior::merged_with_previous;
    if (b == "MergedWithNext") return SplitBehavior::merged_with_next;
    if (b == "Contiguous") return SplitBehavior::contiguous;
    throw Error(ErrorCode::invalid_value, where + ".behavior", "'" + b + "' is not a split behavior");
}

}  // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const json& j, const std::string& where) {
    if (j.is_null()) return nullptr;
    const std::string type = step_json::type_of(j, where);
    if (type == "Sequence") {
        auto seq = std::make_unique<Sequence>();
        seq->steps = step_json::sequence<PreTokenizer>(j, "pretokenizers", where, make_pre_tokenizer);
        return seq;
    }
    if (type == "Split") {
        auto s = std::make_unique<Split>();
        s->pattern = step_json::pattern(j, where);
        s->behavior = read_behavior(j, where, SplitBehavior::isolated);
        s->invert = step_json::flag(j, "invert", false, where);
        return s;
    }
    if (type == "ByteLevel") return std::make_unique<ByteLevel>(step_json::flag(j, "add_prefix_space", true, where), step_json::flag(j, "use_regex", true, where));
    if (type == "Metaspace") {
        auto m = std::make_unique<Metaspace>();
        m->replacement = step_json::optional_text(j, "replacement", where).value_or("\xE2\x96\x81");
        m->replacement_cp = one_character(m->replacement, where + ".replacement");
        m->split = step_json::flag(j, "split", true, where);
        if (const auto scheme = step_json::optional_text(j, "prepend_scheme", where)) {
            const std::string& s = *scheme;
            if (s == "always") m->prepend = Metaspace::Prepend::always;
            else if (s == "first") m->prepend = Metaspace::Prepend::first;
            else if (s == "never") m->prepend = Metaspace::Prepend::never;
            else throw Error(ErrorCode::invalid_value, where + ".prepend_scheme", "'" + s + "' is not always, first or never");
        } else {  // files before prepend_scheme: add_prefix_space
            m->prepend = step_json::flag(j, "add_prefix_space", true, where) ? Metaspace::Prepend::always : Metaspace::Prepend::never;
        }
        return m;
    }
    if (type == "WhitespaceSplit") {
        auto c = std::make_unique<CharSplit>();
        c->pred = is_space;
        return c;
    }
    if (type == "Whitespace") return std::make_unique<Whitespace>();
    if (type == "BertPreTokenizer") {
        auto seq = std::make_unique<Sequence>();
        auto ws = std::make_unique<CharSplit>();
        ws->pred = is_space;
        auto punct = std::make_unique<CharSplit>();
        punct->pred = is_bert_punct;
        punct->behavior = SplitBehavior::isolated;
        seq->steps.push_back(std::move(ws));
        seq->steps.push_back(std::move(punct));
        return seq;
    }
    if (type == "Punctuation") {
        auto c = std::make_unique<CharSplit>();
        c->pred = is_bert_punct;
        c->behavior = read_behavior(j, where, SplitBehavior::isolated);
        return c;
    }
    if (type == "Digits") {
        auto c = std::make_unique<CharSplit>();
        c->pred = is_numeric;
        c->behavior = step_json::flag(j, "individual_digits", false, where) ? SplitBehavior::isolated : SplitBehavior::contiguous;
        return c;
    }
    if (type == "CharDelimiterSplit") {
        auto c = std::make_unique<CharSplit>();
        c->delimiter = one_character(step_json::text(j, "delimiter", where), where + ".delimiter");
        return c;
    }
    throw Error(ErrorCode::unsupported, where + ".type",
                "the pre-tokenizer '" + type + "' is not implemented (implemented: Sequence, Split, ByteLevel, Metaspace, Whitespace, "
                "WhitespaceSplit, BertPreTokenizer, Punctuation, Digits, CharDelimiterSplit)");
}

}  // namespace ma
