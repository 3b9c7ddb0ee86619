#!/usr/bin/env bash
# Throughput and memory of the token estimator.
#
# Generates a 100 MB corpus (100 files of prose, code and JSON) and a 50,000-line Message
# Batches file, then times in one hyperfine run (so machine noise hits both):
#   - `burnrate tokens corpus/` against Python tiktoken counting the same corpus single-threaded;
#   - `burnrate batch-file batch.jsonl`;
# and reports peak memory of counting one large file. Needs hyperfine, python3 and pip.
# Usage: benches/tokens.sh [MB] [LINES]   (defaults 100 and 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
lines=${2:-50000}
work=${BENCH_DIR:-/tmp/burnrate-bench}
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/burnrate

python3 -c "import tiktoken" 2>/dev/null || pip install --quiet tiktoken
# Python tiktoken downloads its BPE file; give it the one tiktoken-rs ships (same bytes).
export TIKTOKEN_CACHE_DIR="$work/tiktoken-cache"
mkdir -p "$TIKTOKEN_CACHE_DIR"
bpe=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -path '*tiktoken-rs-*/assets/cl100k_base.tiktoken' | head -n 1)
url=https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken
cp "$bpe" "$TIKTOKEN_CACHE_DIR/$(printf '%s' "$url" | sha1sum | cut -d' ' -f1)"

if [ ! -f "$work/.made-$mb-$lines" ]; then
  rm -rf "$work/corpus" "$work/batch.jsonl"
  python3 benches/make_corpus.py "$work" "$mb" "$lines"
  touch "$work/.made-$mb-$lines"
fi
bytes=$(du -sb "$work/corpus" | cut -f1)
echo "corpus: $bytes bytes in $(ls "$work/corpus" | wc -l) files; batch file: $(wc -l < "$work/batch.jsonl") lines, $(du -b "$work/batch.jsonl" | cut -f1) bytes"

# Same counts first: burnrate's total must equal the reference's.
ours=$("$bin" tokens "$work/corpus" --format csv | tail -n 1 | cut -d, -f4)
theirs=$(python3 benches/reference_tiktoken.py "$work/corpus")
echo "cl100k_base tokens: burnrate $ours, tiktoken $theirs"
[ "$ours" = "$theirs" ] || { echo "counts differ"; exit 1; }

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$work/tokens.json" \
  "$bin tokens $work/corpus --format json" \
  "python3 benches/reference_tiktoken.py $work/corpus" \
  "$bin batch-file $work/batch.jsonl --output-ratio 0.3 --format json"
python3 - "$work/tokens.json" "$bytes" "$(du -b "$work/batch.jsonl" | cut -f1)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
corpus, batch = int(sys.argv[2]), int(sys.argv[3])
for r, size in zip(results, [corpus, corpus, batch]):
    print(f"{r['command'].split('/')[-1][:60]:60}  median {r['median']:.2f} s  {size / r['median'] / 1e6:.1f} MB/s")
PY

# Peak memory of one large file (streamed, so it should not grow with the file).
cat "$work"/corpus/*.txt > "$work/one-large-file.txt"
/usr/bin/time -f "one $(du -h "$work/one-large-file.txt" | cut -f1) file: peak RSS %M KB, %e s" \
  "$bin" tokens "$work/one-large-file.txt" --format json > /dev/null
