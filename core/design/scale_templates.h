// Scale classes as plain, sourced data: the default shape of each class, the
// parameter range the design search moves within, and why each default is
// what it is. See scale_templates.cpp for the table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ma {

struct ScaleTemplate {
    std::string id;                // "100M", "300M-700M", "1B-3B", "7B+"
    double min_params, max_params; // the class's range for the search (total parameters)
    int64_t hidden_size;
    int64_t num_hidden_layers;
    int64_t num_attention_heads;
    int64_t num_key_value_heads;
    int64_t intermediate_size;
    int64_t max_position_embeddings;
    bool tie_word_embeddings;
    std::vector<std::string> rationale;  // one line per choice
    std::string close_to;                // published models near this default
};

const std::vector<ScaleTemplate>& scale_templates();
// Throws Error(invalid_value) listing the classes.
const ScaleTemplate& scale_template(const std::string& id);

// SwiGLU width: 8/3 x hidden rounded up to a multiple of 256 (keeps the MLP's
// parameters at 8 h^2 like a 4h GELU MLP, with GEMM-friendly sizes).
int64_t swiglu_width(int64_t hidden_size);

}  // namespace ma
