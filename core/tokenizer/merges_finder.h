// Where model.merges starts in a tokenizer.json as its compacted bytes are written, so that a
// streamed read can pass the list as it arrives, checked but not compacted, and keep `[]` in its
// place: the facts never read the merges, and they are most of the file (9.8 of Gemma-3's 14.4 MB
// compacted). Only the structure outside strings is followed, plus the first bytes of strings at
// the two levels a key of interest sits on; the stream tells it where the list closed.
//
// A key is recognized only as its raw bytes (`"model"`, not `"mod\u0065l"`): a key written
// otherwise just keeps its value, which the reader then skips itself. When the file is JSON up to
// the list, the reader sees a model.merges there too, and skips its value: so the list passed
// here is one the reader would have skipped, checked the same way (JsonScanner::skip_array_inside).
#pragma once

#include <cstdint>
#include <cstring>

namespace ma {

class MergesFinder {
public:
    enum class Step { keep, merges_open };

    // A string opens (its quote written): its bytes come through string_bytes() until it closes.
    void string_open() {
        head_len_ = 0;
        watch_ = depth_ <= 2;
    }
    void string_bytes(const char* from, const char* to) {
        if (!watch_) return;
        const size_t n = size_t(to - from);
        if (head_len_ + n > sizeof head_) {
            watch_ = false;  // longer than any key looked for
            return;
        }
        std::memcpy(head_ + head_len_, from, n);
        head_len_ += n;
    }
    void string_escape() { watch_ = false; }
    void string_close() {
        closed_ = watch_ && head_len_ == 5 && std::memcmp(head_, "model", 5) == 0    ? Key::model
                  : watch_ && head_len_ == 6 && std::memcmp(head_, "merges", 6) == 0 ? Key::merges
                                                                                    : Key::other;
        after_string_ = true;
    }

    // A byte kept outside strings (the opening quote included): what it is to the merges list.
    Step structural(char c) {
        const bool key_model = key_model_, key_merges = key_merges_, after_string = after_string_;
        key_model_ = key_merges_ = after_string_ = false;
        switch (c) {
            case ':':
                key_model_ = after_string && depth_ == 1 && closed_ == Key::model;
                key_merges_ = after_string && depth_ == 2 && in_model_ && closed_ == Key::merges;
                return Step::keep;
            case '{':
                if (++depth_ == 2) in_model_ = key_model;
                return Step::keep;
            case '[':
                if (++depth_ == 3 && key_merges) {
                    in_merges_ = true;
                    return Step::merges_open;
                }
                return Step::keep;
            case '}':
            case ']':
                if (--depth_ <= 1) in_model_ = false;
                if (depth_ == 2) in_merges_ = false;  // the stream passes the list and gives its ']'
                return Step::keep;
            default:
                return Step::keep;
        }
    }

    bool in_merges() const { return in_merges_; }

private:
    enum class Key : uint8_t { other, model, merges };
    int64_t depth_ = 0;  // brackets open outside strings (negative in a broken file: nothing matches)
    char head_[6] = {};  // the open string's first bytes, at depth 1 or 2
    size_t head_len_ = 0;
    bool watch_ = false;         // the open string may still be a key looked for
    Key closed_ = Key::other;    // the string that closed last
    bool after_string_ = false;  // the last byte kept outside strings closed a string
    bool key_model_ = false;     // the last byte is the ':' after a top-level "model" key
    bool key_merges_ = false;    // the last byte is the ':' after "merges" in model's object
    bool in_model_ = false;      // inside the object that is model's value
    bool in_merges_ = false;     // inside model.merges' array
};

}  // namespace ma
