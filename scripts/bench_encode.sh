#!/usr/bin/env bash
# Benchmark: tokens/s of model-architect's tokenizer (wasm, the corpus path) beside HF
# tokenizers' native encode (npm `tokenizers`), same text, same run, one thread each.
# Prints one line per tokenizer with the ratio; docs/performance.md records them.
#   scripts/bench_encode.sh [RUNS] [TOKENIZER ...]   (default: 5 runs, llama3 gemma3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" test >/dev/null
"$root/scripts/build.sh" wasm >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
node "$root/bench/encode_bench_node.mjs" "${1:-5}" "${@:2}"
