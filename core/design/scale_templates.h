// Scale classes as plain, sourced data: the default shape of each class, the
// parameter range the design search stays in, the parallel degrees a run of
// that size uses (the shapes must divide them), the depth/width range of the
// published models in the class, and why each default is what it is. See
// scale_templates.cpp for the table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ma {

// A published model of the class: its shape, and how many tokens it was trained on.
struct PublishedModel {
    std::string name;
    int64_t hidden_size, num_hidden_layers;
    double params;           // total parameters
    double training_tokens;  // from its report or model card; 0 = not published
    std::string source;
};

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
    double ffn_ratio;                  // SwiGLU width / hidden before rounding to 256 (8/3, or 3.5 as Llama 3)
    std::vector<int64_t> tp_degrees;   // tensor-parallel sizes a run of this class uses: heads must divide
    std::vector<int64_t> pp_degrees;   // pipeline sizes: layers must divide
    double min_aspect, max_aspect;     // hidden / layers of the published models of the class
    std::vector<PublishedModel> published;
    std::vector<std::string> rationale;  // one line per choice
    std::string close_to;                // published models near this default
};

const std::vector<ScaleTemplate>& scale_templates();
// Throws Error(invalid_value) listing the classes.
const ScaleTemplate& scale_template(const std::string& id);
// The class whose range holds `params` (the largest class above every range).
const ScaleTemplate& class_for(double params);

// SwiGLU width: ratio x hidden rounded up to a multiple of 256 (8/3 keeps the MLP's
// parameters at 8 h^2 like a 4h GELU MLP, with GEMM-friendly sizes).
int64_t swiglu_width(int64_t hidden_size, double ratio = 8.0 / 3.0);

// Tokens per parameter of the class's published models (median): what current models train on.
double published_tokens_per_param(const ScaleTemplate& t);

}  // namespace ma
