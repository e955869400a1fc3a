#include "small_object_pool.h"

#include <cstdlib>
#include <new>

namespace ma {

// Each object is preceded by kAlign bytes naming its slab (null: a large object from malloc).
// A free object's first bytes link it into its slab's free list.
struct SmallObjectPool::Slab {
    Slab* prev;
    Slab* next;
    void* free;            // freed objects' headers, linked through their first word
    char* bump;            // never-used space from here to `end`
    char* end;
    std::size_t size_class;
    std::size_t live;
    bool open;             // in open_[size_class]: it has room
};

namespace {

constexpr std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

std::size_t stride(std::size_t size_class) { return SmallObjectPool::kAlign * (size_class + 1); }

}  // namespace

SmallObjectPool::Slab* SmallObjectPool::new_slab(std::size_t size_class) {
    char* block = static_cast<char*>(std::malloc(kSlabBytes));
    if (!block) throw std::bad_alloc();
    Slab* s = reinterpret_cast<Slab*>(block);
    *s = Slab{nullptr, nullptr, nullptr, block + round_up(sizeof(Slab), kAlign), block + kSlabBytes, size_class, 0, false};
    ++slabs_;
    link(s);
    return s;
}

void SmallObjectPool::link(Slab* s) {
    Slab*& head = open_[s->size_class];
    s->prev = nullptr;
    s->next = head;
    if (head) head->prev = s;
    head = s;
    s->open = true;
}

void SmallObjectPool::unlink(Slab* s) {
    if (s->prev) s->prev->next = s->next;
    else open_[s->size_class] = s->next;
    if (s->next) s->next->prev = s->prev;
    s->open = false;
}

void* SmallObjectPool::allocate(std::size_t bytes) {
    if (bytes == 0) bytes = 1;
    if (bytes > kLargest) {
        char* block = static_cast<char*>(std::malloc(kAlign + bytes));
        if (!block) throw std::bad_alloc();
        *reinterpret_cast<Slab**>(block) = nullptr;
        return block + kAlign;
    }
    const std::size_t size_class = (bytes + kAlign - 1) / kAlign;
    Slab* s = open_[size_class] ? open_[size_class] : new_slab(size_class);
    char* header;
    if (s->free) {
        header = static_cast<char*>(s->free);
        s->free = *reinterpret_cast<void**>(header);
    } else {
        header = s->bump;
        s->bump += stride(size_class);
    }
    ++s->live;
    ++small_objects_;
    if (!s->free && s->bump + stride(size_class) > s->end) unlink(s);  // full
    *reinterpret_cast<Slab**>(header) = s;
    return header + kAlign;
}

void SmallObjectPool::release(void* object) noexcept {
    if (!object) return;
    char* header = static_cast<char*>(object) - kAlign;
    Slab* s = *reinterpret_cast<Slab**>(header);
    if (!s) {
        std::free(header);
        return;
    }
    --small_objects_;
    if (--s->live == 0) {  // the last object: the slab goes back to malloc
        if (s->open) unlink(s);
        --slabs_;
        std::free(s);
        return;
    }
    *reinterpret_cast<void**>(header) = s->free;
    s->free = header;
    if (!s->open) link(s);
}

SmallObjectPool::Stats SmallObjectPool::stats() const { return {slabs_, small_objects_}; }

}  // namespace ma
