# torchtitan v0.2.2 (73a0e69, 2026-02-20): the model flavor torchtitan.toml names (model-architect candidate A).
# Append to torchtitan/models/llama3/__init__.py, below the llama3_args dict.
from torchtitan.models.llama3.model.args import TransformerModelArgs

llama3_args["model_architect_a"] = TransformerModelArgs(
    dim=3072,
    n_layers=34,
    n_heads=24,
    n_kv_heads=6,
    vocab_size=128,
    multiple_of=1024,
    # FeedForward width: 8192 = intermediate_size of config.json
    norm_eps=1e-06,
    rope_theta=10000.0,
    max_seq_len=4096,
)
