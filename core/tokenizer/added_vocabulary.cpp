#include "added_vocabulary.h"

#include <algorithm>
#include <map>
#include <set>

namespace ma {
namespace {

bool from_file(const AddedToken& a, const std::string& file) { return a.source.compare(0, file.size() + 2, file + ": ") == 0; }

}  // namespace

void assign_loaded_ids(TokenizerSources& src) {
    if (!src.fast_vocab) return;
    const Vocabulary& model = src.vocabularies[*src.fast_vocab];
    const std::string fast_file = model.file();
    // Model::get_vocab_size(): the number of pieces, not the largest id + 1.
    const int64_t model_size = int64_t(model.size());
    std::map<std::string, int64_t> added;  // content -> id, as AddedVocabulary holds them
    std::optional<int64_t> largest;
    std::vector<AddedToken> kept;

    auto add = [&](AddedToken a) {
        if (added.count(a.content)) {
            src.notes.push_back(a.source + ": '" + a.content + "' is already an added token; HF tokenizers ignores this entry");
            return;
        }
        int64_t id;
        if (const auto in_model = model.id_of(a.content)) id = *in_model;
        else if (!largest) id = model_size;
        else id = (*largest >= model_size || model_size == 0) ? *largest + 1 : model_size;
        added[a.content] = id;
        largest = std::max(largest.value_or(id), id);
        if (id != a.declared_id)
            src.notes.push_back(a.source + ": '" + a.content + "' declares id " + std::to_string(a.declared_id) + ", but HF tokenizers loads it as " +
                                std::to_string(id) + " (added tokens take the next free id in file order); the model is built for " + std::to_string(id));
        if (const auto piece = model.piece_of(id); piece && *piece != a.content)
            src.notes.push_back(a.source + ": HF tokenizers gives '" + a.content + "' id " + std::to_string(id) + ", which the vocabulary also gives to '" +
                                std::string(piece->substr(0, 60)) + "' (the vocabulary has gaps): both decode to the added token");
        a.id = id;
        a.loaded = true;
        kept.push_back(std::move(a));
    };

    std::vector<AddedToken> from_config, others;
    for (AddedToken& a : src.added) {
        if (from_file(a, fast_file)) add(a);
        else if (a.source.find("added_tokens_decoder") != std::string::npos) from_config.push_back(a);
        else others.push_back(a);
    }
    // PreTrainedTokenizerFast: added_tokens_decoder sorted by index; an index that is already an added id is skipped.
    std::map<int64_t, size_t> fast_ids;  // id -> its token in `kept` (Gemma-3 declares 6,415 in both files)
    for (size_t i = 0; i < kept.size(); ++i) fast_ids.emplace(kept[i].id, i);
    std::sort(from_config.begin(), from_config.end(), [](const AddedToken& x, const AddedToken& y) { return x.declared_id < y.declared_id; });
    for (AddedToken& a : from_config) {
        if (const auto it = fast_ids.find(a.declared_id); it != fast_ids.end()) {
            const AddedToken& same = kept[it->second];
            if (same.content != a.content)
                src.notes.push_back(a.source + ": '" + a.content + "' is ignored: id " + std::to_string(a.declared_id) + " is already '" + same.content +
                                    "' in " + fast_file + ", which transformers keeps");
            continue;
        }
        add(a);
    }
    // PreTrainedTokenizerFast then adds the declared special tokens it does not know yet
    // (all_special_tokens_extended: bos, eos, unk, sep, pad, cls, mask order), again with add_tokens.
    for (const char* role : {"bos", "eos", "unk", "pad"}) {
        std::optional<TokenDeclaration> decl;
        if (auto it = src.from_map.find(role); it != src.from_map.end()) decl = it->second;
        else if (auto jt = src.from_config.find(role); jt != src.from_config.end()) decl = jt->second;
        if (!decl || added.count(decl->content) || model.id_of(decl->content)) continue;
        const int64_t before = largest ? std::max(*largest + 1, model_size) : model_size;
        add({decl->content, before, true, decl->source, before});
        src.notes.push_back(decl->source + ": '" + decl->content + "' is in no vocabulary: transformers adds it as a new token, id " +
                            std::to_string(added[decl->content]) + " (the embedding needs a row for it)");
    }
    for (AddedToken& a : others) kept.push_back(std::move(a));
    src.added = std::move(kept);
}

}  // namespace ma
