#include "hf_config.h"

#include "family.h"

namespace ma {

using nlohmann::json;

static json optional_int(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json hf_config_json(const ArchSpec& input) {
    const ArchSpec s = resolve(input);
    validate(s);
    const Family& family = family_for(s.model_type);
    const FamilyKeys& k = family.keys;

    json j = s.extras.json();  // family extras first; typed fields below take precedence
    j["architectures"] = json::array({family.architecture});
    j["model_type"] = s.model_type;
    j["transformers_version"] = kTransformersVersion;
    j["torch_dtype"] = s.torch_dtype;
    j["vocab_size"] = s.vocab_size;
    j[k.hidden_size] = s.hidden_size;
    j[k.intermediate_size] = s.intermediate_size;
    j[k.num_hidden_layers] = s.num_hidden_layers;
    j[k.num_attention_heads] = s.num_attention_heads;
    j[k.max_position_embeddings] = s.max_position_embeddings;
    j[k.hidden_act] = s.hidden_act;
    if (!k.norm_eps.empty()) j[k.norm_eps] = s.norm_eps;
    if (!k.rope_theta.empty()) j[k.rope_theta] = s.rope_theta;
    if (!k.partial_rotary.empty()) j[k.partial_rotary] = s.partial_rotary_factor;
    if (family.layout.gqa) j["num_key_value_heads"] = s.kv_heads();
    if (family.layout.explicit_head_dim) j["head_dim"] = s.head_size();
    j["tie_word_embeddings"] = s.tie_word_embeddings;
    if (family.defaults.contains("attention_bias")) j["attention_bias"] = s.attention_bias;
    if (family.defaults.contains("mlp_bias")) j["mlp_bias"] = s.mlp_bias;
    if (family.layout.mlp_block == MlpComponent::moe) {
        j[k.num_experts] = s.num_local_experts;
        j["num_experts_per_tok"] = s.num_experts_per_tok;
    }
    if (family.layout.window != WindowPattern::none) j["sliding_window"] = optional_int(s.sliding_window);
    if (family.defaults.contains("use_parallel_residual")) j["use_parallel_residual"] = s.use_parallel_residual;
    j["bos_token_id"] = optional_int(s.bos_token_id);
    if (s.eos_token_id.empty()) j["eos_token_id"] = nullptr;
    else if (s.eos_token_id.size() == 1) j["eos_token_id"] = s.eos_token_id.front();
    else j["eos_token_id"] = s.eos_token_id;
    j["pad_token_id"] = optional_int(s.pad_token_id);
    return j;
}

std::string write_hf_config(const ArchSpec& spec) {
    // nlohmann's object keeps keys sorted, as json.dumps(sort_keys=True) does.
    return hf_config_json(spec).dump(2) + "\n";
}

}  // namespace ma
