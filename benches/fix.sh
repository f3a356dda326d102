#!/usr/bin/env bash
# `check --fix` against a plain `check`: a generated bundle of RULES rules (gen_bundle, seed 7)
# in which every rule's SQL ends with a `;` (S003, a safe fix through two levels of escaping).
# `--fix` checks the file, applies the 10,000 fixes, checks the fixed text again and writes it
# atomically (fsync, rename); each run starts again from the unfixed copy (hyperfine --prepare).
# Needs: hyperfine. Usage: benches/fix.sh [RULES] (default 10000). Numbers: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --example gen_bundle
cargo build --release --quiet
target/release/examples/gen_bundle --rules "$rules" --seed 7 > "$work/clean.json"
# A `;` at the end of every rule's SELECT: `\"sql\": \"SELECT ...\"` → `...;\"`.
python3 - "$work/clean.json" "$work/broken.json" <<'PY'
import json, sys
bundle = json.load(open(sys.argv[1]))
for key, text in bundle["rules"].items():
    rule = json.loads(text)
    rule["sql"] = rule["sql"] + ";"
    bundle["rules"][key] = json.dumps(rule)
json.dump(bundle, open(sys.argv[2], "w"), indent=2)
PY
bin=target/release/kuiperlint
echo "rules: $rules, $(du -h "$work/broken.json" | cut -f1); S003 findings: $($bin check --isolated --format concise "$work/broken.json" | grep -c S003 || true); cores: $(nproc)"
hyperfine --warmup 2 --runs 15 --export-json "$work/times.json" \
  --prepare "cp $work/broken.json $work/b.json" \
  -n "check" "$bin check --isolated --format concise $work/b.json > /dev/null || true" \
  -n "check --fix" "$bin check --isolated --fix --format concise $work/b.json > /dev/null 2>&1 || true" \
  -n "check --diff" "$bin check --isolated --diff $work/b.json > /dev/null 2>&1 || true"
cp "$work/broken.json" "$work/b.json"
$bin check --isolated --fix --format concise "$work/b.json" > /dev/null 2>&1 || true
left=$($bin check --isolated --format concise "$work/b.json" | grep -c S003 || true)
echo "after one --fix: $left S003 left"
python3 - "$work/times.json" <<'PY'
import json, sys
res = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for name in ("check --fix", "check --diff"):
    wall = res[name]["mean"] / res["check"]["mean"]
    user = res[name]["user"] / res["check"]["user"]
    print(f"{name} / check: {wall:.2f}x wall, {user:.2f}x user CPU")
PY
