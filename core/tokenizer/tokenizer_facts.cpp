#include "tokenizer_facts.h"

#include <algorithm>
#include <set>

#include "../error.h"
#include "added_vocabulary.h"
#include "blake2b.h"
#include "special_tokens.h"
#include "tokenizer_inputs.h"

namespace ma {

std::optional<SequenceLengths> TokenizerFacts::lengths_for_checks() const {
    if (corpus && corpus->documents) return to_sequence_lengths(*corpus);
    return sequence_lengths;
}

const SpecialTokenFact& TokenizerFacts::special(const std::string& role) const {
    if (role == "bos") return bos;
    if (role == "eos") return eos;
    if (role == "pad") return pad;
    return unk;
}

SpecialTokenFact& TokenizerFacts::special(const std::string& role) {
    return const_cast<SpecialTokenFact&>(static_cast<const TokenizerFacts&>(*this).special(role));
}

TokenizerFacts read_tokenizer(const std::vector<InputFile>& files, const std::optional<std::string>& fingerprint) {
    ReadInputs in = read_inputs(files);
    TokenizerSources& src = in.sources;
    TokenizerFacts facts;
    facts.ignored_files = in.ignored_files;
    facts.sequence_lengths = in.sequence_lengths;
    std::vector<const InputFile*>& tokenizer_files = in.tokenizer_files;

    assign_loaded_ids(src);
    check_added_tokens(src);
    const std::string read = file_list(src.files);

    // Size: largest id + 1; distinct ids show gaps.
    std::vector<int32_t> ids;  // every id fits: checked against kMaxTokenId first
    size_t id_count = src.added.size();
    for (const Vocabulary& v : src.vocabularies) id_count += v.size();
    ids.reserve(id_count);
    // Each vocabulary's ids come ascending (Vocabulary::finish) and the added ones are sorted
    // here: merging the runs is linear where sorting all 268k of Gemma-3's was not.
    for (const Vocabulary& v : src.vocabularies) {
        if (v.max_id() > kMaxTokenId)
            throw Error(ErrorCode::invalid_value, v.file(), "id " + std::to_string(v.max_id()) + " is beyond " + std::to_string(kMaxTokenId));
        const auto run = ids.end() - ids.begin();
        v.for_each_id([&](int64_t id) { ids.push_back(static_cast<int32_t>(id)); });
        std::inplace_merge(ids.begin(), ids.begin() + run, ids.end());
    }
    std::set<std::string> added_contents;
    std::vector<TokenizerFacts::AddedId> added_ids;
    const auto added_run = ids.end() - ids.begin();
    for (const AddedToken& a : src.added) {
        ids.push_back(static_cast<int32_t>(a.id));
        if (added_contents.insert(a.content).second) added_ids.push_back({a.content, a.id, a.declared_id, a.special});
    }
    std::sort(ids.begin() + added_run, ids.end());
    std::inplace_merge(ids.begin(), ids.begin() + added_run, ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    facts.tokenizer_size = ids.empty() ? 0 : ids.back() + 1;
    facts.distinct_ids = ids.size();
    facts.base_vocab_size = src.vocabularies.empty() ? 0 : src.vocabularies.front().size();
    facts.added_tokens = added_contents.size();
    if (src.fast_vocab) {
        const Vocabulary& model = src.vocabularies[*src.fast_vocab];
        facts.hf_len = model.size();
        for (const auto& a : added_ids)
            if (!model.id_of(a.content)) ++facts.hf_len;
    }
    facts.added_ids = std::move(added_ids);
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
    if (fingerprint) {
        facts.fingerprint = *fingerprint;
    } else {
        Blake2b256 hash;
        for (const InputFile* f : tokenizer_files) {
            add_file_header(hash, f->name, f->size());
            hash.update(f->bytes);
        }
        facts.fingerprint = "blake2b:" + hash.hex_digest();
    }

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

std::optional<Error> config_not_ready(const TokenizerFacts& facts) {
    if (facts.files.empty())
        return Error(ErrorCode::missing_input, "tokenizer",
                     "no tokenizer files were given: config.json needs the tokenizer's vocab_size and special token ids");
    if (!facts.eos.id)
        return Error(ErrorCode::missing_input, "tokenizer",
                     "no file declares an eos token (read: " + file_list(facts.files) +
                         "): config.json needs eos_token_id to end generation; add eos_token to special_tokens_map.json or tokenizer_config.json");
    return std::nullopt;
}

void require_config_ready(const TokenizerFacts& facts) {
    if (auto why = config_not_ready(facts)) throw std::move(*why);
}

}  // namespace ma
