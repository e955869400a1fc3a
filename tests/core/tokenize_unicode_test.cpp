// The Unicode layer of the tokenizer against Unicode's own conformance data
// (NormalizationTest.txt from Debian's unicode-data, read through bzcat at
// test time) and the UTF-8 decoding rules TextDecoder follows.
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <sstream>

#include "tokenize/unicode.h"

namespace u = ma::unicode;

namespace {
std::string utf8_of_hex_list(const std::string& field) {
    std::istringstream in(field);
    std::string out, hex;
    while (in >> hex) u::append_utf8(char32_t(std::stoul(hex, nullptr, 16)), out);
    return out;
}
}  // namespace

TEST_CASE("NFC, NFD, NFKC and NFKD agree with every line of Unicode's NormalizationTest.txt", "[tokenize][unicode]") {
    const std::string path = std::string(MA_UNICODE_DIR) + "/NormalizationTest.txt.bz2";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("bzcat '" + path + "'").c_str(), "r"), pclose);
    REQUIRE(pipe);
    char line[4096];
    size_t checked = 0, failed = 0;
    while (fgets(line, sizeof line, pipe.get())) {
        const std::string l(line);
        if (l.empty() || l[0] == '#' || l[0] == '@') continue;
        std::vector<std::string> c;
        std::istringstream fields(l);
        for (std::string f; std::getline(fields, f, ';') && c.size() < 5;) c.push_back(utf8_of_hex_list(f));
        if (c.size() < 5) continue;
        // c2 == NFC(c1..c3), c4 == NFC(c4, c5); c3 == NFD(c1..c3), c5 == NFD(c4, c5); c4 == NFKC(all); c5 == NFKD(all).
        auto expect = [&](const std::string& want, const std::string& in, u::Form form) {
            ++checked;
            if (u::normalize(in, form) != want && ++failed <= 5) FAIL_CHECK("normalization of line: " << l);
        };
        for (int i : {0, 1, 2}) expect(c[1], c[size_t(i)], u::Form::nfc), expect(c[2], c[size_t(i)], u::Form::nfd);
        for (int i : {3, 4}) expect(c[3], c[size_t(i)], u::Form::nfc), expect(c[4], c[size_t(i)], u::Form::nfd);
        for (int i : {0, 1, 2, 3, 4}) expect(c[3], c[size_t(i)], u::Form::nfkc), expect(c[4], c[size_t(i)], u::Form::nfkd);
    }
    CHECK(failed == 0);
    CHECK(checked > 300000);
}

TEST_CASE("ill-formed UTF-8 becomes U+FFFD per maximal subpart, as TextDecoder decodes it", "[tokenize][unicode]") {
    const std::string r = "\xEF\xBF\xBD";
    CHECK(u::sanitize_utf8("a\x80" "b") == "a" + r + "b");
    CHECK(u::sanitize_utf8("\xE2\x82 a") == r + " a");             // truncated 3-byte sequence: one replacement
    CHECK(u::sanitize_utf8("\xC0\xAF" "A") == r + r + "A");         // overlong lead: each byte
    CHECK(u::sanitize_utf8("\xED\xA0\x80" "B") == r + r + r + "B"); // surrogate
    CHECK(u::sanitize_utf8("\xF4\x90\x80\x80") == r + r + r + r);   // above U+10FFFF
    CHECK(u::sanitize_utf8("\xF0\x9F\x98") == r);                   // truncated at the end
    CHECK(u::sanitize_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("categories, White_Space, word characters and case folding come from the Unicode data", "[tokenize][unicode]") {
    CHECK(u::category(U'A') == u::Lu);
    CHECK(u::category(U'\u00E9') == u::Ll);
    CHECK(u::category(U'\u4E00') == u::Lo);
    CHECK(u::category(U'\u0301') == u::Mn);
    CHECK(u::category(U'\u0663') == u::Nd);
    CHECK(u::category(U'\U0001F600') == u::So);
    CHECK(u::category(U'\U000E0001') == u::Cf);
    CHECK(u::category(char32_t(0x10FFFF)) == u::Cn);
    CHECK(u::is_white_space(U'\u3000'));
    CHECK(u::is_white_space(U'\u0085'));
    CHECK_FALSE(u::is_white_space(U'\u200B'));  // ZERO WIDTH SPACE is Cf, not White_Space
    CHECK(u::is_word_char(U'\u0345'));          // Other_Alphabetic mark
    CHECK(u::is_word_char(U'\u200D'));          // Join_Control
    CHECK_FALSE(u::is_word_char(U'-'));
    const auto s = u::case_equivalents(U's');
    CHECK(std::find(s.begin(), s.end(), U'S') != s.end());
    CHECK(std::find(s.begin(), s.end(), U'\u017F') != s.end());  // LATIN SMALL LETTER LONG S folds to s
    std::string lower;
    u::append_lowercase(U'\u0130', lower);  // SpecialCasing: İ -> i + COMBINING DOT ABOVE
    CHECK(lower == "i\xCC\x87");
}
