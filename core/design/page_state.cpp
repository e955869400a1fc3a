#include "page_state.h"

#include "../error.h"
#include "../json_writer.h"
#include "../tokenizer/tokenizer_facts.h"
#include "design_request.h"
#include "designer.h"
#include "share_link.h"
#include "summary.h"

namespace ma {

std::string design_state(const std::vector<InputFile>& files, const nlohmann::json& input) {
    if (files.empty()) return design_state(nullptr, input);
    const TokenizerFacts facts = read_tokenizer(files);
    return design_state(&facts, input);
}

ReportChoice report_choice_from_json(const nlohmann::json& names, const std::string& where) {
    if (!names.is_array()) throw Error(ErrorCode::invalid_value, where, "must be an array of report names");
    ReportChoice c{false, false};
    for (const auto& n : names) {
        const std::string name = n.is_string() ? n.get<std::string>() : n.dump();
        if (name == kArchitectureReport) c.architecture = true;
        else if (name == kCapacityPlan) c.capacity = true;
        else throw Error(ErrorCode::invalid_value, where, "'" + name + "' is not a report (" + kArchitectureReport + " or " + kCapacityPlan + ")");
    }
    return c;
}

std::string design_state(const TokenizerFacts* loaded, const nlohmann::json& input, ReportChoice reports) {
    const ReadState read = read_state(input, "state");
    const nlohmann::json& state = read.normalized;
    const DesignRequest& request = read.request;
    std::optional<TokenizerFacts> facts;
    nlohmann::json warnings = nlohmann::json::array();
    if (loaded) {
        facts = *loaded;
        if (!state["tokenizer"].is_null() && state["tokenizer"]["fingerprint"] != facts->fingerprint)
            warnings.push_back("the loaded tokenizer files (" + facts->fingerprint.substr(0, 19) + "...) differ from the tokenizer this design was shared with (" +
                               state["tokenizer"]["fingerprint"].get<std::string>().substr(0, 19) + "...): the design now uses the loaded files");
    } else if (!state["tokenizer"].is_null()) {
        facts = facts_from_link(state["tokenizer"]);
    }
    if (!state["corpus"].is_null() && facts) {
        facts->corpus = corpus_summary_from_json(state["corpus"], "state.corpus");
        if (facts->corpus->tokenizer_fingerprint != facts->fingerprint)
            warnings.push_back("the corpus statistics were counted with another tokenizer (" + facts->corpus->tokenizer_fingerprint.substr(0, 19) +
                               "...) than the one loaded: tokenize the sample again");
    }
    const Design design = run_design(request, facts);
    const nlohmann::json normalized = {{"request", state["request"]}, {"tokenizer", facts ? link_facts(*facts) : nlohmann::json(nullptr)},
                                       {"corpus", facts && facts->corpus ? to_json(*facts->corpus) : nlohmann::json(nullptr)}};
    JsonObjectText out;
    add_design_output(out, design, reports);
    out.add("corpus", facts && facts->corpus
                          ? corpus_display(*facts->corpus, {design.request.corpus_bytes, design.request.corpus_documents}, design.context)
                          : nlohmann::json(nullptr))
        .add("tokenizer", facts ? to_json(*facts) : nlohmann::json(nullptr)).add("warnings", warnings).add("state", normalized)
        .add("share", share_encode_read(normalized));
    return out.text();
}

}  // namespace ma
