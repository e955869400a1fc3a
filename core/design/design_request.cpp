#include "design_request.h"

#include "../built_once.h"
#include "../error.h"
#include "../estimates/engines/engine_profile.h"
#include "../options/bind.h"

namespace ma {

MA_BUILT_ONCE const FieldTable<DesignRequest>& design_fields() {
    using S = DesignRequest;
    static const FieldTable<S> table{"design option", "", {
        bind<&S::scale>("scale"), bind<&S::params>("params"), bind<&S::target_loss>("target_loss"), bind<&S::base_config>("base_config"),
        bind<&S::days>("days"), bind<&S::gpu_hours>("gpu_hours"), bind<&S::flops>("flops"), bind<&S::money>("money"),
        bind<&S::price_per_gpu_hour>("price_per_gpu_hour"), bind<&S::tokens_available>("tokens_available"),
        bind<&S::corpus_bytes>("corpus_bytes"), bind<&S::corpus_documents>("corpus_documents"),
        bind<&S::gpus>("gpus"), bind<&S::mfu>("mfu"), bind<&S::min_decode_tokens_per_s>("min_decode_tokens_per_s"),
        bind<&S::max_ttft_ms>("max_ttft_ms"), bind<&S::latency_batch>("latency_batch"), bind<&S::prompt_tokens>("prompt_tokens"),
        bind<&S::context>("context"), bind<&S::vocab_multiple>("vocab_multiple"), bind<&S::vocab_size>("vocab_size"),
        bind<&S::sliding_window>("sliding_window"), bind<&S::num_local_experts>("num_local_experts"),
        bind<&S::num_experts_per_tok>("num_experts_per_tok"), bind<&S::launch_candidate>("launch_candidate"),
        bind<&S::moe_candidate>("moe_candidate"), bind<&S::moe_intermediate_size>("moe_intermediate_size"),
        bind<&S::shared_experts>("shared_experts"), bind<&S::first_dense_layers>("first_dense_layers"),
    }, {
        {"recipe", [](S& s, const nlohmann::json& v, const std::string& at) {
             s.recipe = recipe_from_json(v, at);
             s.recipe_given = v;
             s.tied_set = v.contains("tied");
         }, [](const S& s) { return to_json(s.recipe); }},
        {"run", [](S& s, const nlohmann::json& v, const std::string& at) { s.run = run_fields().read(v, at); },
         [](const S& s) { return run_fields().write(s.run); }},
        {"training", [](S& s, const nlohmann::json& v, const std::string& at) {
             s.training = training_setup_from_json(v, at);
             s.training_seq_len_set = v.contains("seq_len");
             for (const char* key : {"dp", "tp", "pp", "zero_stage", "micro_batch", "recompute"})
                 if (v.contains(key)) s.arrangement_fixed = true;
             if (s.arrangement_fixed && !v.contains("dp")) s.training.dp = 0;  // filled from gpus below
         }, [](const S& s) { return to_json(s.training); }},
    }};
    return table;
}

double DesignRequest::planning_mfu() const { return mfu.value_or(engine_profile(training.engine).throughput.typical_mfu); }

namespace {

// An option that implies a component: given while the recipe says the opposite is a conflict.
void imply(bool given, bool& component, const nlohmann::json& j, const char* recipe_key, const std::string& option,
           const std::string& where) {
    if (!given) return;
    const auto recipe = j.find("recipe");
    if (recipe != j.end() && recipe->is_object() && recipe->contains(recipe_key) && !component)
        throw Error(ErrorCode::conflict, where + "." + option,
                    option + " is given but recipe." + recipe_key + " is false; drop one of them");
    component = true;
}

}  // namespace

DesignRequest design_request_from_json(const nlohmann::json& j, const std::string& where) {
    DesignRequest r = design_fields().read(j, where);
    const int targets = (r.params ? 1 : 0) + (r.target_loss ? 1 : 0) + (r.base_config ? 1 : 0) + (r.scale && !r.base_config ? 1 : 0);
    if (targets > 1) throw Error(ErrorCode::conflict, where, "give one target: scale, params, target_loss or base_config");
    if (r.money && r.price_per_gpu_hour <= 0)
        throw Error(ErrorCode::missing_field, where + ".price_per_gpu_hour", "a money budget needs price_per_gpu_hour");
    imply(r.sliding_window.has_value(), r.recipe.sliding_window, j, "sliding_window", "sliding_window", where);
    imply(r.num_local_experts.has_value(), r.recipe.moe, j, "moe", "num_local_experts", where);
    if (r.recipe.moe && r.num_experts_per_tok > r.experts())
        throw Error(ErrorCode::invalid_value, where + ".num_experts_per_tok",
                    "num_experts_per_tok (" + std::to_string(r.num_experts_per_tok) + ") exceeds num_local_experts (" +
                        std::to_string(r.experts()) + ")");
    if (r.arrangement_fixed) {
        const int64_t model_parallel = r.training.tp * r.training.pp;
        if (r.training.dp == 0) r.training.dp = std::max<int64_t>(1, r.gpus / model_parallel);
        if (r.training.gpus() != r.gpus)
            throw Error(ErrorCode::conflict, where + ".training",
                        "dp x tp x pp (" + std::to_string(r.training.gpus()) + ") does not equal gpus (" + std::to_string(r.gpus) + ")");
    }
    return r;
}

}  // namespace ma
