// Small objects (up to 256 bytes) from per-size free lists in 16 KiB slabs. A design recompute
// makes ~10,000 allocations of strings, JSON nodes and vectors, and in wasm Emscripten's
// dlmalloc spent a fifth of it in malloc and free (docs/performance.md); here a small
// allocation is a list pop and a free a list push. A slab goes back to malloc when its last
// object is freed, so closing a tokenizer still returns its memory. The wasm build routes every
// C++ allocation through one pool (wasm/small_object_new.cpp). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ma {

class SmallObjectPool {
public:
    // operator new's guarantee, kept by every object (large ones too).
    static constexpr std::size_t kAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;
    static constexpr std::size_t kLargest = 256;     // larger objects come from malloc directly
    static constexpr std::size_t kSlabBytes = 16384;

    constexpr SmallObjectPool() = default;  // constant-initialized: usable before any constructor runs

    // Never null: throws std::bad_alloc when malloc fails. Size 0 is an object of 1 byte.
    void* allocate(std::size_t bytes);
    // An object from allocate() of this pool, or null.
    void release(void* object) noexcept;

    struct Stats {
        std::size_t slabs = 0;         // slabs held (each kSlabBytes from malloc)
        std::size_t small_objects = 0; // live objects in them
    };
    Stats stats() const;

private:
    struct Slab;
    static constexpr std::size_t kClasses = kLargest / kAlign + 1;  // class c holds objects of up to c x kAlign bytes
    Slab* open_[kClasses] = {};  // per class, the slabs with room (doubly linked)
    std::size_t slabs_ = 0, small_objects_ = 0;
    Slab* new_slab(std::size_t size_class);
    void link(Slab* s);
    void unlink(Slab* s);
};

}  // namespace ma
