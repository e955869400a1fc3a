#include "regex.h"

#include <memory>
#include <optional>

#include "../error.h"
#include "../per_thread.h"
#include "unicode.h"

namespace ma {
namespace {

namespace u = unicode;

struct Node {
    enum Kind { cls, seq, alt, repeat, look };
    explicit Node(Kind k) : kind(k) {}
    Kind kind;
    uint32_t cls_index = 0;
    std::vector<Node> kids;
    int min = 0, max = -1;  // repeat; max -1: unbounded
    bool greedy = true;
    bool negate = false;    // look
};

bool nullable(const Node& n) {
    switch (n.kind) {
        case Node::cls: return false;
        case Node::seq: for (const Node& k : n.kids) if (!nullable(k)) return false; return true;
        case Node::alt: for (const Node& k : n.kids) if (nullable(k)) return true; return false;
        case Node::repeat: return n.min == 0 || nullable(n.kids[0]);
        case Node::look: return true;
    }
    return true;
}

// Two-letter (and one-letter group) general-category names -> category bit mask.
std::optional<uint32_t> category_mask(std::string_view name) {
    static const char* const names[] = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
                                        "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"};
    uint32_t mask = 0;
    for (uint32_t i = 0; i < u::kCategoryCount; ++i) {
        const std::string_view n = names[i];
        if (n == name || (name.size() == 1 && n[0] == name[0])) mask |= 1u << i;
    }
    if (!mask) return std::nullopt;
    return mask;
}

}  // namespace

bool Regex::CharClass::contains_slow(char32_t cp) const {
    bool in = false;
    for (const ClassItem& it : items) {
        bool m = false;
        switch (it.kind) {
            case ClassItem::range: m = cp >= it.lo && cp <= it.hi; break;
            case ClassItem::categories: m = (it.mask >> u::category(cp)) & 1u; break;
            case ClassItem::white_space: m = u::is_white_space(cp); break;
        }
        if (m != it.negated) { in = true; break; }
    }
    return in != negated;
}

bool Regex::CharClass::contains(char32_t cp) const {
    if (cp < 128) return (ascii[cp >> 6] >> (cp & 63)) & 1u;
    return contains_slow(cp);
}

class RegexCompiler {
public:
    RegexCompiler(Regex& re, std::string_view p, const std::string& where) : re_(re), p_(p), where_(where) {}

    void compile() {
        Node root = parse_alternation(false);
        if (pos_ < p_.size()) refuse("an unmatched ')'");
        re_.nullable_ = nullable(root);
        std::vector<std::pair<uint32_t, const Node*>> deferred;  // look instructions and their bodies
        emit(root, deferred);
        re_.prog_.push_back({Regex::Op::match});
        for (size_t i = 0; i < deferred.size(); ++i) {  // lookahead bodies, each ending in its own match
            re_.prog_[deferred[i].first].x = uint32_t(re_.prog_.size());
            emit(*deferred[i].second, deferred);
            re_.prog_.push_back({Regex::Op::match});
        }
        for (Regex::CharClass& c : re_.classes_)
            for (char32_t cp = 0; cp < 128; ++cp)
                if (c.contains_slow(cp)) c.ascii[cp >> 6] |= uint64_t(1) << (cp & 63);
    }

private:
    [[noreturn]] void refuse(const std::string& what) const {
        throw Error(ErrorCode::unsupported, where_,
                    "the regular expression uses " + what + " at offset " + std::to_string(pos_) +
                        ", which model-architect's matcher does not implement (pattern: " + std::string(p_.substr(0, 120)) + ")");
    }
    bool at_end() const { return pos_ >= p_.size(); }
    char peek() const { return p_[pos_]; }
    bool eat(char c) {
        if (!at_end() && p_[pos_] == c) { ++pos_; return true; }
        return false;
    }
    char32_t next_cp() {
        if (!u::is_valid_utf8(p_.substr(pos_, u::utf8_length(static_cast<unsigned char>(p_[pos_])))))
            refuse("invalid UTF-8");
        return u::decode_at(p_, pos_);
    }

