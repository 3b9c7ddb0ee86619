"""Counts cl100k_base tokens of every file under DIR with Python tiktoken, single-threaded: the
reference burnrate's throughput is measured against. Uses the BPE file in TIKTOKEN_CACHE_DIR."""
import os, sys, tiktoken

enc = tiktoken.get_encoding("cl100k_base")
total = 0
for root, _, files in os.walk(sys.argv[1]):
    for name in sorted(files):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            total += len(enc.encode_ordinary(f.read()))
print(total)
