// Real models with published exact parameter counts: the shared reference
// file (when the checkout has ../shared) plus tests/data/more_models.json.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/family.h"

struct ReferenceModel {
    std::string name;
    std::string model_type;
    uint64_t expected_total;
    nlohmann::json config;
    std::optional<uint64_t> expected_active;  // active parameters per token, where the source gives it
};

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The shared reference folder ("" when the checkout has no ../shared).
inline std::string shared_reference(const std::string& file) {
    return std::string(MA_SHARED_REFERENCE).empty() ? "" : std::string(MA_SHARED_REFERENCE) + "/" + file;
}

inline bool supported_family(const std::string& model_type) {
    for (const auto& f : ma::families())
        if (f.model_type == model_type) return true;
    return false;
}

// The models of tests/data/more_models.json, ../shared/reference/real_models.json and
// real_models_modern.json (a list whose entries carry the model_type in their config).
inline std::vector<ReferenceModel> reference_models() {
    std::vector<ReferenceModel> out;
    std::vector<std::string> files = {std::string(MA_TEST_DATA) + "/more_models.json"};
    if (!shared_reference("").empty()) files.push_back(shared_reference("real_models.json"));
    for (const std::string& file : files) {
        const auto doc = nlohmann::json::parse(read_text_file(file));
        for (const auto& m : doc.at("models"))
            out.push_back({m.at("name"), m.at("model_type"), m.at("expected_total_params"), m.at("config"), m.contains("num_parameters_active_per_token") ? std::optional<uint64_t>(m.at("num_parameters_active_per_token")) : std::nullopt});
    }
    if (!shared_reference("").empty())
        for (const auto& m : nlohmann::json::parse(read_text_file(shared_reference("real_models_modern.json"))))
            if (supported_family(m.at("config").at("model_type")))
            out.push_back({m.at("name"), m.at("config").at("model_type"), m.at("expected_total_params"), m.at("config"),
                           m.at("num_parameters_active_per_token")});
    return out;
}
