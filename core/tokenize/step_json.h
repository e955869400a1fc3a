// Reading the JSON of normalizers and pre-tokenizers: what both kinds of step share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pieces.h"
#include "regex.h"

namespace ma::step_json {

// The step's "type"; throws Error(invalid_value) naming `where` when it has none.
std::string type_of(const nlohmann::json& j, const std::string& where);
// Options read as HF's serde reads them: an absent or null option takes its default, any other
// type than the expected one is Error(wrong_type) naming where.key, as HF refuses the file.
bool flag(const nlohmann::json& j, const char* key, bool fallback, const std::string& where);
std::optional<bool> optional_flag(const nlohmann::json& j, const char* key, const std::string& where);
std::optional<std::string> optional_text(const nlohmann::json& j, const char* key, const std::string& where);
std::optional<double> optional_number(const nlohmann::json& j, const char* key, const std::string& where);
std::optional<int64_t> optional_int_in(const nlohmann::json& j, const char* key, const std::string& where, int64_t min, int64_t max);
// A required string option; absent or null is Error(invalid_value).
std::string text(const nlohmann::json& j, const char* key, const std::string& where);
// The "pattern" of Split and Replace: {"String": s} (found literally) or {"Regex": r}. An empty
// pattern, or a regex that can match the empty string, is refused.
struct Pattern {
    std::optional<Regex> regex;
    std::string literal;
    Regex::Match find(std::string_view text, size_t from) const;
};
Pattern pattern(const nlohmann::json& j, const std::string& where);
// Pattern::find_matches: the matches and the gaps between them, in order, covering `text`.
std::vector<Span> pattern_spans(std::string_view text, const Pattern& p);

// The list under `key`, which must be an array.
const nlohmann::json& sequence_list(const nlohmann::json& j, const char* key, const std::string& where);
// The steps of a Sequence (`key`: "normalizers" or "pretokenizers"), each built by `make`.
template <typename Step, typename Make>
std::vector<std::unique_ptr<Step>> sequence(const nlohmann::json& j, const char* key, const std::string& where, Make&& make) {
    std::vector<std::unique_ptr<Step>> steps;
    const nlohmann::json& list = sequence_list(j, key, where);
    for (size_t i = 0; i < list.size(); ++i)
        if (auto s = make(list[i], where + "." + key + "[" + std::to_string(i) + "]")) steps.push_back(std::move(s));
    return steps;
}

}  // namespace ma::step_json
