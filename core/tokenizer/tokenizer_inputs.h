// The files of a tokenizer folder, classified by name and read by their
// readers into TokenizerSources (before resolution into facts).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sequence_lengths.h"
#include "tokenizer_sources.h"

namespace ma {

struct ReadInputs {
    TokenizerSources sources;
    std::vector<const InputFile*> tokenizer_files;  // the files the fingerprint covers
    std::vector<std::string> ignored_files;          // names that are not tokenizer files
    std::optional<SequenceLengths> sequence_lengths;
};

// Throws the readers' errors, Error(conflict) for two files of one name and
// Error(missing_input) when no file holds a vocabulary.
ReadInputs read_inputs(const std::vector<InputFile>& files);

// Whether read_inputs() reads a file of this name.
bool is_tokenizer_input_name(const std::string& name);
// Whether a file of this name is one the fingerprint covers (a tokenizer file, not a report).
bool is_fingerprinted_name(const std::string& name);

// Error(conflict) for a second file called `name`: the files must come from one folder.
[[noreturn]] void refuse_same_name_twice(const std::string& name);

// "tokenizer.json, tokenizer_config.json" (or "none"), for messages.
std::string file_list(const std::vector<FileSummary>& files);

}  // namespace ma
