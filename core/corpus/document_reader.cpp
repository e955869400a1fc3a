#include "document_reader.h"

#include "../error.h"
#include "../file_names.h"
#include "../tokenizer/json_scanner.h"

namespace ma {
namespace {
bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }
}  // namespace

DocumentReader::DocumentReader(std::string file_name, std::string field, TxtSplit split, Sink sink)
    : file_(std::move(file_name)), field_(field.empty() ? "text" : std::move(field)), split_(split), sink_(std::move(sink)) {
    if (ends_with(file_, ".jsonl") || ends_with(file_, ".JSONL")) jsonl_ = true;
    else if (!ends_with(file_, ".txt") && !ends_with(file_, ".TXT"))
        throw Error(ErrorCode::unsupported, file_, "a corpus sample file must be .txt or .jsonl");
}

void DocumentReader::emit(std::string_view doc) {
    ++documents_;
    sink_(doc);
}

void DocumentReader::feed(std::string_view chunk) {
    bytes_ += chunk.size();
    if (!jsonl_ && split_ == TxtSplit::file) {  // the whole file is one document
        document_.append(chunk);
        in_document_ = true;
        return;
    }
    size_t start = 0;
    for (size_t nl; (nl = chunk.find('\n', start)) != std::string_view::npos; start = nl + 1) {
        if (carry_.empty()) {
            line(chunk.substr(start, nl - start));
        } else {
            carry_.append(chunk.substr(start, nl - start));
            line(carry_);
            carry_.clear();
        }
    }
    carry_.append(chunk.substr(start));
}

void DocumentReader::line(std::string_view text) {
    ++line_no_;
    if (!jsonl_) {  // blank-line separated documents
        if (blank(text)) {
            if (in_document_) emit(document_);
            document_.clear();
            in_document_ = false;
            return;
        }
        if (in_document_) document_.push_back('\n');
        document_.append(text);
        in_document_ = true;
        return;
    }
    if (blank(text)) return;
    const std::string where = file_ + ":" + std::to_string(line_no_);
    JsonScanner s(text, where);
    if (s.peek() != JsonKind::object) s.fail("expected a JSON object per line");
    s.begin_object();
    std::string key;
    bool found = false;
    std::string value;
    while (s.next_key(key)) {
        if (key == field_ && !found) {
            if (s.peek() != JsonKind::string) s.fail("\"" + field_ + "\" is not a string");
            value = s.read_string();
            found = true;
        } else {
            s.skip_value();
        }
    }
    s.expect_end();
    if (!found) throw Error(ErrorCode::missing_field, where, "the object has no \"" + field_ + "\" field (name the text field with --field)");
    emit(value);
}

void DocumentReader::finish() {
    if (!jsonl_ && split_ == TxtSplit::file) {
        emit(document_);
        document_.clear();
        return;
    }
    if (!carry_.empty()) {
        std::string last;
        last.swap(carry_);
        line(last);
    }
    if (!jsonl_ && in_document_) emit(document_);
    document_.clear();
    in_document_ = false;
}

}  // namespace ma
