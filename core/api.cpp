#include "api.h"

#include "count_report.h"
#include "error.h"
#include "family.h"
#include "hf_config.h"
#include "json_fields.h"
#include "param_count.h"
#include "recipe.h"
#include "tokenizer/tokenizer_facts.h"
#include "estimates/memory_report.h"
#include "design/reports.h"
#include "share_link.h"

namespace ma::api {
namespace {

template <typename Fn>
Result guarded(Fn&& fn) {
    Result r;
    try {
        r.body = fn();
        r.ok = true;
    } catch (const Error& e) {
        r.error_code = error_code_name(e.code());
        r.error_where = e.where();
        r.error_message = e.what();
    } catch (const std::exception& e) {
        // Anything else is a defect in the core; still never abort the module.
        r.error_code = "internal";
        r.error_message = std::string("internal error: ") + e.what();
    }
    return r;
}

// Errors found after reading a file (a count that overflows, a layout that does not
// divide) still name the file.
template <typename Fn>
auto naming_file(const std::string& file, Fn&& fn) {
    try {
        return fn();
    } catch (const Error& e) {
        if (e.where().rfind(file, 0) == 0) throw;
        throw Error(e.code(), file + ": " + e.where(), e.message());
    }
}

void require_format(const std::string& format) {
    if (format != "json" && format != "text")
        throw Error(ErrorCode::invalid_value, "format", "'" + format + "' is not json or text");
}

}  // namespace

Result count_params(const std::string& config_text, const std::string& file_name, const std::string& format) {
    return guarded([&] {
        require_format(format);
        const ConfigRead read = read_hf_config(config_text, file_name);
        const ParamCount count = naming_file(file_name, [&] { return count_parameters(read.spec); });
        if (format == "text") return count_text(read.spec, count);
        nlohmann::json j = count_json(read.spec, count);
        j["defaulted_fields"] = read.defaulted;
        j["ignored_fields"] = read.ignored;
        return j.dump(2) + "\n";
    });
}

Result read_tokenizer(const std::vector<InputFile>& files, const std::string& format, int64_t context) {
    return guarded([&] {
        require_format(format);
        const TokenizerFacts facts = ma::read_tokenizer(files);
        std::vector<ContextCheck> checks;
        if (context < 0) throw Error(ErrorCode::invalid_value, "context", "must be positive, got " + std::to_string(context));
        if (context > 0) checks = check_context_length(context, facts.model_max_length, facts.sequence_lengths);
        if (format == "text") {
            std::string text = to_text(facts);
            for (const auto& c : checks) text += "context " + c.level + ": " + c.message + "\n";
            return text;
        }
        nlohmann::json j = to_json(facts);
        if (context > 0) {
            j["context_checks"] = nlohmann::json::array();
            for (const auto& c : checks) j["context_checks"].push_back({{"level", c.level}, {"message", c.message}});
        }
        return j.dump(2) + "\n";
    });
}

bool is_tokenizer_input_name(const std::string& name) { return ma::is_tokenizer_input_name(name); }

Result estimate_memory(const std::string& config_text, const std::string& file_name, const std::string& options,
                       const std::string& format) {
    return guarded([&] {
        require_format(format);
        const ConfigRead read = read_hf_config(config_text, file_name);
        const nlohmann::json parsed = parse_json(options.empty() ? "{}" : options, "options");
        naming_file(file_name, [&] { return count_parameters(read.spec); });
        const MemoryReport report = memory_report(read.spec, parsed);
        return format == "text" ? to_text(report) : to_json(report).dump(2) + "\n";
    });
}

namespace {

nlohmann::json design_output(const DesignRequest& request, const std::optional<TokenizerFacts>& facts) {
    const Design d = run_design(request, facts);
    nlohmann::json out;
    out["summary"] = design_summary(d);
    out["files"]["architecture_report.md"] = architecture_report(d);
    out["files"]["capacity_plan.md"] = capacity_plan(d);
    try {
        out["files"]["config.json"] = design_config_json(d);
        out["config_error"] = nullptr;
    } catch (const Error& e) {
        out["files"]["config.json"] = nullptr;
        out["config_error"] = e.what();
    }
    return out;
}

}  // namespace

Result design(const std::vector<InputFile>& files, const std::string& request_text) {
    return guarded([&] {
        const DesignRequest request = design_request_from_json(parse_json(request_text.empty() ? "{}" : request_text, "design request"), "design");
        std::optional<TokenizerFacts> facts;
        if (!files.empty()) facts = ma::read_tokenizer(files);
        return design_output(request, facts).dump(2) + "\n";
    });
}

Result design_state(const std::vector<InputFile>& files, const std::string& state_text) {
    return guarded([&] {
        const nlohmann::json state = normalize_state(parse_json(state_text, "state"), "state");
        const DesignRequest request = design_request_from_json(state["request"], "request");
        std::optional<TokenizerFacts> facts;
        nlohmann::json warnings = nlohmann::json::array();
        if (!files.empty()) {
            facts = ma::read_tokenizer(files);
            if (!state["tokenizer"].is_null() && state["tokenizer"]["fingerprint"] != facts->fingerprint)
                warnings.push_back("the loaded tokenizer files (" + facts->fingerprint.substr(0, 19) + "...) differ from the tokenizer this design was shared with (" +
                                   state["tokenizer"]["fingerprint"].get<std::string>().substr(0, 19) + "...): the design now uses the loaded files");
        } else if (!state["tokenizer"].is_null()) {
            facts = facts_from_link(state["tokenizer"]);
        }
        nlohmann::json out = design_output(request, facts);
        out["tokenizer"] = facts ? to_json(*facts) : nlohmann::json(nullptr);
        out["warnings"] = warnings;
        nlohmann::json normalized = {{"request", state["request"]}, {"tokenizer", facts ? link_facts(*facts) : nlohmann::json(nullptr)}};
        out["state"] = normalized;
        out["share"] = ma::share_encode(normalized);
        return out.dump(2) + "\n";
    });
}

Result share_encode(const std::string& state) {
    return guarded([&] { return ma::share_encode(parse_json(state, "state")); });
}

Result share_decode(const std::string& fragment) {
    return guarded([&] { return ma::share_decode(fragment).dump(2) + "\n"; });
}

Result design_seed(const std::string& config_text, const std::string& file_name) {
    return guarded([&] {
        const ConfigRead read = read_hf_config(config_text, file_name);
        const ArchSpec& s = read.spec;
        const Recipe recipe = recipe_for_spec(s);
        nlohmann::json request = {{"params", double(naming_file(file_name, [&] { return count_parameters(s); }).total)},
                                  {"context", s.max_position_embeddings}, {"recipe", to_json(recipe)}};
        if (recipe.sliding_window && s.sliding_window) request["sliding_window"] = *s.sliding_window;
        if (recipe.moe) {
            request["num_local_experts"] = s.num_local_experts;
            request["num_experts_per_tok"] = s.num_experts_per_tok;
        }
        design_request_from_json(request, "seed");  // what the page will send must be valid
        return nlohmann::json{{"request", request}}.dump(2) + "\n";
    });
}

Result list_gpus() {
    return guarded([] {
        nlohmann::json out = nlohmann::json::array();
        for (const Gpu& g : gpu_catalog())
            out.push_back({{"id", g.id}, {"name", g.name}, {"memory_bytes", g.memory_bytes},
                           {"bf16_flops", g.bf16_flops}, {"bandwidth", g.bandwidth}, {"source", g.source}});
        return out.dump(2) + "\n";
    });
}

Result list_families() {
    return guarded([] {
        nlohmann::json out = nlohmann::json::array();
        for (const Family& f : families())
            out.push_back({{"model_type", f.model_type}, {"architecture", f.architecture},
                           {"summary", f.summary}, {"defaults", f.defaults}});
        return out.dump(2) + "\n";
    });
}

}  // namespace ma::api
