// Embind layer: forwards to ma::api and converts types, nothing else.
// Every function returns a plain value object {ok, body, error_code,
// error_where, error_message}; nothing for JS to delete.
#include <emscripten/bind.h>
#include <malloc.h>

#include "api.h"

using namespace emscripten;

namespace {

// Bytes from JS: a Uint8Array or ArrayBuffer is copied into wasm memory in one TypedArray.set
// (Embind's std::string conversion copies byte by byte in JS); a string converts as usual.
std::string bytes_of(const val& v) {
    if (v.isString()) return v.as<std::string>();
    const val bytes = v.instanceof(val::global("Uint8Array")) ? v : val::global("Uint8Array").new_(v);
    std::string out(bytes["length"].as<size_t>(), '\0');
    val(typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data()))).call<void>("set", bytes);
    return out;
}

// [{name, bytes}] from JS (bytes: Uint8Array, ArrayBuffer or string) -> core input files.
std::vector<ma::InputFile> to_input_files(const val& files) {
    std::vector<ma::InputFile> out;
    const auto n = files["length"].as<unsigned>();
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) out.push_back({files[i]["name"].as<std::string>(), bytes_of(files[i]["bytes"])});
    return out;
}

ma::api::Result read_tokenizer(const val& files, const std::string& format, double context) {
    return ma::api::read_tokenizer(to_input_files(files), format, static_cast<int64_t>(context));
}

ma::api::Result design(const val& files, const std::string& request) {
    return ma::api::design(to_input_files(files), request);
}

ma::api::Result design_state(const val& files, const std::string& state) {
    return ma::api::design_state(to_input_files(files), state);
}

ma::api::Result corpus_open(const val& files, const std::string& options) {
    return ma::api::corpus_open(to_input_files(files), options);
}

// chunk / text: Uint8Array (bytes) or string.
ma::api::Result corpus_feed(int session, const std::string& file, const val& chunk, bool last) {
    return ma::api::corpus_feed(session, file, bytes_of(chunk), last);
}

ma::api::Result corpus_encode(int session, const val& text) { return ma::api::corpus_encode(session, bytes_of(text)); }

ma::api::Result tokenizer_open(const val& files) { return ma::api::tokenizer_open(to_input_files(files)); }

// Bytes the allocator holds for live objects (linear memory itself never shrinks): lets tests
// check that closing a tokenizer or a corpus session gives everything back.
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(model_architect) {
    value_object<ma::api::Result>("Result")
        .field("ok", &ma::api::Result::ok)
        .field("body", &ma::api::Result::body)
        .field("error_code", &ma::api::Result::error_code)
        .field("error_where", &ma::api::Result::error_where)
        .field("error_message", &ma::api::Result::error_message)
        .field("error_text", &ma::api::Result::error_text);

    function("countParams", &ma::api::count_params);
    function("listFamilies", &ma::api::list_families);
    function("readTokenizer", &read_tokenizer);
    function("estimateMemory", &ma::api::estimate_memory);
    function("design", &design);
    function("designState", &design_state);
    function("tokenizerOpen", &tokenizer_open);
    function("designStateLoaded", &ma::api::design_state_loaded);
    function("tokenizerClose", &ma::api::tokenizer_close);
    function("shareEncode", &ma::api::share_encode);
    function("shareDecode", &ma::api::share_decode);
    function("designSeed", &ma::api::design_seed);
    function("listGpus", &ma::api::list_gpus);
    function("describeOptions", &ma::api::describe_options);
    function("isTokenizerInputName", &ma::api::is_tokenizer_input_name);
    function("corpusOpen", &corpus_open);
    function("corpusFeed", &corpus_feed);
    function("corpusFinish", &ma::api::corpus_finish);
    function("corpusEncode", &corpus_encode);
    function("corpusClose", &ma::api::corpus_close);
    function("heapInUse", &heap_in_use);
}
