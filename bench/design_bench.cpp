// Native benchmark of the design search: exact parameter counts of candidate
// shapes per millisecond (what the shape search does per step), and whole
// designs (candidates, fit searches, reports) per second.
#include <chrono>
#include <cstdio>

#include "api.h"
#include "model/hf_config.h"
#include "model/param_count.h"

int main() {
    using clock = std::chrono::steady_clock;
    auto ms = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };

    ma::ArchSpec s = ma::default_spec("llama");
    s.vocab_size = 128256;
    s.num_key_value_heads = 8;
    uint64_t sink = 0;
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
    return sink == 0;
}
