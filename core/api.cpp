#include "api.h"

#include "built_once.h"
#include "corpus/corpus_session.h"
#include "design/page_state.h"
#include "design/reports.h"
#include "design/seed.h"
#include "design/share_link.h"
#include "design/summary.h"
#include "error.h"
#include "estimates/memory_report.h"
#include "handle_registry.h"
#include "json_fields.h"
#include "model/count_report.h"
#include "model/family.h"
#include "model/hf_config.h"
#include "model/param_count.h"
#include "options/schema.h"
#include "tokenizer/tokenizer_facts.h"
#include "tokenizer/tokenizer_stream.h"

#include <utility>

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
        r.error_text = e.message();
    } catch (const std::exception& e) {
        // Anything else is a defect in the core; still never abort the module.
        r.error_code = "internal";
        r.error_message = std::string("internal error: ") + e.what();
        r.error_text = r.error_message;
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

// The CLI's JSON, indented. (What the page parses on every change, design_state's, is compact
// text from the writers: indenting a design's ~40 KB cost a tenth of the call.)
std::string json_text(const nlohmann::json& j) { return j.dump(2) + "\n"; }

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
        return json_text(j);
    });
}

Result read_tokenizer(const std::vector<InputFile>& files, const std::string& format, int64_t context) {
    return guarded([&] {
        require_format(format);
        if (context < 0) throw Error(ErrorCode::invalid_value, "context", "must be positive, got " + std::to_string(context));
        const TokenizerFacts facts = ma::read_tokenizer(files);
        const auto checks = context > 0 ? check_context_length(context, facts.model_max_length, facts.sequence_lengths)
                                        : std::vector<ContextCheck>{};
        return format == "text" ? to_text(facts, checks) : json_text(to_json(facts, checks, context > 0));
    });
}

bool is_tokenizer_input_name(const std::string& name) { return ma::is_tokenizer_input_name(name); }

MA_ON_DEMAND Result estimate_memory(const std::string& config_text, const std::string& file_name, const std::string& options,
                       const std::string& format) {
    return guarded([&] {
        require_format(format);
        const ConfigRead read = read_hf_config(config_text, file_name);
        const MemoryOptions parsed = memory_options_from_json(parse_json(options.empty() ? "{}" : options, "options"), "options");
        const MemoryReport report = naming_file(file_name, [&] { return memory_report(read.spec, parsed); });
        return format == "text" ? to_text(report) : json_text(to_json(report));
    });
}

Result design(const std::vector<InputFile>& files, const std::string& request_text) {
    return guarded([&] {
        const DesignRequest request = design_request_from_json(parse_json(request_text.empty() ? "{}" : request_text, "design request"), "design");
        std::optional<TokenizerFacts> facts;
        if (!files.empty()) facts = ma::read_tokenizer(files);
        return json_text(nlohmann::json::parse(design_output(run_design(request, facts))));
    });
}

Result design_state(const std::vector<InputFile>& files, const std::string& state_text) {
    return guarded([&] { return ma::design_state(files, parse_json(state_text, "state")); });
}

Result corpus_open(const std::vector<InputFile>& tokenizer_files, const std::string& options) {
    return guarded([&] {
        const int id = open_corpus_session(tokenizer_files, options.empty() ? nlohmann::json(nullptr) : parse_json(options, "corpus options"));
        const CorpusSession& s = corpus_session(id);
        return nlohmann::json({{"session", id}, {"model_type", s.encoder().model_type()}, {"notes", s.encoder().notes()}}).dump();
    });
}

Result corpus_feed(int session, const std::string& file, const std::string& chunk, bool last) {
    return guarded([&] {
        CorpusSession& s = corpus_session(session);
        s.feed(file, chunk, last);
        const CorpusSummary& m = s.stats().summary;
        return nlohmann::json({{"documents", s.stats().tokens_per_document.size()}, {"tokens", m.tokens}, {"bytes", m.file_bytes}}).dump();
    });
}

Result corpus_finish(int session, const std::string& format, const std::string& request_text) {
    return guarded([&] {
        require_format(format);
        const nlohmann::json r = request_text.empty() ? nlohmann::json::object() : parse_json(request_text, "corpus request");
        const CorpusStats stats = corpus_session(session).finish();
        FullCorpus full;
        std::optional<int64_t> context;
        if (r.contains("corpus_bytes")) full.bytes = double(as_int_in(r["corpus_bytes"], "corpus_bytes", 1, int64_t(1) << 62));
        if (r.contains("corpus_documents")) full.documents = double(as_int_in(r["corpus_documents"], "corpus_documents", 1, int64_t(1) << 50));
        if (r.contains("context")) context = as_int_in(r["context"], "context", 1, int64_t(1) << 24);
        std::vector<ContextCheck> checks;
        if (context) {
            checks = check_context_length(*context, std::nullopt, to_sequence_lengths(stats.summary));
            if (const auto share = share_over_context(stats.summary, *context)) checks.push_back({"note", *share});
        }
        if (format == "text") {
            std::string out = corpus_markdown(stats.summary, full, context);
            for (const ContextCheck& c : checks) out += "\n" + c.level + ": " + c.message;
            for (const std::string& n : stats.notes) out += "\nnote: " + n;
            return out + "\n";
        }
        nlohmann::json j = to_json(stats, full);
        j["display"] = corpus_display(stats.summary, full, context);
        nlohmann::json cj = nlohmann::json::array();
        for (const ContextCheck& c : checks) cj.push_back({{"level", c.level}, {"message", c.message}});
        j["context_checks"] = cj;
        return json_text(j);
    });
}

