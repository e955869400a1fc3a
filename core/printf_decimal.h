// printf's %.Nf, %.Ng and %.Ne of one double, character for character, without the C library:
// Emscripten's musl formats a double through a software 128-bit long double, ~8 % of a page
// recompute in wasm. The digits are exact: the double's value m * 2^e scaled by 10^n is rounded
// half to even in 128-bit integers, as printf rounds the exact binary value.
#pragma once

#include <string>

namespace ma {

// Appends `v` as printf would with "%.{precision}{conversion}" (conversion 'f', 'g' or 'e';
// `v` finite). Returns false, appending nothing, where the digits need more than 128 bits
// (style f from ~1e19; e and g with P digits below ~10^(P-30) or from ~1e30): the caller then
// asks snprintf.
bool append_printf_decimal(std::string& out, double v, char conversion, int precision);

}  // namespace ma
