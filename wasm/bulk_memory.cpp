// memcpy, memmove and memset as single bulk-memory instructions (compiled with -mbulk-memory,
// CMakeLists.txt). libc++'s prebuilt string functions call these, and the C library's own are
// loops: ~9 % of a recompute in V8's baseline tier. Emscripten's memcpy is a weak alias and
// these definitions keep its memmove and memset out of the link.
#include <cstddef>

extern "C" {

void* memcpy(void* dest, const void* src, std::size_t n) {
    __builtin_memcpy(dest, src, n);  // memory.copy: with bulk memory the builtin is no call
    return dest;
}

void* memmove(void* dest, const void* src, std::size_t n) {
    __builtin_memmove(dest, src, n);  // memory.copy allows overlap
    return dest;
}

void* memset(void* dest, int c, std::size_t n) {
    __builtin_memset(dest, c, n);  // memory.fill
    return dest;
}

}  // extern "C"
