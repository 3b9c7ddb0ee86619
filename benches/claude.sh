#!/usr/bin/env bash
# Throughput and memory of the Claude token counter (src/tokens/claude), side by side with the
# cl100k path in one process (examples/claude_bench.rs), on the same 100 MB corpus as
# benches/tokens.sh; then ctok 1.3.0 (the reference, Python) on a smaller sample for the speed
# ratio, and peak memory of counting the corpus as one file. Needs python3, and a Python 3.12
# venv with ctok (CTOK_PYTHON, default /tmp/ctok-venv/bin/python).
# Usage: benches/claude.sh [MB] [SAMPLE_MB]   (defaults 100 and 1); RUNS=5 JOBS=2
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
sample_mb=${2:-1}
work=${BENCH_DIR:-/tmp/burnrate-bench}
ctok_python=${CTOK_PYTHON:-/tmp/ctok-venv/bin/python}
mkdir -p "$work"
cargo build --release --quiet --example claude_bench
bin=$PWD/target/release/examples/claude_bench

if [ ! -d "$work/corpus" ] || [ "$(du -sm "$work/corpus" | cut -f1)" -lt $((mb * 9 / 10)) ]; then
  rm -rf "$work/corpus"
  python3 benches/make_corpus.py "$work" "$mb" 1000
fi

echo "== 100 MB corpus: cl100k path vs the Claude families, same process =="
"$bin" "$work/corpus" "${RUNS:-5}" "${JOBS:-2}"

echo "== ctok 1.3.0 on a ${sample_mb} MB sample (one message per file, as above) =="
rm -rf "$work/sample" && mkdir -p "$work/sample"
# The corpus files in order up to SAMPLE_MB, cut at a line break (no pipe into `head`: its early
# exit would fail the pipeline).
python3 - "$work/corpus" "$work/sample/sample.txt" $((sample_mb * 1000000)) <<'PY'
import os, sys
src, dst, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = b""
for name in sorted(os.listdir(src)):
    data += open(os.path.join(src, name), "rb").read()
    if len(data) >= limit:
        break
data = data[:limit]
open(dst, "wb").write(data[: data.rfind(b"\n") + 1])
PY
"$ctok_python" - "$work/sample/sample.txt" <<'PY'
import sys, time, ctok
text = open(sys.argv[1], encoding="utf-8").read()
for version, frame in (("3.0", 7), ("4.7", 11)):
    t = time.perf_counter()
    n = ctok.token_count(text, version) - frame
    s = time.perf_counter() - t
    print(f"ctok {version}: {n} tokens {s:.2f} s {len(text.encode()) / s / 1e6:.3f} MB/s")
PY
"$bin" "$work/sample" 5 "${JOBS:-2}" v3,v4.7 | tail -3

echo "== peak memory: the corpus as one ${mb} MB file, v3 =="
rm -rf "$work/one" && mkdir -p "$work/one" && cat "$work"/corpus/* > "$work/one/large.txt"
/usr/bin/time -f "peak RSS %M KB, %e s" "$bin" "$work/one" 1 "${JOBS:-2}" v3 | tail -1
rm -rf "$work/one"
