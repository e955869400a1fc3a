#include <catch2/catch.hpp>

#include "error.h"
#include "test_support.h"
#include "tokenizer/sequence_lengths.h"
#include "tokenizer/tokenizer_facts.h"

using Catch::Matchers::WithinRel;

namespace {

// The trainer-export fixture with its sequence-length files.
std::vector<ma::InputFile> trainer_export(std::initializer_list<const char*> names = {
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sequence_lengths.json", "tokenizer_report.md"}) {
    return fixture("trainer_export", names);
}

}  // namespace

TEST_CASE("context length is checked against model_max_length and document lengths", "[tokenizer][context]") {
    const auto f = ma::read_tokenizer(trainer_export());
    auto checks = ma::check_context_length(2048, f.model_max_length, f.sequence_lengths);
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].message.find("differs from the tokenizer's model_max_length (4096)") != std::string::npos);
    CHECK(checks[1].level == "warning");
    CHECK(checks[1].message.find("below the p95 document length of 3400 tokens") != std::string::npos);
    checks = ma::check_context_length(4096, f.model_max_length, f.sequence_lengths);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].level == "ok");
    checks = ma::check_context_length(512, std::nullopt, f.sequence_lengths);
    CHECK(checks[0].message.find("below the median document length of 610") != std::string::npos);
    checks = ma::check_context_length(65536, std::nullopt, f.sequence_lengths);
    CHECK(checks.back().level == "note");
    CHECK(checks.back().message.find("far above the p99 document length of 7900") != std::string::npos);
}

TEST_CASE("sequence-length analysis: JSON forms, histogram, markdown report", "[tokenizer][context]") {
    const auto hist = ma::read_sequence_lengths_json({"lengths.json",
        R"({"histogram":{"bin_edges":[0,100,200,400,800],"counts":[50,30,15,5]}})"});
    CHECK(hist.from_histogram);
    CHECK_THAT(hist.percentiles.at(50), WithinRel(100.0, 1e-12));
    CHECK_THAT(hist.percentiles.at(95), WithinRel(400.0, 1e-12));
    CHECK_THAT(hist.percentiles.at(99), WithinRel(720.0, 1e-12));
    const auto flat = ma::read_sequence_lengths_json({"lengths.json", R"({"p50": 10, "p95": 90, "max": 1000})"});
    CHECK(flat.percentiles.at(95) == 90);
    const auto md = ma::read_tokenizer_report_md(trainer_export({"tokenizer_report.md"})[0]);
    REQUIRE(md);
    CHECK(md->percentiles.at(95) == 3400);
    CHECK(md->max == 51200);
    CHECK_THAT(md->bytes_per_token.value_or(0), WithinRel(4.1, 1e-12));
    CHECK(!ma::read_tokenizer_report_md({"tokenizer_report.md", "# nothing\n\nno tables here\n"}));
    CHECK_THROWS_WITH(ma::read_sequence_lengths_json({"lengths.json", R"({"p50": 10, "p95": 5})"}),
                      Catch::Contains("percentiles decrease at p95"));
    CHECK_THROWS_WITH(ma::read_sequence_lengths_json({"lengths.json", R"({"documents": 3})"}),
                      Catch::Contains("no token-length statistics"));
    CHECK_THROWS_WITH(ma::read_sequence_lengths_json({"lengths.json", R"({"p95": "many"})"}),
                      Catch::Contains("lengths.json: p95"));
}
