// Hugging Face config.json in and out.
//
// Reading: `model_type` picks the family; every field the family's HF config
// class reads is taken from the file or, when absent, from that class's
// default (as transformers does); unknown keys are ignored and listed.
// Writing: every field that class reads, sorted keys, 2-space indent and a
// trailing newline, like PretrainedConfig.to_json_string().
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch_spec.h"

namespace ma {

// The transformers release whose config keys we write (qwen3 needs >= 4.51).
constexpr const char* kTransformersVersion = "4.51.0";

struct ConfigRead {
    ArchSpec spec;                          // resolved and validated
    std::vector<std::string> defaulted;     // keys absent from the file, taken from the HF default
    std::vector<std::string> ignored;       // keys in the file this family does not read
};

// Throws ma::Error naming `where` (the file name) and the field at fault.
ConfigRead read_hf_config(const std::string& text, const std::string& where = "config.json");
ConfigRead read_hf_config_json(const nlohmann::json& config, const std::string& where = "config.json");

// What AutoConfig.for_model(model_type) builds: every field at the HF class default.
ArchSpec default_spec(const std::string& model_type);

nlohmann::json hf_config_json(const ArchSpec& spec);
std::string write_hf_config(const ArchSpec& spec);  // the exact bytes of config.json

}  // namespace ma
