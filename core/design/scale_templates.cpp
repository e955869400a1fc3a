#include "scale_templates.h"

#include "../error.h"

namespace ma {

int64_t swiglu_width(int64_t h) {
    const int64_t raw = (8 * h + 2) / 3;
    return (raw + 255) / 256 * 256;
}

const std::vector<ScaleTemplate>& scale_templates() {
    static const std::vector<ScaleTemplate> table = {
        {"100M", 80e6, 200e6, 768, 12, 12, 4, 2048, 2048, true,
         {"hidden 768 with 12 layers: aspect ratio 64 (GPT-2 small, Pythia-160M); depth matters less than total size at this scale (Kaplan et al. 2020)",
          "head_dim 64: 12 heads of 64, the common choice below 1B",
          "GQA 3:1 (4 kv heads): KV cache a third of MHA at almost no quality cost (Ainslie et al. 2023)",
          "SwiGLU width 2048 = 8/3 x 768 rounded to a multiple of 256",
          "context 2048: enough for most pretraining documents at this scale; cheap attention",
          "tied embeddings: with a 32k-128k vocabulary the embedding is a large share of a 100M model"},
         "GPT-2 124M (768 x 12), SmolLM2-135M (576 x 30), Pythia-160M (768 x 12)"},
        {"300M-700M", 250e6, 800e6, 1024, 24, 16, 8, 2816, 4096, true,
         {"hidden 1024 with 24 layers: aspect ratio 43, between Qwen3-0.6B (1024 x 28) and Qwen2.5-0.5B (896 x 24)",
          "head_dim 64: 16 heads",
          "GQA 2:1 (8 kv heads), as Qwen3-0.6B",
          "SwiGLU width 2816 = 8/3 x 1024 rounded to a multiple of 256",
          "context 4096: covers the p95 of most web and code corpora",
          "tied embeddings, as Qwen2.5-0.5B and Qwen3-0.6B"},
         "Qwen2.5-0.5B (896 x 24), Qwen3-0.6B (1024 x 28), SmolLM2-360M (960 x 32)"},
        {"1B-3B", 0.9e9, 3.5e9, 2048, 24, 16, 4, 5632, 4096, true,
         {"hidden 2048 with 24 layers: aspect ratio 85, between Llama-3.2-1B (2048 x 16) and TinyLlama (2048 x 22)",
          "head_dim 128: 16 heads; FlashAttention's fastest tile size",
          "GQA 4:1 (4 kv heads): TinyLlama uses 8:1, Llama-3.2-1B 4:1",
          "SwiGLU width 5632 = 8/3 x 2048 rounded to a multiple of 256 (TinyLlama's)",
          "context 4096",
          "tied embeddings, as Llama-3.2-1B and Gemma-2-2B"},
         "TinyLlama-1.1B (2048 x 22), Llama-3.2-1B (2048 x 16), OLMo-2-1B (2048 x 16)"},
        {"7B+", 5e9, 20e9, 4096, 32, 32, 8, 11008, 8192, false,
         {"hidden 4096 with 32 layers: aspect ratio 128 (Llama-2-7B, Llama-3-8B, Mistral-7B)",
          "head_dim 128: 32 heads",
          "GQA 4:1 (8 kv heads), as Llama-3-8B and Mistral-7B",
          "SwiGLU width 11008 = 8/3 x 4096 rounded to a multiple of 256 (Llama-2-7B); Llama-3-8B widens to 14336",
          "context 8192 (Llama-3-8B); extend later with rope_scaling",
          "untied head: its share of parameters is small at 7B, and untied heads are usual (Llama, Mistral)"},
         "Llama-2-7B, Llama-3-8B, Mistral-7B (4096 x 32)"},
    };
    return table;
}

const ScaleTemplate& scale_template(const std::string& id) {
    for (const auto& t : scale_templates())
        if (t.id == id) return t;
    throw Error(ErrorCode::invalid_value, "scale", "'" + id + "' is not a scale class (100M, 300M-700M, 1B-3B, 7B+)");
}

}  // namespace ma
