// The launch files: torchtitan's FFN formula gives back every width, each engine refuses what it
// cannot express, and the files carry the plan's numbers. Parsing with real TOML / YAML / bash /
// Python parsers is in tests/node/launch.test.mjs.
#include <catch2/catch.hpp>

#include "launch/launch_files.h"
#include "test_support.h"

TEST_CASE("torchtitan's FFN formula reproduces the design's width with the multiple_of and multiplier written", "[launch][torchtitan]") {
    // torchtitan's own flavors (torchtitan/models/llama3/__init__.py, v0.2.2): Llama 3 8B and 70B.
    CHECK(ma::torchtitan_ffn_width(4096, 1024, 1.3) == 14336);
    CHECK(ma::torchtitan_ffn_width(8192, 4096, 1.3) == 28672);
    CHECK(ma::torchtitan_ffn_width(4096, 256, 0) == 11008);  // Llama 2 7B: no multiplier
    int checked = 0;
    for (int64_t dim = 256; dim <= 16384; dim += 128)
        for (int64_t width = dim; width <= 6 * dim; width += 64) {
            const auto f = ma::torchtitan_ffn_args(dim, width);
            CAPTURE(dim, width, f.multiple_of, f.multiplier_text);
            REQUIRE(ma::torchtitan_ffn_width(dim, f.multiple_of, f.multiplier) == width);
            REQUIRE((f.multiplier_text.empty() || std::stod(f.multiplier_text) == f.multiplier));
            ++checked;
        }
    CHECK(checked > 30000);
    // A width that is not a multiple of two still comes out exactly.
    const auto odd = ma::torchtitan_ffn_args(4096, 11007);
    CHECK(ma::torchtitan_ffn_width(4096, odd.multiple_of, odd.multiplier) == 11007);
}

TEST_CASE("launch files refuse what the engine cannot express, with the reason", "[launch]") {
    ma::LaunchPlan p;
    p.label = "A";
    p.spec = reference("Llama-3-8B");
    p.setup = ma::training_setup_from_json({{"engine", "torchtitan"}, {"dp", 8}});
    p.run = ma::plan_run(p.spec, p.setup, 1e11, {});
    ma::set_checkpoint_cadence(p.run, 10, 1e11);
    auto files = ma::launch_files(p);
    REQUIRE(files.size() == 2);
    CHECK(files[0].name == "torchtitan.toml");
    CHECK(files[0].text.has_value());
    // torchtitan has its own initialisation; an init std it cannot set is refused, not written.
    p.run.init_std = 0.006;
    files = ma::launch_files(p);
    CHECK(!files[0].text);
    CHECK(files[0].error.find("init_weights") != std::string::npos);
    // Megatron: biases on attention only (llama attention_bias) have no flag.
    p.run.init_std = 0.02;
    p.setup = ma::training_setup_from_json({{"engine", "megatron"}, {"dp", 8}});
    p.spec.attention_bias = true;
    files = ma::launch_files(p);
    CHECK(!files[0].text);
    CHECK(files[0].error.find("--add-bias-linear") != std::string::npos);
    // GPT-2's learned positions, LayerNorm, tanh GeLU and biases are Megatron flags.
    p.spec = gpt2_124m();
    files = ma::launch_files(p);
    REQUIRE(files[0].text);
    for (const char* flag : {"--position-embedding-type learned_absolute", "--normalization LayerNorm", "--openai-gelu"})
        CHECK(files[0].text->find(flag) != std::string::npos);
    CHECK(files[0].text->find("--disable-bias-linear") == std::string::npos);
    // A plan without an arrangement has nothing to launch.
    p.not_runnable = "candidate A has no arrangement to launch";
    CHECK(!ma::launch_files(p)[0].text);
}

TEST_CASE("Megatron launches Qwen3-30B-A3B: expert width, layer pattern, router and expert parallelism", "[launch][megatron][moe]") {
    ma::LaunchPlan p;
    p.label = "A";
    p.spec = reference("Qwen3-30B-A3B");
    p.spec.extras["mlp_only_layers"] = {0, 1};  // two dense layers first, as a pattern Megatron must carry
    p.setup = ma::training_setup_from_json({{"engine", "megatron"}, {"dp", 8}, {"ep", 8}, {"zero_stage", 1}});
    p.run = ma::plan_run(p.spec, p.setup, 1e11, {});
    ma::set_checkpoint_cadence(p.run, 10, 1e11);
    const auto files = ma::launch_files(p);
    REQUIRE(files[0].text);
    const std::string& s = *files[0].text;
    for (const char* flag : {"--num-experts 128", "--moe-router-topk 8", "--moe-ffn-hidden-size 768", "--qk-layernorm",
                             "--moe-layer-freq '([0]*2+[1]*46)'", "--moe-aux-loss-coeff 0.001", "--expert-model-parallel-size 8",
                             "--kv-channels 128", "--num-query-groups 4"}) {
        CAPTURE(flag);
        CHECK(s.find(flag) != std::string::npos);
    }
    INFO(s);
    CHECK(s.find("--moe-router-pre-softmax") == std::string::npos);  // norm_topk_prob true: softmax after the top-k
    // Megatron's memory model of the same run splits the routed experts over ep.
    const auto m8 = ma::training_memory(p.spec, p.setup);
    auto one = p.setup;
    one.ep = 1;
    CHECK(ma::training_memory(p.spec, one).total_bytes > m8.total_bytes);
}
