// Native benchmark: reads one tokenizer.json (or a folder's files given as
// arguments) through the core N times and prints the median time. Peak memory
// is measured by the calling script (/usr/bin/time).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "tokenizer/tokenizer_facts.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: tokenizer_bench RUNS FILE...\n");
        return 2;
    }
    const int runs = std::atoi(argv[1]);
    std::vector<ma::InputFile> files;
    size_t bytes = 0;
    for (int i = 2; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
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
        size = ma::read_tokenizer(files).tokenizer_size;
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("native read_tokenizer: %.1f ms median of %d (%.1f MB, tokenizer_size %lld)\n", ms[ms.size() / 2], runs,
                bytes / 1e6, static_cast<long long>(size));
}
