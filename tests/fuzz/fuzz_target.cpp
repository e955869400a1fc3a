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
#include "corpus/corpus_session.h"
#include "tokenize/regex.h"
#include "tokenize/unicode.h"

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

// A small tokenizer that exercises every stage: added tokens (raw and normalized, lstrip),
// NFKC, a Split regex, Metaspace, BPE with byte fallback and merges.
std::vector<ma::InputFile> fuzz_tokenizer() {
    std::string vocab = "{\"<unk>\":0,\"<s>\":1";
    int id = 2;
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        vocab += ",\"" + std::string(name) + "\":" + std::to_string(id++);
    }
    for (const char* p : {"\u2581", "a", "b", "ab", "\u2581a", "\u2581ab", "c", "abc"}) vocab += ",\"" + std::string(p) + "\":" + std::to_string(id++);
    vocab += "}";
    const std::string json = R"j({"version":"1.0","truncation":null,"padding":null,"added_tokens":[)j"
        R"j({"id":1,"content":"<s>","single_word":false,"lstrip":true,"rstrip":false,"normalized":false,"special":true},)j"
        R"j({"id":300,"content":"xy","single_word":true,"lstrip":false,"rstrip":true,"normalized":true,"special":false}],)j"
        R"j("normalizer":{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Replace","pattern":{"String":"  "},"content":" "}]},)j"
        R"j("pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":"(?i:'s|'t)|\\p{N}{1,3}|[^\\s\\p{L}]+|\\s+(?!\\S)"},"behavior":"Isolated","invert":false},)j"
        R"j({"type":"Metaspace","replacement":"\u2581","prepend_scheme":"first","split":true}]},)j"
        R"j("model":{"type":"BPE","dropout":null,"unk_token":"<unk>","fuse_unk":true,"byte_fallback":true,"vocab":)j" + vocab +
        R"j(,"merges":["a b","\u2581 a","\u2581a b","ab c"]}})j";
    return {{"tokenizer.json", json}};
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
    } else if (target == "split_regex") {
        // Any pattern compiles or is refused by name; a compiled one finds in-bounds, ordered matches.
        const ma::Regex re(data.substr(0, 200), "pattern");
        const std::string text = ma::unicode::sanitize_utf8(data);
        for (size_t at = 0, n = 0; at <= text.size() && n < 1000; ++n) {
            const auto m = re.find(text, at);
            if (m.start == std::string::npos) break;
            require(m.start >= at && m.end >= m.start && m.end <= text.size());
            at = m.end > m.start ? m.end : m.end + 1;
        }
    } else if (target == "corpus") {
        // Any bytes as .txt and .jsonl: documents or a typed error; counts add up.
        static ma::CorpusSession* session = nullptr;
        if (!session) session = new ma::CorpusSession(fuzz_tokenizer(), {});
        const size_t before = session->stats().tokens_per_document.size();
        session->feed("sample.txt", data, true);
        require(session->stats().tokens_per_document.size() == before + 1);
        require(session->encode(data).size() == size_t(session->stats().tokens_per_document.back()));
        std::vector<std::string> docs;
        ma::DocumentReader jsonl("sample.jsonl", "text", ma::TxtSplit::file, [&](std::string_view d) { docs.emplace_back(d); });
        jsonl.feed(data);
        jsonl.finish();
        for (const auto& d : docs) require(ma::unicode::is_valid_utf8(ma::unicode::sanitize_utf8(d)));
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
