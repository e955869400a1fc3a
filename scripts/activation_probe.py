#!/usr/bin/python3
"""Measures the activations one decoder layer keeps for backward.

Runs one decoder layer of each family on the CPU with Debian's python3-torch,
op for op as the family's modeling code in transformers 4.5x does it (eager
attention, no dropout), and counts the bytes of every tensor autograd saves
(torch.autograd.graph.saved_tensors_hooks), deduplicated by storage and
excluding parameters and the rotary cos/sin (computed once per model).

Three modes: a pure bf16 model, fp32, and "autocast": fp32 weights and an fp32
residual stream under torch.autocast(bfloat16), as HF Trainer runs a model
built with from_config and bf16=True. There the causal mask and cos/sin have
the residual's dtype (fp32), as the HF model makes them from inputs_embeds,
and the bf16 weight copies autocast makes are counted (they are saved for
backward too).

Prints JSON: one row per (family, dtype) with the shape and the bytes. The
result is kept in tests/data/activation_probe.json and the Catch2 test
"activation model agrees with the probe" compares the core's per-layer terms
with it. Run: scripts/activation_probe.py > tests/data/activation_probe.json
"""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(q, k, cos, sin):
    cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
    return (q * cos) + (rotate_half(q) * sin), (k * cos) + (rotate_half(k) * sin)


def repeat_kv(x, n_rep):
    b, kv, s, d = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None, :, :].expand(b, kv, n_rep, s, d).reshape(b, kv * n_rep, s, d)


def eager_attention(q, k, v, n_rep, scaling, mask_dtype):
    k = repeat_kv(k, n_rep)
    v = repeat_kv(v, n_rep)
    w = torch.matmul(q, k.transpose(2, 3)) * scaling
    s = q.shape[2]
    mask = torch.full((s, s), float("-inf"), dtype=mask_dtype).triu(1)
    w = w + mask
    w = F.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
    out = torch.matmul(w, v)
    return out.transpose(1, 2).contiguous()


