// BLAKE2b (RFC 7693) with a 32-byte digest, for the tokenizer fingerprint.
// Chosen over SHA-256 because its 64-bit arithmetic runs about three times
// faster in WebAssembly, where the fingerprint of a 33 MB tokenizer.json was
// the largest cost of reading it. Streaming interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ma {

class Blake2b256 {
public:
    Blake2b256();
    void update(std::string_view data);
    std::string hex_digest();  // finishes; 64 lower-case hex characters

private:
    void compress(const unsigned char* block, bool last);
    uint64_t h_[8];
    uint64_t t_[2] = {0, 0};
    unsigned char buffer_[128];
    size_t buffered_ = 0;
};

// The tokenizer fingerprint frames each file (in name order) as `name \0 size \0 bytes`
// (docs/tokenizers.md): the part before the bytes.
void add_file_header(Blake2b256& hash, const std::string& name, uint64_t size);

}  // namespace ma
