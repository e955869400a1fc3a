#include "hf_config.h"

#include <algorithm>
#include <map>

#include "../error.h"
#include "family.h"
#include "../json_fields.h"

namespace ma {
namespace {

using nlohmann::json;

// Keys every PretrainedConfig carries that describe nothing of the architecture.
const char* const kBookkeeping[] = {"_name_or_path", "architectures", "model_type",
                                    "transformers_version", "torch_dtype", "dtype"};

class FieldReader {
public:
    FieldReader(const json& config, const Family& family, const std::string& where, ConfigRead& out)
        : config_(config), family_(family), where_(where), out_(out) {}

    // The file's value, else the family default; records which was used.
    const json& value(const std::string& key) {
        auto it = config_.find(key);
        if (it != config_.end()) return *it;
        out_.defaulted.push_back(key);
        auto def = family_.defaults.find(key);
        return def != family_.defaults.end() ? *def : null_;
    }
    bool reads(const std::string& key) const { return family_.defaults.contains(key); }
    std::string at(const std::string& key) const { return where_ + ": " + key; }

    int64_t integer(const std::string& key) { return as_int(value(key), at(key)); }
    std::optional<int64_t> optional_integer(const std::string& key) {
        return as_optional_int(value(key), at(key));
    }
    double number(const std::string& key) { return as_double(value(key), at(key)); }
    bool boolean(const std::string& key) { return as_bool(value(key), at(key)); }
    std::string string(const std::string& key) { return as_string(value(key), at(key)); }

private:
    const json& config_;
    const Family& family_;
    const std::string& where_;
    ConfigRead& out_;
    const json null_;
};

std::vector<int64_t> read_eos(const json& v, const std::string& where) {
    if (v.is_null()) return {};
    if (!v.is_array()) return {as_int(v, where)};
    std::vector<int64_t> ids;
    for (size_t i = 0; i < v.size(); ++i) ids.push_back(as_int(v[i], where + "[" + std::to_string(i) + "]"));
    return ids;
}

}  // namespace

ConfigRead read_hf_config(const std::string& text, const std::string& where) {
    return read_hf_config_json(parse_json(text, where), where);
}

namespace {

// Every field the family reads, from the file or the HF default; not yet validated or resolved.
ConfigRead read_fields(const json& config, const std::string& where) {
    if (!config.is_object())
        throw Error(ErrorCode::wrong_type, where, "expected a JSON object, found " + describe(config));
    auto type_it = config.find("model_type");
    if (type_it == config.end())
        throw Error(ErrorCode::missing_field, where + ": model_type",
                    "model_type is missing; it names the architecture (for example \"llama\")");
    const std::string model_type = as_string(*type_it, where + ": model_type");
    const Family& family = family_for(model_type, where);
    const FamilyKeys& k = family.keys;

    ConfigRead out;
    FieldReader r(config, family, where, out);
    ArchSpec& s = out.spec;
    s.model_type = model_type;
    s.vocab_size = r.integer("vocab_size");
    s.hidden_size = r.integer(k.hidden_size);
    s.num_hidden_layers = r.integer(k.num_hidden_layers);
    s.num_attention_heads = r.integer(k.num_attention_heads);
    s.max_position_embeddings = r.integer(k.max_position_embeddings);
    // GPT-2's n_inner defaults to None, meaning 4 x n_embd.
    const auto inner = r.optional_integer(k.intermediate_size);
    s.intermediate_size = inner ? *inner : 4 * s.hidden_size;
    if (family.layout.gqa) s.num_key_value_heads = r.optional_integer("num_key_value_heads");
    if (family.layout.explicit_head_dim || config.contains("head_dim"))
        s.head_dim = r.optional_integer("head_dim");
    s.tie_word_embeddings = r.boolean("tie_word_embeddings");
    if (r.reads("attention_bias")) s.attention_bias = r.boolean("attention_bias");
    if (r.reads("mlp_bias")) s.mlp_bias = r.boolean("mlp_bias");
    if (family.layout.mlp_block == MlpComponent::moe) {
        s.num_local_experts = r.integer(k.num_experts);
        s.num_experts_per_tok = r.integer("num_experts_per_tok");
    }
    s.hidden_act = r.string(k.hidden_act);
    s.norm_eps = k.norm_eps.empty() ? family.layout.fixed_norm_eps : r.number(k.norm_eps);
    if (!k.rope_theta.empty()) {
        // Newer transformers also accept rope_theta for gpt_neox.
        const std::string key = config.contains(k.rope_theta) || !config.contains("rope_theta") ? k.rope_theta : "rope_theta";
        s.rope_theta = as_double(r.value(key), r.at(key));
    }
    if (!k.partial_rotary.empty()) s.partial_rotary_factor = r.number(k.partial_rotary);
    if (r.reads("sliding_window")) s.sliding_window = r.optional_integer("sliding_window");
    if (r.reads("use_parallel_residual")) s.use_parallel_residual = r.boolean("use_parallel_residual");
    s.bos_token_id = r.optional_integer("bos_token_id");
    s.eos_token_id = read_eos(r.value("eos_token_id"), r.at("eos_token_id"));
    s.pad_token_id = r.optional_integer("pad_token_id");

    const char* dtype_key = config.contains("dtype") ? "dtype" : "torch_dtype";
    auto dtype = config.find(dtype_key);
    s.torch_dtype = dtype == config.end() || dtype->is_null() ? "float32" : as_string(*dtype, r.at(dtype_key));

    for (auto it = family.extra_defaults.begin(); it != family.extra_defaults.end(); ++it) s.extras[it.key()] = r.value(it.key());

    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        const bool bookkeeping = std::find(std::begin(kBookkeeping), std::end(kBookkeeping), key) != std::end(kBookkeeping);
        if (!bookkeeping && !family.defaults.contains(key) && !(key == "rope_theta" && !k.rope_theta.empty()))
            out.ignored.push_back(key);
    }

    return out;
}

}  // namespace

ArchSpec default_spec(const std::string& model_type) {
    // Read once per family: every candidate shape of a design starts from it.
    static std::map<std::string, ArchSpec> read;
    auto it = read.find(model_type);
    if (it == read.end()) it = read.emplace(model_type, read_fields({{"model_type", model_type}}, "defaults of " + model_type).spec).first;
    return it->second;
}

ConfigRead read_hf_config_json(const json& config, const std::string& where) {
    ConfigRead out = read_fields(config, where);
    validate(out.spec, where);
    out.spec = resolve(out.spec);
    return out;
}

}  // namespace ma
