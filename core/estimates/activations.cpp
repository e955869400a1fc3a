#include "activations.h"

#include "engines/engine_layers.h"
#include "model_states.h"

namespace ma {
namespace {

// Bytes one norm keeps for `elements` features over `rows` rows, by where its HF code forms the output.
Q norm_bytes(const Family& f, const Q& elements, const Q& rows, const ActivationSymbols& x) {
    const Q& e = x.e;
    if (f.layout.norm == NormKind::layer_no_affine)  // OlmoLayerNorm: F.layer_norm on an fp32 copy, no weight
        return 4 * elements + 8 * rows;
    if (f.layout.norm == NormKind::layer)  // F.layer_norm runs in fp32 under autocast
        return (x.autocast ? Q::num(4) : e) * elements + 8 * rows;  // input, fp32 mean and rstd
    if (f.layout.norm_output == NormOutput::cast_back && !x.autocast)
        return (4 + e) * elements + 4 * rows;  // fp32 input copy, cast-back output, rstd
    // fp32 input and fp32 normalized output (under autocast the cast back is to fp32, a no-op), rstd
    return 8 * elements + 4 * rows;
}

// The projections that read one norm's output; under autocast each casts its own bf16 copy.
double attention_readers(const Family& f) { return f.layout.fused_qkv ? 1 : 3; }
double mlp_readers(const Family& f) {
    if (f.layout.mlp_block == MlpComponent::moe) return 1 + 1;  // the router and the gathered expert input
    return f.layout.mlp == MlpKind::gated && !f.layout.fused_gate_up ? 2 : 1;
}

}  // namespace

ActivationSymbols activation_symbols(const ArchSpec& spec, const TrainingSetup& setup) {
    return {Q::sym("b", double(setup.micro_batch)),
            Q::sym("s", double(setup.seq_len)),
            Q::sym("h", double(spec.hidden_size)),
            Q::sym("H", double(spec.num_attention_heads)),
            Q::sym("K", double(spec.kv_heads())),
            Q::sym("d", double(spec.head_size())),
            Q::sym("f", double(spec.intermediate_size)),
            Q::sym("V", double(spec.vocab_size)),
            Q::sym("E", double(spec.num_local_experts)),
            Q::sym("k", double(spec.num_experts_per_tok)),
            Q::sym("e", precision_row(setup.precision, setup.grad_dtype).activation),
            Q::sym("t", double(setup.tp)),
            Q::sym("c", double(setup.cp)),
            setup.sequence_parallel,
            setup.attention,
            setup.dropout > 0,
            setup.precision == Precision::amp};
}

const char* activation_legend() {
    return "symbols: b micro-batch, s sequence length, h hidden size, H attention heads, K key/value heads, d head_dim, "
           "f intermediate size, V vocabulary, E experts, k experts per token, e bytes per activation element, t tensor-parallel size, "
           "c context-parallel size";
}

std::vector<ActivationRow> layer_activation_rows(const Family& f, const ArchSpec& spec, const TrainingSetup& setup) {
    const ActivationSymbols x = activation_symbols(spec, setup);
    const Q &b = x.b, &s = x.s, &h = x.h, &e = x.e;
    std::vector<ActivationRow> rows;
    rows.reserve(16);  // about a dozen rows a layer: no regrowth in the fit search's calls

    const double count = double(f.layout.layer_norms.size());
    Q norms = count * norm_bytes(f, b * s * h, b * s, x);
    if (f.layout.norm == NormKind::rms && f.layout.norm_output == NormOutput::fp32_one_plus_weight)
        norms = norms + count * (4 * h);  // Gemma's (1 + weight) in fp32, once per norm
    if (spec.use_parallel_residual) norms = norms - (x.autocast ? Q::num(4) : e) * (b * s * h);  // both norms read the same layer input
    rows.push_back({Q::text_of([&] { return "layer norms (" + std::to_string(f.layout.layer_norms.size()) + ")" + (x.autocast ? ", fp32 under autocast" : ""); }),
                    x.outside(norms)});
    if (x.autocast)
        rows.push_back({"bf16 copies of the projection inputs (autocast casts one per projection)",
                        x.outside((attention_readers(f) + mlp_readers(f)) * (2 * (b * s * h)))});
    else
        rows.push_back({"inputs of the attention and MLP projections", x.outside(2 * (e * b * s * h))});

    attention_block(f).saved_activations(f, spec, x, rows);
    mlp_block(f).saved_activations(f, spec, x, rows);
    if (x.dropout) rows.push_back({"residual dropout masks (1 byte each)", x.outside(2 * (b * s * h))});
    return rows;
}

std::vector<MemoryTerm> layer_activation_terms(const ArchSpec& input, const TrainingSetup& setup) {
    const ArchSpec spec = resolve(input);
    const LayerModel m = layer_model(family_for(spec.model_type), spec, setup);
    std::vector<MemoryTerm> terms;
    if (setup.recompute == Recompute::full) {
        terms.push_back(term(TermKind::activations, m.checkpoint_input.name, m.checkpoint_input.bytes));
        return terms;
    }
    for (const ActivationRow& r : setup.recompute == Recompute::selective ? m.selective_rows : m.rows)
        terms.push_back(term(TermKind::activations, r.name, r.bytes));
    return terms;
}

Q hf_layer_input(const ActivationSymbols& x) { return x.outside((x.autocast ? Q::num(4) : x.e) * (x.b * x.s * x.h)); }

Q final_norm_and_head_input(const Family& f, const ActivationSymbols& x) {
    const Q bsh = x.b * x.s * x.h;
    return x.outside(norm_bytes(f, bsh, x.b * x.s, x)) + x.outside((x.autocast ? Q::num(2) : x.e) * bsh);
}

}  // namespace ma
