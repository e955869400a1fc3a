#include "training_setup.h"

#include <cmath>

#include "../error.h"
#include "../json_fields.h"

namespace ma {

TrainingSetup training_setup_from_json(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
    TrainingSetup s;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const std::string at = where + "." + k;
        const auto& v = it.value();
        if (k == "micro_batch") s.micro_batch = as_int_in(v, at, 1, 1 << 20);
        else if (k == "seq_len") s.seq_len = as_int_in(v, at, 1, int64_t(1) << 24);
        else if (k == "optimizer") { s.optimizer = as_string(v, at); require_one_of(s.optimizer, {"adamw", "adam8bit", "adafactor", "sgd", "lion"}, at); }
        else if (k == "precision") { s.precision = as_string(v, at); require_one_of(s.precision, {"fp32", "mixed", "amp", "bf16"}, at); }
        else if (k == "grad_dtype") { s.grad_dtype = as_string(v, at); require_one_of(s.grad_dtype, {"bf16", "fp32"}, at); }
        else if (k == "recompute") { s.recompute = as_string(v, at); require_one_of(s.recompute, {"none", "selective", "full"}, at); }
        else if (k == "attention") { s.attention = as_string(v, at); require_one_of(s.attention, {"eager", "fused", "flash"}, at); }
        else if (k == "dropout") s.dropout = as_fraction(v, at, 0.99);
        else if (k == "zero_stage") {
            const int64_t z = as_int(v, at);
            if (z < 0 || z > 3) throw Error(ErrorCode::invalid_value, at, "must be 0, 1, 2 or 3, got " + std::to_string(z));
            s.zero_stage = static_cast<int>(z);
        }
        else if (k == "dp") s.dp = as_int_in(v, at, 1, 1 << 20);
        else if (k == "tp") s.tp = as_int_in(v, at, 1, 1024);
        else if (k == "pp") s.pp = as_int_in(v, at, 1, 4096);
        else if (k == "sequence_parallel") s.sequence_parallel = as_bool(v, at);
        else if (k == "grad_accum") s.grad_accum = as_int_in(v, at, 1, 1 << 20);
        else if (k == "overhead_gib") s.overhead_gib = as_fraction(v, at, 1024);
        else if (k == "fragmentation") s.fragmentation = as_fraction(v, at, 1);
        else if (k == "gpu") s.gpu = gpu_from_json(v, at);
        else throw Error(ErrorCode::invalid_value, at, "unknown training option '" + k + "'");
    }
    if (s.sequence_parallel && s.tp == 1)
        throw Error(ErrorCode::invalid_value, where + ".sequence_parallel", "sequence parallelism needs tp > 1");
    if (s.gpus() > (int64_t(1) << 24)) throw Error(ErrorCode::invalid_value, where, "dp x tp x pp is absurdly large");
    return s;
}

nlohmann::json to_json(const TrainingSetup& s) {
    return {{"micro_batch", s.micro_batch}, {"seq_len", s.seq_len}, {"optimizer", s.optimizer},
            {"precision", s.precision}, {"grad_dtype", s.grad_dtype}, {"recompute", s.recompute},
            {"attention", s.attention}, {"dropout", s.dropout}, {"zero_stage", s.zero_stage},
            {"dp", s.dp}, {"tp", s.tp}, {"pp", s.pp}, {"sequence_parallel", s.sequence_parallel},
            {"grad_accum", s.grad_accum}, {"overhead_gib", s.overhead_gib},
            {"fragmentation", s.fragmentation}, {"gpu", s.gpu.id}};
}

PrecisionBytes precision_bytes(const TrainingSetup& s) {
    if (s.precision == "fp32") return {4, 4, 0, 4, 4};
    if (s.precision == "amp") return {4, 4, 0, 4, 2};
    if (s.precision == "bf16") return {2, 2, 0, 2, 2};
    return {2, s.grad_dtype == "fp32" ? 4.0 : 2.0, 4, 4, 2};  // mixed
}

}  // namespace ma
