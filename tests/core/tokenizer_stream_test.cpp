#include <catch2/catch.hpp>

#include "error.h"
#include "test_support.h"
#include "tokenizer/tokenizer_facts.h"
#include "tokenizer/tokenizer_stream.h"

using ma::ErrorCode;
using ma::InputFile;
using ma::TokenizerStream;

namespace {

TokenizerStream announce(const std::vector<InputFile>& files) {
    std::vector<TokenizerStream::Expected> expected;
    for (const InputFile& f : files) expected.push_back({f.name, f.bytes.size()});
    return TokenizerStream(expected);
}

}  // namespace

TEST_CASE("a streamed read gives the whole read's facts, fingerprint and file sizes, in pieces of any size", "[tokenizer][stream]") {
    const auto files = fixture("trainer_export", {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                                                  "sequence_lengths.json", "tokenizer_report.md"});
    const nlohmann::json whole = ma::to_json(ma::read_tokenizer(files));
    for (const size_t chunk : {size_t(1), size_t(7), size_t(9), size_t(13), size_t(4096), size_t(1) << 30}) {
        CAPTURE(chunk);
        CHECK(ma::to_json(ma::read_streamed(files, chunk)) == whole);
    }
}

TEST_CASE("compacting keeps every byte of a string and the boundary between two numbers", "[tokenizer][stream]") {
    // Spaces, an escaped quote and backslashes inside pieces: dropping any would make two pieces equal.
    const std::vector<InputFile> pieces = {{"tokenizer.json", "{ \"model\" : { \"type\": \"WordLevel\", \"vocab\" : {\n"
                                                              "  \"a b\" : 0, \"ab\": 1, \"q\\\" z\": 2, \"q\\\"z\": 3, \"\\\\ \": 4, \"\\\\\": 5 } } }\n"}};
    CHECK(ma::to_json(ma::read_streamed(pieces, 3)) == ma::to_json(ma::read_tokenizer(pieces)));
    CHECK(ma::read_streamed(pieces, 3).tokenizer_size == 6);
    // `"x": 1 2` is not JSON; compacted to `"x":12` it would be.
    const std::vector<InputFile> broken = {{"tokenizer.json", "{\"model\": {\"vocab\": {\"x\": 1 2}}}"}};
    const ma::Error whole = error_of([&] { ma::read_tokenizer(broken); });
    const ma::Error stream = error_of([&] { ma::read_streamed(broken, 5); });
    CHECK(whole.code() == ErrorCode::invalid_json);
    CHECK(stream.code() == ErrorCode::invalid_json);
    // Its position is the compacted text's, and the message says so.
    CHECK(std::string(stream.what()).find("whitespace between its tokens removed") != std::string::npos);
}

TEST_CASE("a stream refuses files out of order, beyond their size, incomplete or named twice", "[tokenizer][stream]") {
    const std::vector<InputFile> files = {{"tokenizer.json", R"({"model":{"vocab":{"x":0}}})"}, {"special_tokens_map.json", "{}"}};
    {
        TokenizerStream s = announce(files);
        const ma::Error e = error_of([&] { s.feed("tokenizer.json", "{"); });  // special_tokens_map.json comes first
        CHECK(e.code() == ErrorCode::invalid_value);
        CHECK(std::string(e.what()).find("name order") != std::string::npos);
    }
    {
        TokenizerStream s = announce(files);
        CHECK(error_of([&] { s.feed("special_tokens_map.json", "{}{}"); }).code() == ErrorCode::invalid_value);
        CHECK(error_of([&] { s.feed("vocab.json", "{}"); }).code() == ErrorCode::invalid_value);
    }
    {
        TokenizerStream s = announce(files);
        s.feed("special_tokens_map.json", "{}");
        s.feed("tokenizer.json", "{\"model\"");
        const ma::Error e = error_of([&] { s.finish(); });
        CHECK(e.code() == ErrorCode::missing_input);
        CHECK(std::string(e.what()).find("8 of its " + std::to_string(files[0].bytes.size()) + " bytes arrived") != std::string::npos);
    }
    CHECK(error_of([] { TokenizerStream({{"tokenizer.json", 2}, {"tokenizer.json", 2}}); }).code() == ErrorCode::conflict);
}

TEST_CASE("an empty announced file takes no feed", "[tokenizer][stream]") {
    const std::vector<InputFile> files = {{"added_tokens.json", ""}, {"tokenizer.json", R"({"model":{"vocab":{"x":0}}})"}};
    TokenizerStream s = announce(files);
    s.feed("tokenizer.json", files[1].bytes);
    CHECK(s.finish().fingerprint == ma::read_tokenizer(files).fingerprint);
}
