#include "json_fields.h"

#include <cmath>

#include "error.h"

namespace ma {

using nlohmann::json;

json parse_json(const std::string& text, const std::string& where) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
        std::string what = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep the position.
        const auto bracket = what.find("] ");
        if (bracket != std::string::npos) what = what.substr(bracket + 2);
        throw Error(ErrorCode::invalid_json, where, "not valid JSON: " + what);
    }
}

std::string describe(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
        case json::value_t::string: {
            std::string s = v.get<std::string>();
            if (s.size() > 40) s = s.substr(0, 40) + "...";
            return "string " + json(s).dump(-1, ' ', true, json::error_handler_t::replace);
        }
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: return "number " + v.dump();
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "an unexpected value";
    }
}

int64_t as_int(const json& v, const std::string& where) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
            throw Error(ErrorCode::invalid_value, where, "integer " + v.dump() + " is too large");
        return v.get<int64_t>();
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // Accept 4096.0 (some exporters write floats); refuse 4096.5 and 1e300.
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) return static_cast<int64_t>(d);
    }
    throw Error(ErrorCode::wrong_type, where, "expected an integer, found " + describe(v));
}

double as_double(const json& v, const std::string& where) {
    if (v.is_number()) return v.get<double>();
    throw Error(ErrorCode::wrong_type, where, "expected a number, found " + describe(v));
}

bool as_bool(const json& v, const std::string& where) {
    if (v.is_boolean()) return v.get<bool>();
    throw Error(ErrorCode::wrong_type, where, "expected true or false, found " + describe(v));
}

std::string as_string(const json& v, const std::string& where) {
    if (v.is_string()) return v.get<std::string>();
    throw Error(ErrorCode::wrong_type, where, "expected a string, found " + describe(v));
}

int64_t as_int_in(const json& v, const std::string& where, int64_t min, int64_t max) {
    const int64_t i = as_int(v, where);
    if (i < min || i > max)
        throw Error(ErrorCode::invalid_value, where,
                    "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(i));
    return i;
}

double as_positive(const json& v, const std::string& where, double max) {
    const double d = as_double(v, where);
    if (!std::isfinite(d) || d <= 0 || d > max)
        throw Error(ErrorCode::invalid_value, where, "must be a positive number up to " + json(max).dump() + ", got " + v.dump());
    return d;
}

double as_fraction(const json& v, const std::string& where, double max) {
    const double d = as_double(v, where);
    if (!std::isfinite(d) || d < 0 || d > max)
        throw Error(ErrorCode::invalid_value, where, "must be between 0 and " + json(max).dump() + ", got " + v.dump());
    return d;
}

void require_one_of(const std::string& value, std::initializer_list<const char*> allowed, const std::string& where) {
    std::string list;
    for (const char* a : allowed) {
        if (value == a) return;
        list += (list.empty() ? "" : ", ") + std::string(a);
    }
    throw Error(ErrorCode::invalid_value, where, "'" + value + "' is not one of " + list);
}

std::optional<int64_t> as_optional_int(const json& v, const std::string& where) {
    if (v.is_null()) return std::nullopt;
    return as_int(v, where);
}

}  // namespace ma
