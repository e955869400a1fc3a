// The last few results of a pure function, most recent first: a page change usually recomputes
// what the change before it did (the same shapes, the same configs), and these lists are short
// enough that a linear scan with the key's == beats hashing it.
#pragma once

#include <cstddef>
#include <list>
#include <utility>

namespace ma {

template <typename Key, typename Value, std::size_t Capacity>
class RecentCache {
public:
    // The value kept for `key`, computed by `make()` (and kept) when there is none. A `make()`
    // that throws keeps nothing. `key` may be anything a Key compares equal to and is made from
    // (a tuple of references for a tuple key): a hit then copies nothing.
    template <typename Probe, typename Make>
    const Value& get(const Probe& key, Make&& make) {
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first == key) {
                entries_.splice(entries_.begin(), entries_, it);
                return entries_.front().second;
            }
        entries_.emplace_front(Key(key), make());
        if (entries_.size() > Capacity) entries_.pop_back();
        return entries_.front().second;
    }

private:
    std::list<std::pair<Key, Value>> entries_;
};

}  // namespace ma
