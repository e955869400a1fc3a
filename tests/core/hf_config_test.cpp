#include <catch2/catch.hpp>

#include "error.h"
#include "model/hf_config.h"
#include "model/param_count.h"
#include "reference_models.h"

using ma::ErrorCode;

namespace {

// Reads `text` as cfg.json, expects ma::Error with `code` whose message contains every fragment.
void expect_error(const std::string& text, ErrorCode code, std::initializer_list<std::string> fragments) {
    CAPTURE(text);
    try {
        ma::read_hf_config(text, "cfg.json");
        FAIL("expected an error");
    } catch (const ma::Error& e) {
        CAPTURE(e.what());
        CHECK(e.code() == code);
        for (const auto& f : fragments) CHECK(std::string(e.what()).find(f) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("writing then reading a real config keeps every architecture field", "[config][real]") {
    const auto models = reference_models();
    const auto& m = models[GENERATE_COPY(range(size_t(0), models.size()))];
    CAPTURE(m.name);
    const auto first = ma::read_hf_config_json(m.config, m.name);
    const std::string written = ma::write_hf_config(first.spec);
    const auto second = ma::read_hf_config(written, "written");
    CHECK(second.spec == first.spec);
    CHECK(second.defaulted.empty());  // we write every key the family reads
    CHECK(second.ignored.empty());
    CHECK(ma::count_parameters(second.spec).total == m.expected_total);
    // Every key of the original that the family reads keeps its value.
    const auto rewritten = nlohmann::json::parse(written);
    for (auto it = m.config.begin(); it != m.config.end(); ++it) {
        if (it.key() == "torch_dtype" || it.key() == "transformers_version" || !rewritten.contains(it.key()))
            continue;
        if (it->is_number()) CHECK(rewritten[it.key()].get<double>() == it->get<double>());
        else if (it.key() != "architectures") CHECK(rewritten[it.key()] == *it);
    }
}

TEST_CASE("config.json is written like transformers' to_json_string", "[config]") {
    ma::ArchSpec s = ma::default_spec("llama");
    s.vocab_size = 128256; s.intermediate_size = 14336; s.num_key_value_heads = 8;
    s.rope_theta = 500000.0; s.norm_eps = 1e-5; s.max_position_embeddings = 8192;
    s.bos_token_id = 128000; s.eos_token_id = {128001};
    const std::string text = ma::write_hf_config(s);
    CHECK(text.back() == '\n');
    CHECK(text.find("{\n  \"architectures\": [\n    \"LlamaForCausalLM\"\n  ],\n  \"attention_bias\": false,") == 0);
    CHECK(text.find("\"rms_norm_eps\": 1e-05,") != std::string::npos);
    CHECK(text.find("\"rope_theta\": 500000.0,") != std::string::npos);
    CHECK(text.find("\"pad_token_id\": null,") != std::string::npos);
    CHECK(text.find("\"head_dim\": 128,") != std::string::npos);
    CHECK(text.find("\"transformers_version\": \"4.51.0\"") != std::string::npos);
}

TEST_CASE("real-world config forms are read", "[config]") {
    SECTION("eos_token_id as a list") {
        const auto r = ma::read_hf_config(R"({"model_type":"llama","eos_token_id":[128001,128008,128009]})");
        CHECK(r.spec.eos_token_id == std::vector<int64_t>{128001, 128008, 128009});
        CHECK(ma::write_hf_config(r.spec).find("\"eos_token_id\": [\n    128001,") != std::string::npos);
    }
    SECTION("dtype (transformers 5) wins over torch_dtype") {
        const auto r = ma::read_hf_config(R"({"model_type":"llama","dtype":"bfloat16","torch_dtype":"float16"})");
        CHECK(r.spec.torch_dtype == "bfloat16");
    }
    SECTION("absent fields take the family's HF defaults, and are listed") {
        const auto r = ma::read_hf_config(R"({"model_type":"gemma"})");
        CHECK(r.spec.tie_word_embeddings);
        CHECK(r.spec.head_dim == 256);
        CHECK(r.spec.norm_eps == 1e-6);
        const auto q = ma::read_hf_config(R"({"model_type":"qwen3"})");
        CHECK(q.spec.head_dim == 128);
        CHECK(std::find(q.defaulted.begin(), q.defaulted.end(), "head_dim") != q.defaulted.end());
        const auto g = ma::read_hf_config(R"({"model_type":"gpt2","n_embd":64,"n_head":4})");
        CHECK(g.spec.intermediate_size == 256);  // n_inner None -> 4 x n_embd
    }
    SECTION("extra keys are ignored and listed") {
        const auto r = ma::read_hf_config(R"({"model_type":"llama","quantization_config":{"bits":4}})");
        CHECK(r.ignored == std::vector<std::string>{"quantization_config"});
    }
    SECTION("rope_scaling objects survive a round trip") {
        const auto r = ma::read_hf_config(
            R"({"model_type":"llama","rope_scaling":{"rope_type":"yarn","factor":4.0}})");
        CHECK(r.spec.extras["rope_scaling"]["rope_type"] == "yarn");
        CHECK(ma::read_hf_config(ma::write_hf_config(r.spec)).spec == r.spec);
    }
}

TEST_CASE("bad configs are errors naming the file, field and value", "[config][errors]") {
    // Found by fuzzing: a number beyond double range is a JSON error, not an internal one.
    expect_error(R"({"model_type":"llama","rope_theta":1e400})", ErrorCode::invalid_json, {"cfg.json", "number overflow"});
    expect_error("{\"model_type\": \"llama\",",
                 ErrorCode::invalid_json, {"cfg.json", "not valid JSON"});
    expect_error("[1,2]", ErrorCode::wrong_type, {"cfg.json", "object"});
    expect_error(R"({"hidden_size": 4096})",
                 ErrorCode::missing_field, {"cfg.json: model_type", "missing"});
    expect_error(R"({"model_type": "bert"})",
                 ErrorCode::unsupported, {"'bert'", "llama", "gpt_neox"});
    expect_error(R"({"model_type":"llama","hidden_size":4100,"num_attention_heads":32})",
                 ErrorCode::invalid_value, {"cfg.json: hidden_size", "hidden_size (4100) is not a multiple of num_attention_heads (32)"});
    expect_error(R"({"model_type":"llama","num_key_value_heads":5})",
                 ErrorCode::invalid_value, {"num_key_value_heads", "(32)", "(5)"});
    expect_error(R"({"model_type":"llama","hidden_size":"4096"})",
                 ErrorCode::wrong_type, {"cfg.json: hidden_size", "string \"4096\""});
    expect_error(R"({"model_type":"llama","num_hidden_layers":-2})",
                 ErrorCode::invalid_value, {"num_hidden_layers", "-2"});
    expect_error(R"({"model_type":"llama","intermediate_size":1.5})",
                 ErrorCode::wrong_type, {"intermediate_size", "1.5"});
    expect_error(R"({"model_type":"qwen2","head_dim":64})",
                 ErrorCode::unsupported, {"head_dim", "qwen2"});
    expect_error(R"({"model_type":"mixtral","num_experts_per_tok":9})",
                 ErrorCode::invalid_value, {"num_experts_per_tok (9) exceeds num_local_experts (8)"});
    expect_error(R"({"model_type":"llama","hidden_act":"swiglu"})",
                 ErrorCode::invalid_value, {"hidden_act", "'swiglu'"});
    expect_error(std::string("{\"model_type\":\"ll\xff\"}"),
                 ErrorCode::invalid_json, {"cfg.json"});
}
