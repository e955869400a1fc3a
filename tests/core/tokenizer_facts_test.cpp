#include <catch2/catch.hpp>

#include "error.h"
#include "test_support.h"
#include "tokenizer/blake2b.h"
#include "tokenizer/tokenizer_facts.h"

using ma::ErrorCode;
using ma::InputFile;
using Files = std::vector<InputFile>;

namespace {

Files trainer_export(std::initializer_list<const char*> names = {"tokenizer.json", "tokenizer_config.json",
                                                                  "special_tokens_map.json", "sequence_lengths.json",
                                                                  "tokenizer_report.md"}) {
    return fixture("trainer_export", names);
}

void expect_error(const Files& files, ErrorCode code, std::initializer_list<std::string> fragments) {
    try {
        ma::read_tokenizer(files);
        FAIL("expected an error");
    } catch (const ma::Error& e) {
        CAPTURE(e.what());
        CHECK(e.code() == code);
        for (const auto& f : fragments) CHECK(std::string(e.what()).find(f) != std::string::npos);
    }
}

// Protobuf wire-format helpers for SentencePiece fixtures.
std::string varint(uint64_t v) {
    std::string out;
    do {
        unsigned char b = v & 0x7F;
        v >>= 7;
        if (v) b |= 0x80;
        out += static_cast<char>(b);
    } while (v);
    return out;
}
std::string field_bytes(int field, const std::string& data) { return varint(uint64_t(field) << 3 | 2) + varint(data.size()) + data; }
std::string field_varint(int field, int64_t v) { return varint(uint64_t(field) << 3) + varint(static_cast<uint64_t>(v)); }
std::string sp_piece(const std::string& text, int type) {
    return field_bytes(1, text) + varint(2 << 3 | 5) + std::string(4, '\0') + field_varint(3, type);
}
std::string sp_model(int unk, int bos, int eos, int pad) {
    std::string m;
    m += field_bytes(1, sp_piece("<unk>", 2));
    m += field_bytes(1, sp_piece("<s>", 3));
    m += field_bytes(1, sp_piece("</s>", 3));
    m += field_bytes(1, sp_piece("<0x00>", 6));
    m += field_bytes(1, sp_piece("\xe2\x96\x81the", 1));
    m += field_bytes(1, sp_piece("<pad>", 4));
    m += field_bytes(2, field_varint(3, 2) + field_varint(4, 6) + field_varint(40, unk) + field_varint(41, bos) +
                            field_varint(42, eos) + field_varint(43, pad));
    return m;
}

}  // namespace

TEST_CASE("a trainer's export with <BOS>/<EOS>/<PAD>/<UNK> resolves every id", "[tokenizer]") {
    const auto f = ma::read_tokenizer(trainer_export());
    CHECK(f.tokenizer_size == 11);
    CHECK(f.model_type == "BPE");
    CHECK(f.byte_level);
    CHECK(f.bos.id == 2);
    CHECK(f.eos.id == 3);
    CHECK(f.pad.id == 0);
    CHECK(f.unk.id == 1);
    CHECK(f.bos.source == "special_tokens_map.json: bos_token");  // the map comes first
    CHECK(f.model_max_length == 4096);
    REQUIRE(f.sequence_lengths);
    CHECK(f.sequence_lengths->percentiles.at(95) == 3400);
    CHECK(f.fingerprint.rfind("blake2b:", 0) == 0);
    CHECK(f.fingerprint.size() == 8 + 64);
    CHECK(f.files.size() == 5);
}

TEST_CASE("tokenizer_config.json is the fallback, and each form of declaration is read", "[tokenizer]") {
    const auto f = ma::read_tokenizer(trainer_export({"tokenizer.json", "tokenizer_config.json"}));
    CHECK(f.eos.id == 3);
    CHECK(f.eos.source == "tokenizer_config.json: eos_token");
    const auto only_json = ma::read_tokenizer(trainer_export({"tokenizer.json"}));
    CHECK(!only_json.eos.id);
    CHECK(only_json.eos.note.find("no file declares an eos token") != std::string::npos);
    CHECK(only_json.unk.id == 1);  // from model.unk_token
    CHECK_THROWS_WITH(ma::require_config_ready(only_json),
                      Catch::Contains("no file declares an eos token (read: tokenizer.json)"));
}

