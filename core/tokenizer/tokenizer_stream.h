// A tokenizer's files read as they arrive in pieces (the page reads each File in slices), so that
// memory holds what the readers need rather than the files: each JSON file is kept without the
// whitespace between its tokens (19 of Gemma-3's 33 MB tokenizer.json); tokenizer.json's
// model.merges is checked as it passes, uncompacted, and kept as `[]` (9.8 of the 14.4 MB left:
// the facts never read it; the corpus step reads the files whole); the fingerprint is taken over
// the bytes as they pass. The facts are read_tokenizer()'s on the kept text, equal to a whole
// read's (tests/core/tokenizer_stream_test.cpp, tests/node/tokenizer_stream.test.mjs). A merges
// element longer than a piece, or an error in the list, holds the list's bytes from there until
// the element ends or the file does (where the error is thrown): memory then holds up to the rest
// of the file, for files no real tokenizer writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "blake2b.h"
#include "merges_finder.h"
#include "tokenizer_facts.h"

namespace ma {

class TokenizerStream {
public:
    struct Expected {
        std::string name;
        uint64_t size = 0;
    };

    // Every file that will come, with its size; Error(conflict) for two files of one name.
    explicit TokenizerStream(std::vector<Expected> files);

    // The order feed() takes the files in: by name, the fingerprint's order.
    std::vector<Expected> order() const;

    // The next bytes of `name`, which must be the file being fed or the next one in order once
    // that is complete: Error(invalid_value) otherwise, or beyond the file's size.
    void feed(const std::string& name, std::string_view chunk);

    // Error(missing_input) while a file is incomplete; read_tokenizer()'s errors otherwise. A
    // syntax error's line and column are then those of the compacted text (the message says so):
    // the page reads the files whole to show the exact ones.
    TokenizerFacts finish();

private:
    struct Incoming {
        Expected expected;
        uint64_t received = 0;
        bool compacted = false;  // a JSON file: the whitespace between tokens is dropped
        bool in_string = false, escaped = false, space_pending = false;
        char last = '\0';  // the last byte kept outside a string
        std::string kept;
        bool drops_merges = false;  // tokenizer.json
        MergesFinder merges;
        std::string merges_tail;  // the merges' bytes after the last separator a piece held
        uint64_t merges_at = 0;   // the file's byte where merges_tail, or the list, starts
        bool merges_cut = false;  // a piece was cut after a ',' of the list: merges_at is before an element
    };
    void enter(Incoming& f);  // the file becomes the one being fed (its fingerprint header)
    void keep(Incoming& f, std::string_view chunk);
    // Passes model.merges from p (its '[' just kept at w), checked as the whole read skips it:
    // up to its closing bracket, kept after the '[', or to the piece's end (the rest held back).
    // Returns where compacting goes on.
    static const char* pass_merges(Incoming& f, std::string_view chunk, const char* p, char*& w);
    static const char* close_merges(Incoming& f, const char* p, char*& w);  // past the list's ']' at p

    std::vector<char> scratch_;  // one piece, compacted
    std::vector<Incoming> files_;
    size_t current_ = 0;
    bool entered_ = false;
    Blake2b256 hash_;
};

// Files already in memory read through a stream, `piece` bytes of each at a time in the stream's
// order: the page's path (web/file_pieces.js feeds 1 MiB pieces), for tests and benchmarks.
TokenizerFacts read_streamed(const std::vector<InputFile>& files, size_t piece);

}  // namespace ma
