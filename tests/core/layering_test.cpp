// A guard on the layering: no code outside the family table asks for a family by
// name, so a new family is a row (plus components), never a branch somewhere else.
// The engine table names the families each engine has a model for: it is the
// other table allowed to.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "model/family.h"
#include "reference_models.h"

TEST_CASE("no code outside the family table compares a model_type or a family name", "[layering]") {
    namespace fs = std::filesystem;
    std::string names;
    for (const auto& f : ma::families()) names += (names.empty() ? "" : "|") + f.model_type;
    const std::regex by_name("model_type\\s*[!=]=\\s*\"|\"(" + names + ")\"");
    for (const auto& entry : fs::recursive_directory_iterator(std::string(MA_SOURCE_DIR) + "/core")) {
        const std::string path = entry.path().string();
        if (!entry.is_regular_file() || path.find("family_table.cpp") != std::string::npos ||
            path.find("engine_profile.cpp") != std::string::npos)
            continue;
        const std::string text = read_text_file(path);
        std::smatch m;
        const bool found = std::regex_search(text, m, by_name);
        const std::string match = found ? m.str() : "";
        CAPTURE(path, match);
        CHECK(!found);
    }
}
