// Typed access to JSON fields with errors that name the file, the field and
// what was found there. Shared by every reader of JSON input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ma {

// Parses text as JSON; invalid, truncated or non-UTF-8 text is Error(invalid_json) naming `where`.
nlohmann::json parse_json(const std::string& text, const std::string& where);

// A short description of a JSON value for messages: `string "abc"`, `number 1.5`, `object`.
std::string describe(const nlohmann::json& value);

int64_t as_int(const nlohmann::json& value, const std::string& where);
double as_double(const nlohmann::json& value, const std::string& where);
bool as_bool(const nlohmann::json& value, const std::string& where);
std::string as_string(const nlohmann::json& value, const std::string& where);
std::optional<int64_t> as_optional_int(const nlohmann::json& value, const std::string& where);

// Range-checked forms for option objects; each error names `where`, the bounds and the value.
int64_t as_int_in(const nlohmann::json& value, const std::string& where, int64_t min, int64_t max);
double as_positive(const nlohmann::json& value, const std::string& where, double max);  // (0, max]
double as_fraction(const nlohmann::json& value, const std::string& where, double max);  // [0, max]
void require_one_of(const std::string& value, std::initializer_list<const char*> allowed, const std::string& where);

}  // namespace ma
