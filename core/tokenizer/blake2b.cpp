#include "blake2b.h"

#include <cstring>

namespace ma {
namespace {

constexpr uint64_t kIV[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                             0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

constexpr uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

inline uint64_t load64(const unsigned char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);  // BLAKE2b is little-endian, as are x86-64 and WebAssembly
    return v;
}

}  // namespace

Blake2b256::Blake2b256() {
    for (int i = 0; i < 8; ++i) h_[i] = kIV[i];
    h_[0] ^= 0x01010000ULL ^ 32;  // digest length 32, no key, fanout 1, depth 1
}

void Blake2b256::compress(const unsigned char* block, bool last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; ++i) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; ++i) {
        v[i] = h_[i];
        v[i + 8] = kIV[i];
    }
    v[12] ^= t_[0];
    v[13] ^= t_[1];
    if (last) v[14] = ~v[14];
#define MA_B2_G(a, b, c, d, x, y)                       \
    v[a] = v[a] + v[b] + (x); v[d] = rotr(v[d] ^ v[a], 32); \
    v[c] = v[c] + v[d];       v[b] = rotr(v[b] ^ v[c], 24); \
    v[a] = v[a] + v[b] + (y); v[d] = rotr(v[d] ^ v[a], 16); \
    v[c] = v[c] + v[d];       v[b] = rotr(v[b] ^ v[c], 63);
#define MA_B2_ROUND(r)                                                     \
    MA_B2_G(0, 4, 8, 12, m[kSigma[r][0]], m[kSigma[r][1]])                \
    MA_B2_G(1, 5, 9, 13, m[kSigma[r][2]], m[kSigma[r][3]])                \
    MA_B2_G(2, 6, 10, 14, m[kSigma[r][4]], m[kSigma[r][5]])               \
    MA_B2_G(3, 7, 11, 15, m[kSigma[r][6]], m[kSigma[r][7]])               \
    MA_B2_G(0, 5, 10, 15, m[kSigma[r][8]], m[kSigma[r][9]])               \
    MA_B2_G(1, 6, 11, 12, m[kSigma[r][10]], m[kSigma[r][11]])             \
    MA_B2_G(2, 7, 8, 13, m[kSigma[r][12]], m[kSigma[r][13]])              \
    MA_B2_G(3, 4, 9, 14, m[kSigma[r][14]], m[kSigma[r][15]])
    // Fully unrolled with constant message indexes: the compiler keeps v in registers.
    MA_B2_ROUND(0) MA_B2_ROUND(1) MA_B2_ROUND(2) MA_B2_ROUND(3) MA_B2_ROUND(4) MA_B2_ROUND(5)
    MA_B2_ROUND(6) MA_B2_ROUND(7) MA_B2_ROUND(8) MA_B2_ROUND(9) MA_B2_ROUND(10) MA_B2_ROUND(11)
#undef MA_B2_ROUND
#undef MA_B2_G
    for (int i = 0; i < 8; ++i) h_[i] ^= v[i] ^ v[i + 8];
}

void Blake2b256::update(std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t n = data.size();
    while (n > 0) {
        // The last block is compressed only in hex_digest(), so keep a full buffer until more data arrives.
        if (buffered_ == 128) {
            t_[0] += 128;
            if (t_[0] < 128) ++t_[1];
            compress(buffer_, false);
            buffered_ = 0;
        }
        if (buffered_ == 0) {
            while (n > 128) {  // whole blocks straight from the input
                t_[0] += 128;
                if (t_[0] < 128) ++t_[1];
                compress(p, false);
                p += 128;
                n -= 128;
            }
        }
        const size_t take = std::min(n, 128 - buffered_);
        std::memcpy(buffer_ + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
    }
}

std::string Blake2b256::hex_digest() {
    t_[0] += buffered_;
    if (t_[0] < buffered_) ++t_[1];
    std::memset(buffer_ + buffered_, 0, 128 - buffered_);
    compress(buffer_, true);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) {
        const auto byte = static_cast<unsigned char>(h_[i / 8] >> (8 * (i % 8)));
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

void add_file_header(Blake2b256& hash, const std::string& name, uint64_t size) {
    hash.update(name);
    hash.update(std::string_view("\0", 1));
    hash.update(std::to_string(size));
    hash.update(std::string_view("\0", 1));
}

}  // namespace ma
