#!/usr/bin/env bash
# Installs what the build (and, with `test` or `fuzz`, the tests) need on Debian 12:
# Debian packages through apt-get, npm packages through `npm ci` with the
# committed lock file. Safe to run again: it only installs what is missing.
#   scripts/setup.sh build   toolchain for native + wasm builds
#   scripts/setup.sh test    plus Chromium, clang for fuzzing, and the npm test packages
#   scripts/setup.sh fuzz    the toolchain plus clang and libFuzzer
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-build}"

packages=(cmake g++ make emscripten nlohmann-json3-dev catch2 nodejs npm unicode-data)
[[ "$mode" == test ]] && packages+=(chromium clang libclang-rt-14-dev time python3)
[[ "$mode" == fuzz ]] && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian (preinstalled); accept them on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "$mode" == test ]]; then
  stamp="$root/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$root/package-lock.json" -nt "$stamp" ]]; then
    echo "setup: npm ci"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
