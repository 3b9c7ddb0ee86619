#!/usr/bin/env bash
# Throughput and memory of the Claude token counter (src/tokens/claude), side by side with the
# cl100k path in one process (examples/claude_bench.rs), on the same 100 MB corpus as
# benches/tokens.sh; then ctok 1.3.0 (the reference, Python) on a smaller sample for the speed
# ratio, and peak memory of counting one large file (the corpus repeated, and one line of
# minified JSON) through `burnrate tokens`. Needs python3, and a Python 3.12 venv with ctok
# (CTOK_PYTHON, default /tmp/ctok-venv/bin/python).
# Usage: benches/claude.sh [MB] [SAMPLE_MB]   (defaults 100 and 1); RUNS=5 JOBS=2 ONE_MB=1000
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

# Peak memory of one large file, streamed: the corpus repeated up to ONE_MB (default: the corpus
# size; 1000 for the 1 GB target), and a single line of minified JSON of the same size (no line
# break, no space: cut only between letters and punctuation). Both through `burnrate tokens`.
one_mb=${ONE_MB:-$mb}
cargo build --release --quiet --bin burnrate
burnrate=$PWD/target/release/burnrate
rm -rf "$work/one" && mkdir -p "$work/one"
python3 - "$work/corpus" "$work/one" $((one_mb * 1000000)) <<'PY'
import json, os, sys
src, dst, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = [os.path.join(src, n) for n in sorted(os.listdir(src))]
with open(os.path.join(dst, "corpus.txt"), "wb") as out:
    n = 0
    while n < limit:
        for f in files:
            data = open(f, "rb").read()
            out.write(data)
            n += len(data)
            if n >= limit:
                break
with open(os.path.join(dst, "minified.json"), "w", encoding="utf-8") as out:
    out.write("[")
    n, i = 0, 0
    while n < limit:
        record = {"id": f"msg_{i:08d}", "type": "message", "role": "assistant",
                  "content": [{"type": "text", "text": f"DerschnellebrauneFuchs,東京の天気は晴れです{i}"}],
                  "usage": {"input_tokens": i % 99991, "output_tokens": i % 9973}}
        line = json.dumps(record, separators=(",", ":"), ensure_ascii=False) + ","
        out.write(line)
        n += len(line.encode())
        i += 1
    out.write("{}]")
PY
for file in corpus.txt minified.json; do
  for model in claude-opus-4-6 claude-opus-4-7; do
    /usr/bin/time -f "$file ($(( $(stat -c %s "$work/one/$file") / 1000000 )) MB), $model: %e s, peak RSS %M KB" \
      "$burnrate" tokens "$work/one/$file" -m "$model" -j "${JOBS:-2}" > /dev/null
  done
done
rm -rf "$work/one"
