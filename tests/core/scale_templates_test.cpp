#include <catch2/catch.hpp>

#include "design/scale_templates.h"
#include "model/param_count.h"
#include "test_support.h"

TEST_CASE("the scale templates are near the published models they cite", "[design]") {
    // With Llama-3's 128,256-token vocabulary each class's default lands inside its range.
    for (const auto& t : ma::scale_templates()) {
        ma::ArchSpec s = ma::default_spec("llama");
        s.vocab_size = 128256;
        s.hidden_size = t.hidden_size;
        s.num_hidden_layers = t.num_hidden_layers;
        s.num_attention_heads = t.num_attention_heads;
        s.num_key_value_heads = t.num_key_value_heads;
        s.intermediate_size = t.intermediate_size;
        s.tie_word_embeddings = t.tie_word_embeddings;
        const double n = double(ma::count_parameters(s).total);
        CAPTURE(t.id, n);
        CHECK(n >= t.min_params);
        CHECK(n <= t.max_params);
        CHECK(t.intermediate_size == ma::swiglu_width(t.hidden_size, t.ffn_ratio));
        CHECK(t.rationale.size() >= 5);
    }
}
