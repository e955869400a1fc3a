// Splits corpus sample files into documents as their bytes arrive in chunks
// (the page reads File slices, the CLI reads the disk in blocks):
//   .txt   one document per file, or (txt_split "blank_lines") documents
//          separated by one or more blank lines (lines empty or only spaces,
//          tabs and \r); a document's text is its lines joined by \n.
//   .jsonl one JSON object per line; the document is its `field` ("text"
//          unless named), which must be a string. Empty lines are skipped.
// Errors name the file, the line and the problem.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ma {

enum class TxtSplit { file, blank_lines };

class DocumentReader {
public:
    using Sink = std::function<void(std::string_view document)>;
    // Throws Error(unsupported) for a name that is neither .txt nor .jsonl.
    DocumentReader(std::string file_name, std::string field, TxtSplit split, Sink sink);
    void feed(std::string_view chunk);
    void finish();  // end of the file: flushes the last document
    uint64_t bytes() const { return bytes_; }
    uint64_t documents() const { return documents_; }
    bool is_jsonl() const { return jsonl_; }

private:
    void line(std::string_view text);  // one complete line, without its \n
    void emit(std::string_view doc);

    std::string file_, field_;
    TxtSplit split_;
    Sink sink_;
    bool jsonl_ = false;
    std::string carry_;     // an incomplete line
    std::string document_;  // the document being gathered (txt)
    bool in_document_ = false;
    uint64_t line_no_ = 0, bytes_ = 0, documents_ = 0;
};

}  // namespace ma
