// Reads whatever tokenizer files a user provides and resolves them into the
// facts a model config needs: the tokenizer's true size, the special token
// ids (or null, with the reason), model_max_length, and a fingerprint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../corpus/corpus_stats.h"
#include "../error.h"
#include "../shared_list.h"
#include "sequence_lengths.h"
#include "tokenizer_sources.h"

namespace ma {

struct SpecialTokenFact {
    std::string role;                    // "bos", "eos", "pad", "unk"
    std::optional<std::string> content;  // the token text, when declared
    std::optional<int64_t> id;           // null when the tokenizer defines none
    std::string source;                  // where the declaration came from
    std::string note;                    // why it is null, or how it was resolved
};

struct TokenizerFacts {
    std::vector<FileSummary> files;
    std::vector<std::string> ignored_files;  // names that are not tokenizer files
    std::string model_type;
    bool byte_level = false;
    uint64_t base_vocab_size = 0;   // pieces in the main vocabulary
    uint64_t added_tokens = 0;      // distinct added tokens
    int64_t tokenizer_size = 0;     // largest id + 1 over vocabularies and added tokens
    uint64_t distinct_ids = 0;      // ids actually used (tokenizer_size - gaps)
    // len(tokenizer) as HF reports it (tokenizers' get_vocab_size(with_added_tokens=true)): the model's
    // pieces plus the added tokens that are not pieces; 0 without a tokenizer.json.
    uint64_t hf_len = 0;
    SpecialTokenFact bos, eos, pad, unk;
    std::optional<int64_t> model_max_length;
    std::string model_max_length_note;
    std::optional<SequenceLengths> sequence_lengths;
    // A corpus sample tokenized with this tokenizer (the page's corpus step, or a share link's
    // summary): its lengths replace a statistics file's in the context checks.
    std::optional<CorpusSummary> corpus;
    // The length distribution the context checks use: the corpus sample's, else the statistics file's.
    std::optional<SequenceLengths> lengths_for_checks() const;
    std::string fingerprint;        // "blake2b:<hex>" (BLAKE2b-256) over the tokenizer files' names and bytes
    std::vector<std::string> notes;
    // Every added token with the id HF loads it as and the id its file declares (tokenizer --json
    // only). Shared and never changed: the page's design copies the facts on every change, and
    // Gemma-3 has 6,415 of them.
    struct AddedId { std::string content; int64_t id; int64_t declared_id; bool special; };
    SharedList<AddedId> added_ids;

    const SpecialTokenFact& special(const std::string& role) const;
    SpecialTokenFact& special(const std::string& role);
};

// Whether read_tokenizer() reads a file of this name (tokenizer files, a
// sequence-length JSON, tokenizer_report.md). Callers use it to avoid loading
// unrelated files (model weights) from a folder.
bool is_tokenizer_input_name(const std::string& name);

// Throws ma::Error(missing_input) when no tokenizer file is among `files`, and
// the readers' errors (naming file, field and problem) for bad files. `fingerprint`: the one a
// TokenizerStream took as the bytes passed (streamed files are compacted, so not hashed here).
TokenizerFacts read_tokenizer(const std::vector<InputFile>& files, const std::optional<std::string>& fingerprint = std::nullopt);

// The model's vocab_size: the tokenizer size rounded up to `multiple` (1 = no
// padding); never smaller than the tokenizer.
int64_t padded_vocab_size(int64_t tokenizer_size, int64_t multiple);
constexpr int64_t kDefaultVocabMultiple = 128;

// Why the facts cannot make a config.json (Error(missing_input): no tokenizer files, or no eos
// token; the message names the files read), or nullopt; require_config_ready throws it.
std::optional<Error> config_not_ready(const TokenizerFacts& facts);
void require_config_ready(const TokenizerFacts& facts);

nlohmann::json to_json(const TokenizerFacts& facts);
std::string to_text(const TokenizerFacts& facts);
// With the context-length checks of a given context ("context_checks" in JSON when `with_checks`).
nlohmann::json to_json(const TokenizerFacts& facts, const std::vector<ContextCheck>& checks, bool with_checks);
std::string to_text(const TokenizerFacts& facts, const std::vector<ContextCheck>& checks);

}  // namespace ma
