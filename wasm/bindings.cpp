// Embind layer: forwards to ma::api and converts types, nothing else.
// Every function returns a plain value object {ok, body, error_code,
// error_where, error_message}; nothing for JS to delete.
#include <emscripten/bind.h>

#include "api.h"

using namespace emscripten;

EMSCRIPTEN_BINDINGS(model_architect) {
    value_object<ma::api::Result>("Result")
        .field("ok", &ma::api::Result::ok)
        .field("body", &ma::api::Result::body)
        .field("error_code", &ma::api::Result::error_code)
        .field("error_where", &ma::api::Result::error_where)
        .field("error_message", &ma::api::Result::error_message);

    function("countParams", &ma::api::count_params);
    function("listFamilies", &ma::api::list_families);
}
