// JsonScanner against nlohmann's parser (which checks UTF-8 and escapes as RFC 8259 does): the
// same string value, or a refusal by both, for random literals of plain ASCII, escapes, UTF-8 of
// each length, raw control bytes and invalid UTF-8, at every alignment of the eight-byte fast
// path; and integers at the 64-bit limits.
#include <catch2/catch.hpp>

#include <optional>
#include <random>

#include "nlohmann/json.hpp"
#include "tokenizer/json_scanner.h"
#include "error.h"

namespace {

std::string random_literal(std::mt19937& rng) {
    static const char* pieces[] = {
        "a", "word", "0123456789abcdef", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\ud83d\\ude00",
        "\xC3\xA9", "\xE2\x96\x81", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\x7f",
        // refused by both
        "\x01", "\x1f", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\xE2\x96", "\\x", "\\ud800", "\\udc00x"};
    constexpr size_t good = 16;
    std::string s = "\"";
    const int n = int(rng() % (rng() % 3 == 0 ? 40 : 8));
    for (int i = 0; i < n; ++i) {
        // Mostly valid pieces, so that a refusal is tested after long valid runs too.
        const size_t k = rng() % 10 == 0 ? rng() % (sizeof pieces / sizeof *pieces) : rng() % good;
        s += pieces[k];
    }
    if (rng() % 20 != 0) s += "\"";  // else unterminated
    return s;
}

}  // namespace

TEST_CASE("JsonScanner reads a string as nlohmann does, or refuses it as nlohmann does", "[json_scanner]") {
    std::mt19937 rng(20261203);
    int refused = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string literal = random_literal(rng);
        const std::string text = std::string(rng() % 8, ' ') + literal;  // every alignment
        std::optional<std::string> expected;
        try {
            expected = nlohmann::json::parse(text).get<std::string>();
        } catch (const nlohmann::json::exception&) {
        }
        std::optional<std::string> read, skipped;
        try {
            ma::JsonScanner s(text, "t.json");
            read = s.read_string();
            s.expect_end();
        } catch (const ma::Error& e) {
            CHECK(e.code() == ma::ErrorCode::invalid_json);
        }
        try {
            ma::JsonScanner s(text, "t.json");
            skipped = std::string(s.skip_value());
            s.expect_end();
        } catch (const ma::Error&) {
        }
        INFO(text);
        REQUIRE(read == expected);
        CHECK(skipped.has_value() == expected.has_value());
        if (!expected) ++refused;
    }
    CHECK(refused > 1000);  // both kinds of case were drawn
}

TEST_CASE("JsonScanner reads integers to the 64-bit limits and refuses one beyond", "[json_scanner]") {
    const auto read = [](const std::string& text) { return ma::JsonScanner(text, "t.json").read_int(); };
    CHECK(read("0") == 0);
    CHECK(read("-0") == 0);
    CHECK(read("262144") == 262144);
    CHECK(read(" -17") == -17);
    CHECK(read("9223372036854775807") == INT64_MAX);
    CHECK(read("-9223372036854775808") == INT64_MIN);
    CHECK_THROWS_WITH(read("9223372036854775808"), Catch::Contains("does not fit in 64 bits"));
    CHECK_THROWS_WITH(read("-9223372036854775809"), Catch::Contains("does not fit in 64 bits"));
    CHECK_THROWS_WITH(read("99999999999999999999"), Catch::Contains("does not fit in 64 bits"));
    CHECK_THROWS_WITH(read("1.5"), Catch::Contains("expected an integer, found 1.5"));
    CHECK_THROWS_WITH(read("1e3"), Catch::Contains("expected an integer"));
    CHECK_THROWS_WITH(read("-"), Catch::Contains("invalid number"));
}

TEST_CASE("JsonScanner's one-pass integers agree with nlohmann on random number texts", "[json_scanner]") {
    // Ids take the one-pass path (plain digits, up to 18); anything else the checked path: both
    // must read what nlohmann reads as an integer that int64 holds, and refuse everything else.
    std::mt19937 rng(20261208);
    static const char* pieces[] = {"0", "1", "7", "9", "00", "123456789", "-", ".", ".5", "e", "E+", "e-2", "+"};
    int read_count = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const int n = 1 + int(rng() % 6);
        for (int k = 0; k < n; ++k) text += pieces[rng() % 13 < 10 ? rng() % 4 + (rng() % 3 == 0 ? 5 : 0) : rng() % 13];
        if (rng() % 4 == 0) text = std::string(1 + rng() % 22, char('1' + rng() % 9));  // at the 18-digit edge
        std::optional<int64_t> expected;
        try {
            const nlohmann::json j = nlohmann::json::parse(text);
            if (j.is_number_integer() && (!j.is_number_unsigned() || j.get<uint64_t>() <= uint64_t(INT64_MAX)))
                expected = j.get<int64_t>();
        } catch (const nlohmann::json::exception&) {
        }
        std::optional<int64_t> got;
        try {
            ma::JsonScanner s(text, "t.json");
            got = s.read_int();
            s.expect_end();
        } catch (const ma::Error&) {
            got.reset();
        }
        INFO(text);
        REQUIRE(got == expected);
        if (got) ++read_count;
    }
    CHECK(read_count > 3000);  // both kinds of case were drawn
}

