// One tokenization run over a corpus sample: the tokenizer loaded once, then
// files fed in chunks (so a large sample never sits in memory whole and the
// page can report progress and stop), then the statistics. Sessions are kept
// by id for the wasm API, which hands the id to JS.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../tokenize/encoder.h"
#include "corpus_stats.h"
#include "document_reader.h"

namespace ma {

struct CorpusOptions {
    std::string field = "text";          // .jsonl: the text field
    TxtSplit txt_split = TxtSplit::file;  // .txt: a document per file, or per blank-line-separated block
};
// {"field": "text", "txt_split": "file" | "blank_lines"}, every key optional.
CorpusOptions corpus_options_from_json(const nlohmann::json& j, const std::string& where);

class CorpusSession {
public:
    // Needs a tokenizer.json among `tokenizer_files` (Error missing_input otherwise).
    CorpusSession(const std::vector<InputFile>& tokenizer_files, CorpusOptions options);
    // Bytes of `file`, in order; `last` ends the file. Errors name the file and line.
    void feed(const std::string& file, std::string_view chunk, bool last);
    const CorpusStats& stats() const { return stats_; }
    CorpusStats finish();  // summarized; refuses an unfinished file
    std::vector<int32_t> encode(std::string_view text) const;
    const Encoder& encoder() const { return encoder_; }

private:
    void count(std::string_view document);
    Encoder encoder_;
    CorpusOptions options_;
    CorpusStats stats_;
    std::unique_ptr<DocumentReader> reader_;
    std::vector<int32_t> ids_;  // reused per document
};

// The registry behind the wasm API's session ids.
int open_corpus_session(const std::vector<InputFile>& tokenizer_files, const nlohmann::json& options);
CorpusSession& corpus_session(int id);  // Error(invalid_value) for an unknown id
void close_corpus_session(int id);

}  // namespace ma
