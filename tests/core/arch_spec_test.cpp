#include <catch2/catch.hpp>

#include <random>
#include "error.h"
#include "model/family.h"
#include "model/hf_config.h"
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
