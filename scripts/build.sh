#!/usr/bin/env bash
# Builds one or more targets:
#   native  core + Catch2 tests with g++       -> build/native
#   wasm    core + Embind module with em++     -> build/wasm/model_architect.{mjs,wasm}
#   web     the static site (needs wasm)       -> build/site
#   all     all three (default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" build
jobs="$(nproc)"

build_native() {
  cmake -S "$root" -B "$root/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build/native" -j "$jobs"
}

build_wasm() {
  emcmake cmake -S "$root" -B "$root/build/wasm" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build/wasm" -j "$jobs"
}

build_web() {
  [[ -f "$root/build/wasm/model_architect_single.mjs" ]] || build_wasm
  node "$root/scripts/assemble_site.mjs" "$root/build/site"
}

targets=("${@:-all}")
for t in "${targets[@]}"; do
  case "$t" in
    native) build_native ;;
    wasm) build_wasm ;;
    web) build_web ;;
    all) build_native; build_wasm; build_web ;;
    *) echo "build.sh: unknown target '$t' (native, wasm, web, all)" >&2; exit 2 ;;
  esac
done
