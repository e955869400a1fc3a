// The generated Unicode tables ship packed (scripts/gen_unicode_tables.mjs): each table is the
// differences between consecutive values, zigzag-signed, as LEB128 varints. Sorted keys and run
// starts differ by little, so the wasm's data holds 41 KB of tables where it held 139 KB (18 KB
// instead of 42 KB in brotli). They are unpacked once, before any code reads them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ma::unicode_tables {

// Writes the `n` values packed at `p` to `out`; returns the byte after the last one read.
template <typename T>
const unsigned char* unpack_deltas(const unsigned char* p, T* out, std::size_t n) {
    uint64_t value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        uint64_t zigzag = 0;
        int shift = 0;
        unsigned char byte;
        do {
            byte = *p++;
            zigzag |= uint64_t(byte & 0x7F) << shift;
            shift += 7;
        } while (byte & 0x80);
        value += (zigzag & 1) ? ~(zigzag >> 1) : (zigzag >> 1);  // odd: a negative difference, two's complement
        out[i] = T(value);
    }
    return p;
}

}  // namespace ma::unicode_tables
