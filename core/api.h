// The entry points the WebAssembly module exposes, shared by the page and the
// command line. Each takes text in and returns text out, never throws: an
// error comes back as a value naming the input at fault. JSON bodies are
// produced here (not in JS) so 64-bit integers stay exact and the page and
// the CLI print the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer_sources.h"

namespace ma::api {

struct Result {
    bool ok = false;
    std::string body;           // JSON text or plain text, per the call's format
    std::string error_code;     // ErrorCode name when !ok
    std::string error_where;    // the file / field at fault
    std::string error_message;  // full message, "where: what"
    std::string error_text;     // "what" alone, to show beside the field at fault
};

// Exact parameter count of an HF config.json. format: "json" or "text".
Result count_params(const std::string& config_text, const std::string& file_name, const std::string& format);

// Tokenizer facts from the files of a tokenizer folder. `context` > 0 also
// checks that context length against model_max_length and the sequence-length
// analysis. format: "json" or "text".
Result read_tokenizer(const std::vector<InputFile>& files, const std::string& format, int64_t context);

// Whether read_tokenizer reads a file of this name.
bool is_tokenizer_input_name(const std::string& name);

// Memory, compute and checkpoint estimates for an HF config.json. `options`
// is JSON: {"training": {...}, "inference": {...}, "gpus", "mfu", "tokens",
// "latency_batch", "prompt_tokens", "price_per_gpu_hour", "fit_max_gpus"},
// every key optional (describe_options() lists them).
Result estimate_memory(const std::string& config_text, const std::string& file_name,
                       const std::string& options, const std::string& format);

// A design from tokenizer files (may be empty when `request` gives vocab_size:
// an estimate without config.json) and a request (JSON, see DesignRequest).
// The body is JSON: {"summary": {...}, "files": [{"name", "text" (null when it
// cannot be produced), "error" (why, or null)}, ...]}.
Result design(const std::vector<InputFile>& files, const std::string& request);

// The page's entry point: a design from a state {"request": {...},
// "tokenizer": link facts or null} and the tokenizer files loaded (may be
// empty). Files win over the link's facts; a fingerprint that differs from
// the link's gives a warning. Body: design()'s object plus "tokenizer"
// (facts), "state" (normalized, with the facts) and "share" (the fragment), as compact JSON
// (a program parses it; the CLI's other answers are indented for people).
Result design_state(const std::vector<InputFile>& files, const std::string& state);

// The page reads its tokenizer files once: tokenizer_open keeps their facts in the core (not the
// bytes) under a handle (body {"handle"}); design_state_loaded designs with them (handle 0: none);
// tokenizer_close forgets them.
Result tokenizer_open(const std::vector<InputFile>& files);
// `reports`: a JSON array of the reports to render ("" = both); the others come back deferred.
Result design_state_loaded(int handle, const std::string& state, const std::string& reports = "");
void tokenizer_close(int handle);
// The same read with the files streamed in pieces (tokenizer_stream.h): `files` is a JSON array
// [{"name", "size"}] of every file that will come; body {"session", "order": [names]}, the order
// the pieces must come in. tokenizer_stream_finish's body is tokenizer_open's {"handle"}; a
// stream is gone after its finish, or after tokenizer_stream_close.
Result tokenizer_stream_open(const std::string& files);
Result tokenizer_stream_feed(int session, const std::string& name, const std::string& chunk);
Result tokenizer_stream_finish(int session);
void tokenizer_stream_close(int session);

// A corpus sample tokenized exactly as HF tokenizers' encode(text, add_special_tokens=False):
// open a session with the tokenizer files and {"field", "txt_split"}, feed each .txt/.jsonl
// file in chunks (last = its final chunk), then finish with {"context", "corpus_bytes",
// "corpus_documents"} (all optional) for the statistics: JSON (docs/file-formats.md) or
// Markdown. open's body: {"session", "model_type", "notes"}; feed's: {"documents", "tokens", "bytes"}.
Result corpus_open(const std::vector<InputFile>& tokenizer_files, const std::string& options);
Result corpus_feed(int session, const std::string& file, const std::string& chunk, bool last);
Result corpus_finish(int session, const std::string& format, const std::string& request);
Result corpus_encode(int session, const std::string& text);  // body: the ids, a JSON array
void corpus_close(int session);

// Share link fragment <-> state JSON; decoding validates everything.
Result share_encode(const std::string& state);
Result share_decode(const std::string& fragment);

// A design request seeded from an existing config.json: its parameter count as
// the target, its context length and its component choices. Body: {"request": {...}}.
Result design_seed(const std::string& config_text, const std::string& file_name);

// The GPU catalog, as JSON.
Result list_gpus();

// The supported families and their defaults, as JSON.
Result list_families();

// Every option of `memory` and `design` with its flag, type, choices, defaults and help (options/schema.h).
Result describe_options();

}  // namespace ma::api