TEST_CASE("JsonScanner's keys as views: the text itself when plain, decoded when escaped", "[json_scanner]") {
    std::mt19937 rng(20261209);
    int plain = 0;
    for (int i = 0; i < 5000; ++i) {
        const std::string text = "{" + random_literal(rng) + ":1}";
        std::optional<std::string> expected, got;
        try {
            ma::JsonScanner s(text, "t.json");
            s.begin_object();
            std::string key;
            if (s.next_key(key)) expected = key;
        } catch (const ma::Error&) {
        }
        try {
            ma::JsonScanner s(text, "t.json");
            s.begin_object();
            std::string_view key;
            std::string scratch;
            if (s.next_key(key, scratch)) {
                got = std::string(key);
                const bool escaped = text.find('\\') != std::string::npos;
                CHECK((key.data() >= text.data() && key.data() <= text.data() + text.size()) == !escaped);
                if (!escaped) ++plain;
            }
        } catch (const ma::Error&) {
        }
        INFO(text);
        REQUIRE(got == expected);
    }
    CHECK(plain > 500);
}

TEST_CASE("JsonScanner's skip accepts exactly the nested values nlohmann accepts", "[json_scanner]") {
    // Random token sequences, most of them one token away from valid JSON: separators missing,
    // doubled, trailing or misplaced, brackets unmatched, keys that are not strings.
    std::mt19937 rng(20261211);
    static const char* tokens[] = {"{", "}", "[", "]", ",", ":", "\"k\"", "1", "-2.5", "true", "null", " ", "\n"};
    int accepted = 0;
    for (int i = 0; i < 30000; ++i) {
        std::string text = rng() % 2 ? "[" : "{";
        const int n = int(rng() % 14);
        for (int k = 0; k < n; ++k) text += tokens[rng() % (sizeof tokens / sizeof *tokens)];
        if (rng() % 2) text += text[0] == '[' ? "]" : "}";
        const bool expected = !nlohmann::json::parse(text, nullptr, false).is_discarded();
        bool skipped = true;
        try {
            ma::JsonScanner s(text, "t.json");
            s.skip_value();
            s.expect_end();
        } catch (const ma::Error& e) {
            CHECK(e.code() == ma::ErrorCode::invalid_json);
            skipped = false;
        }
        INFO(text);
        REQUIRE(skipped == expected);
        accepted += skipped;
    }
    CHECK(accepted > 1000);
}

namespace {

// A {"key": integer, ...} object read member by member, with or without the one-step form:
// each (key, id), or the error's message.
std::string read_members(const std::string& text, bool one_step) {
    std::string out;
    try {
        ma::JsonScanner s(text, "t.json");
        std::string_view key;
        std::string scratch;
        int64_t id = 0;
        s.begin_object();
        while (true) {
            if (one_step && s.next_plain_key_int(key, id)) {
                out += std::string(key) + "=" + std::to_string(id) + ";";
                continue;
            }
            if (!s.next_key(key, scratch)) break;
            out += std::string(key) + "=" + std::to_string(s.read_int()) + ";";
        }
        s.expect_end();
    } catch (const ma::Error& e) {
        out += std::string("error: ") + e.what();
    }
    return out;
}

}  // namespace

TEST_CASE("JsonScanner's one-step members read what next_key and read_int read, errors included", "[json_scanner]") {
    const std::string base = R"({"a":0,"b\u0041":1,"\u00e9t\u00e9":22,"x y":3,"":4,"z":123456789012345678,"w":1234567890123456789})";
    static const char bytes[] = "{}[]\",: \\0123456789-.eE+u\x01\xff\xc3\xa9";
    std::mt19937 rng(20261212);
    int read = 0;
    CHECK(read_members(base, true) == read_members(base, false));
    CHECK(read_members(base, true).find("w=1234567890123456789;") != std::string::npos);
    for (int i = 0; i < 20000; ++i) {
        std::string text = base;
        for (int k = 1 + int(rng() % 2); k > 0; --k) {
            const size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0: text[at] = bytes[rng() % (sizeof bytes - 1)]; break;
                case 1: text.erase(at, 1); break;
                default: text.insert(at, 1, bytes[rng() % (sizeof bytes - 1)]);
            }
        }
        const std::string one_step = read_members(text, true);
        INFO(text);
        REQUIRE(one_step == read_members(text, false));
        read += one_step.find("error") == std::string::npos;
    }
    CHECK(read > 2000);
}
