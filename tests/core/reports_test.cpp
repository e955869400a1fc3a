#include <catch2/catch.hpp>

#include "api.h"
#include "test_support.h"

TEST_CASE("approved designs: every file equals the reviewed one byte for byte", "[design][approval]") {
    const auto cases = nlohmann::json::parse(read_text_file(std::string(MA_TEST_DATA) + "/approved/cases.json"))["cases"];
    REQUIRE(cases.size() >= 3);
    for (const auto& c : cases) {
        const std::string name = c["name"];
        CAPTURE(name);
        const auto result = ma::api::design(fixture("trainer_export", {"tokenizer.json", "tokenizer_config.json",
                                                                       "special_tokens_map.json", "sequence_lengths.json",
                                                                       "tokenizer_report.md"}),
                                            c["request"].dump());
        REQUIRE(result.ok);
        const auto files = nlohmann::json::parse(result.body)["files"];
        REQUIRE(files.size() >= 3);
        for (const auto& file : files) {
            const std::string file_name = file["name"];
            CAPTURE(file_name);
            REQUIRE(file["text"].is_string());
            CHECK(file["text"].get<std::string>() == read_text_file(std::string(MA_TEST_DATA) + "/approved/" + name + "/" + file_name));
            // What each file is and its media type come with it (the page lists and downloads by them).
            const std::string kind = file["kind"], type = file["media_type"];
            CHECK(kind == (file_name == "config.json" ? "config" : file_name.size() > 3 && file_name.compare(file_name.size() - 3, 3, ".md") == 0 ? "report" : "launch"));
            const auto ext = file_name.substr(file_name.rfind('.'));
            CHECK(type == (ext == ".json" ? "application/json" : ext == ".md" ? "text/markdown" : ext == ".toml" ? "application/toml"
                           : ext == ".yaml" ? "text/yaml" : ext == ".py" ? "text/x-python" : ext == ".sh" ? "text/x-shellscript" : "?"));
        }
    }
}
