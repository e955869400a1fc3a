#include "training_setup.h"

#include "../error.h"
#include "../options/bind.h"

namespace ma {

const FieldTable<TrainingSetup>& training_fields() {
    using S = TrainingSetup;
    static const FieldTable<S> table{"training option", "training.", {
        bind<&S::micro_batch>("micro_batch"), bind<&S::seq_len>("seq_len"), bind<&S::optimizer>("optimizer"),
        bind<&S::precision>("precision"), bind<&S::grad_dtype>("grad_dtype"), bind<&S::recompute>("recompute"),
        bind<&S::attention>("attention"), bind<&S::dropout>("dropout"), bind<&S::zero_stage>("zero_stage"),
        bind<&S::dp>("dp"), bind<&S::tp>("tp"), bind<&S::pp>("pp"), bind<&S::sequence_parallel>("sequence_parallel"),
        bind<&S::grad_accum>("grad_accum"), bind<&S::overhead_gib>("overhead_gib"),
        bind<&S::fragmentation>("fragmentation"), bind<&S::gpu>("gpu"),
    }, {}};
    return table;
}

TrainingSetup training_setup_from_json(const nlohmann::json& j, const std::string& where) {
    TrainingSetup s = training_fields().read(j, where);
    if (s.sequence_parallel && s.tp == 1)
        throw Error(ErrorCode::invalid_value, where + ".sequence_parallel", "sequence parallelism needs tp > 1");
    if (s.gpus() > (int64_t(1) << 24)) throw Error(ErrorCode::invalid_value, where, "dp x tp x pp is absurdly large");
    return s;
}

nlohmann::json to_json(const TrainingSetup& s) { return training_fields().write(s); }

}  // namespace ma
