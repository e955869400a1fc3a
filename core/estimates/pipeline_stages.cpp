#include "pipeline_stages.h"

#include <algorithm>
#include <cmath>

#include "engines/engine_profile.h"

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
    const EngineProfile& engine = engine_profile(setup.engine);
    if (setup.tp > engine.max_tp) return LayoutProblem{"training.tp", "tp " + std::to_string(setup.tp) + ": " + engine.parallel_limit};
    if (setup.pp > engine.max_pp) return LayoutProblem{"training.pp", "pp " + std::to_string(setup.pp) + ": " + engine.parallel_limit};
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
    if (setup.vpp > 1 && setup.pp * setup.vpp > spec.num_hidden_layers)
        return LayoutProblem{"training.vpp", "pp x vpp (" + std::to_string(setup.pp * setup.vpp) + ") exceeds num_hidden_layers (" +
                                                 std::to_string(spec.num_hidden_layers) + ")"};
    if (setup.vpp > 1 && setup.pp == 1) return LayoutProblem{"training.vpp", "virtual pipeline stages need pp > 1"};
    // Ring attention with causal load balancing splits each sequence into 2 x cp chunks.
    if (setup.cp > 1 && setup.seq_len % (2 * setup.cp) != 0)
        return LayoutProblem{"training.cp", "seq_len (" + std::to_string(setup.seq_len) + ") is not divisible by 2 x cp (" +
                                                std::to_string(2 * setup.cp) + ")"};
    if (setup.ep > 1) {
        if (spec.num_local_experts == 0) return LayoutProblem{"training.ep", "expert parallelism needs a mixture-of-experts model"};
        if (spec.num_local_experts % setup.ep != 0)
            return LayoutProblem{"training.ep", "num_local_experts (" + std::to_string(spec.num_local_experts) + ") is not divisible by ep (" +
                                                    std::to_string(setup.ep) + ")"};
        if ((setup.dp * setup.cp * setup.tp) % setup.ep != 0)
            return LayoutProblem{"training.ep", "ep (" + std::to_string(setup.ep) + ") does not divide dp x cp x tp (" +
                                                    std::to_string(setup.dp * setup.cp * setup.tp) + ")"};
    }
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

double first_stage_in_flight(const TrainingSetup& s) {
    const double microbatches = double(s.grad_accum), pp = double(s.pp), v = double(s.vpp);
    if (s.vpp <= 1) return std::min(pp, microbatches);
    // Interleaved 1F1B (Narayanan et al. 2021 §2.2; Megatron's theoretical_memory_usage.py): the first rank
    // holds (1 + (p - 1) / (p v)) times the p micro-batches of plain 1F1B.
    return std::min(microbatches, pp * (1 + (pp - 1) / (pp * v)));
}

std::vector<Stage> pipeline_stages(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup) {
    const double layers = double(spec.num_hidden_layers), t = double(setup.tp);
    TensorGroup layer, embedding, final_norm, head;
    double small_outside_layers = 0;  // embedding and final norm (8-bit Adam keeps them in 32 bits)
    for (const ParamTensor& pt : count.tensors) {
        if (pt.tied) continue;
        const bool matrix = pt.shape.size() == 2;
        const double ep = pt.routed_expert ? double(setup.ep) : 1.0;
        const double per_copy = double(pt.numel()) / (pt.tp == TpSplit::replicated ? 1.0 : t) / ep;
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
        Stage only{StageKind::only, sum({{1, &embedding.p}, {layers, &layer.p}, {1, &final_norm.p}, {1, &head.p}}), layer.p,
                   sum({{1, &embedding.p}, {1, &final_norm.p}, {1, &head.p}}), layers, 1, true, true};
        stages.push_back(only);
        return stages;
    }
    const double per_stage = std::ceil(layers / double(setup.pp));
    const double last = last_stage_layers(layers, per_stage, setup.pp);
    stages.push_back({StageKind::first, sum({{1, &embedding.p}, {per_stage, &layer.p}}), layer.p, embedding.p, per_stage,
                      first_stage_in_flight(setup), true, false});
    stages.push_back({StageKind::last, sum({{last, &layer.p}, {1, &final_norm.p}, {1, &head.p}}), layer.p,
                      sum({{1, &final_norm.p}, {1, &head.p}}), last, 1, false, true});
    return stages;
}

}  // namespace ma
