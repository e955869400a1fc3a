#include "schema.h"

#include <stdexcept>
#include <unordered_map>

#include "../error.h"
#include "../estimates/gpu_catalog.h"
#include "../json_fields.h"
#include "../model/hf_config.h"

namespace ma {

const OptionInfo& option(const std::string& path) {
    // Every request read looks each field up: an index, not a walk over every path.
    static const std::unordered_map<std::string, const OptionInfo*> index = [] {
        std::unordered_map<std::string, const OptionInfo*> by_path;
        for (const OptionInfo& o : option_schema()) by_path.emplace(o.path, &o);  // the first entry of a path
        return by_path;
    }();
    const auto hit = index.find(path);
    if (hit == index.end()) throw std::logic_error("option schema has no entry '" + path + "'");
    return *hit->second;
}

void require_object(const nlohmann::json& j, const std::string& where) {
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object, found " + describe(j));
}

void throw_unknown(const std::string& noun, const std::string& key, const std::string& where) {
    throw Error(ErrorCode::invalid_value, where, "unknown " + noun + " '" + key + "'");
}

nlohmann::json validated(const OptionInfo& o, const nlohmann::json& v, const std::string& where) {
    switch (o.type) {
        case OptionType::integer:
            return as_int_in(v, where, static_cast<int64_t>(o.min), static_cast<int64_t>(o.max));
        case OptionType::positive: {
            const double d = as_positive(v, where, o.max);
            if (o.min > 0 && d < o.min)
                throw Error(ErrorCode::invalid_value, where, "must be at least " + nlohmann::json(o.min).dump());
            return d;
        }
        case OptionType::fraction: return as_fraction(v, where, o.max);
        case OptionType::flag: return as_bool(v, where);
        case OptionType::choice: {
            const std::string s = as_string(v, where);
            std::string list;
            for (const auto& c : o.choices) {
                if (c.first == s) return s;
                list += (list.empty() ? "" : ", ") + c.first;
            }
            throw Error(ErrorCode::invalid_value, where, "'" + s + "' is not one of " + list);
        }
        case OptionType::gpu:
            gpu_from_json(v, where);  // throws naming the id or the field
            return v;
        case OptionType::config:
            read_hf_config_json(v, where);  // throws naming the field at fault
            return v;
    }
    return v;
}

}  // namespace ma