TEST_CASE("vocab_size padding never goes below the tokenizer", "[tokenizer]") {
    CHECK(ma::padded_vocab_size(128256, 128) == 128256);
    CHECK(ma::padded_vocab_size(50257, 64) == 50304);
    CHECK(ma::padded_vocab_size(151669, 128) == 151680);
    CHECK(ma::padded_vocab_size(262145, 1) == 262145);
    for (int64_t size : {1, 7, 1000, 262145})
        for (int64_t m : {1, 8, 64, 128, 256}) {
            const auto p = ma::padded_vocab_size(size, m);
            CHECK(p >= size);
            CHECK(p % m == 0);
            CHECK(p - size < m);
        }
    CHECK_THROWS_AS(ma::padded_vocab_size(100, 0), ma::Error);
}

TEST_CASE("every tokenizer model form is read", "[tokenizer]") {
    SECTION("Unigram vocabulary as [piece, score] with unk_id") {
        const auto f = ma::read_tokenizer({{"tokenizer.json",
            R"({"added_tokens":[{"id":3,"content":"</s>","special":true}],
                "model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["\u2581a",-1.5],["b",-2.0],["</s>",0.0]]}})"},
            {"special_tokens_map.json", R"({"eos_token":"</s>"})"}});
        CHECK(f.model_type == "Unigram");
        CHECK(f.tokenizer_size == 4);
        CHECK(f.unk.id == 0);
        CHECK(f.unk.source == "tokenizer.json: model.unk_id");
        CHECK(f.eos.id == 3);
    }
    SECTION("WordPiece in tokenizer.json, and vocab.txt") {
        const auto f = ma::read_tokenizer({{"tokenizer.json",
            R"({"model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","vocab":{"[PAD]":0,"[UNK]":1,"[SEP]":2,"a":3,"##b":4}}})"},
            {"special_tokens_map.json", R"({"pad_token":"[PAD]","eos_token":"[SEP]","unk_token":"[UNK]"})"}});
        CHECK(f.model_type == "WordPiece");
        CHECK(f.pad.id == 0);
        CHECK(f.eos.id == 2);
        const auto t = ma::read_tokenizer({{"vocab.txt", "[PAD]\r\n[UNK]\r\n[SEP]\r\nhello\r\n##lo\r\n"},
                                           {"special_tokens_map.json", R"({"eos_token":"[SEP]"})"}});
        CHECK(t.model_type == "WordPiece");
        CHECK(t.tokenizer_size == 5);
        CHECK(t.eos.id == 2);
    }
    SECTION("WordLevel, and files without model.type") {
        const auto f = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":1}}})"}});
        CHECK(f.model_type == "WordLevel");
        const auto g = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":1},"merges":[]}})"}});
        CHECK(g.model_type == "BPE");
    }
    SECTION("GPT-2 style vocab.json + merges.txt") {
        const auto f = ma::read_tokenizer({{"vocab.json", R"({"!":0,"a":1,"b":2,"ab":3,"<|endoftext|>":4})"},
                                           {"merges.txt", "#version: 0.2\na b\n"},
                                           {"special_tokens_map.json", R"({"bos_token":"<|endoftext|>","eos_token":"<|endoftext|>","unk_token":"<|endoftext|>"})"}});
        CHECK(f.tokenizer_size == 5);
        CHECK(f.bos.id == 4);
        CHECK(f.eos.id == 4);
        CHECK(!f.pad.id);
    }
    SECTION("SentencePiece tokenizer.model: ids from the trainer spec, -1 disables") {
        const auto f = ma::read_tokenizer({{"tokenizer.model", sp_model(0, 1, 2, -1)}});
        CHECK(f.model_type == "SentencePiece BPE");
        CHECK(f.tokenizer_size == 6);
        CHECK(f.unk.id == 0);
        CHECK(f.bos.id == 1);
        CHECK(f.bos.content == "<s>");
        CHECK(f.eos.id == 2);
        CHECK(!f.pad.id);
        const auto g = ma::read_tokenizer({{"tokenizer.model", sp_model(0, -1, 2, 5)}});
        CHECK(!g.bos.id);
        CHECK(g.pad.id == 5);
        CHECK(g.pad.content == "<pad>");
    }
    SECTION("id gaps: the size is the largest id + 1, not a count") {
        const auto f = ma::read_tokenizer({{"vocab.json", R"({"a":0,"b":1,"<|end|>":1000})"}, {"merges.txt", "#version: 0.2\n"}});
        CHECK(f.tokenizer_size == 1001);
        CHECK(f.distinct_ids == 3);
        REQUIRE(!f.notes.empty());
        CHECK(f.notes[0].find("998 ids below the largest are unused") != std::string::npos);
    }
    SECTION("added tokens take the ids HF tokenizers gives them on load, not the declared ones") {
        // HF tokenizers 0.23 (npm `tokenizers`, tests/node/hf_tokenizers.test.mjs checks the same file):
        // <PAD> declared 300 loads as 258 and <UNK> declared 258 as 259; size 260.
        std::string vocab;
        for (int i = 0; i < 256; ++i) vocab += (i ? "," : "") + std::string("\"t") + std::to_string(i) + "\":" + std::to_string(i);
        const std::string added = R"([{"id":256,"content":"<BOS>","special":true},{"id":257,"content":"<EOS>","special":true},)"
                                  R"({"id":300,"content":"<PAD>","special":true},{"id":258,"content":"<UNK>","special":true}])";
        const auto f = ma::read_tokenizer({{"tokenizer.json", R"({"version":"1.0","added_tokens":)" + added +
                                                                  R"(,"model":{"type":"WordLevel","vocab":{)" + vocab + R"(},"unk_token":"<UNK>"}})"},
                                           {"special_tokens_map.json", R"({"bos_token":"<BOS>","eos_token":"<EOS>","pad_token":"<PAD>"})"}});
        CHECK(f.tokenizer_size == 260);
        CHECK(f.pad.id == 258);
        CHECK(f.unk.id == 259);
        bool warned = false;
        for (const auto& n : f.notes) warned = warned || (n.find("'<PAD>' declares id 300, but HF tokenizers loads it as 258") != std::string::npos);
        CHECK(warned);
        // A content already in the vocabulary keeps its vocabulary id; a repeated one is dropped.
        const auto g = ma::read_tokenizer({{"tokenizer.json",
            R"({"added_tokens":[{"id":9,"content":"a"},{"id":5,"content":"<a>"},{"id":5,"content":"<b>"},{"id":7,"content":"<a>"}],"model":{"vocab":{"x":0,"a":1}}})"}});
        CHECK(g.tokenizer_size == 4);
        CHECK(g.added_tokens == 3);
    }
    SECTION("model_max_length: the 1e30 sentinel means unset") {
        const auto f = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"vocab":{"x":0}}})"},
                                           {"tokenizer_config.json", R"({"model_max_length": 1000000000000000019884624838656})"}});
        CHECK(!f.model_max_length);
        CHECK(f.model_max_length_note.find("unset") != std::string::npos);
    }
    SECTION("unrelated files are ignored, not read") {
        const auto f = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"vocab":{"x":0}}})"}, {"model.safetensors", "\x01\x02"}});
        CHECK(f.ignored_files == std::vector<std::string>{"model.safetensors"});
    }
}

