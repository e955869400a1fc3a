#include <catch2/catch.hpp>

#include "error.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "model/param_count.h"
#include "reference_models.h"

using ma::ArchSpec;
using ma::Block;
using ma::count_parameters;

TEST_CASE("parameter count equals the published total of every reference model", "[count][real]") {
    const auto models = reference_models();
    REQUIRE(models.size() >= (std::string(MA_SHARED_REFERENCE).empty() ? 4u : 16u));
    const auto& m = models[GENERATE_COPY(range(size_t(0), models.size()))];
    CAPTURE(m.name);
    const auto read = ma::read_hf_config_json(m.config, m.name);
    REQUIRE(read.spec.model_type == m.model_type);
    const auto count = count_parameters(read.spec);
    CHECK(count.total == m.expected_total);
    if (m.expected_active) CHECK(count.active_per_token == *m.expected_active);
    CHECK(count.embedding + count.non_embedding == count.total);
    uint64_t by_block = 0;
    for (uint64_t b : count.by_block) by_block += b;
    CHECK(by_block == count.total);
}

TEST_CASE("a family that reuses existing components is one row: OLMoE", "[count][family]") {
    // olmoe is only a row of family_table.cpp (GQA with olmo2's QK-norm, the sparse MoE block);
    // its published total (OLMoE-1B-7B-0125, Hub safetensors) and active count come out exactly.
    const auto& f = ma::family_for("olmoe");
    CHECK(f.layout.attention == ma::AttentionComponent::gqa);
    CHECK(f.layout.mlp_block == ma::MlpComponent::moe);
    ArchSpec s = ma::default_spec("olmoe");
    s.intermediate_size = 1024;
    const auto c = count_parameters(s);
    CHECK(c.total == 6919161856ULL);
    CHECK(c.active_per_token == 1282017280ULL);
    bool router = false;
    for (const auto& t : c.tensors) router = router || t.name == "model.layers.{i}.mlp.gate.weight";
    CHECK(router);
    const auto back = ma::read_hf_config(ma::write_hf_config(s), "config.json");
    CHECK(back.spec.num_local_experts == 64);
    CHECK(ma::write_hf_config(s).find("\"num_experts\": 64") != std::string::npos);
}

TEST_CASE("Llama-2-7B breaks down block by block", "[count]") {
    ArchSpec s = ma::default_spec("llama");  // llama defaults are Llama-2-7B's shape
    s.intermediate_size = 11008;
    const auto c = count_parameters(s);
    CHECK(c.total == 6738415616ULL);
    CHECK(c.embedding == 131072000ULL);
    CHECK(c.by_block[int(Block::head)] == 131072000ULL);
    CHECK(c.layer_by_block[int(Block::attention)] == 4ULL * 4096 * 4096);
    CHECK(c.layer_by_block[int(Block::mlp)] == 3ULL * 4096 * 11008);
    CHECK(c.layer_by_block[int(Block::norm)] == 2ULL * 4096);
    CHECK(c.per_layer == 202383360ULL);
    CHECK(c.by_block[int(Block::norm)] == 32ULL * 8192 + 4096);
}

TEST_CASE("Qwen3-0.6B non-embedding count matches its model card", "[count]") {
    ArchSpec s = ma::default_spec("qwen3");
    s.vocab_size = 151936; s.hidden_size = 1024; s.intermediate_size = 3072;
    s.num_hidden_layers = 28; s.num_attention_heads = 16; s.num_key_value_heads = 8;
    s.head_dim = 128; s.tie_word_embeddings = true;
    const auto c = count_parameters(s);
    CHECK(c.non_embedding == 440467456ULL);  // "Number of Parameters (Non-Embedding): 0.44B"
    CHECK(c.embedding == 155582464ULL);
}

TEST_CASE("tensor names and shapes follow the HF modules", "[count]") {
    SECTION("llama q_proj is [heads*head_dim, hidden]") {
        ArchSpec s = ma::default_spec("llama");
        s.num_key_value_heads = 8;
        const auto c = count_parameters(s);
        REQUIRE(c.tensors[1].name == "model.layers.{i}.input_layernorm.weight");
        bool found = false;
        for (const auto& t : c.tensors)
            if (t.name == "model.layers.{i}.self_attn.k_proj.weight") {
                found = true;
                CHECK(t.shape == std::vector<uint64_t>{1024, 4096});
                CHECK(t.copies == 32);
            }
        CHECK(found);
    }
    SECTION("gpt2 Conv1D stores [in, out] and the tied head counts zero") {
        ArchSpec s = ma::default_spec("gpt2");
        s.vocab_size = 50257; s.hidden_size = 768; s.intermediate_size = 3072;
        s.num_hidden_layers = 12; s.num_attention_heads = 12; s.max_position_embeddings = 1024;
        s.tie_word_embeddings = true; s.hidden_act = "gelu_new";
        const auto c = count_parameters(s);
        CHECK(c.total == 124439808ULL);
        CHECK(c.tensors.back().name == "lm_head.weight");
        CHECK(c.tensors.back().tied);
        CHECK(c.tensors.back().params() == 0);
        for (const auto& t : c.tensors)
            if (t.name == "transformer.h.{i}.attn.c_attn.weight") CHECK(t.shape == std::vector<uint64_t>{768, 2304});
    }
}

TEST_CASE("mixture of experts counts experts, router and active parameters", "[count][moe]") {
    ArchSpec s = ma::default_spec("mixtral");
    s.intermediate_size = 14336; s.num_key_value_heads = 8;
    s.num_local_experts = 8; s.num_experts_per_tok = 2;
    const auto c = count_parameters(s);
    CHECK(c.total == 46702792704ULL);
    // Active: 2 of 8 experts per layer, everything else dense. Published: ~12.9B.
    CHECK(c.active_per_token == 46702792704ULL - 32ULL * 6 * 3 * 4096 * 14336);
    CHECK(c.layer_by_block[int(Block::mlp)] == 4096ULL * 8 + 8ULL * 3 * 4096 * 14336);
}

TEST_CASE("a 2-trillion-parameter mixture of experts counts exactly", "[count][moe]") {
    ArchSpec s = ma::default_spec("mixtral");
    s.vocab_size = 262144; s.hidden_size = 8192; s.intermediate_size = 16384;
    s.num_hidden_layers = 96; s.num_attention_heads = 64; s.num_key_value_heads = 8;
    s.num_local_experts = 64; s.num_experts_per_tok = 4;
    const uint64_t d = 8192, v = 262144, ff = 16384, layers = 96, experts = 64, kv = 8 * 128;
    const uint64_t attn = d * d * 2 + 2 * d * kv;
    const uint64_t layer = attn + d * experts + experts * 3 * d * ff + 2 * d;
    const uint64_t expected = 2 * v * d + layers * layer + d;
    const auto c = count_parameters(s);
    CHECK(expected > 2000000000000ULL);
    CHECK(c.total == expected);
}

TEST_CASE("counts that overflow 64 bits are errors, never wrapped", "[count][errors]") {
    ArchSpec s = ma::default_spec("llama");
    s.vocab_size = int64_t(1) << 40;
    s.hidden_size = int64_t(1) << 30;
    s.num_attention_heads = 1;
    try {
        count_parameters(s);
        FAIL("expected an overflow error");
    } catch (const ma::Error& e) {
        CHECK(e.code() == ma::ErrorCode::overflow);
        CHECK(std::string(e.what()).find("does not fit in 64 bits") != std::string::npos);
    }
}
