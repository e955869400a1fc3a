// unpack_deltas against bytes packed by hand (zigzag deltas in LEB128, the generator's format):
// 0, 5, 3, 300, 2^42, 7 differ by 0, +5, -2, +297, +(2^42 - 300), -(2^42 - 7).
#include <catch2/catch.hpp>

#include <cstdint>

#include "tokenize/packed_table.h"

TEST_CASE("unpack_deltas reads the generator's zigzag LEB128 deltas", "[unicode]") {
    const unsigned char packed[] = {0,   10,  3,   210, 4,   168, 251, 255, 255, 255, 255, 1,
                                    241, 255, 255, 255, 255, 255, 1,   0xEE};  // 0xEE: past the end
    uint64_t out[6] = {};
    const unsigned char* end = ma::unicode_tables::unpack_deltas(packed, out, 6);
    CHECK(out[0] == 0);
    CHECK(out[1] == 5);
    CHECK(out[2] == 3);
    CHECK(out[3] == 300);
    CHECK(out[4] == (uint64_t(1) << 42));
    CHECK(out[5] == 7);
    CHECK(*end == 0xEE);  // every byte of the six values read, none beyond
    uint16_t narrow[4] = {};
    ma::unicode_tables::unpack_deltas(packed, narrow, 4);
    CHECK(narrow[3] == 300);
}
