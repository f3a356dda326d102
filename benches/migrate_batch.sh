#!/usr/bin/env bash
# Batch migration: N generated bundles (gen_bundle, one seed each, RULES rules each) migrated to
# 2.4 into an output folder with `--jobs 1` and `--jobs 2`. Needs: hyperfine.
# Usage: benches/migrate_batch.sh [N] [RULES]   (default 1000 bundles of 20 rules)
# The work folder is made by mktemp, so TMPDIR chooses the file system: TMPDIR=/dev/shm (tmpfs)
# measures kuiperlint; on a disk file system the kernel's file creation dominates and varies a lot
# from run to run (ext4: inodes freed by an earlier run or `rm -rf` are skipped for a while).
# Prints hyperfine's table, the per-bundle cost of each and the speed-up. Numbers:
# docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
rules=${2:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --example gen_bundle
cargo build --release --quiet
mkdir -p "$work/in"
for ((i = 1; i <= n; i++)); do
  # A few sub-folders, so the output tree is mirrored as well.
  sub="$work/in/d$((i % 10))"
  mkdir -p "$sub"
  target/release/examples/gen_bundle --rules "$rules" --seed "$i" > "$sub/b$i.json"
done
sync  # the generated inputs are on disk before timing starts
echo "bundles: $(find "$work/in" -name '*.json' | wc -l), $(du -sh "$work/in" | cut -f1), $rules rules each; cores: $(nproc)"

bin=target/release/kuiperlint
# Each run writes into a fresh output folder; the previous one is moved aside, not deleted:
# ext4 skips inodes freed in the last seconds when it allocates new ones, so deleting 1,000
# files right before a run makes the kernel's file creation several times slower (measured:
# `recently_deleted` in `ext4_create` was a third of the profile), which is the harness's cost,
# not migrate's.
mkdir -p "$work/old"
hyperfine --warmup 3 --runs 20 --export-json "$work/times.json" \
  --prepare "if [ -d $work/out ]; then mv $work/out $work/old/\$(date +%s%N); fi" \
  -n "jobs 1" "$bin migrate --to 2.4 -o $work/out --jobs 1 $work/in" \
  -n "jobs 2" "$bin migrate --to 2.4 -o $work/out --jobs 2 $work/in"
python3 - "$work/times.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
for name, x in r.items():
    print(f"{name}: median {x['median'] * 1000:.0f} ms, {x['median'] / n * 1e6:.0f} µs per bundle")
print(f"speed-up jobs 2 / jobs 1 (median wall time): {r['jobs 1']['median'] / r['jobs 2']['median']:.2f}x")
PY
