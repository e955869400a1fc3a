#include "tokenizer_facts.h"

#include <algorithm>
#include <set>

#include "../error.h"
#include "blake2b.h"

namespace ma {
namespace {

constexpr int64_t kMaxTokenId = 2147483646;  // token ids are int32 in every tokenizer library

enum class FileKind { tokenizer_json, tokenizer_config, special_tokens_map, vocab_json, merges, vocab_txt,
                      sentencepiece, lengths_json, report_md, other };

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

FileKind classify(const std::string& name) {
    if (name == "tokenizer.json") return FileKind::tokenizer_json;
    if (name == "tokenizer_config.json") return FileKind::tokenizer_config;
    if (name == "special_tokens_map.json") return FileKind::special_tokens_map;
    if (name == "vocab.json") return FileKind::vocab_json;
    if (name == "merges.txt") return FileKind::merges;
    if (name == "vocab.txt") return FileKind::vocab_txt;
    if (ends_with(name, ".model")) return FileKind::sentencepiece;
    if (ends_with(name, ".json") && name.find("length") != std::string::npos) return FileKind::lengths_json;
    if (name == "tokenizer_report.md") return FileKind::report_md;
    return FileKind::other;
}

bool is_tokenizer_file(FileKind k) {
    return k != FileKind::lengths_json && k != FileKind::report_md && k != FileKind::other;
}

std::string file_list(const std::vector<FileSummary>& files) {
    std::string s;
    for (const auto& f : files) s += (s.empty() ? "" : ", ") + f.name;
    return s.empty() ? "none" : s;
}

// Every id the declared text has, over added tokens and vocabularies, with where each came from.
std::vector<std::pair<int64_t, std::string>> ids_of(const TokenizerSources& src, const std::string& content) {
    std::vector<std::pair<int64_t, std::string>> ids;
    for (const AddedToken& a : src.added)
        if (a.content == content) ids.emplace_back(a.id, a.source);
    for (const Vocabulary& v : src.vocabularies)
        if (auto id = v.id_of(content)) ids.emplace_back(*id, v.file());
    return ids;
}

void check_added_tokens(const TokenizerSources& src) {
    std::map<int64_t, const AddedToken*> by_id;
    std::map<std::string, const AddedToken*> by_content;
    for (const AddedToken& a : src.added) {
        if (a.id < 0 || a.id > kMaxTokenId)
            throw Error(ErrorCode::invalid_value, a.source, "id " + std::to_string(a.id) + " is outside 0.." + std::to_string(kMaxTokenId));
        auto [it, fresh] = by_id.emplace(a.id, &a);
        if (!fresh && it->second->content != a.content)
            throw Error(ErrorCode::conflict, a.source,
                        "id " + std::to_string(a.id) + " is '" + a.content + "' here but '" + it->second->content + "' in " + it->second->source);
        auto [jt, fresh_content] = by_content.emplace(a.content, &a);
        if (!fresh_content && jt->second->id != a.id)
            throw Error(ErrorCode::conflict, a.source,
                        "'" + a.content + "' has id " + std::to_string(a.id) + " here but " + std::to_string(jt->second->id) + " in " + jt->second->source);
        for (const Vocabulary& v : src.vocabularies) {
            const auto piece = v.piece_of(a.id);
            if (piece && *piece != a.content)
                throw Error(ErrorCode::conflict, a.source,
                            "added token '" + a.content + "' has id " + std::to_string(a.id) + ", which " + v.file() +
                                " gives to a different piece '" + std::string(piece->substr(0, 60)) + "'");
        }
    }
}

SpecialTokenFact resolve_role(const TokenizerSources& src, const std::string& role, const std::string& read) {
    SpecialTokenFact f;
    f.role = role;
    const auto map_it = src.from_map.find(role);
    const auto cfg_it = src.from_config.find(role);
    std::optional<TokenDeclaration> decl;
    if (map_it != src.from_map.end()) decl = map_it->second;
    if (cfg_it != src.from_config.end()) {
        if (decl && decl->content != cfg_it->second.content)
            throw Error(ErrorCode::conflict, decl->source,
                        "'" + decl->content + "' disagrees with " + cfg_it->second.source + " '" + cfg_it->second.content + "'");
        if (!decl) decl = cfg_it->second;
    }
    if (!decl && role == "unk" && src.model_unk) decl = src.model_unk;

    if (decl) {
        const auto ids = ids_of(src, decl->content);
        if (ids.empty())
            throw Error(ErrorCode::invalid_value, decl->source,
                        "declares " + role + " token '" + decl->content + "', which is in no vocabulary (read: " + read + ")");
        for (const auto& [id, where] : ids)
            if (id != ids.front().first)
                throw Error(ErrorCode::conflict, decl->source,
                            "'" + decl->content + "' has id " + std::to_string(ids.front().first) + " in " + ids.front().second +
                                " but " + std::to_string(id) + " in " + where);
        f.content = decl->content;
        f.id = ids.front().first;
        f.source = decl->source;
        return f;
    }
    if (auto sp = src.sentencepiece_ids.find(role); sp != src.sentencepiece_ids.end()) {
        f.id = sp->second;
        for (const Vocabulary& v : src.vocabularies)
            if (auto piece = v.piece_of(sp->second)) { f.content = std::string(*piece); break; }
        f.source = "tokenizer.model: trainer_spec." + role + "_id";
        return f;
    }
    // Null, with the reason.
    if (role == "unk" && src.byte_level)
        f.note = "byte-level BPE has no unknown token: every byte has an id";
    else if (role == "unk" && src.byte_fallback)
        f.note = "no unknown token declared; byte fallback covers unseen characters";
    else if (role == "pad")
        f.note = "no file declares a pad token (Llama 2 and 3 have none): pack sequences or mask padded positions with the attention mask";
    else if (role == "bos")
        f.note = "no file declares a bos token (Qwen tokenizers have none): sequences start without one";
    else if (role == "eos")
        f.note = "no file declares an eos token: a model config needs one to end generation";
    else
        f.note = "no file declares an " + role + " token";
    return f;
}

}  // namespace

bool is_tokenizer_input_name(const std::string& name) { return classify(name) != FileKind::other; }

const SpecialTokenFact& TokenizerFacts::special(const std::string& role) const {
    if (role == "bos") return bos;
    if (role == "eos") return eos;
    if (role == "pad") return pad;
    return unk;
}

SpecialTokenFact& TokenizerFacts::special(const std::string& role) {
    return const_cast<SpecialTokenFact&>(static_cast<const TokenizerFacts&>(*this).special(role));
}

TokenizerFacts read_tokenizer(const std::vector<InputFile>& files) {
    TokenizerSources src;
    TokenizerFacts facts;
    std::set<std::string> seen;
    std::vector<const InputFile*> tokenizer_files;
    bool has_merges = false, has_vocab_json = false;

    // Small declaration files first so their notes come first; order does not change the result.
    std::vector<const InputFile*> ordered;
    for (const InputFile& f : files) ordered.push_back(&f);
    std::stable_sort(ordered.begin(), ordered.end(), [](const InputFile* a, const InputFile* b) {
        return classify(a->name) < classify(b->name);
    });

    for (const InputFile* f : ordered) {
        if (!seen.insert(f->name).second)
            throw Error(ErrorCode::conflict, f->name, "two files have this name; give one folder's files at a time");
        const FileKind kind = classify(f->name);
        switch (kind) {
            case FileKind::tokenizer_json: read_tokenizer_json(*f, src); break;
            case FileKind::tokenizer_config: read_tokenizer_config_json(*f, src); break;
            case FileKind::special_tokens_map: read_special_tokens_map_json(*f, src); break;
            case FileKind::vocab_json: read_vocab_json(*f, src); has_vocab_json = true; break;
            case FileKind::merges: read_merges_txt(*f, src); has_merges = true; break;
            case FileKind::vocab_txt: read_vocab_txt(*f, src); break;
            case FileKind::sentencepiece: read_sentencepiece_model(*f, src); break;
            case FileKind::lengths_json:
                facts.sequence_lengths = read_sequence_lengths_json(*f);
                src.files.push_back({f->name, f->bytes.size(), "sequence-length analysis", "token-length statistics"});
                break;
            case FileKind::report_md:
                if (auto lengths = read_tokenizer_report_md(*f)) {
                    if (!facts.sequence_lengths) facts.sequence_lengths = lengths;
                    src.files.push_back({f->name, f->bytes.size(), "tokenizer report", "metrics table read"});
                } else {
                    src.files.push_back({f->name, f->bytes.size(), "tokenizer report", "no metrics table could be read reliably; ignored"});
                }
                break;
            case FileKind::other: facts.ignored_files.push_back(f->name); break;
        }
        if (is_tokenizer_file(kind)) tokenizer_files.push_back(f);
    }
    if (has_merges && !has_vocab_json)
        throw Error(ErrorCode::missing_input, "merges.txt", "merges.txt needs the vocab.json written beside it");
    if (src.vocabularies.empty() && src.added.empty()) {
        std::string given = file_list(src.files);
        throw Error(ErrorCode::missing_input, "tokenizer",
                    "no tokenizer vocabulary among the files (read: " + given +
                        "); provide tokenizer.json, vocab.json + merges.txt, vocab.txt or a SentencePiece tokenizer.model: "
                        "the model's vocab_size and special token ids come from it");
    }

    check_added_tokens(src);
    const std::string read = file_list(src.files);

    // Size: largest id + 1; distinct ids show gaps.
    std::vector<int64_t> ids;
    for (const Vocabulary& v : src.vocabularies) {
        if (v.max_id() > kMaxTokenId)
            throw Error(ErrorCode::invalid_value, v.file(), "id " + std::to_string(v.max_id()) + " is beyond " + std::to_string(kMaxTokenId));
        v.for_each_id([&](int64_t id) { ids.push_back(id); });
    }
    std::set<std::string> added_contents;
    for (const AddedToken& a : src.added) {
        ids.push_back(a.id);
        added_contents.insert(a.content);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    facts.tokenizer_size = ids.empty() ? 0 : ids.back() + 1;
    facts.distinct_ids = ids.size();
    facts.base_vocab_size = src.vocabularies.empty() ? 0 : src.vocabularies.front().size();
    facts.added_tokens = added_contents.size();
    if (facts.distinct_ids < static_cast<uint64_t>(facts.tokenizer_size))
        facts.notes.push_back(std::to_string(facts.tokenizer_size - static_cast<int64_t>(facts.distinct_ids)) +
                              " ids below the largest are unused (gaps); the embedding still needs a row for each");

    facts.bos = resolve_role(src, "bos", read);
    facts.eos = resolve_role(src, "eos", read);
    facts.pad = resolve_role(src, "pad", read);
    facts.unk = resolve_role(src, "unk", read);

    facts.model_max_length = src.model_max_length;
    if (src.model_max_length_sentinel)
        facts.model_max_length_note = "tokenizer_config.json has the 'unset' sentinel (~1e30): no limit from the tokenizer";
    else if (!src.model_max_length)
        facts.model_max_length_note = "no file sets model_max_length";

    // Fingerprint over the tokenizer files only (not reports), by name.
    std::sort(tokenizer_files.begin(), tokenizer_files.end(),
              [](const InputFile* a, const InputFile* b) { return a->name < b->name; });
    Blake2b256 hash;
    for (const InputFile* f : tokenizer_files) {
        hash.update(f->name);
        hash.update(std::string(1, '\0'));
        hash.update(std::to_string(f->bytes.size()));
        hash.update(std::string(1, '\0'));
        hash.update(f->bytes);
    }
    facts.fingerprint = "blake2b:" + hash.hex_digest();

    facts.files = src.files;
    facts.model_type = src.model_type;
    facts.byte_level = src.byte_level;
    for (const auto& n : src.notes) facts.notes.push_back(n);
    return facts;
}

int64_t padded_vocab_size(int64_t size, int64_t multiple) {
    if (multiple < 1) throw Error(ErrorCode::invalid_value, "vocab_multiple", "must be at least 1, got " + std::to_string(multiple));
    if (size < 1) throw Error(ErrorCode::invalid_value, "tokenizer_size", "must be at least 1, got " + std::to_string(size));
    if (size > INT64_MAX - multiple) throw Error(ErrorCode::overflow, "vocab_size", "padding overflows");
    return (size + multiple - 1) / multiple * multiple;
}

void require_config_ready(const TokenizerFacts& facts) {
    if (facts.files.empty())
        throw Error(ErrorCode::missing_input, "tokenizer",
                    "no tokenizer files were given: config.json needs the tokenizer's vocab_size and special token ids");
    if (!facts.eos.id)
        throw Error(ErrorCode::missing_input, "tokenizer",
                    "no file declares an eos token (read: " + file_list(facts.files) +
                        "): config.json needs eos_token_id to end generation; add eos_token to special_tokens_map.json or tokenizer_config.json");
}

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

}  // namespace ma
