// Helpers shared by the Catch2 files: real models by name, the GPT-2 124M
// config, the trainer-export tokenizer fixture, a design run on it, and the error a call throws.
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "design/design_request.h"
#include "design/designer.h"
#include "error.h"
#include "model/hf_config.h"
#include "reference_models.h"
#include "tokenizer/tokenizer_facts.h"

// A reference model's spec, read from its published config.json.
inline ma::ArchSpec reference(const std::string& name) {
    for (const auto& m : reference_models())
        if (m.name == name) return ma::read_hf_config_json(m.config, name).spec;
    throw std::runtime_error("no reference model " + name);
}

// GPT-2 124M as nanoGPT's transformer_sizing notebook sizes it.
inline ma::ArchSpec gpt2_124m() {
    return ma::read_hf_config(R"({"model_type":"gpt2","n_embd":768,"n_head":12,"n_layer":12,"n_positions":1024,"vocab_size":50257})").spec;
}

// Files of a tokenizer fixture under tests/data/tokenizers/<dir>.
inline std::vector<ma::InputFile> fixture(const std::string& dir, std::initializer_list<const char*> names = {
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sequence_lengths.json"}) {
    std::vector<ma::InputFile> files;
    for (const char* n : names) files.push_back({n, read_text_file(std::string(MA_TEST_DATA) + "/tokenizers/" + dir + "/" + n)});
    return files;
}

// A design on the trainer-export fixture (or the given files).
inline ma::Design design(const nlohmann::json& request, const std::vector<ma::InputFile>& files = fixture("trainer_export")) {
    return ma::run_design(ma::design_request_from_json(request), ma::read_tokenizer(files));
}

// The ma::Error `fn` throws (the test fails when it throws none).
template <typename Fn>
ma::Error error_of(Fn&& fn) {
    try {
        fn();
    } catch (const ma::Error& e) {
        return e;
    }
    FAIL("no error");
    throw;
}
