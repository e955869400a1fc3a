// A number together with the formula that computes it. Every estimate term is
// built from symbols (b, s, h, ...) with these operators, so the value a
// report shows and the formula printed beside it come from the same
// expression and cannot disagree.
#pragma once

#include <string>

#include "../per_thread.h"

namespace ma {

class Q {
public:
    // A named symbol ("b", the micro-batch) with its value (only the value under NumbersOnly).
    static Q sym(std::string name, double value) { return Q(value, texts() ? std::move(name) : std::string(), kAtom); }
    // A constant, printed as %g ("4", "0.5").
    static Q num(double value);

    double value() const { return value_; }
    const std::string& text() const { return text_; }

    friend Q operator+(const Q& a, const Q& b) { return Q(a.value_ + b.value_, texts() ? a.text_ + " + " + b.text_ : "", kSum); }
    friend Q operator-(const Q& a, const Q& b) { return Q(a.value_ - b.value_, texts() ? a.text_ + " - " + b.wrap(kQuotient) : "", kSum); }
    friend Q operator*(const Q& a, const Q& b) { return Q(a.value_ * b.value_, texts() ? a.wrap(kProduct) + "*" + b.wrap(kProduct) : "", kProduct); }
    // A quotient is wrapped before it is multiplied again: "(e*b*s / t)*24", never "e*b*s / t*24".
    friend Q operator/(const Q& a, const Q& b) { return Q(a.value_ / b.value_, texts() ? a.wrap(kQuotient) + " / " + b.wrap(kAtom) : "", kQuotient); }
    friend Q operator*(double a, const Q& b) { return num(a) * b; }
    friend Q operator+(double a, const Q& b) { return num(a) + b; }
    friend Q operator+(const Q& a, double b) { return a + num(b); }

    // While one lives, no formula text is built (text() is empty, values are the same): a search
    // that only compares totals (the fit search tries dozens of arrangements) skips text no report shows.
    class NumbersOnly {
    public:
        NumbersOnly() : was_(texts()) { texts() = false; }
        ~NumbersOnly() { texts() = was_; }
        NumbersOnly(const NumbersOnly&) = delete;
        NumbersOnly& operator=(const NumbersOnly&) = delete;

    private:
        bool was_;
    };

    // False while a NumbersOnly lives: text that only a report shows can be skipped.
    static bool building_text() { return texts(); }
    // make() while text is built, "" under NumbersOnly: for a name put together from parts
    // (a name written out is dropped by the constructors that take it, see MemoryTerm and ActivationRow).
    template <typename Make>
    static std::string text_of(Make&& make) { return texts() ? std::string(make()) : std::string(); }

private:
    static bool& texts() {
        MA_PER_THREAD bool on = true;
        return on;
    }
    enum Precedence { kSum = 1, kQuotient = 2, kProduct = 3, kAtom = 4 };
    Q(double value, std::string text, int precedence) : value_(value), text_(std::move(text)), precedence_(precedence) {}
    std::string wrap(int needed) const { return precedence_ >= needed ? text_ : "(" + text_ + ")"; }

    double value_;
    std::string text_;
    int precedence_;
};

}  // namespace ma
