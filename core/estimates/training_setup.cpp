#include "training_setup.h"

#include "../built_once.h"
#include "../error.h"
#include "../options/bind.h"
#include "engines/engine_profile.h"

namespace ma {

MA_BUILT_ONCE const FieldTable<TrainingSetup>& training_fields() {
    using S = TrainingSetup;
    static const FieldTable<S> table{"training option", "training.", {
        bind<&S::engine>("engine"), bind<&S::micro_batch>("micro_batch"), bind<&S::seq_len>("seq_len"),
        bind<&S::optimizer>("optimizer"), bind<&S::precision>("precision"), bind<&S::grad_dtype>("grad_dtype"),
        bind<&S::recompute>("recompute"), bind<&S::selective_ac>("selective_ac"), bind<&S::ac_every>("ac_every"),
        bind<&S::recompute_method>("recompute_method"), bind<&S::recompute_layers>("recompute_layers"),
        bind<&S::attention>("attention"), bind<&S::transformer_impl>("transformer_impl"), bind<&S::compile>("compile"),
        bind<&S::float8>("float8"), bind<&S::async_tp>("async_tp"), bind<&S::dropout>("dropout"),
        bind<&S::zero_stage>("zero_stage"), bind<&S::dp>("dp"), bind<&S::tp>("tp"), bind<&S::pp>("pp"), bind<&S::cp>("cp"),
        bind<&S::ep>("ep"), bind<&S::vpp>("vpp"), bind<&S::sequence_parallel>("sequence_parallel"),
        bind<&S::grad_accum>("grad_accum"), bind<&S::overhead_gib>("overhead_gib"),
        bind<&S::fragmentation>("fragmentation"), bind<&S::gpu>("gpu"),
    }, {}};
    return table;
}

bool operator==(const TrainingSetup& a, const TrainingSetup& b) { return training_fields().same(a, b); }

TrainingSetup training_setup_from_json(const nlohmann::json& j, const std::string& where) {
    TrainingSetup s = training_fields().read(j, where);
    // An engine-specific option at its default (as to_json() writes it) counts as not given, so a
    // written setup reads back under any engine.
    static const nlohmann::json defaults = training_fields().write(TrainingSetup{});
    std::vector<std::string> given;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!it.value().is_null() && !(engine_specific_option("training." + it.key()) && defaults.value(it.key(), nlohmann::json()) == it.value()))
            given.push_back(it.key());
    apply_engine(s, given, where);
    if (s.sequence_parallel && s.tp == 1)
        throw Error(ErrorCode::invalid_value, where + ".sequence_parallel", "sequence parallelism needs tp > 1");
    if (s.gpus() > (int64_t(1) << 24)) throw Error(ErrorCode::invalid_value, where, "dp x tp x pp x cp is absurdly large");
    return s;
}

nlohmann::json to_json(const TrainingSetup& s) { return training_fields().write(s); }

}  // namespace ma
