#include "design_request.h"

#include <cmath>

#include "../error.h"
#include "../json_fields.h"
#include "scale_templates.h"

namespace ma {

DesignRequest design_request_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    DesignRequest r;
    auto positive = [](const nlohmann::json& v, const std::string& at, double max) { return as_positive(v, at, max); };
    auto count = [](const nlohmann::json& v, const std::string& at, int64_t max) { return as_int_in(v, at, 1, max); };
    bool has_training = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const std::string at = where + "." + k;
        const auto& v = it.value();
        if (k == "scale") { r.scale = as_string(v, at); scale_template(r.scale); }
        else if (k == "params") r.params = positive(v, at, 1e14);
        else if (k == "target_loss") r.target_loss = positive(v, at, 100);
        else if (k == "days") r.days = positive(v, at, 1e5);
        else if (k == "gpu_hours") r.gpu_hours = positive(v, at, 1e10);
        else if (k == "flops") r.flops = positive(v, at, 1e30);
        else if (k == "money") r.money = positive(v, at, 1e12);
        else if (k == "price_per_gpu_hour") r.price_per_gpu_hour = positive(v, at, 1e6);
        else if (k == "tokens_available") r.tokens_available = positive(v, at, 1e16);
        else if (k == "gpus") r.gpus = count(v, at, 1 << 20);
        else if (k == "mfu") {
            r.mfu = positive(v, at, 1);
            if (r.mfu < 0.01) throw Error(ErrorCode::invalid_value, at, "must be at least 0.01");
        }
        else if (k == "min_decode_tokens_per_s") r.min_decode_tokens_per_s = positive(v, at, 1e9);
        else if (k == "max_ttft_ms") r.max_ttft_ms = positive(v, at, 1e9);
        else if (k == "latency_batch") r.latency_batch = count(v, at, 1 << 16);
        else if (k == "prompt_tokens") r.prompt_tokens = count(v, at, 1 << 24);
        else if (k == "context") r.context = count(v, at, 1 << 24);
        else if (k == "vocab_multiple") r.vocab_multiple = count(v, at, 1 << 16);
        else if (k == "vocab_size") r.vocab_size = count(v, at, 1 << 30);
        else if (k == "recipe") {
            r.recipe = recipe_from_json(v, at);
            r.tied_set = v.contains("tied");
        }
        else if (k == "sliding_window") r.sliding_window = count(v, at, 1 << 24);
        else if (k == "num_local_experts") r.num_local_experts = count(v, at, 4096);
        else if (k == "num_experts_per_tok") r.num_experts_per_tok = count(v, at, 4096);
        else if (k == "training") {
            r.training = training_setup_from_json(v, at);
            has_training = true;
            r.training_seq_len_set = v.contains("seq_len");
            for (const char* key : {"dp", "tp", "pp", "zero_stage", "micro_batch", "recompute"})
                if (v.contains(key)) r.arrangement_fixed = true;
            if (r.arrangement_fixed && !v.contains("dp")) r.training.dp = 0;  // filled from gpus by the designer
        }
        else throw Error(ErrorCode::invalid_value, at, "unknown design option '" + k + "'");
    }
    const int targets = (r.scale.empty() ? 0 : 1) + (r.params ? 1 : 0) + (r.target_loss ? 1 : 0);
    if (targets > 1) throw Error(ErrorCode::conflict, where, "give one target: scale, params or target_loss");
    if (r.money && r.price_per_gpu_hour <= 0)
        throw Error(ErrorCode::missing_field, where + ".price_per_gpu_hour", "a money budget needs price_per_gpu_hour");
    if (r.num_experts_per_tok > r.num_local_experts)
        throw Error(ErrorCode::invalid_value, where + ".num_experts_per_tok", "exceeds num_local_experts");
    if (!has_training) r.training.gpu = gpu_catalog()[2];
    if (r.arrangement_fixed) {
        const int64_t model_parallel = r.training.tp * r.training.pp;
        if (r.training.dp == 0) r.training.dp = std::max<int64_t>(1, r.gpus / model_parallel);
        if (r.training.gpus() != r.gpus)
            throw Error(ErrorCode::conflict, where + ".training",
                        "dp x tp x pp (" + std::to_string(r.training.gpus()) + ") does not equal gpus (" + std::to_string(r.gpus) + ")");
    }
    return r;
}

nlohmann::json to_json(const DesignRequest& r) {
    auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    return {{"scale", r.scale}, {"params", opt(r.params)}, {"target_loss", opt(r.target_loss)},
            {"days", opt(r.days)}, {"gpu_hours", opt(r.gpu_hours)}, {"flops", opt(r.flops)}, {"money", opt(r.money)},
            {"price_per_gpu_hour", r.price_per_gpu_hour}, {"tokens_available", opt(r.tokens_available)},
            {"gpus", r.gpus}, {"mfu", r.mfu}, {"min_decode_tokens_per_s", opt(r.min_decode_tokens_per_s)},
            {"max_ttft_ms", opt(r.max_ttft_ms)}, {"latency_batch", r.latency_batch}, {"prompt_tokens", r.prompt_tokens},
            {"context", opt(r.context)}, {"vocab_multiple", r.vocab_multiple}, {"vocab_size", opt(r.vocab_size)},
            {"training", to_json(r.training)}};
}

}  // namespace ma
