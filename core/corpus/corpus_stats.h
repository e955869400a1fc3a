// What a tokenized corpus sample tells the design: documents, tokens, bytes
// and characters per token, the per-document token-length distribution, the
// documents longer than a context, and the tokens a full corpus of a given
// size yields. The summary (no text, no per-document list) is what the share
// link records; tokens_per_document stays in the JSON output.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../tokenizer/sequence_lengths.h"

namespace ma {

struct CorpusSummary {
    uint64_t documents = 0, tokens = 0;
    uint64_t bytes = 0, characters = 0;  // of the documents' text
    uint64_t file_bytes = 0;             // of the sample files as given (what a full corpus size in bytes measures)
    std::map<int, int64_t> percentiles;          // 50, 90, 95, 99 -> tokens (nearest rank)
    int64_t max = 0;
    std::vector<int64_t> histogram_edges;        // bins [edge_i, edge_i+1); last bin up to max
    std::vector<uint64_t> histogram_counts;
    std::map<int64_t, uint64_t> longer_than;     // context -> documents with more tokens (powers of two)
    std::string tokenizer_fingerprint;           // the tokenizer that counted

    double bytes_per_token() const { return tokens ? double(bytes) / double(tokens) : 0; }
    double file_bytes_per_token() const { return tokens ? double(file_bytes) / double(tokens) : 0; }
    double characters_per_token() const { return tokens ? double(characters) / double(tokens) : 0; }
    double mean_tokens() const { return documents ? double(tokens) / double(documents) : 0; }
};

struct CorpusFile { std::string name; std::string format; uint64_t bytes = 0, documents = 0; };

struct CorpusStats {
    CorpusSummary summary;
    std::vector<int64_t> tokens_per_document;    // input order, encode(text, add_special_tokens=False)
    std::vector<CorpusFile> files;
    std::vector<std::string> notes;
};

// Fills the distribution fields of `s.summary` from tokens_per_document.
void summarize(CorpusStats& s);

// The size of the full corpus the sample stands for.
struct FullCorpus { std::optional<double> bytes, documents; };
struct CorpusYield { double tokens; std::string formula; };
std::optional<CorpusYield> corpus_yield(const CorpusSummary& s, const FullCorpus& full);

nlohmann::json to_json(const CorpusSummary& s);
// Validates a summary from a share link or a design state; errors name `where` and the field.
CorpusSummary corpus_summary_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json to_json(const CorpusStats& s, const FullCorpus& full);

// The context checks' view of the sample: percentiles, max, mean, bytes/token, documents.
SequenceLengths to_sequence_lengths(const CorpusSummary& s);
// "N of M documents (x%) are longer than C tokens", when C is a recorded context; nullopt otherwise.
std::optional<std::string> share_over_context(const CorpusSummary& s, int64_t context);

// The figures as label/text rows and the histogram as labelled bins: the page shows these,
// the Markdown below is built from them.
std::vector<std::pair<std::string, std::string>> corpus_rows(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context);
nlohmann::json corpus_display(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context);

// Markdown section for architecture_report.md and the CLI's text output.
std::string corpus_markdown(const CorpusSummary& s, const FullCorpus& full, std::optional<int64_t> context);

}  // namespace ma
