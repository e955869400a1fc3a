#include "pipeline_stages.h"

#include <algorithm>
#include <cmath>

namespace ma {

const char* stage_name(StageKind kind) {
    switch (kind) {
        case StageKind::only: return "only";
        case StageKind::first: return "first";
        case StageKind::last: return "last";
    }
    return "";
}

std::optional<LayoutProblem> layout_problem(const ArchSpec& spec, const TrainingSetup& setup) {
    auto indivisible = [&](int64_t value, const char* what) -> std::optional<LayoutProblem> {
        if (value % setup.tp == 0) return std::nullopt;
        return LayoutProblem{"training.tp", std::string(what) + " (" + std::to_string(value) + ") is not divisible by tp (" +
                                                std::to_string(setup.tp) + ")"};
    };
    if (setup.tp > 1) {
        if (auto p = indivisible(spec.num_attention_heads, "num_attention_heads")) return p;
        // KV heads split evenly over tp, or (vLLM, HF tensor parallel) are replicated when tp is a multiple of them.
        const int64_t kv = spec.kv_heads();
        if (kv % setup.tp != 0 && setup.tp % kv != 0)
            return LayoutProblem{"training.tp", "num_key_value_heads (" + std::to_string(kv) + ") does not split over tp (" +
                                                    std::to_string(setup.tp) + "): neither divides the other"};
        if (auto p = indivisible(spec.intermediate_size, "intermediate_size")) return p;
        if (auto p = indivisible(spec.vocab_size, "vocab_size")) return p;
    }
    if (setup.pp > spec.num_hidden_layers)
        return LayoutProblem{"training.pp", "pp (" + std::to_string(setup.pp) + ") exceeds num_hidden_layers (" +
                                                std::to_string(spec.num_hidden_layers) + ")"};
    return std::nullopt;
}

namespace {

// RankParams of one group of tensors (the embedding, one layer, the final norm, the head).
struct TensorGroup {
    RankParams p;
    void add(double params, double factored, double small, bool matrix) {
        p.params += params;
        p.factored += factored;
        p.small += small;
        if (matrix) p.matrix += params;
    }
};

RankParams sum(std::initializer_list<std::pair<double, const RankParams*>> parts) {
    RankParams out;
    for (const auto& [times, r] : parts) {
        out.params += times * r->params;
        out.factored += times * r->factored;
        out.small += times * r->small;
        out.matrix += times * r->matrix;
    }
    return out;
}

// Layers left for the last of pp stages when the others hold ceil(L / pp) each.
double last_stage_layers(double layers, double per_stage, int64_t pp) {
    const double rest = layers - per_stage * double(pp - 1);
    return rest > 0 ? rest : per_stage;
}

}  // namespace

std::vector<Stage> pipeline_stages(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup) {
    const double layers = double(spec.num_hidden_layers), t = double(setup.tp);
    TensorGroup layer, embedding, final_norm, head;
    double small_outside_layers = 0;  // embedding and final norm (8-bit Adam keeps them in 32 bits)
    for (const ParamTensor& pt : count.tensors) {
        if (pt.tied) continue;
        const bool matrix = pt.shape.size() == 2;
        const double per_copy = double(pt.numel()) / (pt.tp == TpSplit::replicated ? 1.0 : t);
        const double copies = pt.in_layer ? double(pt.copies) / layers : 1.0;
        const double params = per_copy * copies;
        const double factored = matrix ? (double(pt.shape[0]) + double(pt.shape[1])) * copies : params;
        const double small = per_copy < 4096 ? params : 0;
        if (pt.in_layer) layer.add(params, factored, small, matrix);
        else if (pt.block == Block::embedding) embedding.add(params, factored, 0, false), small_outside_layers += small;
        else if (pt.block == Block::head) head.add(params, factored, 0, false);
        else final_norm.add(params, factored, 0, false), small_outside_layers += small;
    }
    // A tied head on a separate last pipeline stage needs its own copy of the embedding.
    if (spec.tie_word_embeddings && setup.pp > 1)
        head.add(double(spec.vocab_size) * double(spec.hidden_size) / t, double(spec.vocab_size) + double(spec.hidden_size), 0, false);
    embedding.p.small = small_outside_layers;

    std::vector<Stage> stages;
    if (setup.pp == 1) {
        Stage only{StageKind::only, sum({{1, &embedding.p}, {layers, &layer.p}, {1, &final_norm.p}, {1, &head.p}}), layers, 1, true, true};
        stages.push_back(only);
        return stages;
    }
    const double per_stage = std::ceil(layers / double(setup.pp));
    const double last = last_stage_layers(layers, per_stage, setup.pp);
    stages.push_back({StageKind::first, sum({{1, &embedding.p}, {per_stage, &layer.p}}), per_stage,
                      double(std::min<int64_t>(setup.pp, setup.grad_accum)), true, false});
    stages.push_back({StageKind::last, sum({{last, &layer.p}, {1, &final_norm.p}, {1, &head.p}}), last, 1, false, true});
    return stages;
}

}  // namespace ma
