// The wasm module's C++ allocations go through the small-object pool (core/small_object_pool.h):
// a design recompute makes ~10,000 of them and dlmalloc's malloc and free were a fifth of it.
// The aligned forms of new stay the runtime's own (they never reach these).
#include <new>

#include "small_object_pool.h"

namespace {
ma::SmallObjectPool pool;  // constant-initialized, never destroyed before an object it holds
}  // namespace

void* operator new(std::size_t bytes) { return pool.allocate(bytes); }
void* operator new[](std::size_t bytes) { return pool.allocate(bytes); }
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept {
    try {
        return pool.allocate(bytes);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t bytes, const std::nothrow_t& tag) noexcept { return operator new(bytes, tag); }
void operator delete(void* object) noexcept { pool.release(object); }
void operator delete[](void* object) noexcept { pool.release(object); }
void operator delete(void* object, std::size_t) noexcept { pool.release(object); }
void operator delete[](void* object, std::size_t) noexcept { pool.release(object); }
void operator delete(void* object, const std::nothrow_t&) noexcept { pool.release(object); }
void operator delete[](void* object, const std::nothrow_t&) noexcept { pool.release(object); }
