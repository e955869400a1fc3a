#include <catch2/catch.hpp>

#include "error.h"
#include "reference_models.h"
#include "design/share_link.h"

namespace {

std::string b64url(const std::string& s) {
    const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        const uint32_t v = uint32_t(uint8_t(s[i])) << 16 | uint32_t(uint8_t(s[i + 1])) << 8 | uint8_t(s[i + 2]);
        for (int k = 18; k >= 0; k -= 6) out += a[(v >> k) & 63];
    }
    const size_t rest = s.size() - i;
    if (rest) {
        uint32_t v = uint32_t(uint8_t(s[i])) << 16 | (rest == 2 ? uint32_t(uint8_t(s[i + 1])) << 8 : 0);
        out += a[(v >> 18) & 63];
        out += a[(v >> 12) & 63];
        if (rest == 2) out += a[(v >> 6) & 63];
    }
    return out;
}

}  // namespace

TEST_CASE("share links round-trip every input and the tokenizer facts", "[share]") {
    std::vector<ma::InputFile> files;
    for (const char* n : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"})
        files.push_back({n, read_text_file(std::string(MA_TEST_DATA) + "/tokenizers/trainer_export/" + n)});
    const auto facts = ma::read_tokenizer(files);
    const nlohmann::json state = {
        {"request", {{"scale", "1B-3B"}, {"days", 14.5}, {"gpus", 16}, {"min_decode_tokens_per_s", 150},
                     {"recipe", {{"mlp", "geglu"}, {"tied", true}}}, {"training", {{"gpu", "A100-80GB"}, {"precision", "bf16"}}}}},
        {"tokenizer", ma::link_facts(facts)}};
    const std::string link = ma::share_encode(state);
    CHECK(link.rfind("v1.", 0) == 0);
    CHECK(link.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.v") == std::string::npos);
    const auto back = ma::share_decode(link);
    CHECK(back["request"] == state["request"]);
    CHECK(back["tokenizer"] == state["tokenizer"]);
    CHECK(ma::share_decode("#" + link) == back);
    const auto restored = ma::facts_from_link(back["tokenizer"]);
    CHECK(restored.tokenizer_size == 11);
    CHECK(restored.eos.id == 3);
    CHECK(restored.eos.content == "<EOS>");
    CHECK(restored.fingerprint == facts.fingerprint);
    // The page's call reads the request once (read_state) and encodes without reading it again: the same link.
    const ma::ReadState read = ma::read_state(state, "state");
    CHECK(read.request.gpus == 16);
    CHECK(read.normalized == ma::normalize_state(state, "state"));
    CHECK(ma::share_encode_read(read.normalized) == link);
    // A state with a bad request and bad facts names the request, as before the request was read once.
    nlohmann::json both_bad = state;
    both_bad["request"]["gpus"] = 0;
    both_bad["tokenizer"]["tokenizer_size"] = "many";
    CHECK_THROWS_WITH(ma::read_state(both_bad, "state"), Catch::Contains("state.request.gpus"));
}

TEST_CASE("hostile and broken share links are errors naming the problem", "[share][errors]") {
    auto refused = [](const std::string& fragment, const std::string& message) {
        CAPTURE(fragment.substr(0, 80));
        try {
            ma::share_decode(fragment);
            FAIL("accepted");
        } catch (const ma::Error& e) {
            CHECK(std::string(e.what()).find(message) != std::string::npos);
        }
    };
    const auto link = [](const std::string& json) { return "v1." + b64url(json); };
    refused("v2.e30", "version 'v2' is not one this page reads");
    refused("", "version '' is not one");
    refused("v1.<script>", "is not part of a share link");
    refused(link(R"({"request":{"scale":"100M"}})").substr(0, 8), "truncated");
    refused(link(R"({"request":{"scale":"100M"}})").substr(0, 9), "not valid JSON");
    refused("v1." + std::string(20000, 'A'), "too long");
    refused(link(R"({"request":{"scale":"<script>alert(1)</script>"}})"), "link.request.scale: '<script>alert(1)</script>' is not one of 100M");
    refused(link(R"({"request":{"gpus":1e300}})"), "link.request.gpus");
    refused(link(R"({"request":{"gpus":-1}})"), "link.request.gpus");
    refused(link(R"({"request":{"evil":true}})"), "unknown design option 'evil'");
    refused(link(R"({"request":{},"admin":true})"), "link.admin: unknown field");
    refused(link(R"([1,2,3])"), "expected an object");
    refused(link(R"({"tokenizer":{"tokenizer_size":10,"model_type":"BPE","model_max_length":null,"fingerprint":"blake2b:00"}})"),
            "link.tokenizer");
    const std::string fp = "blake2b:" + std::string(64, 'a');
    refused(link(R"({"tokenizer":{"tokenizer_size":10,"model_type":"BPE","model_max_length":null,"fingerprint":")" + fp +
                 R"(","bos_token_id":99,"bos_token":"<s>","eos_token_id":1,"eos_token":"</s>","pad_token_id":null,"pad_token":null,"unk_token_id":null,"unk_token":null}})"),
            "bos_token_id: must be an id below tokenizer_size (10)");
    refused(link(R"({"tokenizer":{"tokenizer_size":1e12,"model_type":"BPE","model_max_length":null,"fingerprint":")" + fp + R"("}})"),
            "tokenizer_size");
}
