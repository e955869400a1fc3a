#include "scale_templates.h"

#include <algorithm>
#include <cmath>

#include "../built_once.h"
#include "../error.h"

namespace ma {

int64_t swiglu_width(int64_t h, double ratio) {
    // 8/3 exactly as (8h + 2) / 3 in integers, so 4096 -> 11008 as Llama 2.
    const int64_t raw = ratio == 8.0 / 3.0 ? (8 * h + 2) / 3 : static_cast<int64_t>(std::ceil(ratio * double(h)));
    return (raw + 255) / 256 * 256;
}

MA_BUILT_ONCE const std::vector<ScaleTemplate>& scale_templates() {
    // Published shapes are the models' config.json files; token counts their reports or model cards.
    static const std::vector<ScaleTemplate> table = {
        {"100M", 80e6, 200e6, 768, 12, 12, 4, 2048, 2048, true, 8.0 / 3.0, {1}, {1}, 19, 64,
         {{"GPT-2 124M", 768, 12, 124e6, 0, "openai-community/gpt2 config.json"},
          {"SmolLM2-135M", 576, 30, 135e6, 2e12, "HuggingFaceTB/SmolLM2-135M model card: 2T tokens"},
          {"Pythia-160M", 768, 12, 162e6, 300e9, "EleutherAI Pythia paper: 300B tokens"},
          {"MobileLLM-125M", 576, 30, 125e6, 1e12, "Liu et al. 2024 (MobileLLM): 1T tokens"}},
         {"hidden 768 with 12 layers: aspect ratio 64 (GPT-2 small, Pythia-160M); depth matters less than total size at this scale (Kaplan et al. 2020)",
          "head_dim 64: 12 heads of 64, the common choice below 1B",
          "GQA 3:1 (4 kv heads): KV cache a third of MHA at almost no quality cost (Ainslie et al. 2023)",
          "SwiGLU width 2048 = 8/3 x 768 rounded to a multiple of 256",
          "context 2048: enough for most pretraining documents at this scale; cheap attention",
          "tied embeddings: with a 32k-128k vocabulary the embedding is a large share of a 100M model",
          "one GPU per replica: no tensor or pipeline parallelism at this size"},
         "GPT-2 124M (768 x 12), SmolLM2-135M (576 x 30), Pythia-160M (768 x 12)"},
        {"300M-700M", 250e6, 800e6, 1024, 24, 16, 8, 2816, 4096, true, 8.0 / 3.0, {1}, {1}, 30, 43,
         {{"Qwen2.5-0.5B", 896, 24, 494e6, 18e12, "Qwen2.5 technical report: 18T tokens"},
          {"Qwen3-0.6B", 1024, 28, 596e6, 36e12, "Qwen3 technical report: 36T tokens"},
          {"SmolLM2-360M", 960, 32, 362e6, 4e12, "HuggingFaceTB/SmolLM2-360M model card: 4T tokens"},
          {"Pythia-410M", 1024, 24, 405e6, 300e9, "EleutherAI Pythia paper: 300B tokens"}},
         {"hidden 1024 with 24 layers: aspect ratio 43, between Qwen3-0.6B (1024 x 28) and Qwen2.5-0.5B (896 x 24)",
          "head_dim 64: 16 heads",
          "GQA 2:1 (8 kv heads), as Qwen3-0.6B",
          "SwiGLU width 2816 = 8/3 x 1024 rounded to a multiple of 256",
          "context 4096: covers the p95 of most web and code corpora",
          "tied embeddings, as Qwen2.5-0.5B and Qwen3-0.6B",
          "one GPU per replica: data parallelism (with ZeRO if needed) only"},
         "Qwen2.5-0.5B (896 x 24), Qwen3-0.6B (1024 x 28), SmolLM2-360M (960 x 32)"},
        {"1B-3B", 0.9e9, 3.5e9, 2048, 24, 16, 4, 5632, 4096, true, 8.0 / 3.0, {1, 2}, {1, 2}, 55, 128,
         {{"Llama-3.2-1B", 2048, 16, 1.24e9, 9e12, "Meta Llama 3.2 model card: up to 9T tokens"},
          {"Llama-3.2-3B", 3072, 28, 3.21e9, 9e12, "Meta Llama 3.2 model card: up to 9T tokens"},
          {"SmolLM2-1.7B", 2048, 24, 1.71e9, 11e12, "HuggingFaceTB/SmolLM2-1.7B model card: 11T tokens"},
          {"TinyLlama-1.1B", 2048, 22, 1.10e9, 3e12, "TinyLlama paper: 3T tokens"},
          {"gemma-2-2b", 2304, 26, 2.61e9, 2e12, "Gemma 2 report: 2T tokens"},
          {"Qwen2.5-1.5B", 1536, 28, 1.54e9, 18e12, "Qwen2.5 technical report: 18T tokens"},
          {"OLMo-2-1B", 2048, 16, 1.48e9, 4e12, "OLMo 2 1B model card: 4T tokens"}},
         {"hidden 2048 with 24 layers: aspect ratio 85, between Llama-3.2-1B (2048 x 16) and TinyLlama (2048 x 22)",
          "head_dim 128: 16 heads; FlashAttention's fastest tile size",
          "GQA 4:1 (4 kv heads): TinyLlama uses 8:1, Llama-3.2-1B 4:1",
          "SwiGLU width 5632 = 8/3 x 2048 rounded to a multiple of 256 (TinyLlama's)",
          "context 4096",
          "tied embeddings, as Llama-3.2-1B and Gemma-2-2B",
          "tensor and pipeline parallel up to 2: heads, kv heads and layers divide by 2"},
         "TinyLlama-1.1B (2048 x 22), Llama-3.2-1B (2048 x 16), OLMo-2-1B (2048 x 16)"},
        {"7B+", 5e9, 20e9, 4096, 32, 32, 8, 14336, 8192, false, 3.5, {1, 2, 4, 8}, {1, 2, 4}, 80, 128,
         {{"Llama-2-7B", 4096, 32, 6.74e9, 2e12, "Llama 2 paper: 2T tokens"},
          {"Llama-3-8B", 4096, 32, 8.03e9, 15e12, "Meta Llama 3 model card: 15T tokens"},
          {"Mistral-7B", 4096, 32, 7.24e9, 0, "mistralai/Mistral-7B-v0.1 config.json"},
          {"Qwen2.5-7B", 3584, 28, 7.62e9, 18e12, "Qwen2.5 technical report: 18T tokens"},
          {"OLMo-2-7B", 4096, 32, 7.30e9, 4e12, "OLMo 2 report: 4T tokens"},
          {"gemma-2-9b", 3584, 42, 9.24e9, 8e12, "Gemma 2 report: 8T tokens"},
          {"Llama-2-13B", 5120, 40, 13.0e9, 2e12, "Llama 2 paper: 2T tokens"},
          {"Qwen2.5-14B", 5120, 48, 14.8e9, 18e12, "Qwen2.5 technical report: 18T tokens"},
          {"Qwen2.5-32B", 5120, 64, 32.8e9, 18e12, "Qwen2.5 technical report: 18T tokens"},
          {"Llama-3-70B", 8192, 80, 70.6e9, 15e12, "Meta Llama 3 model card: 15T tokens"}},
         {"hidden 4096 with 32 layers: aspect ratio 128 (Llama-2-7B, Llama-3-8B, Mistral-7B)",
          "head_dim 128: 32 heads",
          "GQA 4:1 (8 kv heads), as Llama-3-8B and Mistral-7B: tensor parallel 8 splits the kv heads evenly",
          "SwiGLU width 14336 = 3.5 x 4096, as Llama-3-8B and Mistral-7B (Llama-2-7B used 8/3: 11008)",
          "context 8192 (Llama-3-8B); extend later with rope_scaling",
          "untied head: its share of parameters is small at 7B, and untied heads are usual (Llama, Mistral)",
          "tensor parallel up to 8 (one node), pipeline up to 4: layers divide by 4"},
         "Llama-3-8B, Mistral-7B (4096 x 32, ffn 14336), Llama-2-7B (ffn 11008)"},
    };
    return table;
}

const ScaleTemplate& scale_template(const std::string& id) {
    for (const auto& t : scale_templates())
        if (t.id == id) return t;
    throw Error(ErrorCode::invalid_value, "scale", "'" + id + "' is not a scale class (100M, 300M-700M, 1B-3B, 7B+)");
}

const ScaleTemplate& class_for(double params) {
    const auto& t = scale_templates();
    for (const auto& c : t)
        if (params <= c.max_params) return c;
    return t.back();
}

double published_tokens_per_param(const ScaleTemplate& t) {
    std::vector<double> ratios;
    for (const auto& m : t.published)
        if (m.training_tokens > 0) ratios.push_back(m.training_tokens / m.params);
    if (ratios.empty()) return 20;
    std::sort(ratios.begin(), ratios.end());
    const size_t n = ratios.size();
    return n % 2 ? ratios[n / 2] : 0.5 * (ratios[n / 2 - 1] + ratios[n / 2]);
}

}  // namespace ma
