// The regular expressions of tokenizer.json Split pre-tokenizers (and Replace
// normalizers), matched as Oniguruma (Ruby syntax, UTF-8) matches them in HF
// tokenizers: leftmost match, alternatives tried in order, greedy quantifiers,
// backtracking. The supported subset is what real tokenizers use: literals,
// classes with ranges and \p{..} categories, \s \S \d \D \w \W ., groups
// (?: ) (?i: ) ( ), lookahead (?= ) (?! ), and ? * + {m,n} with lazy variants.
// Anything else is refused by name (Error unsupported) when compiling, never
// approximated. Text must be valid UTF-8; offsets are bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ma {

class Regex {
public:
    // Throws Error(unsupported) naming `where`, the construct and its offset in the pattern.
    Regex(std::string_view pattern, const std::string& where);

    struct Match { size_t start, end; };
    // The leftmost match starting at or after `from`; start == npos when none.
    Match find(std::string_view text, size_t from) const;
    bool can_match_empty() const { return nullable_; }
    const std::string& pattern() const { return pattern_; }

    struct ClassItem {
        enum Kind : uint8_t { range, categories, white_space } kind;
        bool negated;
        char32_t lo, hi;     // range
        uint32_t mask;       // categories: bit per unicode::Category
    };
    struct CharClass {
        std::vector<ClassItem> items;
        bool negated = false;
        uint64_t ascii[2] = {0, 0};  // precomputed membership of U+0000..U+007F
        bool contains(char32_t cp) const;
        bool contains_slow(char32_t cp) const;
    };
    enum class Op : uint8_t { cls, split, jump, look, match };
    struct Inst {
        Op op;
        bool negate = false;  // look: (?! ) rather than (?= )
        uint32_t x = 0, y = 0;  // cls: class index; split: preferred, other; jump: x; look: body start
    };

private:
    // Throws Error(unsupported) when `budget` steps run out (catastrophic backtracking).
    bool run(uint32_t pc, std::string_view text, size_t pos, size_t& end, uint64_t& budget) const;

    std::string pattern_;
    std::vector<CharClass> classes_;
    std::vector<Inst> prog_;
    bool nullable_ = false;
    friend class RegexCompiler;
};

}  // namespace ma
