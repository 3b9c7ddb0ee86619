#!/usr/bin/env bash
# Peak memory and time of `burnrate usage SMALL --cost-report COST` on a cost report it
# generates (benches/make_cost.py: daily buckets of 2,000 rows, in cents), in three shapes: one
# page per line (`lines`), one page holding every bucket (`page`), and the pages in one
# top-level array (`array`). The usage file is the small grouped fixture, so what is measured is
# reading the bill. BEFORE=path/to/burnrate times another build too on the same files and checks
# that both print the same report. The inputs are deleted afterwards (KEEP=1 keeps them).
# Needs python3 and /usr/bin/time.
# Usage: benches/cost.sh [MB]   (default 300); RUNS=3, SHAPES="lines page array"
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-300}
runs=${RUNS:-3}
shapes=${SHAPES:-lines page array}
work=${BENCH_DIR:-/tmp/burnrate-cost-bench}
usage=$PWD/tests/fixtures/usage/grouped.json
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$work"/cost-"$mb"-*.json "$work"/out-* "$work/time"' EXIT
cargo build --release --quiet --bin burnrate
bin=$PWD/target/release/burnrate

ok_codes=4
. benches/timing.sh

for shape in $shapes; do
  file=$work/cost-$mb-$shape.json
  [ -f "$file" ] || SHAPE=$shape python3 benches/make_cost.py "$file" "$mb"
  bytes=$(stat -c %s "$file")
  echo "== $shape: $file: $bytes bytes, $(nproc) cores, $runs runs each =="
  if [ -n "${BEFORE:-}" ]; then
    report "before" "$BEFORE" usage "$usage" --cost-report "$file"
    cp "$work/out-$$" "$work/out-before"
  fi
  report "burnrate (all cores)" "$bin" usage "$usage" --cost-report "$file"
  if [ -n "${BEFORE:-}" ]; then
    cmp "$work/out-before" "$work/out-$$" && echo "the same report as before"
  fi
done
