#include <catch2/catch.hpp>

#include <random>
#include "error.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "model/param_count.h"

// Properties over many generated valid specs of every family.
#include "spec_generator.h"


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
