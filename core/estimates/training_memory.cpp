#include "training_memory.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "../error.h"
#include "../format.h"
#include "../json_writer.h"
#include "../model/family.h"
#include "activations.h"
#include "engines/engine_buffers.h"
#include "engines/engine_layers.h"
#include "engines/engine_profile.h"
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

void add_rows(std::vector<MemoryTerm>& out, const std::vector<ActivationRow>& rows, double count, const std::string& suffix) {
    if (count <= 0) return;
    for (const ActivationRow& r : rows) out.push_back(term(TermKind::activations, Q::text_of([&] { return r.name + suffix; }), times(count, r.bytes)));
}

// How many of a stage's layers are checkpointed, and how many layers one recomputation forms.
struct Checkpointing {
    double checkpointed = 0;  // layers (or chunks) that keep only their input
    double plain = 0;         // layers that keep every row
    double selective = 0;     // layers that keep the selective rows
    double unit = 1;          // layers recomputed together in backward
};

Checkpointing checkpointing(const TrainingSetup& s, double layers) {
    Checkpointing c;
    switch (s.recompute) {
        case Recompute::none: c.plain = layers; c.unit = 0; break;
        case Recompute::selective:
            if (s.engine == Engine::torchtitan && s.selective_ac == SelectiveAc::layer) {
                // parallelize_llama.py: a block is checkpointed when its 1-based count is a multiple of ac_freq.
                c.checkpointed = std::floor(layers / double(s.ac_every));
                c.plain = layers - c.checkpointed;
            } else {
                c.selective = layers;
            }
            break;
        case Recompute::full:
            if (s.engine == Engine::megatron && s.recompute_method == RecomputeMethod::block) {
                c.checkpointed = std::min(layers, double(s.recompute_layers));
                c.plain = layers - c.checkpointed;
            } else if (s.engine == Engine::megatron) {
                c.checkpointed = std::ceil(layers / double(s.recompute_layers));  // one input per chunk of N layers
                c.unit = double(s.recompute_layers);
            } else {
                c.checkpointed = layers;
            }
            break;
    }
    return c;
}

// The layer recomputed in backward (and its gradients) beside what the stage holds.
MemoryPhase layer_phase(const LayerModel& m, const TrainingSetup& s, const Checkpointing& c, const EngineBuffers& b) {
    MemoryPhase p{"a layer's backward", {}, 0};
    const double all = sum_bytes(m.rows) - m.recompute_unmaterialised;
    double recomputed = 0;
    std::string what;
    if (s.recompute == Recompute::selective && c.selective > 0) {
        recomputed = std::max(0.0, all - sum_bytes(m.selective_rows));
        what = "what selective recomputation forms again in the layer's backward";
    } else if (c.checkpointed > 0) {
        recomputed = c.unit * all;
        what = Q::text_of([&] { return c.unit > 1 ? "the " + fmt::g(c.unit) + " layers of a chunk recomputed in backward" : "one layer recomputed in backward"; });
    }
    recomputed *= m.recompute_scale;
    if (recomputed > 0)
        p.terms.push_back(term(TermKind::activations, Q::text_of([&] { return what + (m.recompute_scale < 1 ? " (torch.compile: " + fmt::g(m.recompute_scale) + " of it)" : ""); }),
                               Q::sym("R", recomputed)));
    p.terms.push_back(term(TermKind::activations, m.backward_working_set.name, m.backward_working_set.bytes));
    p.terms.insert(p.terms.end(), b.layer.begin(), b.layer.end());
    p.bytes = total(p.terms);
    return p;
}

std::vector<MemoryTerm> stage_states(const Stage& st, const TrainingSetup& s) {
    if (s.engine == Engine::torchtitan) return fsdp2_state_terms(st.params, s.optimizer, state_shards(s));
    return state_terms(st.params, {s.precision, s.grad_dtype, s.optimizer, s.zero_stage, state_shards(s)});
}