Result corpus_encode(int session, const std::string& text) {
    return guarded([&] { return nlohmann::json(corpus_session(session).encode(text)).dump(); });
}

void corpus_close(int session) { close_corpus_session(session); }

namespace {
HandleRegistry<TokenizerFacts>& loaded_tokenizers() {
    static HandleRegistry<TokenizerFacts> loaded("loaded tokenizer");
    return loaded;
}
HandleRegistry<TokenizerStream>& tokenizer_streams() {
    static HandleRegistry<TokenizerStream> streams("open tokenizer stream");
    return streams;
}
}  // namespace

Result tokenizer_open(const std::vector<InputFile>& files) {
    return guarded([&] {
        return nlohmann::json({{"handle", loaded_tokenizers().add(read_tokenizer(files))}}).dump();
    });
}

Result design_state_loaded(int handle, const std::string& state_text, const std::string& reports) {
    return guarded([&] {
        const TokenizerFacts* facts = handle != 0 ? &loaded_tokenizers().at(handle) : nullptr;
        const ReportChoice choice = reports.empty() ? ReportChoice{} : report_choice_from_json(parse_json(reports, "reports"), "reports");
        return ma::design_state(facts, parse_json(state_text, "state"), choice);
    });
}

void tokenizer_close(int handle) { loaded_tokenizers().remove(handle); }

Result tokenizer_stream_open(const std::string& files_text) {
    return guarded([&] {
        const nlohmann::json files = parse_json(files_text, "files");
        if (!files.is_array()) throw Error(ErrorCode::wrong_type, "files", "expected an array of {name, size}");
        std::vector<TokenizerStream::Expected> expected;
        for (size_t i = 0; i < files.size(); ++i) {
            const std::string at = "files[" + std::to_string(i) + "]";
            require_object(files[i], at);
            expected.push_back({as_string(files[i].value("name", nlohmann::json()), at + ".name"),
                                uint64_t(as_int_in(files[i].value("size", nlohmann::json()), at + ".size", 0, INT64_MAX))});
        }
        TokenizerStream stream(std::move(expected));
        nlohmann::json order = nlohmann::json::array();
        for (const auto& f : stream.order()) order.push_back(f.name);
        return nlohmann::json({{"session", tokenizer_streams().add(std::move(stream))}, {"order", order}}).dump();
    });
}

Result tokenizer_stream_feed(int session, const std::string& name, const std::string& chunk) {
    return guarded([&] {
        tokenizer_streams().at(session).feed(name, chunk);
        return std::string();
    });
}

Result tokenizer_stream_finish(int session) {
    return guarded([&] {
        TokenizerStream stream = tokenizer_streams().take(session);  // gone whether its files read or not
        return nlohmann::json({{"handle", loaded_tokenizers().add(stream.finish())}}).dump();
    });
}

void tokenizer_stream_close(int session) { tokenizer_streams().remove(session); }

Result share_encode(const std::string& state) {
    return guarded([&] { return ma::share_encode(parse_json(state, "state")); });
}

Result share_decode(const std::string& fragment) {
    return guarded([&] { return json_text(ma::share_decode(fragment)); });
}

Result design_seed(const std::string& config_text, const std::string& file_name) {
    return guarded([&] {
        const nlohmann::json config = parse_json(config_text, file_name);
        const ConfigRead read = read_hf_config_json(config, file_name);
        return json_text({{"request", naming_file(file_name, [&] { return seed_request(config, read.spec); })}});
    });
}

Result list_gpus() {
    return guarded([] {
        nlohmann::json out = nlohmann::json::array();
        for (const Gpu& g : gpu_catalog()) out.push_back(to_json(g));
        return json_text(out);
    });
}

Result list_families() {
    return guarded([] {
        nlohmann::json out = nlohmann::json::array();
        for (const Family& f : families())
            out.push_back({{"model_type", f.model_type}, {"architecture", f.architecture}, {"summary", f.summary},
                           {"source", f.source}, {"defaults", f.defaults}});
        return json_text(out);
    });
}

Result describe_options() {
    return guarded([] { return json_text(ma::describe_options()); });
}

}  // namespace ma::api
