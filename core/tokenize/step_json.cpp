#include "step_json.h"

#include "../error.h"

namespace ma::step_json {

std::string type_of(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw Error(ErrorCode::invalid_value, where, "expected an object with a \"type\"");
    return j["type"].get<std::string>();
}

bool flag(const nlohmann::json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string text(const nlohmann::json& j, const char* key, const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) throw Error(ErrorCode::invalid_value, where + "." + key, "expected a string");
    return it->get<std::string>();
}

std::pair<std::string, bool> pattern(const nlohmann::json& j, const std::string& where) {
    const auto it = j.find("pattern");
    const char* expected = "expected {\"String\": ...} or {\"Regex\": ...}";
    if (it == j.end() || !it->is_object() || it->size() != 1) throw Error(ErrorCode::invalid_value, where + ".pattern", expected);
    const bool is_regex = it->contains("Regex");
    const nlohmann::json& v = is_regex ? (*it)["Regex"] : it->value("String", nlohmann::json());
    if (!v.is_string()) throw Error(ErrorCode::invalid_value, where + ".pattern", expected);
    std::string p = v.get<std::string>();
    if (p.empty()) throw Error(ErrorCode::unsupported, where + ".pattern", "an empty pattern is not implemented");
    return {std::move(p), is_regex};
}

Regex split_regex(const std::string& pattern, const std::string& where) {
    Regex re(pattern, where + ".pattern.Regex");
    if (re.can_match_empty())
        throw Error(ErrorCode::unsupported, where + ".pattern.Regex", "a pattern that can match the empty string is not implemented");
    return re;
}

}  // namespace ma::step_json