TEST_CASE("bad tokenizer files are errors naming file, place and problem", "[tokenizer][errors]") {
    const std::string vocab = R"({"model":{"type":"BPE","vocab":{"<s>":0,"a":1},"merges":[]}})";
    expect_error({}, ErrorCode::missing_input, {"no tokenizer vocabulary among the files (read: none)"});
    expect_error({{"README.md", "# hi"}}, ErrorCode::missing_input, {"provide tokenizer.json"});
    expect_error({{"tokenizer.json", vocab}, {"special_tokens_map.json", R"({"eos_token":"</s>"})"},
                  {"tokenizer_config.json", R"({"eos_token":"<|end|>"})"}},
                 ErrorCode::conflict, {"special_tokens_map.json: eos_token", "'</s>'", "tokenizer_config.json: eos_token", "'<|end|>'"});
    expect_error({{"vocab.json", R"({"<s>":0,"a":1})"}, {"merges.txt", ""}, {"special_tokens_map.json", R"({"eos_token":"<EOS>"})"}},
                 ErrorCode::invalid_value, {"special_tokens_map.json: eos_token", "'<EOS>'", "in no vocabulary (read: special_tokens_map.json, vocab.json, merges.txt)"});
    expect_error({{"vocab.json", R"({"<s>":0,"a":1})"}, {"merges.txt", ""}, {"tokenizer_config.json", R"({"added_tokens_decoder":{"1":{"content":"<|x|>"}}})"}},
                 ErrorCode::conflict, {"tokenizer_config.json: added_tokens_decoder[\"1\"]", "'<|x|>' has id 1", "different piece 'a'"});
    expect_error({{"tokenizer.json", R"({"version":"2.0","model":{"vocab":{"x":0}}})"}},
                 ErrorCode::unsupported, {"tokenizer.json: version", "'2.0' is unknown to HF tokenizers"});
    expect_error({{"tokenizer.json", R"({"added_tokens":[{"id":-1,"content":"<a>"}],"model":{"vocab":{"x":0}}})"}},
                 ErrorCode::invalid_value, {"added_tokens[0]", "id -1 is outside"});
    expect_error({{"tokenizer.json", R"({"added_tokens":[{"id":1.5,"content":"<a>"}],"model":{"vocab":{"x":0}}})"}},
                 ErrorCode::invalid_json, {"expected an integer, found 1.5"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":0}}})"}},
                 ErrorCode::conflict, {"tokenizer.json: model.vocab", "id 0 is given to both 'x' and 'y'"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":"1"}}})"}},
                 ErrorCode::invalid_json, {"tokenizer.json", "line 1", "model.vocab[\"y\"]: expected an integer id"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":1.5}}})"}},
                 ErrorCode::invalid_json, {"expected an integer, found 1.5"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":-3}}})"}},
                 ErrorCode::invalid_value, {"negative id (-3)"});
    // Ids beyond int32 (every tokenizer library's id type), before they could collide with smaller ones.
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":5,"y":4294967301}}})"}},
                 ErrorCode::invalid_value, {"tokenizer.json: model.vocab", "piece 'y' has id 4294967301, beyond 2147483646"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":-4294967296}}})"}},
                 ErrorCode::invalid_value, {"piece 'y' has a negative id (-4294967296)"});
    expect_error({{"tokenizer.json", R"({"model":{"vocab":{"x":0,"y":1}, "merges": [["x", "y"]])"}},
                 ErrorCode::invalid_json, {"tokenizer.json", "truncated"});
    expect_error({{"tokenizer.json", "{\"model\":{\"vocab\":{\"x\xff\":0}}}"}},
                 ErrorCode::invalid_json, {"tokenizer.json", "line 1, column 22 (byte 21)", "invalid UTF-8"});
    expect_error({{"tokenizer.json", R"({"model":{"type":"Bigram","vocab":{"x":0}}})"}},
                 ErrorCode::unsupported, {"model.type", "'Bigram'"});
    expect_error({{"tokenizer.json", R"({"model":{"type":"BPE"}})"}}, ErrorCode::missing_field, {"model.vocab"});
    expect_error({{"tokenizer.json", R"([1, 2])"}}, ErrorCode::invalid_json, {"expected a JSON object"});
    expect_error({{"tokenizer.json", vocab}, {"tokenizer_config.json", R"({"added_tokens_decoder":{"seven":{"content":"<x>"}}})"}},
                 ErrorCode::invalid_value, {"added_tokens_decoder[\"seven\"]", "non-negative integer id"});
    expect_error({{"tokenizer.json", vocab}, {"tokenizer_config.json", R"({"bos_token": 7})"}},
                 ErrorCode::wrong_type, {"tokenizer_config.json: bos_token", "number 7"});
    expect_error({{"tokenizer.json", vocab}, {"tokenizer_config.json", R"({"model_max_length": -5})"}},
                 ErrorCode::invalid_value, {"model_max_length", "positive integer"});
    expect_error({{"merges.txt", "a b\n"}}, ErrorCode::missing_input, {"merges.txt needs the vocab.json"});
    expect_error({{"vocab.json", R"({"a":0,"b":1})"}, {"merges.txt", "a b\nab\n"}}, ErrorCode::invalid_value, {"merges.txt: line 2"});
    expect_error({{"tokenizer.model", sp_model(0, 1, 2, -1).substr(0, 20)}}, ErrorCode::invalid_value, {"tokenizer.model", "truncated"});
    expect_error({{"tokenizer.model", sp_model(0, 1, 9, -1)}}, ErrorCode::invalid_value, {"trainer_spec.eos_id", "9 is not a piece id"});
    expect_error({{"tokenizer.json", vocab}, {"tokenizer.json", vocab}}, ErrorCode::conflict, {"two files have this name"});
    expect_error({{"tokenizer.json", R"({"added_tokens":[{"id":9999999999,"content":"<x>"}],"model":{"vocab":{"x":0}}})"}},
                 ErrorCode::invalid_value, {"id 9999999999 is outside 0..4294967295"});
}

