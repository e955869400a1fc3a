// Native benchmark: reads one tokenizer.json (or a folder's files given as
// arguments) through the core N times and prints the median time. Peak memory
// is measured by the calling script (/usr/bin/time). `--stream` reads as the
// page does instead: through TokenizerStream, 1 MiB pieces of each file in the
// stream's order (compacted, fingerprinted as they come), so a profiler run
// (valgrind --tool=callgrind tokenizer_bench --stream 1 FILE) splits that path.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "tokenizer/tokenizer_facts.h"
#include "tokenizer/tokenizer_stream.h"

int main(int argc, char** argv) {
    const bool stream = argc > 1 && std::strcmp(argv[1], "--stream") == 0;
    const int first = stream ? 2 : 1;
    if (argc < first + 2) {
        std::fprintf(stderr, "usage: tokenizer_bench [--stream] RUNS FILE...\n");
        return 2;
    }
    const int runs = std::atoi(argv[first]);
    std::vector<ma::InputFile> files;
    size_t bytes = 0;
    for (int i = first + 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "tokenizer_bench: cannot read %s\n", argv[i]);
            return 1;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        std::string path = argv[i];
        files.push_back({path.substr(path.find_last_of('/') + 1), ss.str()});
        bytes += files.back().bytes.size();
    }
    std::vector<double> ms;
    int64_t size = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        size = (stream ? ma::read_streamed(files, size_t(1) << 20) : ma::read_tokenizer(files)).tokenizer_size;  // web/file_pieces.js's PIECE_BYTES
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("native %s: %.1f ms median of %d (%.1f MB, tokenizer_size %lld)\n", stream ? "streamed read (1 MiB pieces)" : "read_tokenizer",
                ms[ms.size() / 2], runs, bytes / 1e6, static_cast<long long>(size));
}
