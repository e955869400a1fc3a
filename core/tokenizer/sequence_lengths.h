// The sequence-length analysis a tokenizer step leaves behind (tokens per
// document), and the checks of a context length against it and against the
// tokenizer's model_max_length. Accepted forms are documented in
// docs/tokenizers.md ("Sequence-length analysis").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer_sources.h"

namespace ma {

struct SequenceLengths {
    std::string file;
    std::map<int, double> percentiles;  // 50 -> p50, 95 -> p95 ... (tokens per document)
    std::optional<double> max;
    std::optional<double> mean;
    std::optional<double> bytes_per_token;
    std::optional<double> documents;
    bool from_histogram = false;  // percentiles interpolated from histogram bins
};

// JSON report. Throws ma::Error naming the file and field.
SequenceLengths read_sequence_lengths_json(const InputFile& file);
// tokenizer_report.md: reads metrics-table rows it can identify without doubt
// (p50/p90/p95/p99/max/mean token lengths, bytes per token); returns nullopt when it finds none.
std::optional<SequenceLengths> read_tokenizer_report_md(const InputFile& file);

struct ContextCheck {
    std::string level;    // "ok", "note", "warning"
    std::string message;  // names the numbers and the reason
};

std::vector<ContextCheck> check_context_length(int64_t max_position_embeddings,
                                               std::optional<int64_t> model_max_length,
                                               const std::optional<SequenceLengths>& lengths);

}  // namespace ma
