#include "step_json.h"

#include "../error.h"
#include "../json_fields.h"

namespace ma::step_json {

std::string type_of(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw Error(ErrorCode::invalid_value, where, "expected an object with a \"type\"");
    return j["type"].get<std::string>();
}

namespace {
// The option `key`, or nullptr when it is absent or null.
const nlohmann::json* option(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}
}  // namespace

std::optional<bool> optional_flag(const nlohmann::json& j, const char* key, const std::string& where) {
    const nlohmann::json* v = option(j, key);
    return v ? std::optional<bool>(as_bool(*v, where + "." + key)) : std::nullopt;
}

bool flag(const nlohmann::json& j, const char* key, bool fallback, const std::string& where) {
    return optional_flag(j, key, where).value_or(fallback);
}

std::optional<std::string> optional_text(const nlohmann::json& j, const char* key, const std::string& where) {
    const nlohmann::json* v = option(j, key);
    return v ? std::optional<std::string>(as_string(*v, where + "." + key)) : std::nullopt;
}

std::optional<double> optional_number(const nlohmann::json& j, const char* key, const std::string& where) {
    const nlohmann::json* v = option(j, key);
    return v ? std::optional<double>(as_double(*v, where + "." + key)) : std::nullopt;
}

std::optional<int64_t> optional_int_in(const nlohmann::json& j, const char* key, const std::string& where, int64_t min, int64_t max) {
    const nlohmann::json* v = option(j, key);
    return v ? std::optional<int64_t>(as_int_in(*v, where + "." + key, min, max)) : std::nullopt;
}

std::string text(const nlohmann::json& j, const char* key, const std::string& where) {
    if (auto s = optional_text(j, key, where)) return std::move(*s);
    throw Error(ErrorCode::invalid_value, where + "." + key, "expected a string");
}

const nlohmann::json& sequence_list(const nlohmann::json& j, const char* key, const std::string& where) {
    const nlohmann::json* v = option(j, key);
    if (!v || !v->is_array()) throw Error(ErrorCode::wrong_type, where + "." + key, std::string("expected a list of steps, found ") + (v ? describe(*v) : "nothing"));
    return *v;
}

Pattern pattern(const nlohmann::json& j, const std::string& where) {
    const auto it = j.find("pattern");
    const char* expected = "expected {\"String\": ...} or {\"Regex\": ...}";
    if (it == j.end() || !it->is_object() || it->size() != 1) throw Error(ErrorCode::invalid_value, where + ".pattern", expected);
    const bool is_regex = it->contains("Regex");
    const nlohmann::json& v = is_regex ? (*it)["Regex"] : it->value("String", nlohmann::json());
    if (!v.is_string()) throw Error(ErrorCode::invalid_value, where + ".pattern", expected);
    std::string p = v.get<std::string>();
    if (p.empty()) throw Error(ErrorCode::unsupported, where + ".pattern", "an empty pattern is not implemented");
    Pattern out;
    if (!is_regex) {
        out.literal = std::move(p);
        return out;
    }
    out.regex.emplace(p, where + ".pattern.Regex");
    if (out.regex->can_match_empty())
        throw Error(ErrorCode::unsupported, where + ".pattern.Regex", "a pattern that can match the empty string is not implemented");
    return out;
}

Regex::Match Pattern::find(std::string_view text, size_t from) const {
    if (regex) return regex->find(text, from);
    const size_t start = text.find(literal, from);
    return {start, start == std::string_view::npos ? start : start + literal.size()};
}

std::vector<Span> pattern_spans(std::string_view text, const Pattern& p) {
    std::vector<Span> spans;
    size_t last = 0;
    for (Regex::Match m; (m = p.find(text, last)).start != std::string_view::npos; last = m.end) {
        if (last < m.start) spans.push_back({last, m.start, false});
        spans.push_back({m.start, m.end, true});
    }
    if (last < text.size()) spans.push_back({last, text.size(), false});
    return spans;
}

}  // namespace ma::step_json
