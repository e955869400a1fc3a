#include <catch2/catch.hpp>

#include "estimates/training_setup.h"

TEST_CASE("bad training options name the option and value", "[memory][errors]") {
    auto bad = [](const char* json, const char* fragment) {
        CHECK_THROWS_WITH(ma::training_setup_from_json(nlohmann::json::parse(json)), Catch::Contains(fragment));
    };
    bad(R"({"micro_batch": 0})", "training.micro_batch: must be between 1");
    bad(R"({"optimizer": "adam"})", "'adam' is not one of adamw, adam8bit");
    bad(R"({"zero_stage": 4})", "training.zero_stage: must be between 0 and 3, got 4");
    bad(R"({"gpu": "TPUv5"})", "'TPUv5' is not in the GPU catalog");
    bad(R"({"gpu": {"id": "x", "memory_gib": -1, "bf16_tflops": 1, "bandwidth_gbs": 1}})", "memory_gib: must be a positive number");
    bad(R"({"sequence_parallel": true})", "sequence parallelism needs tp > 1");
    bad(R"({"batch": 2})", "unknown training option 'batch'");
    bad(R"({"seq_len": "long"})", "training.seq_len: expected an integer");
}

namespace {

// A value the option accepts that differs from `current` (the field as write() gives it).
nlohmann::json another_value(const ma::OptionInfo& o, const nlohmann::json& current) {
    switch (o.type) {
        case ma::OptionType::integer: {
            const double v = current.get<double>();
            return int64_t(v + 1 <= o.max ? v + 1 : v - 1);
        }
        case ma::OptionType::positive:
        case ma::OptionType::fraction:
            if (current.is_null()) return o.max / 2;
            return current.get<double>() == 0 ? o.max / 2 : current.get<double>() / 2;
        case ma::OptionType::flag: return !current.get<bool>();
        case ma::OptionType::choice:
            for (const auto& [name, label] : o.choices)
                if (name != current) return name;
            break;
        case ma::OptionType::gpu: return current == "A100-80GB" ? "H100-SXM" : "A100-80GB";
        case ma::OptionType::config: break;
    }
    FAIL("no other value for " << o.path);
    return nullptr;
}

}  // namespace

// The fit search keys its recent answers by the whole setup: a member left out of == would hand
// back the answer of another setup.
TEST_CASE("two training setups are equal only when every option of the table is", "[memory][fit]") {
    const auto& table = ma::training_fields();
    const ma::TrainingSetup base;
    const nlohmann::json written = table.write(base);
    CHECK(base == ma::TrainingSetup{});
    for (const auto& field : table.fields) {
        const ma::OptionInfo& info = ma::option(table.prefix + field.key);
        ma::TrainingSetup changed = base;
        field.set(changed, ma::validated(info, another_value(info, written.at(field.key)), info.path));
        INFO(info.path);
        CHECK_FALSE(changed == base);
        CHECK(changed == changed);
    }
    CHECK(table.fields.size() == 29);  // every member of TrainingSetup (training_setup.h) is bound
    // A user-defined GPU under a catalog id is another GPU.
    ma::TrainingSetup custom = base;
    custom.gpu.memory_bytes /= 2;
    CHECK_FALSE(custom == base);
}

// Gpu == keys the fit search's cache too: each field a user-defined GPU sets makes another GPU.
TEST_CASE("two GPUs are equal only when every field a GPU definition sets is", "[memory][fit]") {
    const nlohmann::json base = {{"id", "mine"}, {"memory_gib", 80}, {"bf16_tflops", 900}, {"bandwidth_gbs", 3000},
                                 {"link_gbs", 400}, {"network_gbs", 50}, {"gpus_per_node", 8}};
    const ma::Gpu g = ma::gpu_from_json(base, "gpu");
    CHECK(g == ma::gpu_from_json(base, "gpu"));
    for (auto it = base.begin(); it != base.end(); ++it) {
        nlohmann::json changed = base;
        changed[it.key()] = it.key() == "id" ? nlohmann::json("other") : nlohmann::json(it.value().get<double>() / 2);
        INFO(it.key());
        CHECK(ma::gpu_from_json(changed, "gpu") != g);
    }
    CHECK(ma::gpu_by_id("H100-SXM") != ma::gpu_by_id("H200"));
}
