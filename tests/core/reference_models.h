// Real models with published exact parameter counts: the shared reference
// file (when the checkout has ../shared) plus tests/data/more_models.json.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct ReferenceModel {
    std::string name;
    std::string model_type;
    uint64_t expected_total;
    nlohmann::json config;
};

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<ReferenceModel> reference_models() {
    std::vector<ReferenceModel> out;
    std::vector<std::string> files = {std::string(MA_TEST_DATA) + "/more_models.json"};
    if (std::string(MA_SHARED_REFERENCE).size()) files.push_back(MA_SHARED_REFERENCE);
    for (const std::string& file : files) {
        const auto doc = nlohmann::json::parse(read_text_file(file));
        for (const auto& m : doc.at("models"))
            out.push_back({m.at("name"), m.at("model_type"), m.at("expected_total_params"), m.at("config")});
    }
    return out;
}
