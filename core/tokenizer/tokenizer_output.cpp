// Tokenizer facts as JSON (--json, the page) and as text (the terminal).
#include "tokenizer_facts.h"

namespace ma {

nlohmann::json to_json(const TokenizerFacts& f) {
    using nlohmann::json;
    auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    json files = json::array();
    for (const auto& s : f.files) files.push_back({{"name", s.name}, {"bytes", s.bytes}, {"role", s.role}, {"read", s.read}});
    json out = {
        {"files", files},
        {"ignored_files", f.ignored_files},
        {"model_type", f.model_type},
        {"byte_level", f.byte_level},
        {"base_vocab_size", f.base_vocab_size},
        {"added_tokens", f.added_tokens},
        {"tokenizer_size", f.tokenizer_size},
        {"distinct_ids", f.distinct_ids},
        {"hf_len", f.hf_len},
        {"model_max_length", opt(f.model_max_length)},
        {"model_max_length_note", f.model_max_length_note},
        {"fingerprint", f.fingerprint},
        {"notes", f.notes},
    };
    for (const char* role : kSpecialRoles) {
        const SpecialTokenFact& s = f.special(role);
        out[std::string(role) + "_token"] = opt(s.content);
        out[std::string(role) + "_token_id"] = opt(s.id);
        out[std::string(role) + "_token_source"] = s.source;
        if (!s.note.empty()) out[std::string(role) + "_token_note"] = s.note;
    }
    json padding = json::object();
    if (f.tokenizer_size > 0)
        for (int64_t m : {1, 64, 128, 256}) padding[std::to_string(m)] = padded_vocab_size(f.tokenizer_size, m);
    out["vocab_size_padded"] = padding;
    if (f.sequence_lengths) {
        const auto& l = *f.sequence_lengths;
        json p = json::object();
        for (const auto& [k, v] : l.percentiles) p["p" + std::to_string(k)] = v;
        out["sequence_lengths"] = {{"file", l.file}, {"percentiles", p}, {"max", opt(l.max)}, {"mean", opt(l.mean)},
                                   {"bytes_per_token", opt(l.bytes_per_token)}, {"from_histogram", l.from_histogram}};
    } else {
        out["sequence_lengths"] = nullptr;
    }
    return out;
}

std::string to_text(const TokenizerFacts& f) {
    std::string out = "files:\n";
    for (const auto& s : f.files) out += "  " + s.name + " (" + s.role + "): " + s.read + "\n";
    for (const auto& s : f.ignored_files) out += "  " + s + ": not a tokenizer file, ignored\n";
    out += "model: " + f.model_type + (f.byte_level ? " (byte-level)" : "") + "\n";
    out += "tokenizer size: " + std::to_string(f.tokenizer_size) + " (largest id + 1; " + std::to_string(f.distinct_ids) +
           " ids used, " + std::to_string(f.added_tokens) + " added tokens)\n";
    out += "vocab_size padded to 128: " + std::to_string(f.tokenizer_size > 0 ? padded_vocab_size(f.tokenizer_size, 128) : 0) + "\n";
    for (const char* role : kSpecialRoles) {
        const SpecialTokenFact& s = f.special(role);
        out += std::string(role) + "_token_id: ";
        out += s.id ? std::to_string(*s.id) + " '" + *s.content + "' (" + s.source + ")" : "null (" + s.note + ")";
        out += "\n";
    }
    out += "model_max_length: " + (f.model_max_length ? std::to_string(*f.model_max_length) : "null (" + f.model_max_length_note + ")") + "\n";
    out += "fingerprint: " + f.fingerprint + "\n";
    for (const auto& n : f.notes) out += "note: " + n + "\n";
    return out;
}

nlohmann::json to_json(const TokenizerFacts& facts, const std::vector<ContextCheck>& checks, bool with_checks) {
    nlohmann::json j = to_json(facts);
    nlohmann::json added = nlohmann::json::array();
    for (const auto& a : facts.added_ids)
        added.push_back({{"content", a.content}, {"id", a.id}, {"declared_id", a.declared_id}, {"special", a.special}});
    j["added_token_ids"] = added;
    if (!with_checks) return j;
    j["context_checks"] = nlohmann::json::array();
    for (const auto& c : checks) j["context_checks"].push_back({{"level", c.level}, {"message", c.message}});
    return j;
}

std::string to_text(const TokenizerFacts& facts, const std::vector<ContextCheck>& checks) {
    std::string text = to_text(facts);
    for (const auto& c : checks) text += "context " + c.level + ": " + c.message + "\n";
    return text;
}

}  // namespace ma
