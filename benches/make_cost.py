"""Writes a cost-report benchmark input: Admin API cost report pages (GET
/v1/organizations/cost_report, bucket_width=1d, group_by description and workspace_id), from
2025-12-01, one daily bucket of MODELS x 5 token types x 2 tiers x WORKSPACES rows each, until
the file holds MB megabytes. `amount` is a decimal string in cents, as the API writes it.
SHAPE=lines (default) writes one page of 31 daily buckets per line; SHAPE=page one page holding
every bucket (one JSON value the size of the file); SHAPE=array the pages of `lines` in one
top-level array. Deterministic. benches/cost.sh runs it and times `burnrate usage ... --cost-report`.
Usage: [SHAPE=lines|page|array] make_cost.py FILE MB [WORKSPACES]"""
import datetime, os, sys

path, megabytes = sys.argv[1], int(sys.argv[2])
workspaces = int(sys.argv[3]) if len(sys.argv) > 3 else 100
shape = os.environ.get("SHAPE", "lines")
models = ["claude-sonnet-4-6", "claude-haiku-4-5"]
types = ["uncached_input_tokens", "output_tokens", "cache_read_input_tokens",
         "cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_1h_input_tokens"]
rows = []
for m in models:
    for t in types:
        for tier in ["standard", "batch"]:
            for w in range(workspaces):
                rows.append(
                    '{"amount":"%%d.%%04d","currency":"USD","cost_type":"tokens",'
                    '"description":"%s %s","model":"%s","token_type":"%s","service_tier":"%s",'
                    '"context_window":"0-200k","inference_geo":"global",'
                    '"workspace_id":"wrkspc_01%04dBENCH"}' % (m, t, m, t, tier, w))
limit = megabytes * 1_000_000
start = datetime.datetime(2025, 12, 1, tzinfo=datetime.timezone.utc)
day = datetime.timedelta(days=1)
seed, written, days, per_page = 12345, 0, 0, 31
with open(path, "w") as out:
    def write(text):
        global written
        out.write(text)
        written += len(text)
    write({"page": '{"data":[', "array": "[", "lines": ""}[shape])
    while written < limit:
        buckets = []
        for b in range(per_page):
            at = start + days * day
            days += 1
            results = []
            for row in rows:
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                results.append(row % (seed % 100_000, seed % 10_000))
            buckets.append('{"starting_at":"%s","ending_at":"%s","results":[%s]}' % (
                at.strftime("%Y-%m-%dT%H:%M:%SZ"), (at + day).strftime("%Y-%m-%dT%H:%M:%SZ"),
                ",".join(results)))
        first = days == per_page
        if shape == "page":
            write(("" if first else ",") + ",".join(buckets))
        else:
            more = "true" if written < limit else "false"
            page = '{"data":[%s],"has_more":%s,"next_page":"page_%06d"}' % (
                ",".join(buckets), more, days // per_page)
            write(page + "\n" if shape == "lines" else ("" if first else ",\n") + page)
    write({"page": '],"has_more":false,"next_page":null}\n', "array": "]\n", "lines": ""}[shape])
print(f"{path}: {written} bytes, {shape}: {days} daily buckets x {len(rows)} rows")
