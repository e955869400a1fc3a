// GPT-2-style vocab.json + merges.txt, and WordPiece vocab.txt.
#include "../error.h"
#include "json_scanner.h"
#include "tokenizer_sources.h"

namespace ma {
namespace {

// Splits text into lines without the trailing "\n" / "\r\n"; a final newline ends the last line.
template <typename Fn>
void for_each_line(const std::string& text, Fn&& fn) {
    size_t start = 0, number = 1;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        size_t stop = end;
        if (stop > start && text[stop - 1] == '\r') --stop;
        fn(std::string_view(text).substr(start, stop - start), number++);
        start = end + 1;
    }
}

void require_utf8(const InputFile& file) {
    const std::string& t = file.bytes;
    size_t line = 1;
    for (size_t i = 0; i < t.size();) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c == '\n') ++line;
        if (c < 0x80) { ++i; continue; }
        const size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= t.size() && c >= 0xC2 && c <= 0xF4;
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(t[i + k]) >> 6) == 0x2;
        if (!ok)
            throw Error(ErrorCode::invalid_json, file.name,
                        "line " + std::to_string(line) + " (byte " + std::to_string(i) + "): invalid UTF-8");
        i += len;
    }
}

}  // namespace

void read_vocab_json(const InputFile& file, TokenizerSources& out) {
    JsonScanner s(file.bytes, file.name);
    if (s.peek() != JsonKind::object) s.fail("expected an object of piece -> id");
    Vocabulary vocab(file.name);
    read_piece_id_object(s, vocab, "vocab");
    s.expect_end();
    vocab.finish(file.name);
    out.files.push_back({file.name, file.size(), "BPE vocabulary", std::to_string(vocab.size()) + " pieces"});
    out.vocabularies.push_back(std::move(vocab));
    if (out.model_type.empty()) out.model_type = "BPE";
}

void read_merges_txt(const InputFile& file, TokenizerSources& out) {
    require_utf8(file);
    size_t merges = 0;
    for_each_line(file.bytes, [&](std::string_view line, size_t number) {
        if (line.empty() || (number == 1 && line.substr(0, 8) == "#version")) return;
        const size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 >= line.size() ||
            line.find(' ', space + 1) != std::string_view::npos)
            throw Error(ErrorCode::invalid_value, file.name + ": line " + std::to_string(number),
                        "expected two pieces separated by one space");
        ++merges;
    });
    out.files.push_back({file.name, file.size(), "BPE merges", std::to_string(merges) + " merges"});
}

void read_vocab_txt(const InputFile& file, TokenizerSources& out) {
    require_utf8(file);
    Vocabulary vocab(file.name);
    int64_t id = 0;
    for_each_line(file.bytes, [&](std::string_view line, size_t) { vocab.add(line, id++); });
    vocab.finish(file.name);
    out.files.push_back({file.name, file.size(), "WordPiece vocabulary", std::to_string(vocab.size()) + " pieces"});
    out.vocabularies.push_back(std::move(vocab));
    if (out.model_type.empty()) out.model_type = "WordPiece";
}

}  // namespace ma
