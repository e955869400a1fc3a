#include <catch2/catch.hpp>

#include <random>
#include "error.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "estimates/compute.h"
#include "model/param_count.h"

// Properties over many generated specs of every family.
#include "spec_generator.h"


TEST_CASE("invalid specs always produce an error naming the field", "[properties][errors]") {
    std::mt19937_64 rng(7);
    const char* fields[] = {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "max_position_embeddings"};
    for (const ma::Family& family : ma::families()) {
        for (const char* field : fields) {
            for (int64_t bad : {int64_t(0), int64_t(-1), int64_t(-4096)}) {
                ma::ArchSpec s = random_spec(family, rng);
                if (std::string(field) == "vocab_size") s.vocab_size = bad;
                if (std::string(field) == "hidden_size") s.hidden_size = bad;
                if (std::string(field) == "intermediate_size") s.intermediate_size = bad;
                if (std::string(field) == "num_hidden_layers") s.num_hidden_layers = bad;
                if (std::string(field) == "num_attention_heads") s.num_attention_heads = bad;
                if (std::string(field) == "max_position_embeddings") s.max_position_embeddings = bad;
                CAPTURE(family.model_type, field, bad);
                try {
                    ma::count_parameters(s);
                    FAIL("no error");
                } catch (const ma::Error& e) {
                    CHECK(std::string(e.what()).find(field) != std::string::npos);
                }
            }
        }
    }
}

// Found by the hf_config fuzzer: `"use_sliding_window": 3` threw nlohmann's type_error from the
// FLOP count. transformers tests the switch for truth (`if config.use_sliding_window`).
TEST_CASE("an extras switch is read with Python's truthiness, as transformers tests it", "[spec]") {
    const auto qwen2 = [](const std::string& flag) {
        return ma::read_hf_config(R"({"model_type":"qwen2","hidden_size":896,"intermediate_size":4864,"num_attention_heads":14,
            "num_key_value_heads":2,"num_hidden_layers":24,"vocab_size":151936,"max_position_embeddings":32768,"sliding_window":1024,
            "max_window_layers":12,"use_sliding_window":)" + flag + "}").spec;
    };
    const double off = ma::forward_flops_per_token(qwen2("false"), 32768, true);
    const double on = ma::forward_flops_per_token(qwen2("true"), 32768, true);
    CHECK(on < off);  // layers 12.. attend to a 1,024-token window
    CHECK(ma::forward_flops_per_token(qwen2("3"), 32768, true) == on);
    CHECK(ma::forward_flops_per_token(qwen2("0"), 32768, true) == off);
    CHECK(ma::forward_flops_per_token(qwen2("null"), 32768, true) == off);
    CHECK(ma::forward_flops_per_token(qwen2("\"yes\""), 32768, true) == on);
    CHECK(ma::extra_flag(qwen2("0.0"), "use_sliding_window", true) == false);
    CHECK(ma::extra_flag(qwen2("[]"), "absent_key", true) == true);
}

TEST_CASE("copies of a spec share its extras until one is changed, and compare by value", "[spec]") {
    ma::ArchSpec a;
    a.extras["moe_intermediate_size"] = 1408;
    ma::ArchSpec b = a;
    CHECK(a == b);
    b.extras["moe_intermediate_size"] = 2816;  // b's own copy from here on
    CHECK(a.extras.at("moe_intermediate_size") == 1408);
    CHECK(b.extras.at("moe_intermediate_size") == 2816);
    CHECK(a != b);
    b.extras["moe_intermediate_size"] = 1408;  // equal again: two objects with the same members
    CHECK(a.extras == b.extras);
    CHECK(a == b);

    // Specs without extras of their own share one empty object; changing one leaves the others empty.
    ma::ArchSpec c, d;
    c.extras["first_k_dense_replace"] = 1;
    CHECK(c.extras.contains("first_k_dense_replace"));
    CHECK_FALSE(d.extras.contains("first_k_dense_replace"));
    CHECK(ma::ArchSpec().extras.json().empty());
    CHECK(c != d);
}
