#!/usr/bin/env bash
# Issue 8, in one run, on one generated bundle (default 10,000 rules, seed 1):
#   (a) `kuiperlint check` with --jobs 1 and --jobs 2;
#   (b) the floor, benches/floor.rs: serde_json for the outer JSON and every nested JSON string,
#       sqlparser's stock GenericDialect for every SQL statement;
#   (c) peers on the same content: sqlglot parsing the same SQL statements, check-jsonschema
#       validating the same configs against the same schemas (benches/peer_inputs.py extracts
#       both); kuiperlint checks the same statements as a .sql file for the SQL ratio.
# Then peak RSS (/usr/bin/time) of (a) and (b), and the ratios against the targets.
#
# Needs: hyperfine (`apt-get install hyperfine`), python3 with sqlglot and check-jsonschema
# (`pip install sqlglot check-jsonschema`), GNU time at /usr/bin/time.
# Usage: benches/compare.sh [RULES] [SEED]
# BIG_RULES=310000 benches/compare.sh also measures peak RSS on a bundle of that many rules
# (~100 MB), and on the same number of rules as a folder of 310-rule bundles (batch mode).
# Numbers and load conditions: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=${1:-10000}
seed=${2:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --example gen_bundle --example floor
cargo build --release --quiet
bin=target/release/kuiperlint
floor=target/release/examples/floor
bundle=$work/bundle.json
target/release/examples/gen_bundle --rules "$rules" --seed "$seed" > "$bundle"
python3 benches/peer_inputs.py "$bundle" schemas "$work" > "$work/configs.txt"

echo "bundle: $rules rules, seed $seed, $(wc -c < "$bundle") bytes; cores: $(nproc)"
echo "statements: $(grep -c ';$' "$work/statements.sql"); config documents: $(awk '{n += $2} END {print n}' "$work/configs.txt") ($(tr '\n' ' ' < "$work/configs.txt"))"
echo "tools: $(hyperfine --version), $(python3 -c 'import sqlglot; print("sqlglot", sqlglot.__version__)'), $(check-jsonschema --version)"
echo "load before: $(uptime)"

# check-jsonschema takes one schema per invocation: one invocation per schema, over all of its
# files. The ratio uses the rules alone (one invocation, all but a handful of the documents),
# so the peer pays one start-up, as kuiperlint does; all configs are timed too.
jsonschema_rules="check-jsonschema --schemafile $work/schemas/rule.2.x.json $work/configs/rule.2.x/*.json"
jsonschema_all=""
for dir in "$work"/configs/*/; do
  name=$(basename "$dir")
  jsonschema_all+="check-jsonschema --schemafile $work/schemas/$name.json $dir*.json && "
done
jsonschema_all+="true"

# The host's speed drifts by up to 20% within minutes, and hyperfine runs one command's runs
# back to back: a slow minute during one command's block skews its ratio to the others. So the
# fast commands are timed in rounds of 5 runs each (25 runs per command in all, the default),
# and the ratios use the median of all of a command's runs.
rounds=${ROUNDS:-5}
for ((round = 1; round <= rounds; round++)); do
  hyperfine -N --warmup 2 --runs 5 -i --style basic --export-json "$work/fast.$round.json" \
    -n "check -j 1" "$bin check -j 1 --format concise $bundle" \
    -n "check -j 2" "$bin check -j 2 --format concise $bundle" \
    -n "floor" "$floor $bundle" \
    -n "check -j 1 statements.sql" "$bin check -j 1 --format concise $work/statements.sql"
done
hyperfine --warmup 1 --runs 3 --export-json "$work/peers.json" \
  -n "sqlglot" "python3 benches/sqlglot_parse.py $work/statements.sql" \
  -n "check-jsonschema rules" "$jsonschema_rules" \
  -n "check-jsonschema all configs" "$jsonschema_all"
echo "load after: $(uptime)"

rss() { /usr/bin/time -f "%M" "$@" 2>&1 > /dev/null | tail -1; }
bytes=$(wc -c < "$bundle")
{
  echo "check -j 1 $(rss "$bin" check -j 1 --format concise "$bundle")"
  echo "check -j 2 $(rss "$bin" check -j 2 --format concise "$bundle")"
  echo "floor $(rss "$floor" "$bundle")"
} > "$work/rss.txt"
if [ -n "${BIG_RULES:-}" ]; then
  target/release/examples/gen_bundle --rules "$BIG_RULES" --seed "$seed" > "$work/big.json"
  # The same number of rules as a batch: bundles of 310 rules (~100 KB) in one folder.
  mkdir "$work/batch"
  for ((i = 1; i <= BIG_RULES / 310; i++)); do
    target/release/examples/gen_bundle --rules 310 --seed "$i" > "$work/batch/b$i.json"
  done
  big_bytes=$(wc -c < "$work/big.json")
  batch_bytes=$(cat "$work"/batch/*.json | wc -c)
  echo "big bundle: $BIG_RULES rules, $big_bytes bytes; batch: $((BIG_RULES / 310)) bundles, $batch_bytes bytes"
  {
    echo "big check -j 1 $(rss "$bin" check -j 1 --format concise "$work/big.json")"
    echo "big check -j 2 $(rss "$bin" check -j 2 --format concise "$work/big.json")"
    echo "big floor $(rss "$floor" "$work/big.json")"
    echo "batch check -j 1 $(rss "$bin" check -j 1 --format concise "$work/batch")"
    echo "batch check -j 2 $(rss "$bin" check -j 2 --format concise "$work/batch")"
  } >> "$work/rss.txt"
else
  big_bytes=0
  batch_bytes=0
fi

python3 - "$work/peers.json" "$work/rss.txt" "$bytes" "$big_bytes" "$batch_bytes" "$work"/fast.*.json <<'PY'
import json, statistics, sys
# Every run of a command, across rounds: its wall times and its CPU time per run.
times, cpu_runs = {}, {}
for f in [sys.argv[1]] + sys.argv[6:]:
    for x in json.load(open(f))["results"]:
        times.setdefault(x["command"], []).extend(x["times"])
        cpu_runs.setdefault(x["command"], []).extend([x["user"] + x["system"]] * len(x["times"]))
t = {name: statistics.median(runs) for name, runs in times.items()}
cpu = {name: statistics.mean(runs) for name, runs in cpu_runs.items()}
for name, s in t.items():
    print(f"{name:30} median {s * 1000:9.1f} ms   mean CPU (user + system) {cpu[name] * 1000:9.1f} ms")
def ratio(what, value, target, better):
    met = value <= target if better == "<=" else value >= target
    print(f"{what:62} {value:6.2f}x  (target {better} {target}x: {'met' if met else 'NOT met'})")
print()
ratio("check -j 1 / floor", t["check -j 1"] / t["floor"], 1.3, "<=")
print(f"{'  (the same in CPU time, less sensitive to other load)':62} {cpu['check -j 1'] / cpu['floor']:6.2f}x")
ratio("check -j 1 / check -j 2", t["check -j 1"] / t["check -j 2"], 1.7, ">=")
ratio("sqlglot / check -j 1 statements.sql (same SQL)", t["sqlglot"] / t["check -j 1 statements.sql"], 15, ">=")
print(f"{'  (sqlglot / check -j 1 of the whole bundle)':62} {t['sqlglot'] / t['check -j 1']:6.2f}x")
ratio("check-jsonschema rules / check -j 1 (whole bundle)", t["check-jsonschema rules"] / t["check -j 1"], 20, ">=")
print(f"{'  (check-jsonschema all configs / check -j 1)':62} {t['check-jsonschema all configs'] / t['check -j 1']:6.2f}x")
print()
mb = 1024 * 1024
for line in open(sys.argv[2]):
    name, kb = line.rsplit(" ", 1)
    size = int({"big": sys.argv[4], "batch": sys.argv[5]}.get(name.split()[0], sys.argv[3]))
    rss = int(kb) * 1024
    limit = 4 * size + 50 * mb
    print(f"peak RSS {name:18} {rss / mb:8.1f} MB = {rss / size:5.1f}x the input "
          f"(target <= 4x + 50 MB = {limit / mb:.0f} MB: {'met' if rss <= limit else 'NOT met'})")
PY
