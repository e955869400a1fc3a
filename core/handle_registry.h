// Values the wasm API hands out by number — loaded tokenizers, tokenizer streams, corpus
// sessions: numbers start at 1 and are never reused, and a number that is not open is
// Error(invalid_value) naming what was asked for.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "error.h"

namespace ma {

template <typename T>
class HandleRegistry {
public:
    // `what` names one value in messages: "no <what> 7".
    explicit HandleRegistry(std::string what) : what_(std::move(what)) {}

    int add(T value) {
        values_.emplace(next_, std::move(value));
        return next_++;
    }
    T& at(int id) { return find(id)->second; }
    // Moves the value out and closes its number, so it is gone whatever the caller does next.
    T take(int id) {
        const auto it = find(id);
        T value = std::move(it->second);
        values_.erase(it);
        return value;
    }
    void remove(int id) { values_.erase(id); }
    size_t size() const { return values_.size(); }

private:
    typename std::map<int, T>::iterator find(int id) {
        const auto it = values_.find(id);
        if (it == values_.end()) throw Error(ErrorCode::invalid_value, what_, "no " + what_ + " " + std::to_string(id));
        return it;
    }
    std::string what_;
    int next_ = 1;
    std::map<int, T> values_;
};

}  // namespace ma
