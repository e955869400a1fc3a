#!/usr/bin/env bash
# Checks that every flag the Megatron launch writer can emit exists in a Megatron-LM checkout at a
# tag: as an argparse string, an `arg_names` entry, or a config dataclass field that
# megatron/training/argument_utils.py turns into --field-name. Not part of the tests (the checkout
# is not fetched there); run: scripts/check_megatron_flags.sh /path/to/Megatron-LM [core_v0.19.0]
set -euo pipefail
repo="$1"; tag="${2:-core_v0.19.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
missing=0
for flag in $(grep -ho -- '"--[a-z0-9-]*' "$root/core/launch/megatron_launch.cpp" | tr -d '"' | sort -u); do
  field=$(echo "${flag#--}" | tr - _)
  if git -C "$repo" grep -q -e "'$flag'" -e "\"$flag\"" "$tag" -- megatron/training megatron/core ||
     git -C "$repo" grep -qE "^\s+$field\s*:" "$tag" -- megatron/core megatron/training; then
    continue
  fi
  echo "missing in $tag: $flag"; missing=1
done
[[ $missing == 0 ]] && echo "every flag of megatron_launch.cpp exists in Megatron-LM $tag"
exit $missing
