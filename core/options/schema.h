// The one schema of every option the `memory` and `design` commands accept:
// its JSON path, CLI flag, type, range or choices, what absence means, help
// text and which commands read it (option_table.cpp). Each request struct has
// a field table that binds schema entries to its members; reading, validation
// messages, serialisation, the CLI's flags and `--help` and the page's choice
// lists and defaults (describe_options()) all walk these tables.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ma {

enum class OptionType {
    integer,   // whole number in [min, max]
    positive,  // number in (0, max], and >= min when min > 0
    fraction,  // number in [0, max]
    flag,      // true / false
    choice,    // one of `choices`
    gpu,       // a GPU catalog id, or an object describing a GPU
    config,    // a Hugging Face config.json object (the CLI reads it from a file path)
};

enum Commands : unsigned { kMemory = 1, kDesign = 2, kBoth = 3 };

struct OptionInfo {
    std::string path;     // in the command's JSON options, dot-separated: "training.micro_batch"
    std::string flag;     // CLI flag without the dashes: "micro-batch"
    OptionType type;
    double min = 0, max = 0;
    std::vector<std::pair<std::string, std::string>> choices;  // {name, label}
    std::string unset;    // what leaving it out means, per command ("search", "no limit"); "" = the default applies
    std::string help;
    std::string section;  // "training", "budget", "latency", "shape", "components", "inference", "compute"
    unsigned commands = kBoth;
    std::string label;    // the page's label
    std::string suggest;  // what the page preselects where it requires a value the request may leave out
    std::string requires; // the path of an option without which this one does not apply ("" = always applies)
};

const std::vector<OptionInfo>& option_schema();

// The entry for a path; throws std::logic_error for a path the schema lacks (a defect).
const OptionInfo& option(const std::string& path);

// The value checked against the entry's type and range; errors name `where`, the bounds and the value.
nlohmann::json validated(const OptionInfo& info, const nlohmann::json& value, const std::string& where);

// Binds schema entries to the members of one request struct.
template <class S>
struct Field {
    std::string key;                                // the member's key inside its group
    void (*set)(S&, const nlohmann::json& value);   // `value` already validated
    nlohmann::json (*get)(const S&);                // null when unset
    bool (*same)(const S&, const S&);               // the member equal in both
};

// A nested object read by another table ("training" inside the design request).
template <class S>
struct Group {
    std::string key;
    void (*read)(S&, const nlohmann::json& value, const std::string& where);
    nlohmann::json (*write)(const S&);
};

template <class S>
struct FieldTable {
    std::string noun;     // "training option": "unknown training option 'x'"
    std::string prefix;   // schema path prefix: "training."
    std::vector<Field<S>> fields;
    std::vector<Group<S>> groups;

    const Field<S>* find(const std::string& key) const {
        for (const auto& f : fields)
            if (f.key == key) return &f;
        return nullptr;
    }

    // Reads a JSON object over `base`; unknown keys and bad values name `where.key`; null is "unset".
    S read(const nlohmann::json& j, const std::string& where, S base = S{}) const;

    // Whether every field of this table is equal in both (groups are other tables: not compared).
    bool same(const S& a, const S& b) const {
        for (const auto& f : fields)
            if (!f.same(a, b)) return false;
        return true;
    }

    // Every field's value (null where unset), keyed as read() takes them.
    nlohmann::json write(const S& s) const {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& f : fields) j[f.key] = f.get(s);
        for (const auto& g : groups) j[g.key] = g.write(s);
        return j;
    }
};

// Error(wrong_type) unless `j` is an object.
void require_object(const nlohmann::json& j, const std::string& where);
[[noreturn]] void throw_unknown(const std::string& noun, const std::string& key, const std::string& where);

template <class S>
S FieldTable<S>::read(const nlohmann::json& j, const std::string& where, S s) const {
    require_object(j, where);
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string at = where + "." + it.key();
        if (const Field<S>* f = find(it.key())) {
            // null leaves the default, as write() puts null where a value is unset
            if (!it.value().is_null()) f->set(s, validated(option(prefix + f->key), it.value(), at));
            continue;
        }
        bool grouped = false;
        for (const auto& g : groups)
            if (g.key == it.key()) g.read(s, it.value(), at), grouped = true;
        if (!grouped) throw_unknown(noun, it.key(), at);
    }
    return s;
}

// Every option with its defaults per command, for the CLI (flags, --help) and the page
// (labels, choice lists, defaults): [{path, flag, type, min, max, choices, unset, help,
// section, commands, label, default: {memory, design}, engines (the engines that read an
// engine-specific option, [] = all), values_by_engine (the choices each engine offers, or null)}].
// Defined in describe_options.cpp.
nlohmann::json describe_options();

}  // namespace ma
