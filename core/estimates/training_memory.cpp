#include "training_memory.h"

#include <cmath>

#include "../error.h"
#include "../format.h"
#include "../model/family.h"
#include "activations.h"
#include "model_states.h"

namespace ma {
namespace {

constexpr double GiB = 1024.0 * 1024.0 * 1024.0;

Q times(double n, const Q& q) { return n == 1 ? q : Q::num(n) * q; }

double total(const std::vector<MemoryTerm>& terms) {
    double sum = 0;
    for (const auto& t : terms) sum += t.bytes;
    return sum;
}

// Everything one stage holds.
TrainingMemory stage_memory(const Family& fam, const ArchSpec& spec, const TrainingSetup& setup, const Stage& st,
                            const std::vector<ActivationRow>& rows) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    TrainingMemory m;
    m.params_on_rank = st.params.params;
    m.busiest_stage = st.kind;
    m.states = state_terms(st.params, {setup.precision, setup.grad_dtype, setup.optimizer, setup.zero_stage, double(setup.dp)});
    m.states_bytes = total(m.states);

    // Activations held: layers on the stage x micro-batches in flight (1F1B), or layer inputs under full recomputation.
    const double held = st.layers * st.in_flight;
    if (setup.recompute == Recompute::full) {
        double layer = 0;
        for (const auto& r : rows) layer += r.bytes.value();
        m.activations.push_back(term(TermKind::activations, "layer inputs kept for recomputation", times(held, x.outside(x.e * x.b * x.s * x.h))));
        m.activations.push_back(term(TermKind::activations, "one layer recomputed during backward (A: one layer's activations)",
                                     Q::sym("A", layer)));
    } else {
        for (const auto& r : rows)
            if (!(r.selective_drops && setup.recompute == Recompute::selective))
                m.activations.push_back(term(TermKind::activations, r.name + (st.in_flight > 1 ? " (incl. micro-batches in flight)" : ""),
                                             times(held, r.bytes)));
    }
    if (st.has_embedding)
        m.activations.push_back(term(TermKind::activations, "token ids (embedding backward, int64)", times(st.in_flight, 8 * (x.b * x.s))));
    if (setup.precision == Precision::amp)
        m.activations.push_back(term(TermKind::activations, "autocast bf16 weight copies (cached for forward and backward)",
                                     2 * Q::sym("matrix_params", st.params.matrix)));
    if (st.has_head) {
        m.activations.push_back(term(TermKind::activations, "final norm and lm_head input", final_norm_and_head_input(fam, x)));
        m.logits = term(TermKind::logits, "logits and cross-entropy (peak at the start of backward)", (x.e + 4 + 8) * (x.b * x.s * x.V / x.t));
    } else {
        m.logits = {TermKind::logits, "logits and cross-entropy (on the last pipeline stage)", 0, "0"};
    }
    m.activation_bytes = total(m.activations);
    const double tensors = m.states_bytes + m.activation_bytes + m.logits.bytes;
    const Q overhead = Q::sym(fmt::g(setup.overhead_gib) + " GiB", setup.overhead_gib * GiB) +
                       Q::num(setup.fragmentation) * Q::sym("tensors", tensors);
    m.overhead = term(TermKind::overhead, "runtime overhead", overhead);
    m.total_bytes = tensors + m.overhead.bytes;
    return m;
}

}  // namespace

TrainingMemory training_memory(const ArchSpec& input, const TrainingSetup& setup) {
    const ArchSpec spec = resolve(input);
    return training_memory(spec, count_parameters(spec), setup);
}

TrainingMemory training_memory(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup) {
    if (const auto problem = layout_problem(spec, setup)) throw Error(ErrorCode::invalid_value, problem->where, problem->message);
    const Family& fam = family_for(spec.model_type);
    const auto rows = layer_activation_rows(fam, spec, setup);

    TrainingMemory best;
    for (const Stage& st : pipeline_stages(spec, count, setup)) {
        TrainingMemory m = stage_memory(fam, spec, setup, st, rows);
        if (best.states.empty() || m.total_bytes > best.total_bytes) best = std::move(m);
    }
    best.per_layer = layer_activation_terms(spec, setup);
    best.fits = best.total_bytes <= setup.gpu.memory_bytes;
    best.headroom_bytes = setup.gpu.memory_bytes - best.total_bytes;
    const double e = precision_row(setup.precision, setup.grad_dtype).activation;
    best.assumptions = {
        "activations follow the " + spec.model_type + " modeling code in transformers with " + name_of(setup.attention) +
            " attention and " + name_of(setup.precision) + " precision (activation bytes e = " + fmt::g(e) + ")",
        activation_legend(),
        "tensor parallelism splits attention heads, MLP width and the vocabulary (Megatron layout); norms are replicated" +
            std::string(setup.sequence_parallel ? "; sequence parallelism splits the rest" : ""),
        "pipeline parallelism uses 1F1B: the first stage holds min(pp, grad_accum) micro-batches of activations; the busiest stage is reported",
        "ZeRO stage " + std::to_string(setup.zero_stage) + " over dp = " + std::to_string(setup.dp) + " ranks (" +
            sharding_table().at(size_t(setup.zero_stage)).source + ")",
        "logits are computed for every position and upcast to fp32 for the loss (HF ForCausalLMLoss): at the start of backward "
        "the logits kept by the output (e bytes), the saved fp32 log-softmax (4) and its gradient and the input gradient in fp32 (8)",
        "runtime overhead: " + fmt::g(setup.overhead_gib) + " GiB for the CUDA context, NCCL buffers and workspaces, plus " +
            fmt::percent(setup.fragmentation) + " of the tensors for allocator fragmentation",
    };
    return best;
}

nlohmann::json to_json(const MemoryTerm& t) {
    return {{"name", t.name}, {"bytes", std::llround(t.bytes)}, {"formula", t.formula}};
}

nlohmann::json to_json(const TrainingMemory& m) {
    auto terms = [](const std::vector<MemoryTerm>& v) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& t : v) a.push_back(to_json(t));
        return a;
    };
    return {{"params_on_rank", std::llround(m.params_on_rank)},
            {"busiest_stage", stage_name(m.busiest_stage)},
            {"states", terms(m.states)},
            {"activations", terms(m.activations)},
            {"per_layer_activations", terms(m.per_layer)},
            {"logits", to_json(m.logits)},
            {"overhead", to_json(m.overhead)},
            {"states_bytes", std::llround(m.states_bytes)},
            {"activation_bytes", std::llround(m.activation_bytes)},
            {"total_bytes", std::llround(m.total_bytes)},
            {"fits", m.fits},
            {"headroom_bytes", std::llround(m.headroom_bytes)},
            {"assumptions", m.assumptions}};
}

}  // namespace ma
