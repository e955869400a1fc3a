#include "candidates.h"

#include <algorithm>

#include "../estimates/engines/engine_profile.h"
#include "../estimates/pipeline_stages.h"
#include "../estimates/throughput.h"
#include "../model/quantity.h"
#include "shape_rules.h"

namespace ma {
namespace {

void check(Candidate& c, ConstraintKind kind, bool met, double value, double limit) {
    c.checks.push_back({kind, met ? CheckStatus::met : CheckStatus::failed, value, limit});
    if (!met) ++c.failed;
}

// Training time at the given MFU, or at what the engine reaches on the arrangement found.
void set_throughput(const DesignRequest& r, Candidate& c) {
    c.mfu = r.planning_mfu();
    c.mfu_source = r.mfu ? "given" : std::string("typical for ") + name_of(r.training.engine) + " (no arrangement fits)";
    if (!c.fit.found) return;
    const Q::NumbersOnly numbers_only;  // the rate and the MFU; the reports write the terms' formulas
    const Throughput tp = training_throughput(c.spec, c.fit.setup);
    c.tokens_per_s_per_gpu = tp.tokens_per_s_per_gpu;
    if (!r.mfu) c.mfu = tp.mfu, c.mfu_source = std::string("predicted for ") + name_of(r.training.engine) + " on " + describe_arrangement(c.fit.setup);
}

// The tokens a candidate wants: the compute budget at its MFU, or the plan it was given, or Chinchilla's 20 per parameter.
double wanted_tokens(const Design& d, const Candidate& c, double mfu) {
    if (c.wanted_tokens > 0) return c.wanted_tokens;
    const DesignRequest& r = d.request;
    const bool time_budget = r.days || r.gpu_hours || r.money;  // a budget in time buys what the candidate's throughput does
    const double budget = time_budget ? d.budget_flops * mfu / r.planning_mfu() : d.budget_flops;
    return budget > 0 ? budget / c.flops_per_token : 20.0 * double(c.count.total);
}

// The arrangement's peak memory per GPU with the routed experts split over ep ranks, under Megatron-LM
// (distributed optimizer, the engine here with expert parallelism), for every ep its layout allows.
std::vector<Candidate::ExpertParallel> expert_parallel_memory(const ArchSpec& spec, const ParamCount& count, const TrainingSetup& base) {
    std::vector<Candidate::ExpertParallel> rows;
    TrainingSetup s = base;
    s.engine = Engine::megatron;
    s.zero_stage = 1;
    s.precision = Precision::mixed;
    if (s.attention != AttentionKernel::fused) s.attention = AttentionKernel::flash;
    if (engine_refusal(engine_profile(Engine::megatron), spec)) return rows;
    for (int64_t ep = 1; ep <= spec.num_local_experts && ep <= 64; ep *= 2) {
        s.ep = ep;
        if (layout_problem(spec, s)) continue;
        const TrainingMemory m = training_memory(spec, count, s);
        const double routed = double(count.by_part[int(Part::routed_experts)]) / double(ep * s.tp * s.pp);
        rows.push_back({ep, m.total_bytes, routed, m.fits});
    }
    return rows;
}

void evaluate(const Design& d, Candidate& c) {
    const DesignRequest& r = d.request;
    c.count = count_parameters(c.spec);
    const int64_t seq = training_seq_len(r, d.context);
    c.flops_per_token = 3.0 * forward_flops_per_token(c.spec, seq, true);

    TrainingSetup t = r.training;
    t.seq_len = seq;
    c.fit = r.arrangement_fixed ? check_arrangement(c.spec, t) : find_fit(c.spec, t, r.gpus, true);
    // The recipe fixes the global batch, hence the micro-steps the throughput runs; its compute is the plan's
    // at the planning MFU (the batch fit moves as C^0.33, so the final tokens do not change it).
    c.run = plan_run(c.spec, c.fit.found ? c.fit.setup : t, wanted_tokens(d, c, r.planning_mfu()), r.run);
    if (c.fit.found) c.fit.setup.grad_accum = c.run.grad_accum;
    set_throughput(r, c);

    c.wanted_tokens = wanted_tokens(d, c, c.mfu);
    c.comparable = c.comparable && c.kind != CandidateKind::published_tokens;
    c.tokens = r.tokens_available ? std::min(c.wanted_tokens, *r.tokens_available) : c.wanted_tokens;
    c.train_flops = c.flops_per_token * c.tokens;
    c.loss = loss_besiroglu(double(c.count.active_per_token), c.tokens);
    if (c.count.sparse()) {
        c.loss_at_total = loss_besiroglu(double(c.count.total), c.tokens);
        c.expert_parallel = expert_parallel_memory(c.spec, c.count, c.fit.found ? c.fit.setup : t);
    }
    const double seconds = c.train_flops / (double(r.gpus) * r.training.gpu.bf16_flops * c.mfu);
    c.train_days = seconds / 86400.0;
    c.gpu_hours = seconds * double(r.gpus) / 3600.0;
    c.cost = c.gpu_hours * r.price_per_gpu_hour;
    set_tokens(c.run, c.tokens, r.run);
    const double step_seconds = c.tokens_per_s_per_gpu > 0 ? c.run.global_batch_tokens / (c.tokens_per_s_per_gpu * double(r.gpus))
                                                           : seconds / double(c.run.steps);
    set_checkpoint_cadence(c.run, step_seconds, checkpoint_sizes(c.spec, t).training);
    InferenceSetup inf;
    inf.gpu = r.training.gpu;
    inf.batch = r.latency_batch;
    inf.prompt = std::min<int64_t>(r.prompt_tokens, d.context);
    inf.context = d.context;
    c.inference = inference_estimate(c.spec, inf);

    check(c, ConstraintKind::training_memory, c.fit.found, 0, 0);
    if (r.days) check(c, ConstraintKind::training_time, c.train_days <= *r.days * 1.0001, c.train_days, *r.days);
    if (r.tokens_available)  // training on every available token is a plan, not a failure
        c.checks.push_back({ConstraintKind::training_data, c.wanted_tokens <= *r.tokens_available * 1.0001 ? CheckStatus::met : CheckStatus::uses_all_data,
                            c.wanted_tokens, *r.tokens_available});
    const double per_sequence = c.inference.decode_tokens_per_s / double(r.latency_batch);
    if (r.min_decode_tokens_per_s)
        check(c, ConstraintKind::decode_speed, per_sequence >= *r.min_decode_tokens_per_s, per_sequence, *r.min_decode_tokens_per_s);
    if (r.max_ttft_ms)
        check(c, ConstraintKind::time_to_first_token, c.inference.time_to_first_token_ms <= *r.max_ttft_ms,
              c.inference.time_to_first_token_ms, *r.max_ttft_ms);
    check(c, ConstraintKind::inference_memory, c.inference.fits, c.inference.total_bytes, r.training.gpu.memory_bytes);
}

// Tokens that give A's training compute (0 = use the budget).
double same_compute_tokens(const Design& d, const ArchSpec& spec) {
    if (d.budget_flops > 0) return 0;
    const int64_t seq = training_seq_len(d.request, spec.max_position_embeddings);
    return d.candidates.front().train_flops / (3.0 * forward_flops_per_token(spec, seq, true));
}

}  // namespace

int64_t training_seq_len(const DesignRequest& r, int64_t context) { return r.training_seq_len_set ? r.training.seq_len : context; }

void add_candidate(Design& d, const Shape& shape, CandidateKind kind, TokenPlan plan) {
    Candidate c;
    c.label = std::string(1, char('A' + d.candidates.size()));
    c.kind = kind;
    c.spec = make_spec(d, shape, d.context);
    c.warnings = check_shape(c.spec, scale_template(d.scale), d.request.vocab_multiple);
    if (plan.tokens_per_param > 0) c.wanted_tokens = plan.tokens_per_param * double(count_parameters(c.spec).total);
    else if (!d.candidates.empty()) c.wanted_tokens = same_compute_tokens(d, c.spec);
    evaluate(d, c);
    d.candidates.push_back(std::move(c));
}

}  // namespace ma
