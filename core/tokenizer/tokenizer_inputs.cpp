// Which file a name is, and reading every given file into TokenizerSources
// with its reader (one reader per file kind).
#include "tokenizer_inputs.h"

#include <algorithm>
#include <set>

#include "../error.h"
#include "../file_names.h"

namespace ma {
namespace {

enum class FileKind { tokenizer_json, tokenizer_config, special_tokens_map, vocab_json, merges, vocab_txt,
                      sentencepiece, lengths_json, report_md, other };


FileKind classify(const std::string& name) {
    if (name == kTokenizerJson) return FileKind::tokenizer_json;
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

}  // namespace

void refuse_same_name_twice(const std::string& name) {
    throw Error(ErrorCode::conflict, name, "two files have this name; give one folder's files at a time");
}

std::string file_list(const std::vector<FileSummary>& files) {
    std::string s;
    for (const auto& f : files) s += (s.empty() ? "" : ", ") + f.name;
    return s.empty() ? "none" : s;
}

bool is_tokenizer_input_name(const std::string& name) { return classify(name) != FileKind::other; }
bool is_fingerprinted_name(const std::string& name) { return is_tokenizer_file(classify(name)); }

ReadInputs read_inputs(const std::vector<InputFile>& files) {
    ReadInputs in;
    TokenizerSources& src = in.sources;
    std::set<std::string> seen;
    bool has_merges = false, has_vocab_json = false;

    // Small declaration files first so their notes come first; order does not change the result.
    std::vector<const InputFile*> ordered;
    for (const InputFile& f : files) ordered.push_back(&f);
    std::stable_sort(ordered.begin(), ordered.end(), [](const InputFile* a, const InputFile* b) {
        return classify(a->name) < classify(b->name);
    });

    for (const InputFile* f : ordered) {
        if (!seen.insert(f->name).second)
            refuse_same_name_twice(f->name);
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
                in.sequence_lengths = read_sequence_lengths_json(*f);
                src.files.push_back({f->name, f->size(), "sequence-length analysis", "token-length statistics"});
                break;
            case FileKind::report_md:
                if (auto lengths = read_tokenizer_report_md(*f)) {
                    if (!in.sequence_lengths) in.sequence_lengths = lengths;
                    src.files.push_back({f->name, f->size(), "tokenizer report", "metrics table read"});
                } else {
                    src.files.push_back({f->name, f->size(), "tokenizer report", "no metrics table could be read reliably; ignored"});
                }
                break;
            case FileKind::other: in.ignored_files.push_back(f->name); break;
        }
        if (is_fingerprinted_name(f->name)) in.tokenizer_files.push_back(f);
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
    return in;
}

}  // namespace ma
