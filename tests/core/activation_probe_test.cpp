#include <catch2/catch.hpp>

#include "estimates/activations.h"
#include "test_support.h"


// A calibration, not a proof: scripts/activation_probe.py builds one HF layer in Debian's torch 1.13 on the
// CPU and sums what autograd saves (saved_tensors_hooks). The model follows torch 2.x on CUDA, so the
// test adds the three differences of that environment, each named below.
TEST_CASE("calibration: the HF activation rows against a torch 1.13 CPU run of the activation probe", "[memory][activations][probe]") {
    // tests/data/activation_probe.json: scripts/activation_probe.py run with Debian's python3-torch.
    const auto probe = nlohmann::json::parse(read_text_file(std::string(MA_TEST_DATA) + "/activation_probe.json"));
    REQUIRE(probe["rows"].size() >= 8);
    for (const auto& row : probe["rows"]) {
        nlohmann::json config = row["config"];
        config["model_type"] = row["model_type"];
        config["vocab_size"] = 1000;
        config["num_hidden_layers"] = 1;
        if (row["model_type"] == "gpt_neox") config["hidden_act"] = "gelu";
        if (row["model_type"] == "gemma") config["hidden_act"] = "gelu_pytorch_tanh";
        const auto spec = ma::read_hf_config_json(config, "probe").spec;
        ma::TrainingSetup s;
        const std::string dtype = row["dtype"];
        s.precision = dtype == "bf16" ? ma::Precision::bf16 : dtype == "autocast" ? ma::Precision::amp : ma::Precision::fp32;
        s.attention = ma::AttentionKernel::eager;
        s.micro_batch = row["micro_batch"];
        s.seq_len = row["seq_len"];
        double modelled = 0;
        for (const auto& t : ma::layer_activation_terms(spec, s)) modelled += t.bytes;
        // Under autocast the bf16 copies of the layer's weights are saved too; the model counts them once per
        // stage ("autocast bf16 weight copies", 2 B per matrix parameter).
        if (s.precision == ma::Precision::amp)
            for (const auto& t : ma::count_parameters(spec).tensors)
                if (t.in_layer && t.shape.size() == 2) modelled += 2.0 * double(t.numel());
        // What torch 1.13 on the CPU keeps beyond the model (which follows torch 2.x on CUDA):
        const double rows = double(s.micro_batch * s.seq_len), h = double(spec.hidden_size);
        double torch113 = 8;  // the attention scaling wrapped as a float64 scalar
        if (row["model_type"] == "gpt_neox") {
            if (s.precision == ma::Precision::bf16) torch113 -= 2 * (4 - 2) * 2 * rows;  // CPU LayerNorm keeps bf16 mean/rstd, CUDA fp32
        } else {
            torch113 += 2 * 4 * rows * h;  // mean() keeps its fp32 input x^2 in each of the 2 RMSNorms (not in torch 2.x)
        }
        CAPTURE(row["model_type"].get<std::string>(), row["dtype"].get<std::string>());
        CHECK(modelled + torch113 == row["saved_bytes"].get<double>());
    }
}
