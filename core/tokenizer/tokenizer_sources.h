// What each tokenizer file contributes, before resolution: vocabularies,
// added tokens, special-token declarations and limits, with the file and
// field each came from. Filled by the per-file readers, resolved into
// TokenizerFacts by resolve_tokenizer().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../tokenize/models.h"
#include "vocabulary.h"

namespace ma {

// One input file as the page (File API) or the CLI (disk) hands it over.
struct InputFile {
    InputFile() = default;
    InputFile(std::string name_, std::string bytes_) : name(std::move(name_)), bytes(std::move(bytes_)) {}

    std::string name;   // base name, e.g. "tokenizer.json"
    std::string bytes;  // raw contents (a streamed JSON file: without the whitespace between tokens)
    std::optional<uint64_t> streamed_size;  // set when `bytes` were compacted as the file streamed in

    uint64_t size() const { return streamed_size.value_or(bytes.size()); }  // the file's own size
};

struct AddedToken {
    AddedToken(std::string content_, int64_t id_, bool special_, std::string source_, int64_t declared = -1)
        : content(std::move(content_)), id(id_), special(special_), source(std::move(source_)), declared_id(declared) {}
    std::string content;
    int64_t id;          // the id HF loads it with (assign_loaded_ids); the declared one until then
    bool special;
    std::string source;  // "tokenizer.json: added_tokens[3]"
    int64_t declared_id = -1;  // the id the file declares
    bool loaded = false;       // its id is the one HF tokenizers assigns on load (tokenizer.json present)
    // How the token is matched in text (tokenizer.json added_tokens flags; AddedToken defaults).
    bool single_word = false, lstrip = false, rstrip = false;
    std::optional<bool> normalized;  // absent: !special
};

// What encoding text needs from tokenizer.json, read only when `wanted` (the facts do not need it).
struct EncodingInputs {
    bool wanted = false;
    ModelData model;
    nlohmann::json normalizer, pre_tokenizer;  // null when absent
    bool truncation = false, padding = false;  // set in the file (encode() would apply them)
};

struct TokenDeclaration {
    std::string content;
    std::string source;  // "special_tokens_map.json: eos_token"
};

struct FileSummary {
    std::string name;
    uint64_t bytes;
    std::string role;  // what the file is
    std::string read;  // what was read from it, one line
};

// model_max_length means no limit from 2^63 on: transformers writes "unset" as int(1e30), and
// no larger value fits the int64 it is read into.
inline bool model_max_length_unset(double v) { return !(v < 9223372036854775808.0); }

// The four roles a model config needs ids for.
const char* const kSpecialRoles[] = {"bos", "eos", "pad", "unk"};

struct TokenizerSources {
    std::vector<Vocabulary> vocabularies;
    std::vector<AddedToken> added;
    std::map<std::string, TokenDeclaration> from_map;     // special_tokens_map.json, by role
    std::map<std::string, TokenDeclaration> from_config;  // tokenizer_config.json, by role
    std::map<std::string, int64_t> sentencepiece_ids;     // tokenizer.model trainer ids that are enabled
    std::optional<TokenDeclaration> model_unk;            // tokenizer.json model.unk_token / unk_id
    std::string model_type;                               // "BPE", "Unigram", "WordPiece", "WordLevel", "SentencePiece BPE", ...
    bool byte_level = false;                              // byte-level pre-tokenizer/decoder: every byte has an id
    bool byte_fallback = false;
    std::optional<int64_t> model_max_length;              // set and not the "unset" sentinel
    bool model_max_length_sentinel = false;               // the file had ~1e30 ("unset")
    std::vector<FileSummary> files;
    std::vector<std::string> notes;
    std::optional<size_t> fast_vocab;                     // index in `vocabularies` of tokenizer.json's model.vocab
    EncodingInputs encoding;
};

class JsonScanner;
// Reads a {"piece": id, ...} object (tokenizer.json's model.vocab, vocab.json) into `vocab`;
// `path` names the object in error messages.
void read_piece_id_object(JsonScanner& s, Vocabulary& vocab, const std::string& path);

// Per-file readers. Each throws ma::Error naming the file, the JSON path or
// line, and the problem.
void read_tokenizer_json(const InputFile& file, TokenizerSources& out);
void read_tokenizer_config_json(const InputFile& file, TokenizerSources& out);
// How tokenizer_config.json's two readers (and special_tokens_map.json's) word what they read in
// the file's one-line summary, and set model_max_length (`v` unset or a positive integer).
std::string declarations_summary(const std::map<std::string, TokenDeclaration>& declared, std::optional<size_t> additional);
std::string added_tokens_summary(size_t count);
std::string set_model_max_length(TokenizerSources& out, double v);
// Its two readers, named for the test that holds them equal: the common shape straight from the
// text (false, `out` untouched, for anything else), and the DOM reader, which decides the rest
// and words every error.
bool read_tokenizer_config_common(const InputFile& file, TokenizerSources& out);
void read_tokenizer_config_dom(const InputFile& file, TokenizerSources& out);
void read_special_tokens_map_json(const InputFile& file, TokenizerSources& out);
void read_vocab_json(const InputFile& file, TokenizerSources& out);
void read_merges_txt(const InputFile& file, TokenizerSources& out);
void read_vocab_txt(const InputFile& file, TokenizerSources& out);
void read_sentencepiece_model(const InputFile& file, TokenizerSources& out);

}  // namespace ma
