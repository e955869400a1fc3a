// Native benchmark of the design search: exact parameter counts of candidate
// shapes per millisecond (what the shape search does per step), whole
// designs (candidates, fit searches, reports) per second, and the page's call
// as typing the GPU count makes it. `design_bench page N` runs only N page
// calls, for a profiler (`valgrind --tool=callgrind`: instructions per call
// are steady where this VM's wall time is not).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "api.h"
#include "model/hf_config.h"
#include "model/param_count.h"

namespace {

// design_state_loaded as the page calls it while the GPU count is typed: a new count each call,
// no tokenizer, both reports deferred.
double page_calls(int n, uint64_t& sink) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        const std::string state = R"({"request":{"scale":"1B-3B","vocab_size":128256,"gpus":)" + std::to_string(8 + i % 200) + R"(},"tokenizer":null})";
        sink += ma::api::design_state_loaded(0, state, "[]").body.size();
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / n;
}

}  // namespace

int main(int argc, char** argv) {
    using clock = std::chrono::steady_clock;
    auto ms = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    uint64_t sink = 0;
    if (argc == 3 && std::strcmp(argv[1], "page") == 0) {
        const int n = std::atoi(argv[2]);
        std::printf("page call (1B-3B, gpus typed, reports deferred): %.3f ms per call over %d calls\n", page_calls(n, sink), n);
        return sink == 0;
    }

    ma::ArchSpec s = ma::default_spec("llama");
    s.vocab_size = 128256;
    s.num_key_value_heads = 8;
    int shapes = 0;
    const auto t0 = clock::now();
    for (int64_t h = 512; h <= 8192; h += 128)
        for (int64_t layers = 2; layers <= 80; layers += 2) {
            s.hidden_size = h;
            s.num_attention_heads = h / 128;
            s.num_key_value_heads = std::max<int64_t>(1, s.num_attention_heads / 4);
            while (s.num_attention_heads % *s.num_key_value_heads) --*s.num_key_value_heads;
            s.intermediate_size = (8 * h / 3 + 255) / 256 * 256;
            s.num_hidden_layers = layers;
            sink += ma::count_parameters(s).total;
            ++shapes;
        }
    const double shape_ms = ms(t0, clock::now());
    std::printf("design search: %.0f shapes evaluated per ms (%d exact counts in %.1f ms)\n", shapes / shape_ms, shapes, shape_ms);

    for (const char* request : {R"({"scale":"300M-700M","vocab_size":128256})", R"({"scale":"7B+","vocab_size":128256,"days":30,"gpus":64})"}) {
        const int runs = 20;
        const auto t1 = clock::now();
        for (int i = 0; i < runs; ++i) sink += ma::api::design({}, request).body.size();
        std::printf("native full design %s: %.1f ms per design\n", request, ms(t1, clock::now()) / runs);
    }
    std::printf("native page call (1B-3B, gpus typed, reports deferred): %.3f ms per call\n", page_calls(1000, sink));
    return sink == 0;
}
