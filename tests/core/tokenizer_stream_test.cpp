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

namespace {

// A BPE tokenizer.json whose model.merges is `merges` (pretty-printed as HF writes it around it).
InputFile bpe_with_merges(const std::string& merges) {
    return {"tokenizer.json", "{\n  \"version\": \"1.0\",\n  \"model\": {\n    \"type\": \"BPE\",\n    \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2},\n"
                              "    \"merges\": " + merges + ",\n    \"byte_fallback\": false\n  },\n  \"decoder\": {\"type\": \"ByteLevel\"}\n}\n"};
}

std::string whole_or_error(const std::vector<InputFile>& files) {
    try {
        return ma::to_json(ma::read_tokenizer(files)).dump();
    } catch (const ma::Error&) {
        return "refused";
    }
}

std::string streamed_or_error(const std::vector<InputFile>& files, size_t piece) {
    try {
        return ma::to_json(ma::read_streamed(files, piece)).dump();
    } catch (const ma::Error& e) {
        REQUIRE(e.code() == ErrorCode::invalid_json);
        return "refused";
    }
}

}  // namespace

TEST_CASE("model.merges passed in the stream is checked as the whole read checks it, cut anywhere", "[tokenizer][stream]") {
    std::string list = "[\n";
    for (int i = 0; i < 40; ++i) list += std::string(i ? ",\n" : "") + "      [\n        \"a\\u00e9\",\n        \"b\xe2\x96\x81\"\n      ]";
    list += "\n    ]";
    // As strict as the whole read's skip, which is as strict as nlohmann and serde_json: any value
    // nested any way, separators only where JSON puts them.
    const std::vector<std::string> accepted = {list, "[]", "[ ]", "[[\"a\",\"b\"],\"a b\",[1,-2.5e3,true,null,{\"k\":[false]}]]",
                                               "[ [ \"a\" , \"b\" ] ,\n [ ] , { } , {\"k\" : 1 , \"l\":{}} ]", "[[[[[[\"x\"]]]]]]"};
    const std::vector<std::string> refused = {"[\"a\\x\"]", "[\"\xc3\"]", "[\"a\x01\"]", "[[\"a\"}]", "[\"a\"}", "[tru]", "[1.]",
                                              "[\"\\ud800\"]", "[\"a\",", "[\"a", "[nul", "[-]", "[\"\\u12\"]", "[#]",
                                              "[\"a\" \"b\" ,, :]", "[1,]", "[,1]", "[1 2]", "[\"a\",,\"b\"]", "[:]", "[[\"a\" \"b\"]]",
                                              "[{\"k\" 1}]", "[{\"k\":}]", "[{1:2}]", "[{\"k\":1,}]", "[{\"k\"}]", "[{,}]", "[[,]]",
                                              "[{\"k\":1 \"l\":2}]"};
    for (const size_t piece : {size_t(1), size_t(2), size_t(3), size_t(5), size_t(8), size_t(13), size_t(64), size_t(1) << 20}) {
        CAPTURE(piece);
        for (const std::string& m : accepted) {
            CAPTURE(m);
            const std::vector<InputFile> files = {bpe_with_merges(m)};
            CHECK(whole_or_error(files) != "refused");
            CHECK(streamed_or_error(files, piece) == whole_or_error(files));
        }
        for (const std::string& m : refused) {
            CAPTURE(m);
            const std::vector<InputFile> files = {bpe_with_merges(m)};
            CHECK(whole_or_error(files) == "refused");
            CHECK(streamed_or_error(files, piece) == "refused");
        }
    }
    // Any one byte of the list changed: refused by the stream exactly when the whole read refuses.
    uint64_t seed = 17;
    auto next = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    const std::string base = bpe_with_merges(list).bytes;
    const size_t from = base.find("\"merges\"") + 10, to = from + list.size();
    const char bytes[] = {'"', '\\', '[', ']', '{', '}', ',', ':', ' ', '\n', 'u', '0', '-', 't', '\x80', '\xc3', '\x01', 'a'};
    for (int i = 0; i < 1500; ++i) {
        std::string mutated = base;
        mutated[from + next() % (to - from)] = bytes[next() % sizeof bytes];
        const std::vector<InputFile> files = {{"tokenizer.json", mutated}};
        const size_t piece = 1 + next() % 97;
        CAPTURE(mutated, piece);
        CHECK(streamed_or_error(files, piece) == whole_or_error(files));
    }
}

TEST_CASE("a merges key the stream does not recognize keeps its list, read as before", "[tokenizer][stream]") {
    // Written with an escape, or not under model: the list stays in the kept text and the reader skips it.
    for (const std::string& text : {std::string(R"({"model":{"type":"BPE","vocab":{"a":0},"merg\u0065s":[["a","\x"]]}})"),
                                    std::string(R"({"model":{"type":"BPE","vocab":{"a":0}},"decoder":{"merges":[["a","\x"]]}})"),
                                    std::string(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":[["a","b"]]}})")}) {
        CAPTURE(text);
        const std::vector<InputFile> files = {{"tokenizer.json", text}};
        for (const size_t piece : {size_t(1), size_t(4), size_t(1000)}) CHECK(streamed_or_error(files, piece) == whole_or_error(files));
    }
}