TEST_CASE("the fingerprint hashes names and bytes, whatever the order", "[tokenizer]") {
    // BLAKE2b-256 vectors from Python's hashlib.blake2b(data, digest_size=32).
    ma::Blake2b256 abc;
    abc.update("abc");
    CHECK(abc.hex_digest() == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    ma::Blake2b256 empty;
    CHECK(empty.hex_digest() == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    for (const auto& [text, digest] : std::vector<std::pair<std::string, std::string>>{
             {std::string(128, 'b'), "3be061d8b7919eea8948a3d8c6f466abf2b177dc34f81378171305ccc6fc98d9"},
             {std::string(129, 'c'), "9088ae45b9d8bbf20a290b6a1a71ed5d0b6dd8e2a7c52f56c4b521c6a0f2fcd0"}}) {
        ma::Blake2b256 h;
        h.update(text);
        CHECK(h.hex_digest() == digest);
    }
    ma::Blake2b256 split;  // 700 bytes fed in 7-byte pieces, across block boundaries
    for (int i = 0; i < 100; ++i) split.update(std::string(7, 'x'));
    CHECK(split.hex_digest() == "f9f2fb5fd46fd0df4d4ebff7604e6a8281b4efd3622d8185b10dd8ad1420dec9");

    auto files = trainer_export({"tokenizer.json", "tokenizer_config.json"});
    const auto a = ma::read_tokenizer(files).fingerprint;
    std::reverse(files.begin(), files.end());
    CHECK(ma::read_tokenizer(files).fingerprint == a);
    files[0].bytes += " ";
    CHECK(ma::read_tokenizer(files).fingerprint != a);
    // Reports do not change the tokenizer's fingerprint.
    CHECK(ma::read_tokenizer(trainer_export({"tokenizer.json", "tokenizer_config.json", "sequence_lengths.json"})).fingerprint == a);
}

TEST_CASE("a declared special token missing from tokenizer.json is added as transformers adds it", "[tokenizer]") {
    const auto f = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"type":"BPE","vocab":{"<s>":0,"a":1},"merges":[]}})"},
                                       {"special_tokens_map.json", R"({"eos_token":"<EOS>"})"}});
    CHECK(f.eos.id == 2);
    CHECK(f.tokenizer_size == 3);
    bool noted = false;
    for (const auto& n : f.notes) noted = noted || n.find("transformers adds it as a new token, id 2") != std::string::npos;
    CHECK(noted);
    // tokenizers loads a model whose unk_token is no piece: no unknown-token id, not an error
    const auto g = ma::read_tokenizer({{"tokenizer.json", R"({"model":{"type":"WordLevel","vocab":{"a":0},"unk_token":"<unk>"}})"}});
    CHECK(!g.unk.id);
}
