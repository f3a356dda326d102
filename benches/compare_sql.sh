#!/usr/bin/env bash
# One run: kuiperlint checking N generated rule statements (and their streams) as a .sql file,
# against sqlglot parsing the same statements. Needs: hyperfine, python3 with sqlglot
# (`pip install sqlglot`). Usage: benches/compare_sql.sh [RULES]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
rules=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --example gen_bundle
cargo build --release --quiet
target/release/examples/gen_bundle --rules "$rules" --seed 5 > "$work/bundle.json"
python3 - "$work/bundle.json" > "$work/statements.sql" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
out = list(b["streams"].values()) + list(b["tables"].values())
out += [json.loads(r)["sql"] for r in b["rules"].values()]
print(";\n".join(out) + ";")
PY
echo "statements: $(grep -c ';$' "$work/statements.sql")"
hyperfine --warmup 1 --runs 5 --export-json "$work/times.json" \
  -n kuiperlint "target/release/kuiperlint check -j 1 --format concise $work/statements.sql" \
  -n sqlglot "python3 benches/sqlglot_parse.py $work/statements.sql"
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"sqlglot / kuiperlint (median wall time, single-threaded): {r['sqlglot'] / r['kuiperlint']:.1f}x")
PY
