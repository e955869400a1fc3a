// describe_options(): the schema with each command's defaults, read from the
// default-constructed request structs, so the CLI's --help and the page show
// the values the core actually uses.
#include "../built_once.h"
#include "../design/design_request.h"
#include "../estimates/engines/engine_profile.h"
#include "../estimates/memory_report.h"
#include "schema.h"

#include <algorithm>

namespace ma {
namespace {

const char* type_name(OptionType t) {
    switch (t) {
        case OptionType::integer: return "integer";
        case OptionType::positive: return "positive";
        case OptionType::fraction: return "fraction";
        case OptionType::flag: return "flag";
        case OptionType::choice: return "choice";
        case OptionType::gpu: return "gpu";
        case OptionType::config: return "config";
    }
    return "";
}

MA_BUILT_ONCE nlohmann::json at_path(const nlohmann::json& j, const std::string& path) {
    const nlohmann::json* v = &j;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!v->is_object() || !v->contains(key)) return nullptr;
        v = &(*v)[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return *v;
}

// The engines that read an engine-specific option ([] for an option every engine reads), and for
// the options whose values differ per engine, the values each engine offers.
MA_BUILT_ONCE nlohmann::json engines_reading(const std::string& path) {
    nlohmann::json out = nlohmann::json::array();
    if (!engine_specific_option(path)) return out;
    for (const EngineProfile& e : engine_profiles())
        if (engine_reads(e, path)) out.push_back(e.name);
    return out;
}

template <class E>
nlohmann::json names_of(const std::vector<E>& values) {
    nlohmann::json out = nlohmann::json::array();
    for (const E& v : values) out.push_back(name_of(v));
    return out;
}

MA_BUILT_ONCE nlohmann::json values_by_engine(const std::string& path) {
    nlohmann::json out = nlohmann::json::object();
    for (const EngineProfile& e : engine_profiles()) {
        if (path == "training.recompute") out[e.name] = names_of(e.recompute);
        else if (path == "training.precision") out[e.name] = names_of(e.precisions);
        else if (path == "training.attention") out[e.name] = names_of(e.kernels);
        else if (path == "training.zero_stage") {
            nlohmann::json stages = nlohmann::json::array();
            for (int z : e.zero_stages) stages.push_back(std::to_string(z));
            out[e.name] = stages;
        }
    }
    return out.empty() ? nlohmann::json(nullptr) : out;
}

}  // namespace

// "design: searched; memory: 1" -> {"design": "searched", "memory": "1"}; a plain text applies to both.
MA_BUILT_ONCE nlohmann::json unset_by_command(const OptionInfo& o) {
    nlohmann::json out = nlohmann::json::object();
    const char* commands[] = {"memory", "design"};
    for (int i = 0; i < 2; ++i)
        if (o.commands & (1u << i) && !o.unset.empty()) out[commands[i]] = "";
    size_t start = 0;
    bool scoped = false;
    while (start < o.unset.size()) {
        const size_t end = std::min(o.unset.find("; ", start), o.unset.size());
        const std::string part = o.unset.substr(start, end - start);
        for (const char* c : commands)
            if (part.rfind(std::string(c) + ": ", 0) == 0) {
                out[c] = part.substr(std::string(c).size() + 2);
                scoped = true;
            }
        start = end + 2;
    }
    if (!scoped)
        for (auto it = out.begin(); it != out.end(); ++it) it.value() = o.unset;
    for (auto it = out.begin(); it != out.end();) it = it.value() == "" ? out.erase(it) : std::next(it);
    return out;
}

MA_BUILT_ONCE nlohmann::json describe_options() {
    const nlohmann::json memory = memory_fields().write(MemoryOptions{});
    const nlohmann::json design = design_fields().write(DesignRequest{});
    nlohmann::json out = nlohmann::json::array();
    for (const OptionInfo& o : option_schema()) {
        nlohmann::json choices = nlohmann::json::array();
        for (const auto& [name, label] : o.choices) choices.push_back({{"name", name}, {"label", label}});
        nlohmann::json commands = nlohmann::json::array();
        nlohmann::json defaults = nlohmann::json::object();
        const nlohmann::json unset = unset_by_command(o);
        // Where leaving the option out means something (searched, the context length), it has no default value.
        auto fallback = [&](const char* command, const nlohmann::json& all) {
            return unset.contains(command) ? nlohmann::json(nullptr) : at_path(all, o.path);
        };
        if (o.commands & kMemory) commands.push_back("memory"), defaults["memory"] = fallback("memory", memory);
        if (o.commands & kDesign) commands.push_back("design"), defaults["design"] = fallback("design", design);
        out.push_back({{"path", o.path}, {"flag", o.flag}, {"type", type_name(o.type)}, {"min", o.min}, {"max", o.max},
                       {"choices", choices}, {"unset", unset}, {"help", o.help}, {"section", o.section},
                       {"commands", commands}, {"label", o.label}, {"default", defaults}, {"suggest", o.suggest},
                       {"requires", o.requires}, {"engines", engines_reading(o.path)}, {"values_by_engine", values_by_engine(o.path)}});
    }
    return out;
}

}  // namespace ma
