#include "tokenizer_stream.h"

#include <algorithm>
#include <cstring>

#include "../error.h"
#include "../file_names.h"
#include "../text_bytes.h"
#include "json_scanner.h"
#include "tokenizer_inputs.h"

namespace ma {
namespace {

// Bytes that can end one JSON token and start the next without a separator (numbers, literals):
// whitespace between two of them is kept as one space, so that compacting never joins `1 2` into
// `12` and the compacted text has the same tokens, valid or not, as the file.
bool word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '-' || u == '+' || u == '.' || u >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Copies the string bytes at p to w up to the first '"' or '\\' (or the end), eight bytes at a
// time (most of a tokenizer.json is strings). Each word is stored whole before it is searched:
// compacting only drops bytes (but for one space a previous piece's whitespace leaves), so the
// scratch buffer, a piece and a byte long, has the room.
void copy_string_run(const char*& p, const char* end, char*& w) {
    for (; end - p >= 8; p += 8, w += 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        std::memcpy(w, &word, 8);
        const uint64_t hits = text_bytes::bytes_equal(word, '"') | text_bytes::bytes_equal(word, '\\');
        if (hits) {
            const int at = __builtin_ctzll(hits) >> 3;  // the first byte in memory is the lowest
            p += at;
            w += at;
            return;
        }
    }
    while (p < end && *p != '"' && *p != '\\') *w++ = *p++;
}

// A streamed file's syntax error names a position in the text as kept, not in the file.
Error at_compacted_position(const Error& e, bool merges_dropped) {
    return Error(e.code(), e.where(), e.message() + " (line and column of the file with the whitespace between its tokens removed" +
                                          (merges_dropped ? "; the elements of model.merges removed too)" : ")"));
}

struct Passed {
    bool closed;  // past the list's closing bracket
    size_t at;    // there, or after the last separator on the list's level
};

Passed pass_inside_list(std::string_view text, const std::string& file, uint64_t origin, bool more_to_come, bool after_separator) {
    JsonScanner scanner(text, file, size_t(origin));
    const bool closed = scanner.skip_array_inside(more_to_come, after_separator);
    return {closed, scanner.pos()};
}

}  // namespace

TokenizerStream::TokenizerStream(std::vector<Expected> files) {
    std::sort(files.begin(), files.end(), [](const Expected& a, const Expected& b) { return a.name < b.name; });
    for (size_t i = 0; i < files.size(); ++i) {
        if (i > 0 && files[i].name == files[i - 1].name)
            refuse_same_name_twice(files[i].name);
        Incoming f;
        f.expected = files[i];
        f.compacted = ends_with(files[i].name, ".json");
        f.drops_merges = files[i].name == kTokenizerJson;
        if (files[i].size > f.kept.max_size())
            throw Error(ErrorCode::invalid_value, files[i].name, "is " + std::to_string(files[i].size) + " bytes, more than this build can hold");
        if (!f.compacted) f.kept.reserve(static_cast<size_t>(files[i].size));
        files_.push_back(std::move(f));
    }
}

std::vector<TokenizerStream::Expected> TokenizerStream::order() const {
    std::vector<Expected> out;
    for (const Incoming& f : files_) out.push_back(f.expected);
    return out;
}

void TokenizerStream::enter(Incoming& f) {
    if (entered_) return;
    entered_ = true;
    if (is_fingerprinted_name(f.expected.name)) add_file_header(hash_, f.expected.name, f.expected.size);
}

void TokenizerStream::feed(const std::string& name, std::string_view chunk) {
    // Complete files before `name` are passed (an empty file gets no feed).
    while (current_ < files_.size() && files_[current_].expected.name != name &&
           files_[current_].received == files_[current_].expected.size) {
        enter(files_[current_]);
        ++current_;
        entered_ = false;
    }
    if (current_ == files_.size() || files_[current_].expected.name != name)
        throw Error(ErrorCode::invalid_value, name,
                    current_ == files_.size() ? "is not among the files announced, or arrived after they were complete"
                                              : "arrived before '" + files_[current_].expected.name + "' was complete (files stream in name order)");
    Incoming& f = files_[current_];
    if (chunk.size() > f.expected.size - f.received)
        throw Error(ErrorCode::invalid_value, name, "more bytes arrived than its size, " + std::to_string(f.expected.size));
    enter(f);
    if (is_fingerprinted_name(name)) hash_.update(chunk);
    f.received += chunk.size();
    keep(f, chunk);
}

void TokenizerStream::keep(Incoming& f, std::string_view chunk) {
    if (!f.compacted) {
        f.kept.append(chunk);
        return;
    }
    // Written through a pointer into a scratch buffer, then appended once: the kept text grows
    // by its own doubling only, and the loop does no capacity checks.
    scratch_.resize(chunk.size() + 1);  // + the one space a previous piece's whitespace can leave
    char* w = scratch_.data();
    const char* p = chunk.data();
    const char* const end = p + chunk.size();
    MergesFinder* const merges = f.drops_merges ? &f.merges : nullptr;
    if (merges && merges->in_merges()) p = pass_merges(f, chunk, p, w);
    while (p < end) {
        if (f.in_string) {  // copied as it is, up to the closing quote
            if (f.escaped) {
                f.escaped = false;
                *w++ = *p++;
                continue;
            }
            char* const run = w;
            copy_string_run(p, end, w);
            if (merges) merges->string_bytes(run, w);
            if (p == end) break;
            if (*p == '"') {
                f.in_string = false;
                if (merges) merges->string_close();
            } else {
                f.escaped = true;
                if (merges) merges->string_escape();
            }
            *w++ = *p++;
            continue;
        }
        const char c = *p++;
        if (is_space(c)) {
            f.space_pending = true;
            p = text_bytes::past_spaces(p, end);  // indentation
            continue;
        }
        if (f.space_pending && word_byte(f.last) && word_byte(c)) *w++ = ' ';
        f.space_pending = false;
        *w++ = c;
        f.last = c;
        f.in_string = c == '"';
        if (!merges) continue;
        if (merges->structural(c) == MergesFinder::Step::merges_open) {
            f.merges_at = f.received - chunk.size() + uint64_t(p - chunk.data());
            p = pass_merges(f, chunk, p, w);
        }
        if (f.in_string) merges->string_open();
    }
    const size_t n = size_t(w - scratch_.data());
    if (f.kept.size() + n > f.kept.capacity()) {
        // Room for the whole file at the compaction seen so far (plus 5 %), not a doubling: a
        // 14.4 MB text would otherwise sit in a 27 MB buffer, copied from a 13.6 MB one.
        const double kept_per_byte = double(f.kept.size() + n) / double(f.received);
        size_t room = size_t(kept_per_byte * double(f.expected.size) * 1.05) + 4096;
        // tokenizer.json's merges, most of it and last, are not kept: the rate before them
        // overstates the rest (Gemma-3: 24 MB reserved for 5.6 kept), so there at most a doubling.
        if (f.drops_merges) room = std::min(room, 2 * (f.kept.size() + n));
        f.kept.reserve(std::max(f.kept.size() + n, room));
    }
    f.kept.append(scratch_.data(), n);
}

const char* TokenizerStream::pass_merges(Incoming& f, std::string_view chunk, const char* p, char*& w) {
    const char* const end = chunk.data() + chunk.size();
    const bool more_pieces = f.received < f.expected.size;
    std::string& tail = f.merges_tail;
    const auto pass = [&](std::string_view text, bool more_to_come) {
        return pass_inside_list(text, f.expected.name, f.merges_at, more_to_come, f.merges_cut);
    };
    const auto advance = [&](const Passed& r) {  // past what was passed: an element comes next
        f.merges_at += r.at;
        f.merges_cut = f.merges_cut || r.at > 0;
    };
    if (!tail.empty()) {
        // The element the last piece cut, finished with this piece's first bytes: a window, so
        // that a piece is copied whole only when no separator comes within it.
        const size_t held = tail.size(), rest = size_t(end - p), window = std::min<size_t>(rest, 4096);
        tail.append(p, window);
        Passed r = pass(tail, more_pieces || window < rest);
        if (!r.closed && r.at <= held && window < rest) {
            tail.append(p + window, end);
            r = pass(tail, more_pieces);
        }
        advance(r);
        if (!r.closed && r.at <= held) {  // no separator in this piece: all of it waits for the next
            tail.erase(0, r.at);
            return end;
        }
        tail.clear();
        p += r.at - held;  // compacting (closed) or passing goes on from here
        if (r.closed) return close_merges(f, p, w);
    }
    const Passed r = pass(std::string_view(p, size_t(end - p)), more_pieces);
    advance(r);
    if (!r.closed) {  // the list goes on in the next piece: what follows its last separator waits for it
        tail.assign(p + r.at, end);
        return end;
    }
    return close_merges(f, p + r.at, w);
}

const char* TokenizerStream::close_merges(Incoming& f, const char* p, char*& w) {
    f.merges_tail.shrink_to_fit();
    *w++ = ']';  // the list kept as `[]`
    f.last = ']';
    f.merges.structural(']');
    return p;
}

TokenizerFacts TokenizerStream::finish() {
    std::vector<InputFile> files;
    for (; current_ < files_.size(); ++current_, entered_ = false) {
        Incoming& f = files_[current_];
        enter(f);
        if (f.received != f.expected.size)
            throw Error(ErrorCode::missing_input, f.expected.name,
                        std::to_string(f.received) + " of its " + std::to_string(f.expected.size) + " bytes arrived");
    }
    for (Incoming& f : files_) {
        InputFile in(f.expected.name, std::move(f.kept));
        if (f.compacted) in.streamed_size = f.expected.size;
        files.push_back(std::move(in));
    }
    const bool merges_dropped = std::any_of(files_.begin(), files_.end(), [](const Incoming& f) {
        return f.merges_at > 0;  // past the list's '[' once the list was found
    });
    files_.clear();  // the kept text now lives in `files` only
    try {
        return read_tokenizer(files, "blake2b:" + hash_.hex_digest());
    } catch (const Error& e) {
        const bool compacted_file = std::any_of(files.begin(), files.end(), [&](const InputFile& f) {
            return f.streamed_size && e.where().compare(0, f.name.size(), f.name) == 0;
        });
        if (e.code() != ErrorCode::invalid_json || !compacted_file) throw;
        throw at_compacted_position(e, merges_dropped);
    }
}

TokenizerFacts read_streamed(const std::vector<InputFile>& files, size_t piece) {
    std::vector<TokenizerStream::Expected> expected;
    for (const InputFile& f : files) expected.push_back({f.name, f.bytes.size()});
    TokenizerStream stream(std::move(expected));
    for (const auto& e : stream.order()) {
        const std::string& bytes = std::find_if(files.begin(), files.end(), [&](const InputFile& f) { return f.name == e.name; })->bytes;
        for (size_t at = 0; at < bytes.size(); at += piece) stream.feed(e.name, std::string_view(bytes).substr(at, piece));
    }
    return stream.finish();
}

}  // namespace ma
