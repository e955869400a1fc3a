#!/usr/bin/env bash
# Regenerates the approved design outputs in tests/data/approved/<case>/ from
# tests/data/approved/cases.json through the CLI. Review the diff before committing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
node -e '
const cases = JSON.parse(require("fs").readFileSync("tests/data/approved/cases.json", "utf8")).cases;
for (const c of cases) console.log([c.name, c.tokenizer, JSON.stringify(c.request)].join("\t"));
' | while IFS=$'\t' read -r name tokenizer request; do
  scripts/model-architect design --tokenizer "$tokenizer" --out "tests/data/approved/$name" --options "$request" >/dev/null
  echo "approved: tests/data/approved/$name"
done
git --no-pager diff --stat -- tests/data/approved || true
