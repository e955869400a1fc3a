// Parameter counts and byte sizes are exact 64-bit integers. Every product and
// sum goes through these helpers, so an overflow is an error, never a wrap.
#pragma once

#include <cstdint>
#include <string>

#include "../error.h"

namespace ma {

inline uint64_t checked_mul(uint64_t a, uint64_t b, const std::string& what) {
    uint64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        throw Error(ErrorCode::overflow, what,
                    std::to_string(a) + " x " + std::to_string(b) + " does not fit in 64 bits");
    return r;
}

inline uint64_t checked_add(uint64_t a, uint64_t b, const std::string& what) {
    uint64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        throw Error(ErrorCode::overflow, what,
                    std::to_string(a) + " + " + std::to_string(b) + " does not fit in 64 bits");
    return r;
}

}  // namespace ma
