// Special tokens: the added tokens checked against each other and the
// vocabularies, and each role (bos, eos, pad, unk) resolved from its
// declarations to an id, or null with the reason.
#include "special_tokens.h"

#include <map>

#include "../error.h"

namespace ma {
namespace {

// Every id the declared text has, over added tokens and vocabularies, with where each came from.
std::vector<std::pair<int64_t, std::string>> ids_of(const TokenizerSources& src, const std::string& content) {
    std::vector<std::pair<int64_t, std::string>> ids;
    for (const AddedToken& a : src.added)
        if (a.content == content) ids.emplace_back(a.id, a.source);
    for (const Vocabulary& v : src.vocabularies)
        if (auto id = v.id_of(content)) ids.emplace_back(*id, v.file());
    return ids;
}

}  // namespace

void check_added_tokens(const TokenizerSources& src) {
    std::map<int64_t, const AddedToken*> by_id;
    std::map<std::string, const AddedToken*> by_content;
    for (const AddedToken& a : src.added) {
        // tokenizers reads declared ids as u32 (then renumbers them); other files' ids are used as they are.
        const int64_t limit = a.loaded ? 4294967295LL : kMaxTokenId;
        if (a.declared_id < 0 || a.declared_id > limit)
            throw Error(ErrorCode::invalid_value, a.source, "id " + std::to_string(a.declared_id) + " is outside 0.." + std::to_string(limit));
        if (a.id > kMaxTokenId)
            throw Error(ErrorCode::invalid_value, a.source, "id " + std::to_string(a.id) + " is outside 0.." + std::to_string(kMaxTokenId));
        auto [it, fresh] = by_id.emplace(a.id, &a);
        if (!fresh && it->second->content != a.content)
            throw Error(ErrorCode::conflict, a.source,
                        "id " + std::to_string(a.id) + " is '" + a.content + "' here but '" + it->second->content + "' in " + it->second->source);
        auto [jt, fresh_content] = by_content.emplace(a.content, &a);
        if (!fresh_content && jt->second->id != a.id)
            throw Error(ErrorCode::conflict, a.source,
                        "'" + a.content + "' has id " + std::to_string(a.id) + " here but " + std::to_string(jt->second->id) + " in " + jt->second->source);
        if (a.loaded) continue;  // HF's own ids: a gap collision is noted, not refused (added_vocabulary.cpp)
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
        if (ids.empty() && src.model_unk && decl->source == src.model_unk->source) {
            // tokenizers loads a model whose unk_token is not a piece (it fails only when encoding needs it).
            f.note = decl->source + " names '" + decl->content + "', which is no piece of the vocabulary: no unknown-token id";
            return f;
        }
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


}  // namespace ma
