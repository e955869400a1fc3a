#include "shape_rules.h"

#include <algorithm>

namespace ma {

const std::vector<ShapeRule>& shape_rules() {
    static const std::vector<ShapeRule> rules = {
        {"flash_head_dim", "head_dim is a size FlashAttention is built for (32, 64, 96, 128, 160, 192, 224 or 256); 64 and 128 are the fastest",
         "vllm/attention/backends/flash_attn.py get_supported_head_sizes(); Dao-AILab/flash-attention csrc/flash_attn hdim instantiations; FA3 tuned for 64/128"},
        {"tp_heads", "num_attention_heads divides by every tensor-parallel degree the class uses",
         "Megatron-LM megatron/core/transformer/attention.py (num_attention_heads_per_partition = divide(heads, tp))"},
        {"tp_kv_heads", "num_key_value_heads divides by every tensor-parallel degree the class uses",
         "Megatron-LM attention.py divide(num_query_groups, tp); vLLM replicates kv heads only when tp is a multiple of them"},
        {"pp_layers", "num_hidden_layers divides by every pipeline degree the class uses (equal stages)",
         "Megatron-LM --num-layers % --pipeline-model-parallel-size; torchtitan pipeline splits layers evenly"},
        {"hidden_multiple", "hidden_size is a multiple of 128 (tensor-core tiles, and 128 / 8 per rank at tp 8)",
         "NVIDIA Matrix Multiplication Background guide: dimensions multiple of 64-128 for fp16/bf16 tensor cores"},
        {"ffn_multiple", "intermediate_size is a multiple of 256 (tensor cores, and 32 per rank at tp 8)",
         "NVIDIA Matrix Multiplication Background guide; Llama/Mistral widths (11008, 14336) are multiples of 256"},
        {"vocab_multiple", "vocab_size is a multiple of the padding multiple (128 by default) so the embedding and head tile and split",
         "Megatron-LM --make-vocab-size-divisible-by (128 by default); nanoGPT pads 50257 to 50304"},
        {"aspect_ratio", "hidden_size / num_hidden_layers is within the range of the published models of the class",
         "the published models of each class (docs/design.md, 'Published shapes')"},
    };
    return rules;
}

const std::vector<int64_t>& flash_head_dims() {
    static const std::vector<int64_t> dims = {32, 64, 96, 128, 160, 192, 224, 256};
    return dims;
}

namespace {

std::string list(const std::vector<int64_t>& v) {
    std::string out;
    for (int64_t x : v) out += (out.empty() ? "" : ", ") + std::to_string(x);
    return out;
}

std::string s(int64_t v) { return std::to_string(v); }

}  // namespace

bool tp_friendly(int64_t heads, int64_t kv, const std::vector<int64_t>& tp_degrees) {
    for (int64_t t : tp_degrees)
        if (heads % t != 0 || kv % t != 0) return false;
    return true;
}

bool parallel_friendly(int64_t heads, int64_t kv, int64_t layers, const ScaleTemplate& cls) {
    if (!tp_friendly(heads, kv, cls.tp_degrees)) return false;
    for (int64_t p : cls.pp_degrees)
        if (layers % p != 0) return false;
    return true;
}

std::vector<ShapeWarning> check_shape(const ArchSpec& spec, const ScaleTemplate& cls, int64_t vocab_multiple) {
    std::vector<ShapeWarning> out;
    const int64_t hd = spec.head_size(), heads = spec.num_attention_heads, kv = spec.kv_heads(), layers = spec.num_hidden_layers;
    const auto& dims = flash_head_dims();
    if (std::find(dims.begin(), dims.end(), hd) == dims.end())
        out.push_back({"flash_head_dim", "head_dim " + s(hd) + " is not a size FlashAttention is built for (" + list(dims) +
                                             "): attention falls back to a slower kernel or pads every head"});
    for (int64_t t : cls.tp_degrees) {
        if (heads % t != 0)
            out.push_back({"tp_heads", "num_attention_heads (" + s(heads) + ") is not divisible by tensor parallel " + s(t)});
        if (kv % t != 0)
            out.push_back({"tp_kv_heads", "num_key_value_heads (" + s(kv) + ") is not divisible by tensor parallel " + s(t) +
                                              (t % kv == 0 ? " (vLLM replicates them, Megatron-LM refuses)" : " (Megatron-LM and vLLM refuse the split)")});
    }
    for (int64_t p : cls.pp_degrees)
        if (layers % p != 0)
            out.push_back({"pp_layers", "num_hidden_layers (" + s(layers) + ") is not divisible by pipeline parallel " + s(p)});
    if (spec.hidden_size % 128 != 0)
        out.push_back({"hidden_multiple", "hidden_size " + s(spec.hidden_size) + " is not a multiple of 128"});
    if (spec.intermediate_size % 256 != 0)
        out.push_back({"ffn_multiple", "intermediate_size " + s(spec.intermediate_size) + " is not a multiple of 256"});
    if (vocab_multiple > 1 && spec.vocab_size % vocab_multiple != 0)
        out.push_back({"vocab_multiple", "vocab_size " + s(spec.vocab_size) + " is not a multiple of " + s(vocab_multiple)});
    const double aspect = double(spec.hidden_size) / double(layers);
    if (aspect < cls.min_aspect || aspect > cls.max_aspect)
        out.push_back({"aspect_ratio", "hidden_size / num_hidden_layers = " + s(int64_t(aspect + 0.5)) + " is outside the " + cls.id +
                                           " range of published models (" + s(int64_t(cls.min_aspect)) + "-" + s(int64_t(cls.max_aspect)) + ")"});
    return out;
}

}  // namespace ma
