// Every enumerated option the core accepts, each with one name table: the
// name used in JSON, on the command line and in share links, and the label
// the page shows. Parsing, messages, `--help` and the page's <select>s all
// read these tables (choices.cpp), so a value is spelled in one place.
#pragma once

#include <string>
#include <vector>

#include "../error.h"

namespace ma {

enum class Precision { fp32, mixed, amp, bf16 };
enum class GradDtype { bf16, fp32 };
enum class Optimizer { adamw, adam8bit, adafactor, sgd, lion };
enum class Recompute { none, selective, full };
enum class AttentionKernel { eager, sdpa, fused, flash };
enum class Engine { hf, torchtitan, megatron };
enum class SelectiveAc { op, layer };          // torchtitan: op-level save list, or every N-th layer
enum class RecomputeMethod { uniform, block };  // Megatron --recompute-method
enum class TransformerImpl { transformer_engine, local };  // Megatron --transformer-impl
enum class LrSchedule { cosine, wsd };                  // cosine to the minimum, or warmup-stable-decay
enum class WeightDtype { fp32, bf16, fp16, int8, int4 };
enum class KvDtype { fp32, bf16, fp16, fp8 };

// Component choices of a design (recipe.h).
enum class AttentionChoice { gqa, mha, mqa, mla };
enum class MlpChoice { swiglu, geglu, gelu };
enum class NormChoice { rmsnorm, layernorm, nonparametric };
enum class PositionChoice { rope, learned };
enum class BiasChoice { none, qkv, attention, all };
enum class QkNormChoice { none, per_head, full };

template <class E>
struct Choice {
    E value;
    const char* name;   // JSON / CLI spelling
    const char* label;  // what the page shows
};

template <class E>
using ChoiceTable = std::vector<Choice<E>>;

// One table per enum, selected by the argument's type.
const ChoiceTable<Precision>& choices(Precision);
const ChoiceTable<GradDtype>& choices(GradDtype);
const ChoiceTable<Optimizer>& choices(Optimizer);
const ChoiceTable<Recompute>& choices(Recompute);
const ChoiceTable<AttentionKernel>& choices(AttentionKernel);
const ChoiceTable<Engine>& choices(Engine);
const ChoiceTable<SelectiveAc>& choices(SelectiveAc);
const ChoiceTable<RecomputeMethod>& choices(RecomputeMethod);
const ChoiceTable<TransformerImpl>& choices(TransformerImpl);
const ChoiceTable<LrSchedule>& choices(LrSchedule);
const ChoiceTable<WeightDtype>& choices(WeightDtype);
const ChoiceTable<KvDtype>& choices(KvDtype);
const ChoiceTable<AttentionChoice>& choices(AttentionChoice);
const ChoiceTable<MlpChoice>& choices(MlpChoice);
const ChoiceTable<NormChoice>& choices(NormChoice);
const ChoiceTable<PositionChoice>& choices(PositionChoice);
const ChoiceTable<BiasChoice>& choices(BiasChoice);
const ChoiceTable<QkNormChoice>& choices(QkNormChoice);

template <class E>
const char* name_of(E value) {
    for (const auto& c : choices(E{}))
        if (c.value == value) return c.name;
    return "";
}

// "adamw, adam8bit, adafactor, sgd, lion"
template <class E>
std::string choice_list() {
    std::string out;
    for (const auto& c : choices(E{})) out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
}

// Throws Error(invalid_value) "'adam' is not one of adamw, adam8bit, ..." naming `where`.
template <class E>
E parse_choice(const std::string& text, const std::string& where) {
    for (const auto& c : choices(E{}))
        if (text == c.name) return c.value;
    throw Error(ErrorCode::invalid_value, where, "'" + text + "' is not one of " + choice_list<E>());
}

// [{name, label}] for describe_options().
template <class E>
std::vector<std::pair<std::string, std::string>> choice_pairs() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& c : choices(E{})) out.emplace_back(c.name, c.label);
    return out;
}

}  // namespace ma
