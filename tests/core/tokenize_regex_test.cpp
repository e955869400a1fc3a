// The split regexes of real tokenizers, matched as Oniguruma matches them:
// leftmost, first alternative that matches, greedy with backtracking.
#include <catch2/catch.hpp>

#include "error.h"
#include "tokenize/regex.h"

namespace {
std::vector<std::string> matches(const ma::Regex& re, const std::string& text) {
    std::vector<std::string> out;
    for (size_t at = 0;;) {
        const auto m = re.find(text, at);
        if (m.start == std::string::npos) break;
        out.push_back(text.substr(m.start, m.end - m.start));
        at = m.end;
    }
    return out;
}
const char* kGpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const char* kLlama3 = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
}  // namespace

TEST_CASE("GPT-2's split: a space joins the next word, trailing spaces stay apart from the last one", "[tokenize][regex]") {
    const ma::Regex re(kGpt2, "test");
    CHECK(matches(re, "Hello world's  end!!") == std::vector<std::string>{"Hello", " world", "'s", " ", " end", "!!"});
    CHECK(matches(re, "a   b") == std::vector<std::string>{"a", "  ", " b"});  // \s+(?!\S) backtracks by one
    CHECK(matches(re, "x \n") == std::vector<std::string>{"x", " \n"});
}

TEST_CASE("Llama-3's split: case-insensitive contractions, digits in threes, newlines kept together", "[tokenize][regex]") {
    const ma::Regex re(kLlama3, "test");
    CHECK(matches(re, "DON'T 1234567") == std::vector<std::string>{"DON", "'T", " ", "123", "456", "7"});
    CHECK(matches(re, "a.\n\nb") == std::vector<std::string>{"a", ".\n\n", "b"});
    CHECK(matches(re, "it\u017F") == std::vector<std::string>{"it\u017F"});
    CHECK(matches(re, "'\u017F") == std::vector<std::string>{"'\u017F"});  // (?i) lets 's match long s, as in Oniguruma
}

TEST_CASE("classes: ranges of CJK, escaped ASCII punctuation, negated categories", "[tokenize][regex]") {
    const ma::Regex cjk("[一-龥぀-ゟ゠-ヿ]+", "test");
    CHECK(matches(cjk, "abc漢字かなカナdef") == std::vector<std::string>{"漢字かなカナ"});
    const ma::Regex punct(R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+)", "test");
    CHECK(matches(punct, "x.com a-b [c]") == std::vector<std::string>{".com", "-b", "[c"});
    const ma::Regex lazy("a+?", "test");
    CHECK(matches(lazy, "aaa") == std::vector<std::string>{"a", "a", "a"});
    CHECK(ma::Regex("a*", "test").can_match_empty());
}

TEST_CASE("a construct the matcher does not implement is refused by name and offset", "[tokenize][regex][errors]") {
    auto refused = [](const std::string& pattern, const std::string& what) {
        try {
            ma::Regex re(pattern, "tokenizer.json: pre_tokenizer.pattern.Regex");
            FAIL("accepted " << pattern);
        } catch (const ma::Error& e) {
            CHECK(e.code() == ma::ErrorCode::unsupported);
            CHECK(std::string(e.what()).find(what) != std::string::npos);
            CHECK(e.where() == "tokenizer.json: pre_tokenizer.pattern.Regex");
        }
    };
    refused(R"(\bword)", "the escape \\b");
    refused(R"(\p{Han})", "\\p{Han}");
    refused("(?<=a)b", "group syntax");
    refused("a++", "possessive");
    refused("^a", "anchor");
    refused("[[:alpha:]]", "nested character class");
    refused("(a", "without ')'");
    refused("(?i:[a-z])", "inside (?i:)");
    refused(R"(\w+)", "the escape \\w");
}

TEST_CASE("catastrophic backtracking stops with an error instead of hanging", "[tokenize][regex][errors]") {
    const ma::Regex re("(a|aa)+(a|aa)+b", "test");
    CHECK_THROWS_AS(re.find(std::string(60, 'a'), 0), ma::Error);
}
