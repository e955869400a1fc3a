// Properties over many generated valid specs of every family.
#include <catch2/catch.hpp>

#include <random>

#include "error.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "model/param_count.h"

namespace {

ma::ArchSpec random_spec(const ma::Family& family, std::mt19937_64& rng) {
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

}  // namespace

TEST_CASE("generated specs: count, layers, tying and round trips hold", "[properties]") {
    std::mt19937_64 rng(20261128);
    for (const ma::Family& family : ma::families()) {
        for (int i = 0; i < 60; ++i) {
            const ma::ArchSpec s = random_spec(family, rng);
            CAPTURE(family.model_type, i, ma::write_hf_config(s));
            const auto c = ma::count_parameters(s);

            // One more layer adds exactly one layer's parameters.
            ma::ArchSpec deeper = s;
            deeper.num_hidden_layers += 1;
            CHECK(ma::count_parameters(deeper).total == c.total + c.per_layer);

            // Tying the head removes exactly vocab x hidden.
            ma::ArchSpec tied = s, untied = s;
            tied.tie_word_embeddings = true;
            untied.tie_word_embeddings = false;
            CHECK(ma::count_parameters(untied).total - ma::count_parameters(tied).total ==
                  uint64_t(s.vocab_size) * uint64_t(s.hidden_size));

            // The written config reads back to the same spec and the same count.
            const auto back = ma::read_hf_config(ma::write_hf_config(s), "generated");
            CHECK(back.spec == s);
            CHECK(ma::count_parameters(back.spec).total == c.total);

            // Totals are consistent.
            CHECK(c.embedding + c.non_embedding == c.total);
            CHECK(c.active_per_token <= c.total);
        }
    }
}

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
