#include "printf_decimal.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ma {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr int kMaxPow10 = 38;  // 10^38 < 2^127
constexpr int kMaxPow5 = 54;   // 5^54 < 2^126

template <int Base, int Max>
struct Powers {
    u128 v[Max + 1];
    constexpr Powers() : v() {
        u128 p = 1;
        for (int i = 0; i <= Max; ++i, p *= Base) v[i] = p;
    }
};
constexpr Powers<10, kMaxPow10> kPow10;
constexpr Powers<5, kMaxPow5> kPow5;

int bit_width(u128 x) {
    const auto high = uint64_t(x >> 64);
    return high ? 128 - __builtin_clzll(high) : uint64_t(x) ? 64 - __builtin_clzll(uint64_t(x)) : 0;
}

// |v| = m * 2^e exactly, m odd (or 0), so that the integers below stay as small as they can.
struct Binary {
    uint64_t m;
    int e;
};

Binary decompose(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const int biased = int((bits >> 52) & 0x7ff);
    const uint64_t fraction = bits & ((uint64_t(1) << 52) - 1);
    Binary b = biased == 0 ? Binary{fraction, -1074} : Binary{fraction | (uint64_t(1) << 52), biased - 1075};
    if (b.m == 0) return {0, 0};
    const int zeros = __builtin_ctzll(b.m);
    return {b.m >> zeros, b.e + zeros};
}

// |v| * 10^n rounded half to even, as printf rounds (or rounded down, for `round` false); false
// when a step needs more than 128 bits. |v| * 10^n = m * 5^n * 2^(e + n): the twos of 10^n
// cancel against the double's own exponent.
bool scaled(Binary b, int n, u128& out, bool round = true) {
    // Below a half at this scale (|v| < 2^(width + e) and 10^n < 2^(4n)): zero, and no tie.
    if (b.m == 0 || (n >= 0 && bit_width(b.m) + b.e + 4 * n <= -1)) {
        out = 0;
        return true;
    }
    u128 num = b.m, den = 1;
    if (n > kMaxPow5 || -n > kMaxPow5) return false;
    if (n >= 0 && __builtin_mul_overflow(num, kPow5.v[n], &num)) return false;
    if (n < 0) den = kPow5.v[-n];
    const int shift = b.e + n;
    if (shift >= 0) {
        if (bit_width(num) + shift > 127) return false;
        num <<= shift;
    } else {
        if (bit_width(den) - shift > 125) return false;  // twice the remainder must fit
        den <<= -shift;
    }
    // Most figures fit 64 bits: their division is native in wasm, a 128-bit one is a libcall.
    const bool narrow = (num >> 64) == 0 && (den >> 64) == 0;
    u128 q = narrow ? u128(uint64_t(num) / uint64_t(den)) : num / den;
    const u128 twice_remainder = (num - q * den) << 1;
    if (round && (twice_remainder > den || (twice_remainder == den && (q & 1)))) ++q;
    out = q;
    return true;
}

// Writes q with `decimals` digits after the point ("%.{decimals}f" of q / 10^decimals) so that
// it ends at `end`; returns where it starts.
template <typename Int>
char* write_digits(char* end, Int q, int decimals) {
    char* p = end;
    for (int written = 0; q != 0 || written <= decimals; ++written) {
        if (written == decimals && decimals > 0) *--p = '.';
        *--p = char('0' + int(q % 10));
        q /= 10;
    }
    return p;
}

char* write_point(char* end, u128 q, int decimals) {
    return (q >> 64) == 0 ? write_digits(end, uint64_t(q), decimals) : write_digits(end, q, decimals);
}

// Past the zeros that end a fraction, and the point if nothing follows it (%g without '#').
char* trim_fraction(char* begin, char* end) {
    if (std::find(begin, end, '.') == end) return end;
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
    return end;
}

// `digits` significant digits of |v| as printf's style e finds them: q with 10^(digits-1) <= q <
// 10^digits and the decimal exponent x of its first digit (|v| ~ q * 10^(x - digits + 1)). x is
// first the exact floor(log10 |v|), then one more where rounding carries into a new digit.
bool significant(Binary b, double magnitude, int digits, u128& q, int& x) {
    if (b.m == 0) {
        q = 0;
        x = 0;
        return true;
    }
    x = int(std::floor(std::log10(magnitude)));  // an estimate, off by one at most
    for (int tries = 0;; ++tries) {
        u128 down;
        if (tries == 4 || !scaled(b, digits - 1 - x, down, false)) return false;
        if (down >= kPow10.v[digits]) ++x;
        else if (down < kPow10.v[digits - 1]) --x;
        else break;
    }
    if (!scaled(b, digits - 1 - x, q)) return false;
    if (q == kPow10.v[digits]) q = kPow10.v[digits - 1], ++x;  // 9.99.. rounded up to 10.0..
    return true;
}

void append_exponent(std::string& out, int x) {
    out += 'e';
    out += x < 0 ? '-' : '+';
    const int a = x < 0 ? -x : x;
    if (a < 10) out += '0';
    out += std::to_string(a);
}

}  // namespace

bool append_printf_decimal(std::string& out, double v, char conversion, int precision) {
    if (precision < 0 || precision > kMaxPow10 - 1) return false;
    const Binary b = decompose(v);
    char buf[128];  // at most 39 digits, 41 decimals, a point and a leading zero
    char* const end = buf + sizeof buf;
    char* begin = nullptr;
    char* stop = end;
    u128 q = 0;
    int x = 0;
    bool exponent = false;
    if (conversion == 'f') {
        if (!scaled(b, precision, q)) return false;
        begin = write_point(end, q, precision);
    } else if (conversion == 'e') {
        if (!significant(b, std::fabs(v), precision + 1, q, x)) return false;
        begin = write_point(end, q, precision);
        exponent = true;
    } else if (conversion == 'g') {
        const int p = precision == 0 ? 1 : precision;
        if (!significant(b, std::fabs(v), p, q, x)) return false;
        exponent = !(x < p && x >= -4);
        // Style f with precision p - 1 - x has the same digits; style e has p - 1 decimals.
        begin = write_point(end, q, exponent ? p - 1 : p - 1 - x);
        stop = trim_fraction(begin, end);
    } else {
        return false;
    }
    if (std::signbit(v)) out += '-';
    out.append(begin, stop);
    if (exponent) append_exponent(out, x);
    return true;
}

}  // namespace ma