    uint32_t add_class(Regex::CharClass c) {
        re_.classes_.push_back(std::move(c));
        return uint32_t(re_.classes_.size() - 1);
    }
    Node class_node(Regex::CharClass c) { Node n(Node::cls); n.cls_index = add_class(std::move(c)); return n; }
    static Regex::ClassItem range_item(char32_t lo, char32_t hi) { return {Regex::ClassItem::range, false, lo, hi, 0}; }

    Node literal(char32_t cp) {
        Regex::CharClass c;
        c.items.push_back(range_item(cp, cp));
        if (ignore_case_)  // Oniguruma's (?i): every character with the same case fold
            for (char32_t x : u::case_equivalents(cp)) c.items.push_back(range_item(x, x));
        return class_node(std::move(c));
    }

    Node parse_alternation(bool in_group) {
        Node alt(Node::alt);
        alt.kids.push_back(parse_sequence());
        while (eat('|')) alt.kids.push_back(parse_sequence());
        if (in_group && !eat(')')) refuse("a group without ')'");
        return alt.kids.size() == 1 ? std::move(alt.kids[0]) : alt;
    }

    Node parse_sequence() {
        Node seq(Node::seq);
        while (!at_end() && peek() != '|' && peek() != ')') {
            Node atom = parse_atom();
            parse_quantifier(atom);
            seq.kids.push_back(std::move(atom));
        }
        return seq;
    }

    void parse_quantifier(Node& atom) {
        for (;;) {
            if (at_end()) return;
            int min, max;
            const size_t start = pos_;
            if (eat('?')) { min = 0; max = 1; }
            else if (eat('*')) { min = 0; max = -1; }
            else if (eat('+')) { min = 1; max = -1; }
            else if (peek() == '{') {
                ++pos_;
                auto number = [&]() -> std::optional<int> {
                    int v = 0; bool any = false;
                    while (!at_end() && peek() >= '0' && peek() <= '9') { v = v * 10 + (peek() - '0'); ++pos_; any = true; if (v > 1000) refuse("a repeat count over 1000"); }
                    return any ? std::optional<int>(v) : std::nullopt;
                };
                const auto lo = number();
                std::optional<int> hi = lo;
                if (eat(',')) hi = number();
                if (!eat('}') || (!lo && !hi)) { pos_ = start; refuse("a '{' that is not a repeat count"); }
                min = lo.value_or(0);
                max = hi ? *hi : -1;
                if (max != -1 && max < min) refuse("a repeat count whose maximum is below its minimum");
            } else {
                return;
            }
            bool greedy = true;
            if (eat('?')) greedy = false;
            else if (!at_end() && peek() == '+') refuse("a possessive quantifier");
            if (atom.kind == Node::look) refuse("a quantified lookahead");
            if (max == -1 && nullable(atom)) refuse("an unbounded repeat of something that can match nothing");
            Node rep(Node::repeat);
            rep.min = min; rep.max = max; rep.greedy = greedy;
            rep.kids.push_back(std::move(atom));
            atom = std::move(rep);
        }
    }

    Node parse_atom() {
        const char c = peek();
        if (c == '(') {
            ++pos_;
            if (eat('?')) {
                if (eat(':')) return parse_alternation(true);
                if (eat('=') || (peek() == '!' && eat('!'))) {
                    Node look(Node::look);
                    look.negate = p_[pos_ - 1] == '!';
                    look.kids.push_back(parse_alternation(true));
                    return look;
                }
                if (p_.substr(pos_, 2) == "i:") {
                    pos_ += 2;
                    const bool was = ignore_case_;
                    ignore_case_ = true;
                    Node n = parse_alternation(true);
                    ignore_case_ = was;
                    return n;
                }
                refuse("the group syntax '(?" + std::string(p_.substr(pos_, 1)) + "'");
            }
            return parse_alternation(true);  // a capture group: captures are not needed for splitting
        }
        if (c == '[') return class_node(parse_class());
        if (c == '.') {
            ++pos_;
            Regex::CharClass any;
            any.negated = true;
            any.items.push_back(range_item('\n', '\n'));
            return class_node(std::move(any));
        }
        if (c == '\\') {
            ++pos_;
            Regex::CharClass cls;
            if (auto cp = parse_escape(cls.items)) return literal(*cp);
            return class_node(std::move(cls));
        }
        if (c == '^' || c == '$') refuse("an anchor '" + std::string(1, c) + "'");
        if (c == '*' || c == '+' || c == '?' || c == '{') refuse("a quantifier with nothing to repeat");
        return literal(next_cp());
    }

