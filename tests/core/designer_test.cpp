#include <catch2/catch.hpp>

#include "api.h"
#include "design/design_text.h"
#include "design/designer.h"
#include "design/reports.h"
#include "error.h"
#include "test_support.h"

TEST_CASE("every scale class yields candidates that satisfy the shape rules", "[design]") {
    for (const auto& t : ma::scale_templates()) {
        CAPTURE(t.id);
        const auto d = design({{"scale", t.id}});
        REQUIRE(d.candidates.size() >= 2);
        REQUIRE(d.recommended < d.candidates.size());
        CHECK(!ma::rationale(d).empty());
        CHECK(!d.scaling_path.empty());
        for (const auto& c : d.candidates) {
            CAPTURE(c.label);
            CHECK(c.spec.hidden_size % 128 == 0);
            CHECK(c.spec.num_attention_heads % c.spec.kv_heads() == 0);
            CHECK(c.spec.hidden_size == c.spec.num_attention_heads * c.spec.head_size());
            CHECK(c.spec.intermediate_size % 256 == 0);
            CHECK(c.spec.vocab_size == 128);  // the fixture's 11 ids padded to a multiple of 128
            // The emitted config reads back with the count the report states.
            const auto back = ma::read_hf_config(ma::write_hf_config(c.spec), "config.json");
            CHECK(ma::count_parameters(back.spec).total == c.count.total);
        }
        const auto config = ma::read_hf_config(ma::design_config_json(d), "config.json");
        CHECK(config.spec.eos_token_id == std::vector<int64_t>{3});
        CHECK(config.spec.bos_token_id == 2);
        CHECK(config.spec.pad_token_id == 0);
        CHECK(ma::count_parameters(config.spec).total == ma::recommended(d).count.total);
        for (size_t i = 1; i < d.scaling_path.size(); ++i) CHECK(d.scaling_path[i].params > d.scaling_path[i - 1].params);
    }
}

TEST_CASE("tightening a constraint never yields a design that violates it silently", "[design][properties]") {
    for (double min_tps : {10.0, 200.0, 2000.0, 20000.0, 200000.0}) {
        const auto d = design({{"scale", "100M"}, {"min_decode_tokens_per_s", min_tps}});
        for (const auto& c : d.candidates) {
            const double tps = c.inference.decode_tokens_per_s;
            bool reported = false;
            for (const auto& chk : c.checks)
                if (chk.kind == ma::ConstraintKind::decode_speed) reported = chk.met == (tps >= min_tps);
            CAPTURE(min_tps, c.label, tps);
            CHECK(reported);
        }
        const auto& rec = ma::recommended(d);
        for (const auto& c : d.candidates) CHECK(rec.failed <= c.failed);
    }
    for (double days : {0.01, 1.0, 100.0}) {
        const auto d = design({{"scale", "1B-3B"}, {"days", days}, {"gpus", 8}});
        for (const auto& c : d.candidates) CHECK(c.train_days <= days * 1.0001);
    }
    for (double tokens : {1e9, 1e10, 1e12}) {
        const auto d = design({{"scale", "300M-700M"}, {"tokens_available", tokens}});
        for (const auto& c : d.candidates) {
            CHECK(c.tokens <= tokens * 1.0001);
            for (const auto& chk : c.checks)
                if (chk.kind == ma::ConstraintKind::training_data) CHECK(chk.met == (c.wanted_tokens <= tokens * 1.0001));
        }
    }
}

TEST_CASE("component choices reach the family and its deviations reach the report", "[design]") {
    const auto d = design({{"scale", "300M-700M"}, {"recipe", {{"mlp", "geglu"}, {"sliding_window", true}}}});
    CHECK(d.family.model_type == "gemma2");
    const std::string report = ma::architecture_report(d);
    CHECK(report.find("**mlp: geglu**") != std::string::npos);
    CHECK(report.find("**sliding_window: true**") != std::string::npos);
    CHECK_THROWS_WITH(design({{"recipe", {{"positions", "learned"}}}}), Catch::Contains("builds positions learned"));
}

TEST_CASE("a design without tokenizer files fails explicitly", "[design][errors]") {
    const auto request = ma::design_request_from_json({{"scale", "100M"}});
    CHECK_THROWS_WITH(ma::run_design(request, std::nullopt), Catch::Contains("no tokenizer files and no vocab_size"));
    // A typed vocab size gives an estimate, never a config.json.
    const auto estimate = ma::run_design(ma::design_request_from_json({{"scale", "100M"}, {"vocab_size", 50000}}), std::nullopt);
    CHECK(estimate.estimate_only);
    CHECK(ma::architecture_report(estimate).find("**Estimate**") != std::string::npos);
    CHECK_THROWS_WITH(ma::design_config_json(estimate), Catch::Contains("no tokenizer files were given: config.json needs"));
    // Files that declare no eos token: the reports, but no config.json.
    const auto no_eos = ma::run_design(request, ma::read_tokenizer(fixture("trainer_export", {"tokenizer.json"})));
    CHECK_THROWS_WITH(ma::design_config_json(no_eos), Catch::Contains("no file declares an eos token (read: tokenizer.json)"));
    const auto result = ma::api::design({}, R"({"scale": "100M"})");
    CHECK(!result.ok);
    CHECK(result.error_code == "missing_input");
}

TEST_CASE("a training arrangement the user gives is used and checked, not searched", "[design]") {
    const auto d = design({{"scale", "1B-3B"}, {"gpus", 8},
                           {"training", {{"tp", 2}, {"pp", 1}, {"zero_stage", 1}, {"micro_batch", 1}, {"recompute", "selective"}}}});
    for (const auto& c : d.candidates) {
        CAPTURE(c.label, ma::describe_fit(c.fit));
        if (ma::describe_fit(c.fit).find("does not apply") != std::string::npos) {
            CHECK(ma::describe_fit(c.fit).find("is not divisible by tp (2)") != std::string::npos);  // e.g. 3 KV heads
            continue;
        }
        CHECK(c.fit.setup.dp == 4);
        CHECK(c.fit.setup.tp == 2);
        CHECK(c.fit.setup.zero_stage == 1);
        CHECK(c.fit.setup.recompute == ma::Recompute::selective);
        CHECK(ma::describe_fit(c.fit).find("dp 4, tp 2, pp 1, ZeRO 1, micro-batch 1, recompute selective") != std::string::npos);
    }
    CHECK(ma::capacity_plan(d).find("dp 4, tp 2, pp 1, recompute selective") != std::string::npos);
    // An arrangement that does not fit says so, with the shortfall.
    const auto tight = design({{"scale", "7B+"}, {"gpus", 1}, {"training", {{"gpu", "RTX-4090"}, {"micro_batch", 8}}}});
    CHECK(!tight.candidates[0].fit.found);
    CHECK(ma::describe_fit(tight.candidates[0].fit).find("as requested does not fit") != std::string::npos);
    // One that does not divide the model is reported, not thrown.
    const auto odd = design({{"scale", "100M"}, {"gpus", 3}, {"training", {{"tp", 3}}}});
    CHECK(ma::describe_fit(odd.candidates[0].fit).find("not divisible by tp (3)") != std::string::npos);
    CHECK_THROWS_WITH(design({{"gpus", 8}, {"training", {{"dp", 2}, {"tp", 2}}}}), Catch::Contains("does not equal gpus (8)"));
}
