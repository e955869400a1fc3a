// tokenizer_config.json's reader of the common shape against the DOM reader it stands in for:
// whenever it reads a file, the DOM reader reads the same declarations, added tokens (in the same
// order), limit and summary; whenever it declines, the DOM reader decides. Checked on a config
// with every shape it reads, on each of ~3,000 one-byte changes of it, and on the trainer export.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "error.h"
#include "tokenizer/tokenizer_sources.h"

namespace {

const std::string kConfig = R"({
  "add_bos_token": true,
  "added_tokens_decoder": {
    "0": {"content": "<pad>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true},
    "1": {"content": "<eos>", "special": true},
    "10": {"content": "<unused\u0030>", "special": false},
    "9": "<mask>",
    "100": {"special": true, "content": "<img>", "extra": [1, {"a": null}]},
    "2": {"content": "<bos>"}
  },
  "additional_special_tokens": ["<img>", {"content": "<mask>", "special": true}, null],
  "bos_token": "<bos>",
  "chat_template": "{% for m in messages %}{{ m['content'] }}\n{% endfor %}",
  "eos_token": {"content": "<eos>", "lstrip": false, "__type": "AddedToken"},
  "pad_token": null,
  "model_max_length": 1000000000000000019884624838656,
  "sp_model_kwargs": {},
  "unk_token": "<unk>"
})";

// What either reader gives, as one text.
std::string contents(const ma::TokenizerSources& s) {
    std::ostringstream o;
    for (const auto& [role, d] : s.from_config) o << role << '=' << d.content << '@' << d.source << '\n';
    for (const ma::AddedToken& t : s.added)
        o << t.id << ' ' << t.declared_id << ' ' << t.special << ' ' << t.content << '@' << t.source << '\n';
    o << (s.model_max_length ? std::to_string(*s.model_max_length) : "-") << ' ' << s.model_max_length_sentinel << '\n';
    for (const ma::FileSummary& f : s.files) o << f.name << ' ' << f.bytes << ' ' << f.role << ": " << f.read << '\n';
    return o.str();
}

std::optional<std::string> dom(const std::string& text) {
    ma::TokenizerSources s;
    try {
        ma::read_tokenizer_config_dom(ma::InputFile("tokenizer_config.json", text), s);
    } catch (const ma::Error&) {
        return std::nullopt;
    }
    return contents(s);
}

std::optional<std::string> common(const std::string& text) {
    ma::TokenizerSources s;
    if (!ma::read_tokenizer_config_common(ma::InputFile("tokenizer_config.json", text), s)) {
        CHECK(contents(s) == contents(ma::TokenizerSources{}));  // untouched
        return std::nullopt;
    }
    return contents(s);
}

}  // namespace

TEST_CASE("tokenizer_config.json's common-shape reader reads what the DOM reader reads", "[tokenizer]") {
    const std::optional<std::string> expected = dom(kConfig);
    REQUIRE(expected);
    CHECK(common(kConfig) == expected);
    // The decoder's order is nlohmann's (by key), the unset limit read as such.
    CHECK_THAT(*expected, Catch::Contains("6 added tokens") && Catch::Contains("model_max_length unset") &&
                              Catch::Contains("3 additional special tokens") && Catch::Contains("9 9 0 <mask>@"));
    CHECK(expected->find("10 10 0 <unused0>@") < expected->find("2 2 0 <bos>@"));

    std::ifstream in(std::string(MA_TEST_DATA) + "/tokenizers/trainer_export/tokenizer_config.json", std::ios::binary);
    const std::string trainer((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(trainer.size() > 100);
    CHECK(common(trainer) == dom(trainer));
    CHECK(common(trainer).has_value());

    // Limits either way of the int64 edge, and values the DOM reader refuses (both then refuse).
    for (const char* limit : {"131072", "8192.0", "1e19", "9223372036854775807", "0", "-4", "1.5", "\"big\"", "null", "true", "1e400"}) {
        const std::string text = R"({"model_max_length": )" + std::string(limit) + "}";
        INFO(text);
        CHECK(common(text) == dom(text));
    }
}

TEST_CASE("tokenizer_config.json's readers agree on every one-byte change of a config", "[tokenizer]") {
    std::mt19937 rng(20261210);
    static const char replacements[] = "{}[]\",: \\0123456789-.enulltrue\x01\xff\xc3";
    int read = 0, declined_where_dom_reads = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = kConfig;
        const size_t at = rng() % text.size();
        switch (rng() % 3) {
            case 0: text[at] = replacements[rng() % (sizeof replacements - 1)]; break;
            case 1: text.erase(at, 1); break;
            default: text.insert(at, 1, replacements[rng() % (sizeof replacements - 1)]);
        }
        const auto a = common(text), b = dom(text);
        INFO(text);
        if (a) {
            REQUIRE(a == b);
            ++read;
        } else if (b) {
            ++declined_where_dom_reads;  // unusual but valid: the DOM reader reads it, as before
        }
    }
    CHECK(read > 1200);
    CHECK(declined_where_dom_reads > 5);
}
