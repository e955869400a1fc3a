// Random valid specs of a family, for property tests.
#pragma once

#include <random>

#include "model/family.h"
#include "model/hf_config.h"

inline ma::ArchSpec random_spec(const ma::Family& family, std::mt19937_64& rng) {
    auto pick = [&](std::initializer_list<int64_t> values) {
        std::uniform_int_distribution<size_t> d(0, values.size() - 1);
        return *(values.begin() + d(rng));
    };
    ma::ArchSpec s = ma::default_spec(family.model_type);
    s.hidden_act = family.layout.mlp == ma::MlpKind::gated ? "silu" : "gelu";
    const int64_t head_dim = pick({32, 64, 128});
    s.num_attention_heads = pick({4, 8, 12, 16, 32});
    s.hidden_size = head_dim * s.num_attention_heads;
    s.num_hidden_layers = pick({1, 2, 12, 24, 61});
    s.intermediate_size = pick({256, 1000, 5632, 14336});
    s.vocab_size = pick({1, 32000, 50257, 128256, 262144});
    s.max_position_embeddings = pick({512, 2048, 131072});
    s.tie_word_embeddings = pick({0, 1}) == 1;
    if (family.layout.gqa) s.num_key_value_heads = s.num_attention_heads / pick({1, 2, 4});
    if (family.layout.explicit_head_dim && pick({0, 1})) s.head_dim = pick({64, 256});
    if (family.layout.attn_bias == ma::AttnBiasKind::from_config) s.attention_bias = pick({0, 1}) == 1;
    if (family.layout.mlp_bias == ma::MlpBiasKind::from_config) s.mlp_bias = pick({0, 1}) == 1;
    if (family.layout.mlp_block == ma::MlpComponent::moe) {
        s.num_local_experts = pick({2, 8, 64});
        s.num_experts_per_tok = std::min<int64_t>(s.num_local_experts, pick({1, 2, 8}));
    }
    if (family.layout.window != ma::WindowPattern::none && pick({0, 1})) s.sliding_window = pick({1024, 4096});
    if (family.layout.parallel_residual) s.use_parallel_residual = pick({0, 1}) == 1;
    s.eos_token_id = {0};
    return ma::resolve(s);
}