// Everything one stage holds at its peak.
TrainingMemory stage_memory(const Family& fam, const ArchSpec& spec, const TrainingSetup& s, const Stage& st, const LayerModel& lm) {
    const ActivationSymbols x = activation_symbols(spec, s);
    const EngineProfile& engine = engine_profile(s.engine);
    TrainingMemory m;
    m.engine = s.engine;
    m.params_on_rank = st.params.params;
    m.busiest_stage = st.kind;
    m.states = stage_states(st, s);
    m.states_bytes = total(m.states);
    const EngineBuffers buffers = engine_buffers(st, s);
    m.buffers = buffers.held;

    // Activations held: layers on the stage x micro-batches in flight (1F1B), by what the recomputation keeps.
    const Checkpointing c = checkpointing(s, st.layers);
    const double f = st.in_flight;
    const std::string flight = Q::text_of([&] { return f > 1 ? " (x " + fmt::g(f) + " micro-batches in flight)" : ""; });
    m.activations.reserve(lm.rows.size() + lm.selective_rows.size() + 4);  // the rows and the four terms below: no regrowth
    if (c.checkpointed > 0)
        m.activations.push_back(term(TermKind::activations, Q::text_of([&] { return lm.checkpoint_input.name + flight; }), times(c.checkpointed * f, lm.checkpoint_input.bytes)));
    add_rows(m.activations, lm.rows, c.plain * f, Q::text_of([&] { return c.checkpointed > 0 ? " (layers not checkpointed)" + flight : flight; }));
    add_rows(m.activations, lm.selective_rows, c.selective * f, flight);
    if (st.has_embedding)
        m.activations.push_back(term(TermKind::activations, "token ids (embedding backward, int64)", times(f, 8 * x.tokens())));
    if (s.precision == Precision::amp)
        m.activations.push_back(term(TermKind::activations, "autocast bf16 weight copies (cached for forward and backward)",
                                     2 * Q::sym("matrix_params", st.params.matrix)));
    if (st.has_head) {
        const ActivationRow head = head_inputs(fam, spec, s);
        m.activations.push_back(term(TermKind::activations, head.name, head.bytes));
    }
    m.activation_bytes = total(m.activations);

    if (st.has_head) {
        const ActivationRow loss = loss_working_set(fam, spec, s);
        MemoryPhase p{"the loss and its backward", {term(TermKind::logits, loss.name, loss.bytes)}, 0};
        p.terms.insert(p.terms.end(), buffers.loss.begin(), buffers.loss.end());
        p.bytes = total(p.terms);
        m.phases.push_back(std::move(p));
    }
    m.phases.push_back(layer_phase(lm, s, c, buffers));
    const double held = m.states_bytes + total(m.buffers) + m.activation_bytes;
    double peak = 0;
    for (size_t i = 0; i < m.phases.size(); ++i)
        if (held + m.phases[i].bytes > peak) peak = held + m.phases[i].bytes, m.peak = i;
    if (!buffers.optimizer.empty()) {  // the step runs after backward: the activations are gone
        MemoryPhase p{"the optimizer step (activations freed)", buffers.optimizer, total(buffers.optimizer)};
        const double at_step = m.states_bytes + total(m.buffers) + p.bytes;
        m.phases.push_back(std::move(p));
        if (at_step > peak) peak = at_step, m.peak = m.phases.size() - 1;
    }
    m.allocated_bytes = peak;

    const double fragmentation = s.fragmentation.value_or(s.compile ? engine.fragmentation_compiled : engine.fragmentation);
    m.allocator = term(TermKind::allocator, "allocator reserve (fragmentation)", Q::num(fragmentation) * Q::sym("allocated", m.allocated_bytes));
    m.reserved_bytes = m.allocated_bytes + m.allocator.bytes;
    const double context = s.overhead_gib.value_or(engine.context_gib);
    m.overhead = term(TermKind::overhead, "CUDA context, NCCL and workspaces (outside the allocator)", Q::sym(Q::text_of([&] { return fmt::g(context) + " GiB"; }), context * GiB));
    m.total_bytes = m.reserved_bytes + m.overhead.bytes;
    return m;
}

std::vector<std::string> assumptions(const ArchSpec& spec, const TrainingSetup& s, const TrainingMemory& m) {
    const EngineProfile& e = engine_profile(s.engine);
    const double act = precision_row(s.precision, s.grad_dtype).activation;
    std::vector<std::string> a = {
        std::string("engine ") + e.name + ": " + e.summary + " (" + e.repository + ")",
        "activations follow the " + spec.model_type + " model code of " + e.name + " with " + name_of(s.attention) + " attention and " +
            name_of(s.precision) + " precision (activation bytes e = " + fmt::g(act) + "), recompute " + name_of(s.recompute) + ": " +
            e.recompute_meaning,
        activation_legend(),
        "tensor parallelism splits attention heads, MLP width and the vocabulary (Megatron layout); norms are replicated" +
            std::string(s.sequence_parallel ? "; sequence parallelism splits the rest" : ""),
        "pipeline parallelism: the first stage holds " + fmt::g(first_stage_in_flight(s)) +
            (first_stage_in_flight(s) == 1 ? " micro-batch" : " micro-batches") + " of activations (1F1B" +
            std::string(s.vpp > 1 ? ", interleaved" : "") + "); the busiest stage is reported",
        "sharding: " + std::string(e.zero_meaning) + "; stage " + std::to_string(s.zero_stage) + " over " + fmt::g(state_shards(s)) + " ranks",
        "peak = model states + engine buffers + activations held + the largest transient phase (here " + m.peak_phase().name + ")",
        "reserved = allocated x (1 + fragmentation); the CUDA context and NCCL are outside the allocator; " + std::string(e.overhead_source),
    };
    return a;
}

}  // namespace

