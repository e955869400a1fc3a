#include "corpus_session.h"

#include "../error.h"
#include "../file_names.h"
#include "../handle_registry.h"
#include "../tokenize/unicode.h"
#include "../tokenizer/tokenizer_facts.h"

namespace ma {

CorpusOptions corpus_options_from_json(const nlohmann::json& j, const std::string& where) {
    CorpusOptions o;
    if (j.is_null()) return o;
    if (!j.is_object()) throw Error(ErrorCode::wrong_type, where, "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string at = where + "." + it.key();
        if (it.key() == "field") {
            if (!it->is_string() || it->get<std::string>().empty()) throw Error(ErrorCode::invalid_value, at, "expected a field name");
            o.field = it->get<std::string>();
        } else if (it.key() == "txt_split") {
            const std::string v = it->is_string() ? it->get<std::string>() : "";
            if (v == "file") o.txt_split = TxtSplit::file;
            else if (v == "blank_lines") o.txt_split = TxtSplit::blank_lines;
            else throw Error(ErrorCode::invalid_value, at, "expected \"file\" or \"blank_lines\"");
        } else {
            throw Error(ErrorCode::invalid_value, at, "unknown option (field, txt_split)");
        }
    }
    return o;
}

namespace {
const InputFile& tokenizer_json(const std::vector<InputFile>& files) {
    for (const InputFile& f : files)
        if (f.name == kTokenizerJson) return f;
    throw Error(ErrorCode::missing_input, std::string(kTokenizerJson),
                "tokenizing a corpus needs the tokenizer's tokenizer.json (HF tokenizers' format); other formats are not tokenized");
}
}  // namespace

CorpusSession::CorpusSession(const std::vector<InputFile>& tokenizer_files, CorpusOptions options)
    : encoder_(Encoder::from_tokenizer_json(tokenizer_json(tokenizer_files))), options_(std::move(options)) {
    stats_.summary.tokenizer_fingerprint = read_tokenizer(tokenizer_files).fingerprint;
    stats_.notes = encoder_.notes();
}

void CorpusSession::count(std::string_view document) {
    ids_.clear();
    const std::string text = unicode::sanitize_utf8(document);
    encoder_.encode(text, ids_);
    stats_.tokens_per_document.push_back(int64_t(ids_.size()));
    CorpusSummary& s = stats_.summary;
    s.tokens += ids_.size();
    s.bytes += document.size();
    for (unsigned char c : text) s.characters += (c & 0xC0) != 0x80;
    ++stats_.files.back().documents;
}

void CorpusSession::feed(const std::string& file, std::string_view chunk, bool last) {
    if (!reader_) {
        reader_ = std::make_unique<DocumentReader>(file, options_.field, options_.txt_split, [this](std::string_view d) { count(d); });
        stats_.files.push_back({file, reader_->is_jsonl() ? "jsonl" : options_.txt_split == TxtSplit::file ? "txt (one document)" : "txt (blank-line separated)"});
    } else if (stats_.files.back().name != file) {
        throw Error(ErrorCode::invalid_value, file, "'" + stats_.files.back().name + "' was not finished before this file started");
    }
    reader_->feed(chunk);
    stats_.files.back().bytes += chunk.size();
    stats_.summary.file_bytes += chunk.size();
    if (last) {
        reader_->finish();
        reader_.reset();
    }
}

CorpusStats CorpusSession::finish() {
    if (reader_) throw Error(ErrorCode::invalid_value, stats_.files.back().name, "the file was not read to its end");
    summarize(stats_);
    return stats_;
}

std::vector<int32_t> CorpusSession::encode(std::string_view text) const {
    std::vector<int32_t> ids;
    encoder_.encode(text, ids);
    return ids;
}

namespace {
HandleRegistry<std::unique_ptr<CorpusSession>>& sessions() {
    static HandleRegistry<std::unique_ptr<CorpusSession>> s("open corpus session");
    return s;
}
}  // namespace

int open_corpus_session(const std::vector<InputFile>& tokenizer_files, const nlohmann::json& options) {
    return sessions().add(std::make_unique<CorpusSession>(tokenizer_files, corpus_options_from_json(options, "corpus options")));
}

CorpusSession& corpus_session(int id) { return *sessions().at(id); }

void close_corpus_session(int id) { sessions().remove(id); }

}  // namespace ma