    // After a backslash: a literal character (returned) or class items (appended).
    std::optional<char32_t> parse_escape(std::vector<Regex::ClassItem>& items) {
        if (at_end()) refuse("a trailing backslash");
        const char e = p_[pos_++];
        switch (e) {
            case 's': case 'S': items.push_back({Regex::ClassItem::white_space, e == 'S', 0, 0, 0}); return std::nullopt;
            case 'd': case 'D': items.push_back({Regex::ClassItem::categories, e == 'D', 0, 0, 1u << u::Nd}); return std::nullopt;
            case 'p': case 'P': {
                if (!eat('{')) refuse("\\" + std::string(1, e) + " without {name}");
                bool negated = e == 'P';
                if (eat('^')) negated = !negated;
                const size_t close = p_.find('}', pos_);
                if (close == std::string_view::npos) refuse("an unterminated \\p{");
                const std::string_view name = p_.substr(pos_, close - pos_);
                const auto mask = category_mask(name);
                if (!mask) refuse("the property \\p{" + std::string(name) + "} (only general categories are implemented)");
                pos_ = close + 1;
                items.push_back({Regex::ClassItem::categories, negated, 0, 0, *mask});
                return std::nullopt;
            }
            case 'n': return U'\n';
            case 'r': return U'\r';
            case 't': return U'\t';
            case 'f': return U'\f';
            case 'v': return U'\v';
            case 'a': return U'\a';
            case 'e': return U'\x1B';
            default: break;
        }
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
            --pos_;
            refuse("the escape \\" + std::string(1, e));
        }
        --pos_;
        return next_cp();  // an escaped punctuation or other character stands for itself
    }

    Regex::CharClass parse_class() {
        ++pos_;  // '['
        Regex::CharClass cls;
        cls.negated = eat('^');
        bool first = true;
        for (;;) {
            if (at_end()) refuse("an unterminated character class");
            if (peek() == ']' && !first) { ++pos_; break; }
            first = false;
            if (peek() == '[') refuse("a nested character class");
            if (p_.substr(pos_, 2) == "&&") refuse("a class intersection '&&'");
            std::optional<char32_t> lo;
            if (eat('\\')) lo = parse_escape(cls.items);
            else lo = next_cp();
            if (!lo) continue;
            if (peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
                ++pos_;
                std::optional<char32_t> hi;
                if (eat('\\')) {
                    std::vector<Regex::ClassItem> none;
                    hi = parse_escape(none);
                    if (!hi) refuse("a range ending in a class escape");
                } else {
                    hi = next_cp();
                }
                if (*hi < *lo) refuse("a reversed range in a character class");
                cls.items.push_back(range_item(*lo, *hi));
            } else {
                cls.items.push_back(range_item(*lo, *lo));
            }
        }
        if (ignore_case_)
            for (const Regex::ClassItem& it : cls.items)
                if (it.kind == Regex::ClassItem::range) refuse("a character class with literal characters inside (?i:)");
        return cls;
    }

    void emit(const Node& n, std::vector<std::pair<uint32_t, const Node*>>& deferred) {
        auto& prog = re_.prog_;
        auto here = [&] { return uint32_t(prog.size()); };
        if (prog.size() > 200000) refuse("more than 200,000 instructions after expanding repeats");
        switch (n.kind) {
            case Node::cls: prog.push_back({Regex::Op::cls, false, n.cls_index, 0}); return;
            case Node::seq: for (const Node& k : n.kids) emit(k, deferred); return;
            case Node::alt: {
                std::vector<uint32_t> jumps;
                for (size_t i = 0; i < n.kids.size(); ++i) {
                    if (i + 1 == n.kids.size()) { emit(n.kids[i], deferred); break; }
                    const uint32_t split = here();
                    prog.push_back({Regex::Op::split, false, split + 1, 0});
                    emit(n.kids[i], deferred);
                    jumps.push_back(here());
                    prog.push_back({Regex::Op::jump});
                    prog[split].y = here();
                }
                for (uint32_t j : jumps) prog[j].x = here();
                return;
            }
            case Node::repeat: {
                for (int i = 0; i < n.min; ++i) emit(n.kids[0], deferred);
                auto optional_copy = [&](uint32_t& split) {
                    split = here();
                    prog.push_back({Regex::Op::split});
                    emit(n.kids[0], deferred);
                };
                auto aim = [&](uint32_t split, uint32_t body, uint32_t out) {
                    prog[split].x = n.greedy ? body : out;
                    prog[split].y = n.greedy ? out : body;
                };
                if (n.max == -1) {
                    uint32_t split;
                    optional_copy(split);
                    prog.push_back({Regex::Op::jump, false, split, 0});
                    aim(split, split + 1, here());
                } else {
                    std::vector<uint32_t> splits;
                    for (int i = n.min; i < n.max; ++i) { uint32_t s; optional_copy(s); splits.push_back(s); }
                    for (uint32_t s : splits) aim(s, s + 1, here());
                }
                return;
            }
            case Node::look:
                deferred.emplace_back(here(), &n.kids[0]);
                prog.push_back({Regex::Op::look, n.negate, 0, 0});
                return;
        }
    }

    Regex& re_;
    std::string_view p_;
    const std::string& where_;
    size_t pos_ = 0;
    bool ignore_case_ = false;
};

