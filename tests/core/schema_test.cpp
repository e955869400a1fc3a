#include <catch2/catch.hpp>

#include <set>

#include "design/design_request.h"
#include "error.h"
#include "estimates/memory_report.h"
#include "options/choices.h"
#include "options/schema.h"

namespace {

// Every schema path a field table binds, with the group prefixes.
template <class S>
void collect(const ma::FieldTable<S>& t, const std::string& prefix, std::set<std::string>& paths) {
    for (const auto& f : t.fields) paths.insert(prefix + f.key);
}

}  // namespace

TEST_CASE("every schema entry is read by a request struct, and every field has an entry", "[schema]") {
    std::set<std::string> design, memory;
    collect(ma::design_fields(), "", design);
    collect(ma::recipe_fields(), "recipe.", design);
    collect(ma::training_fields(), "training.", design);
    collect(ma::run_fields(), "run.", design);
    collect(ma::memory_fields(), "", memory);
    collect(ma::training_fields(), "training.", memory);
    collect(ma::inference_fields(), "inference.", memory);
    for (const auto& o : ma::option_schema()) {
        CAPTURE(o.path);
        CHECK(((o.commands & ma::kDesign) != 0) == (design.count(o.path) == 1));
        CHECK(((o.commands & ma::kMemory) != 0) == (memory.count(o.path) == 1));
        CHECK(!o.help.empty());
        CHECK(!o.label.empty());
        CHECK(!o.flag.empty());
    }
    for (const auto& p : design) CHECK_NOTHROW(ma::option(p));
    for (const auto& p : memory) CHECK_NOTHROW(ma::option(p));
}

TEST_CASE("flags are unique within a command", "[schema]") {
    for (unsigned command : {unsigned(ma::kMemory), unsigned(ma::kDesign)}) {
        std::set<std::string> flags;
        for (const auto& o : ma::option_schema())
            if (o.commands & command) {
                CAPTURE(o.flag);
                CHECK(flags.insert(o.flag).second);
            }
    }
}

TEST_CASE("describe_options gives the defaults the core uses, per command", "[schema]") {
    const auto options = ma::describe_options();
    auto find = [&](const std::string& path) {
        for (const auto& o : options)
            if (o["path"] == path) return o;
        FAIL("no option " << path);
        return nlohmann::json();
    };
    CHECK(find("training.precision")["default"]["design"] == "mixed");
    CHECK(find("training.precision")["choices"].size() == ma::choices(ma::Precision{}).size());
    CHECK(find("gpus")["default"]["design"] == 8);
    CHECK(find("gpus")["default"]["memory"].is_null());
    CHECK(find("gpus")["unset"]["memory"] == "dp x tp x pp");
    CHECK(find("training.recompute")["unset"]["design"] == "searched");
    CHECK(!find("training.recompute")["unset"].contains("memory"));
    CHECK(find("scale")["suggest"] == "300M-700M");
    // Where absence means "searched", there is no default for a form to fill in (it would fix the arrangement).
    CHECK(find("training.micro_batch")["default"]["design"].is_null());
    CHECK(find("training.micro_batch")["default"]["memory"] == 1);
    CHECK(find("training.tp")["default"]["design"].is_null());
}

TEST_CASE("values are checked against the schema with messages naming the option", "[schema][errors]") {
    CHECK_THROWS_WITH(ma::validated(ma::option("training.optimizer"), "adam", "design.training.optimizer"),
                      "design.training.optimizer: 'adam' is not one of adamw, adam8bit, adafactor, sgd, lion");
    CHECK_THROWS_WITH(ma::validated(ma::option("mfu"), 0.001, "options.mfu"), "options.mfu: must be at least 0.01");
    CHECK_THROWS_WITH(ma::validated(ma::option("training.zero_stage"), 4, "training.zero_stage"),
                      "training.zero_stage: must be between 0 and 3, got 4");
    CHECK_THROWS_WITH(ma::design_request_from_json({{"vocab", 1}}), "design.vocab: unknown design option 'vocab'");
    CHECK_THROWS_WITH(ma::memory_options_from_json({{"gpus", 6}, {"training", {{"tp", 4}}}}),
                      Catch::Contains("gpus (6) is not a multiple of tp x pp (4)"));
}

TEST_CASE("options imply the components they belong to", "[schema]") {
    CHECK(ma::design_request_from_json({{"num_local_experts", 8}}).recipe.moe);
    CHECK(ma::design_request_from_json({{"sliding_window", 1024}}).recipe.sliding_window);
    CHECK(!ma::design_request_from_json({{"num_experts_per_tok", 2}}).recipe.moe);
    CHECK_THROWS_WITH(ma::design_request_from_json({{"num_local_experts", 8}, {"recipe", {{"moe", false}}}}),
                      Catch::Contains("num_local_experts is given but recipe.moe is false"));
    // memory and design read the same training object.
    const auto d = ma::design_request_from_json({{"training", {{"precision", "bf16"}}}});
    const auto m = ma::memory_options_from_json({{"training", {{"precision", "bf16"}}}});
    CHECK(d.training.precision == m.training.precision);
}
