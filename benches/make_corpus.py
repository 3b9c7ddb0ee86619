"""Writes the benchmark inputs: a text corpus of N MB (100 files of mixed prose, code and JSON,
deterministic) and a Message Batches JSONL of M lines. Usage: make_corpus.py DIR MB LINES"""
import json, os, random, sys

out, megabytes, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
words = ("the of and to in is that for it as with was on be by this are from at or an have not "
         "which but all were when we there can been has more if will one would so no what up out "
         "about who them some could into only time other than then now its over also back after "
         "use two how our work first well way even new want because any these give day most us "
         "ticket invoice delivery refund customer order warranty cache token batch model price "
         "budget monthly request output input latency throughput tenant prompt system").split()

def prose(n):
    parts = []
    while sum(map(len, parts)) < n:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18)))
        parts.append(sentence.capitalize() + rng.choice([". ", ". ", "? ", ".\n\n"]))
    return "".join(parts)

def code(n):
    parts = []
    while sum(map(len, parts)) < n:
        name = rng.choice(words) + "_" + rng.choice(words)
        parts.append(f"fn {name}(x: u64) -> u64 {{\n    let y = x * {rng.randint(2, 999)};\n"
                     f"    if y > {rng.randint(1000, 99999)} {{ return y / 2; }}\n    y + 1\n}}\n\n")
    return "".join(parts)

def data(n):
    parts = []
    while sum(map(len, parts)) < n:
        parts.append(json.dumps({"id": rng.randint(1, 10**9), "label": rng.choice(words),
                                 "score": round(rng.random(), 4), "tags": rng.sample(words, 3)}) + "\n")
    return "".join(parts)

corpus = os.path.join(out, "corpus")
os.makedirs(corpus, exist_ok=True)
per_file = megabytes * 1_000_000 // 100
for i in range(100):
    kind = [prose, prose, prose, code, data][i % 5]
    ext = {prose: "txt", code: "rs", data: "jsonl"}[kind]
    with open(os.path.join(corpus, f"{i:03}.{ext}"), "w") as f:
        f.write(kind(per_file))

system = prose(3000)
with open(os.path.join(out, "batch.jsonl"), "w") as f:
    for i in range(lines):
        f.write(json.dumps({"custom_id": f"r-{i}", "params": {
            "model": rng.choice(["claude-haiku-5-5", "claude-sonnet-5-5"]), "max_tokens": 300,
            "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": prose(rng.randint(200, 1200))}]}}) + "\n")
