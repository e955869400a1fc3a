#include "design_text.h"

#include <algorithm>

#include "../format.h"
#include "scale_templates.h"
#include "targets.h"

namespace ma {

using fmt::f;

CheckText check_text(const Design& d, const Candidate& c, const ConstraintCheck& k) {
    const DesignRequest& r = d.request;
    const std::string gpus = std::to_string(r.gpus) + " x " + r.training.gpu.id;
    switch (k.kind) {
        case ConstraintKind::training_memory: {
            const bool invalid = c.fit.status == FitStatus::requested_invalid || c.fit.status == FitStatus::engine_refuses;
            return {"training memory", k.met() ? "fits" : invalid ? "arrangement does not apply" : "does not fit", gpus, describe_fit(c.fit)};
        }
        case ConstraintKind::training_time:
            return {"training time", fmt::days(k.value), f("<= %.1f days", k.limit),
                    k.met() ? "within budget" : "over by " + fmt::percent(k.value / k.limit - 1)};
        case ConstraintKind::training_data:
            if (k.status == CheckStatus::uses_all_data)
                return {"training data", "uses all " + fmt::si(k.limit) + " tokens", fmt::si(k.limit) + " available",
                        "the compute could use " + fmt::si(k.value) + " tokens; this plan trains once over all " + fmt::si(k.limit) +
                            " available tokens (repeat them, or give a larger corpus)"};
            return {"training data", fmt::si(k.value) + " tokens wanted", "<= " + fmt::si(k.limit) + " available", "enough data for the plan"};
        case ConstraintKind::decode_speed:
            return {"decode speed", f("%.0f tokens/s", k.value), f(">= %.0f tokens/s", k.limit),
                    (k.met() ? std::string("met") : "short by " + fmt::percent(1 - k.value / k.limit)) + " (batch " +
                        std::to_string(r.latency_batch) + ", context " + std::to_string(d.context) + ", bf16 on " + r.training.gpu.id + ")"};
        case ConstraintKind::time_to_first_token:
            return {"time to first token", fmt::ms(k.value), f("<= %.0f ms", k.limit),
                    (k.met() ? std::string("met") : "over by " + fmt::percent(k.value / k.limit - 1)) + " (prompt " +
                        std::to_string(std::min<int64_t>(r.prompt_tokens, d.context)) + " tokens)"};
        case ConstraintKind::inference_memory:
            return {"inference memory", fmt::bytes(k.value), "<= " + fmt::bytes(k.limit),
                    "bf16 weights and KV cache at batch " + std::to_string(r.latency_batch)};
    }
    return {};
}

std::string check_mark(const ConstraintCheck& k) {
    return k.met() ? "✓" : "✗";
}

std::string candidate_name(const Design& d, const Candidate& c) {
    switch (c.kind) {
        case CandidateKind::class_default: return "class default (Chinchilla tokens)";
        case CandidateKind::compute_optimal: return "compute-optimal for the budget";
        case CandidateKind::largest_in_class: return "largest in " + d.scale + " that the budget trains";
        case CandidateKind::smallest_in_class: return "smallest in " + d.scale;
        case CandidateKind::requested_size: return "the requested size";
        case CandidateKind::loss_target: return "sized for the target loss";
        case CandidateKind::from_config: return "the given config, unchanged";
        case CandidateKind::smaller_over_trained: return "smaller, over-trained (same compute)";
        case CandidateKind::deeper: return "deeper and narrower";
        case CandidateKind::larger_gqa_group: return "larger GQA group";
        case CandidateKind::published_tokens: return "over-trained as current " + d.scale + " models";
        case CandidateKind::mixture_of_experts: return "mixture of experts at A's active compute";
    }
    return "";
}

std::string candidate_why(const Design& d, const Candidate& c) {
    const double ratio = c.tokens / double(c.count.total);
    switch (c.kind) {
        case CandidateKind::class_default:
            return "the " + d.scale + " class's shape trained on the Chinchilla-optimal ~20 tokens per parameter (Hoffmann et al. 2022)";
        case CandidateKind::compute_optimal:
            return "the size whose training on the budget is compute-optimal: ~20 tokens per parameter (Hoffmann et al. 2022)";
        case CandidateKind::largest_in_class:
            return "the budget's compute-optimal size (" + fmt::si(d.optimal_params) + ") is above the " + d.scale +
                   " class, so this is the largest shape in the class, trained on the whole budget (" + f("%.0f", ratio) + " tokens per parameter)";
        case CandidateKind::smallest_in_class:
            return "the budget's compute-optimal size (" + fmt::si(d.optimal_params) + ") is below the " + d.scale +
                   " class, so this is its smallest shape, on fewer tokens than compute-optimal (" + f("%.0f", ratio) + " per parameter)";
        case CandidateKind::requested_size: return "the parameter count asked for, trained on " + f("%.0f", ratio) + " tokens per parameter";
        case CandidateKind::loss_target: return "the size whose compute-optimal loss is the target, on " + f("%.0f", ratio) + " tokens per parameter";
        case CandidateKind::from_config:
            return "every architecture field of the given config.json as it is (rope_theta and norm eps included); the vocabulary and special ids are the tokenizer's";
        case CandidateKind::smaller_over_trained:
            return "fewer parameters trained on more tokens for the same compute: faster and cheaper to serve, slightly higher loss";
        case CandidateKind::deeper:
            return "the same parameters in more, narrower layers, as deep as the deepest published models of the class: often slightly better quality at small scale (MobileLLM), slower per token";
        case CandidateKind::larger_gqa_group:
            return "half the key/value heads: half the KV cache and faster long-context decode, a small quality cost (Ainslie et al. 2023)";
        case CandidateKind::mixture_of_experts:
            return "A's attention with " + std::to_string(c.spec.num_local_experts) + " fine-grained routed experts (" +
                   std::to_string(c.spec.num_experts_per_tok) + " per token, each an eighth of A's MLP width, as OLMoE and Qwen3-MoE): " +
                   fmt::si(double(c.count.active_per_token)) + " active of " + fmt::si(double(c.count.total)) +
                   " total parameters, the same compute per token as A for " + f("%.1f", double(c.count.total) / double(c.count.active_per_token)) +
                   "x the memory; its estimated loss is shown at the active parameters (" + f("%.3f", c.loss) + ", no credit for the experts) and at the total (" +
                   f("%.3f", c.loss_at_total) + "): MoE scaling studies place a routed model between the two (docs/design.md)";
        case CandidateKind::published_tokens:
            return "A's shape on " + f("%.0f", ratio) + " tokens per parameter, the median of the class's published models (docs/design.md): " +
                   f("%.0f", c.train_flops / std::max(1.0, d.candidates.front().train_flops)) + "x A's compute, for a lower loss and the same serving cost";
    }
    return "";
}

std::string note_text(const DesignNote& n) {
    switch (n.kind) {
        case NoteKind::default_tokens: {
            std::string models;
            for (const auto& m : scale_template(n.text).published)
                if (m.training_tokens > 0)
                    models += (models.empty() ? "" : ", ") + m.name + " " + fmt::si(m.training_tokens) + " tokens (" +
                              f("%.0f", m.training_tokens / m.params) + " per parameter)";
            return "No compute budget was given: A trains on the Chinchilla-optimal 20 tokens per parameter (Hoffmann et al. 2022), the "
                   "cheapest plan for its loss. Published " + n.text + " models train on far more (median " + f("%.0f", n.value) +
                   " tokens per parameter: " + models + ") because a smaller, longer-trained model is cheaper to serve; "
                   "the last candidate shows that plan.";
        }
        case NoteKind::budget_beyond_class:
            return "The budget's compute-optimal size is " + fmt::si(n.value) + " parameters (C = 6ND, D = 20N), above the class's " +
                   fmt::si(n.limit) + ": the design stays in the class as asked and over-trains its largest shape. For the compute-optimal "
                   "model, design the " + n.text + " class (--scale " + n.text + ").";
        case NoteKind::budget_below_class:
            return "The budget's compute-optimal size is " + fmt::si(n.value) + " parameters, below the " + n.text + " class's " + fmt::si(n.limit) +
                   ": the class's smallest shape trains on fewer tokens than is compute-optimal.";
        case NoteKind::tokens_unit:
            return "tokens_available is " + fmt::si(n.value) + ", less than one token per parameter of the smallest " + n.text +
                   " model (" + fmt::si(n.limit) + "): check the unit (the value is a count of tokens; 2000B is 2e12). "
                   "The loss estimates below assume that count.";
        case NoteKind::engine_untied:
            return n.text + " has no tied embeddings for this family: the design unties the head (tie_word_embeddings false); "
                   "set --engine hf or another family to keep them tied.";
        case NoteKind::no_moe_family:
            return "No mixture-of-experts candidate: no HF family that " + n.text + " trains builds these components with routed experts "
                   "(docs/architectures.md lists the MoE families: mixtral, olmoe, qwen2_moe, qwen3_moe, deepseek_v3).";
        case NoteKind::corpus_tokens:
            return "Training tokens available: " + fmt::si(n.value) + ", from the tokenized corpus sample (" + n.text +
                   "); give tokens_available to override it.";
        case NoteKind::data_limited:
            return "The recommended plan is data-limited: it trains on all " + fmt::si(n.value) + " available tokens, where its compute could use " +
                   fmt::si(n.limit) + "; the time and cost below are for the available tokens.";
    }
    return "";
}

std::string rationale(const Design& d) {
    const DesignRequest& r = d.request;
    const Candidate& rec = recommended(d);
    double lowest = 1e300;
    for (const Candidate& c : d.candidates)
        if (c.comparable && c.failed == rec.failed) lowest = std::min(lowest, c.loss);
    std::string why = rec.label + " (" + candidate_name(d, rec) + ", " + fmt::si(double(rec.count.total)) + " parameters) is recommended: ";
    why += rec.failed == 0 ? "it meets every constraint" : "it fails the fewest constraints (" + std::to_string(rec.failed) + ")";
    why += rec.loss <= lowest + 1e-12 ? " and its estimated loss " + f("%.3f", rec.loss) + " is the lowest among the candidates that do as well"
                                      : " and its estimated loss " + f("%.3f", rec.loss) + " is within " + f("%.2f", kLossResolution) +
                                            " of the lowest (" + f("%.3f", lowest) + "), below what the loss law resolves, so the simpler design is preferred";
    for (const Candidate& c : d.candidates) {
        if (&c == &rec) continue;
        why += "; " + c.label + ": loss " + f("%.3f", c.loss);
        if (!c.comparable) why += " at " + f("%.0f", c.train_flops / rec.train_flops) + "x the compute (not compared)";
        for (const auto& k : c.checks)
            if (!k.met()) {
                const CheckText t = check_text(d, c, k);
                // An arrangement that does not apply fails for its reason, not for memory.
                const bool invalid = k.kind == ConstraintKind::training_memory && (c.fit.status == FitStatus::requested_invalid || c.fit.status == FitStatus::engine_refuses);
                why += ", fails " + t.name + " (" + (invalid ? t.detail : t.value + ", limit " + t.limit) + ")";
            }
    }
    why += ". Training: " + fmt::si(rec.tokens) + " tokens (" + f("%.0f", rec.tokens / double(rec.count.total)) + " per parameter), " +
           f("%.3g", rec.train_flops) + " FLOPs, " + fmt::days(rec.train_days) + " on " + std::to_string(r.gpus) + " x " +
           r.training.gpu.id + " with " + name_of(r.training.engine) + " at MFU " + f("%.2f", rec.mfu) + "; decode " +
           f("%.0f", rec.inference.decode_tokens_per_s / double(r.latency_batch)) + " tokens/s per sequence.";
    return why;
}

}  // namespace ma
