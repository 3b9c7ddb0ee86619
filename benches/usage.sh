#!/usr/bin/env bash
# Throughput and peak memory of `burnrate usage` on a usage-report JSON it generates (Admin API
# pages of 24 hourly buckets, 300 rows each: benches/make_usage.py), in two shapes: one page per
# line (`lines`), and one page holding every bucket (`page`, one JSON value the size of the
# file). Side by side with references timed in the same run: `cat` to /dev/null (reading the
# file) and examples/json_reference.rs (serde_json validating every line, one thread, nothing
# kept; it holds a line, so the whole file for the one-page shape). BEFORE=path/to/burnrate
# times another build too (say, the main branch's), on the same files.
# The report is the default table (JSON and FOCUS also list every charge, one per day, group
# and class, so their output and memory grow with those). Also checks that one thread and
# every core give the same report. The inputs are deleted afterwards (KEEP=1 keeps them).
# Needs python3 and /usr/bin/time.
# Usage: benches/usage.sh [MB]   (default 500; 2000 for the 2 GB target); RUNS=3,
# SHAPES="lines page" (or one of them)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-500}
runs=${RUNS:-3}
shapes=${SHAPES:-lines page}
work=${BENCH_DIR:-/tmp/burnrate-usage-bench}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$work"/usage-"$mb"-*.json "$work"/out-* "$work/time"' EXIT
cargo build --release --quiet --bin burnrate --example json_reference
bin=$PWD/target/release/burnrate
reference=$PWD/target/release/examples/json_reference

. benches/timing.sh

for shape in $shapes; do
  file=$work/usage-$mb-$shape.json
  [ -f "$file" ] || SHAPE=$shape python3 benches/make_usage.py "$file" "$mb"
  bytes=$(stat -c %s "$file")
  echo "== $shape: $file: $bytes bytes, $(nproc) cores, $runs runs each =="
  report "cat > /dev/null" cat "$file"
  report "serde_json, 1 thread" "$reference" "$file"
  if [ -n "${BEFORE:-}" ]; then
    report "before: burnrate usage" "$BEFORE" usage "$file"
    cp "$work/out-$$" "$work/out-before"
  fi
  report "burnrate usage (all cores)" "$bin" usage "$file"
  cp "$work/out-$$" "$work/out-all"
  grep -i "total" "$work/out-all" | tail -1
  if [ -n "${BEFORE:-}" ]; then
    cmp "$work/out-before" "$work/out-all" && echo "the same report as before"
  fi
  echo "== the same report with one thread =="
  RAYON_NUM_THREADS=1 "$bin" usage "$file" > "$work/out-one"
  cmp "$work/out-one" "$work/out-all" && echo "identical"
done