Regex::Regex(std::string_view pattern, const std::string& where) : pattern_(pattern) {
    RegexCompiler(*this, pattern_, where).compile();
}

namespace {
struct Backtrack { uint32_t pc; size_t pos; };
std::vector<Backtrack>& backtrack_stack() {
    MA_PER_THREAD std::vector<Backtrack> stack;
    return stack;
}
}  // namespace

bool Regex::run(uint32_t pc, std::string_view text, size_t pos, size_t& end, uint64_t& budget) const {
    std::vector<Backtrack>& stack = backtrack_stack();
    const size_t base = stack.size();  // lookaheads run nested on the same stack
    for (;;) {
        if (--budget == 0) {
            stack.resize(base);
            throw Error(ErrorCode::unsupported, "regex",
                        "the pattern " + pattern_.substr(0, 80) + " backtracks without end on this text (nested repeats); HF would hang as well");
        }
        const Inst& in = prog_[pc];
        switch (in.op) {
            case Op::cls:
                if (pos < text.size()) {
                    size_t next = pos;
                    if (classes_[in.x].contains(unicode::decode_at(text, next))) { pos = next; ++pc; continue; }
                }
                break;
            case Op::split: stack.push_back({in.y, pos}); pc = in.x; continue;
            case Op::jump: pc = in.x; continue;
            case Op::look: {
                size_t ignored;
                if (run(in.x, text, pos, ignored, budget) != in.negate) { ++pc; continue; }
                break;
            }
            case Op::match: end = pos; stack.resize(base); return true;
        }
        if (stack.size() == base) return false;
        pc = stack.back().pc;
        pos = stack.back().pos;
        stack.pop_back();
    }
}

Regex::Match Regex::find(std::string_view text, size_t from) const {
    // Real split patterns take a few steps per character; nested repeats can take exponentially many.
    uint64_t budget = 50'000'000 + 2000 * uint64_t(text.size());
    for (size_t s = from; s <= text.size();) {
        size_t e;
        if (run(0, text, s, e, budget)) return {s, e};
        if (s == text.size()) break;
        s += unicode::utf8_length(static_cast<unsigned char>(text[s]));
    }
    return {std::string_view::npos, std::string_view::npos};
}

}  // namespace ma