class LlamaRMSNorm(nn.Module):  # llama, mistral, qwen2, qwen3, phi3
    def __init__(self, h, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.to(torch.float32)
        var = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(var + self.eps)
        return self.weight * x.to(dtype)


class GemmaRMSNorm(nn.Module):
    def __init__(self, h, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(h))
        self.eps = eps

    def forward(self, x):
        out = x.float()
        out = out * torch.rsqrt(out.pow(2).mean(-1, keepdim=True) + self.eps)
        out = out * (1.0 + self.weight.float())
        return out.type_as(x)


class GatedBlock(nn.Module):
    """Llama / Qwen2 / Gemma decoder layer (pre-norm, rotary, gated MLP)."""

    def __init__(self, h, H, K, d, f, qkv_bias, norm, act):
        super().__init__()
        self.H, self.K, self.d = H, K, d
        self.q = nn.Linear(h, H * d, bias=qkv_bias)
        self.k = nn.Linear(h, K * d, bias=qkv_bias)
        self.v = nn.Linear(h, K * d, bias=qkv_bias)
        self.o = nn.Linear(H * d, h, bias=False)
        self.gate = nn.Linear(h, f, bias=False)
        self.up = nn.Linear(h, f, bias=False)
        self.down = nn.Linear(f, h, bias=False)
        self.n1, self.n2 = norm(h), norm(h)
        self.act = act

    def forward(self, x, cos, sin):
        b, s, _ = x.shape
        residual = x
        hs = self.n1(x)
        q = self.q(hs).view(b, s, -1, self.d).transpose(1, 2)
        k = self.k(hs).view(b, s, -1, self.d).transpose(1, 2)
        v = self.v(hs).view(b, s, -1, self.d).transpose(1, 2)
        q, k = apply_rope(q, k, cos, sin)
        a = eager_attention(q, k, v, self.H // self.K, self.d ** -0.5, x.dtype)
        x = residual + self.o(a.reshape(b, s, -1))
        residual = x
        hs = self.n2(x)
        return residual + self.down(self.act(self.gate(hs)) * self.up(hs))


class NeoXBlock(nn.Module):
    """GPT-NeoX layer: LayerNorm, fused qkv, partial rotary, parallel residual, GELU MLP."""

    def __init__(self, h, H, f, rotary_pct):
        super().__init__()
        self.H, self.d = H, h // H
        self.rot = int(self.d * rotary_pct)
        self.n1, self.n2 = nn.LayerNorm(h), nn.LayerNorm(h)
        self.qkv = nn.Linear(h, 3 * h)
        self.dense = nn.Linear(h, h)
        self.fc1 = nn.Linear(h, f)
        self.fc2 = nn.Linear(f, h)

    def forward(self, x, cos, sin):
        b, s, _ = x.shape
        qkv = self.qkv(self.n1(x)).view(b, s, -1, 3 * self.d).transpose(1, 2)
        q, k, v = qkv.chunk(3, dim=-1)
        qr, qp = q[..., : self.rot], q[..., self.rot:]
        kr, kp = k[..., : self.rot], k[..., self.rot:]
        qr, kr = apply_rope(qr, kr, cos, sin)
        q, k = torch.cat([qr, qp], dim=-1), torch.cat([kr, kp], dim=-1)
        a = eager_attention(q, k, v, 1, self.d ** -0.5, x.dtype)
        attn = self.dense(a.reshape(b, s, -1))
        mlp = self.fc2(F.gelu(self.fc1(self.n2(x))))
        return mlp + attn + x


def rope_tables(b, s, d, dtype):
    inv = 1.0 / (10000 ** (torch.arange(0, d, 2).float() / d))
    freqs = torch.outer(torch.arange(s).float(), inv)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos()[None].expand(b, s, d).to(dtype), emb.sin()[None].expand(b, s, d).to(dtype)


def measure(block, x, cos, sin, autocast):
    params = {p.data_ptr() for p in block.parameters()}
    skip = params | {cos.data_ptr(), sin.data_ptr()}
    storages = {}

    def pack(t):
        ptr = t.storage().data_ptr()
        if t.data_ptr() not in skip and ptr not in skip:
            storages[ptr] = t.storage().nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            out = block(x, cos, sin)
    out.float().sum().backward()  # the graph is valid
    return sum(storages.values())


def main():
    torch.manual_seed(0)
    b, s = 2, 64
    rows = []
    shapes = {
        "llama": dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=2, head_dim=64, intermediate_size=512),
        "qwen2": dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=1, head_dim=64, intermediate_size=384),
        "gemma": dict(hidden_size=256, num_attention_heads=4, num_key_value_heads=4, head_dim=128, intermediate_size=512),
        "gpt_neox": dict(hidden_size=256, num_attention_heads=4, intermediate_size=1024, rotary_pct=0.25),
    }
    for dtype_name, dtype in (("bf16", torch.bfloat16), ("fp32", torch.float32), ("autocast", torch.float32)):
        for family, c in shapes.items():
            h, H, f = c["hidden_size"], c["num_attention_heads"], c["intermediate_size"]
            if family == "gpt_neox":
                block = NeoXBlock(h, H, f, c["rotary_pct"])
                rot = int((h // H) * c["rotary_pct"])
                cos, sin = rope_tables(b, s, rot, dtype)
            else:
                K, d = c["num_key_value_heads"], c["head_dim"]
                norm = GemmaRMSNorm if family == "gemma" else LlamaRMSNorm
                act = (lambda t: F.gelu(t, approximate="tanh")) if family == "gemma" else F.silu
                block = GatedBlock(h, H, K, d, f, family == "qwen2", norm, act)
                cos, sin = rope_tables(b, s, d, dtype)
            block = block.to(dtype)
            x = torch.randn(b, s, h, dtype=dtype, requires_grad=True)
            rows.append({"model_type": family, "dtype": dtype_name, "micro_batch": b, "seq_len": s,
                         "config": c, "saved_bytes": measure(block, x, cos, sin, dtype_name == "autocast")})
    json.dump({"description": __doc__.strip().splitlines()[0], "torch": torch.__version__, "rows": rows}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
