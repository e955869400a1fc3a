// SHA-256 (FIPS 180-4), for the tokenizer fingerprint. Streaming interface so
// several files can be hashed without concatenating them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ma {

class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    std::string hex_digest();  // finishes; 64 lower-case hex characters

private:
    void block(const unsigned char* p);
    uint32_t h_[8];
    unsigned char buffer_[64];
    size_t buffered_ = 0;
    uint64_t length_ = 0;
};

}  // namespace ma