TrainingMemory training_memory(const ArchSpec& input, const TrainingSetup& setup) {
    const ArchSpec spec = resolve(input);
    return training_memory(spec, count_parameters(spec), setup);
}

TrainingMemory training_memory(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& setup) {
    if (const auto refusal = engine_refusal(engine_profile(setup.engine), spec)) throw Error(ErrorCode::unsupported, "training.engine", *refusal);
    if (const auto problem = layout_problem(spec, setup)) throw Error(ErrorCode::invalid_value, problem->where, problem->message);
    const Family& fam = family_for(spec.model_type);
    const LayerModel lm = layer_model(fam, spec, setup);

    TrainingMemory best;
    bool first = true;
    for (const Stage& st : pipeline_stages(spec, count, setup)) {
        TrainingMemory m = stage_memory(fam, spec, setup, st, lm);
        if (first || m.total_bytes > best.total_bytes) best = std::move(m);
        first = false;
    }
    best.fits = best.total_bytes <= setup.gpu.memory_bytes;
    best.headroom_bytes = setup.gpu.memory_bytes - best.total_bytes;
    if (Q::building_text()) {  // what only the reports show; a numbers-only search skips it
        best.per_layer = layer_activation_terms(spec, setup);
        best.assumptions = assumptions(spec, setup, best);
    }
    return best;
}

std::vector<MemoryTerm> listed_terms(const TrainingMemory& m) {
    std::vector<MemoryTerm> out = m.states;
    out.insert(out.end(), m.buffers.begin(), m.buffers.end());
    out.insert(out.end(), m.activations.begin(), m.activations.end());
    for (MemoryTerm t : m.peak_phase().terms) {
        t.name = "at the peak: " + t.name;
        out.push_back(std::move(t));
    }
    out.push_back(m.allocator);
    out.push_back(m.overhead);
    return out;
}

std::string total_label(const TrainingMemory& m) {
    return std::string("total (") + stage_name(m.busiest_stage) + " stage; peak: " + m.peak_phase().name + ")";
}

JsonObjectText term_json(const MemoryTerm& t) {
    JsonObjectText o;
    o.add("name", t.name).add("bytes", std::llround(t.bytes)).add("formula", t.formula);
    return o;
}

JsonObjectText memory_json(const TrainingMemory& m) {
    auto terms = [](const std::vector<MemoryTerm>& v) {
        JsonArrayText a;
        for (const auto& t : v) a.push(term_json(t));
        return a;
    };
    JsonArrayText phases;
    for (const MemoryPhase& p : m.phases) phases.push(JsonObjectText().add("name", p.name).add("terms", terms(p.terms)).add("bytes", std::llround(p.bytes)));
    JsonArrayText assumptions;
    for (const auto& a : m.assumptions) assumptions.push(a);
    JsonObjectText out;
    out.add("engine", name_of(m.engine)).add("params_on_rank", std::llround(m.params_on_rank)).add("busiest_stage", stage_name(m.busiest_stage))
        .add("states", terms(m.states)).add("buffers", terms(m.buffers)).add("activations", terms(m.activations))
        .add("per_layer_activations", terms(m.per_layer)).add("phases", phases).add("peak_phase", m.peak_phase().name)
        .add("allocator", term_json(m.allocator)).add("overhead", term_json(m.overhead)).add("states_bytes", std::llround(m.states_bytes))
        .add("activation_bytes", std::llround(m.activation_bytes)).add("allocated_bytes", std::llround(m.allocated_bytes))
        .add("reserved_bytes", std::llround(m.reserved_bytes)).add("total_bytes", std::llround(m.total_bytes)).add("fits", m.fits)
        .add("headroom_bytes", std::llround(m.headroom_bytes)).add("assumptions", assumptions);
    return out;
}

// The tree for the memory report (written on demand, and read by key).
nlohmann::json to_json(const TrainingMemory& m) { return nlohmann::json::parse(memory_json(m).text()); }

}  // namespace ma
