// An immutable list that its copies share: a value copied on every use (a parameter count out
// of its cache, the tokenizer facts into each design) then costs a reference count, not a copy
// of every element (a count's tensors, Gemma-3's 6,415 added tokens).
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace ma {

template <typename T>
class SharedList {
public:
    SharedList() = default;
    // Implicit: a list built as a vector becomes shared where it is stored.
    SharedList(std::vector<T> items) : items_(std::make_shared<const std::vector<T>>(std::move(items))) {}

    const std::vector<T>& items() const {
        static const std::vector<T> none;
        return items_ ? *items_ : none;
    }
    typename std::vector<T>::const_iterator begin() const { return items().begin(); }
    typename std::vector<T>::const_iterator end() const { return items().end(); }
    std::size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    const T& operator[](std::size_t i) const { return items()[i]; }
    const T& front() const { return items().front(); }
    const T& back() const { return items().back(); }

private:
    std::shared_ptr<const std::vector<T>> items_;
};

}  // namespace ma
