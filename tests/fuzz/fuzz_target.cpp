// libFuzzer harnesses, one per input path of the core; FUZZ_TARGET selects
// which (CMake builds one binary per target). Each asserts the reader's
// contract: it returns facts or throws ma::Error, never anything else, never
// crashes or hangs, and never reports a negative, overflowed or non-finite number.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api.h"
#include "design/design_request.h"
#include "error.h"
#include "estimates/memory_report.h"
#include "model/hf_config.h"
#include "model/param_count.h"
#include "design/share_link.h"
#include "tokenizer/sequence_lengths.h"
#include "tokenizer/tokenizer_facts.h"

#define STR2(x) #x
#define STR(x) STR2(x)

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

void check_facts(const ma::TokenizerFacts& f) {
    require(f.tokenizer_size >= 0 && f.tokenizer_size <= 2147483647);
    require(f.distinct_ids <= static_cast<uint64_t>(f.tokenizer_size));
    for (const char* role : ma::kSpecialRoles) {
        const auto& s = f.special(role);
        if (s.id) require(*s.id >= 0 && *s.id < f.tokenizer_size);
        else require(!s.note.empty());
    }
    require(f.fingerprint.size() == 72);
}

void run(const std::string& data) {
    const std::string target = STR(FUZZ_TARGET);
    if (target == "tokenizer_json" || target == "tokenizer_config" || target == "special_tokens_map" ||
        target == "vocab_json" || target == "vocab_txt" || target == "sentencepiece") {
        const char* name = target == "tokenizer_json" ? "tokenizer.json" : target == "tokenizer_config" ? "tokenizer_config.json"
                         : target == "special_tokens_map" ? "special_tokens_map.json" : target == "vocab_json" ? "vocab.json"
                         : target == "vocab_txt" ? "vocab.txt" : "tokenizer.model";
        std::vector<ma::InputFile> files = {{name, data}};
        // Declaration files need a vocabulary beside them to resolve against.
        if (target == "tokenizer_config" || target == "special_tokens_map")
            files.push_back({"tokenizer.json", R"({"added_tokens":[{"id":0,"content":"<s>"},{"id":1,"content":"</s>"}],"model":{"type":"BPE","vocab":{"<s>":0,"</s>":1,"a":2},"merges":[]}})"});
        check_facts(ma::read_tokenizer(files));
    } else if (target == "merges_txt") {
        check_facts(ma::read_tokenizer({{"vocab.json", R"({"a":0,"b":1,"ab":2})"}, {"merges.txt", data}}));
    } else if (target == "hf_config") {
        const auto read = ma::read_hf_config(data, "config.json");
        const auto count = ma::count_parameters(read.spec);
        require(count.embedding + count.non_embedding == count.total);
        require(count.active_per_token <= count.total);
        const auto back = ma::read_hf_config(ma::write_hf_config(read.spec), "written");
        require(ma::count_parameters(back.spec).total == count.total);
        try {
            const auto report = ma::memory_report(read.spec, ma::MemoryOptions{});
            require(std::isfinite(report.training.total_bytes) && report.training.total_bytes > 0);
            require(std::isfinite(report.inference.decode_tokens_per_s) && report.inference.decode_tokens_per_s > 0);
            require(std::isfinite(report.compute.loss_besiroglu));
        } catch (const ma::Error&) {
            // A model too large for 64-bit byte counts is refused, not wrapped.
        }
    } else if (target == "share_link") {
        const auto state = ma::share_decode(data);
        require(ma::share_decode(ma::share_encode(state)) == state);
    } else if (target == "sequence_lengths") {
        try {
            const auto l = ma::read_sequence_lengths_json({"sequence_lengths.json", data});
            for (const auto& [p, v] : l.percentiles) require(std::isfinite(v) && v >= 0 && p > 0 && p < 100);
            ma::check_context_length(4096, std::nullopt, l);
        } catch (const ma::Error&) {
        }
        if (const auto md = ma::read_tokenizer_report_md({"tokenizer_report.md", data}))
            for (const auto& [p, v] : md->percentiles) require(std::isfinite(v) && v >= 0);
    } else if (target == "design_request") {
        const auto result = ma::api::design({}, data);  // never throws; errors are values
        require(result.ok || !result.error_message.empty());
        require(result.error_code != "internal");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    try {
        run(std::string(reinterpret_cast<const char*>(bytes), size));
    } catch (const ma::Error&) {
        // The contract: a typed error naming the input.
    }
    return 0;  // any other exception escapes and libFuzzer reports it
}
