"""Writes a usage-report benchmark input: Admin API usage report pages (GET
/v1/organizations/usage_report/messages, bucket_width=1h, group_by model, workspace_id,
api_key_id, service_tier, context_window, inference_geo, speed), one page of 24 hourly buckets
per line, from 2025-12-01, until the file holds MB megabytes. Every row has every field, as the
API writes it. With SHAPE=page (an environment variable), the same buckets in one page: one
JSON value, `{"data":[...every bucket...],"has_more":false,"next_page":null}`. Deterministic.
Usage: make_usage.py FILE MB [WORKSPACES] [KEYS]"""
import datetime, os, sys

path, megabytes = sys.argv[1], int(sys.argv[2])
workspaces = int(sys.argv[3]) if len(sys.argv) > 3 else 5
keys = int(sys.argv[4]) if len(sys.argv) > 4 else 30
one_page = os.environ.get("SHAPE", "lines") == "page"
models = ["claude-haiku-4-5", "claude-opus-4-5"]
# One row per model, workspace and key: its fixed part, with slots for the counts.
rows = []
for m in models:
    for w in range(workspaces):
        for k in range(keys):
            rows.append(
                '{"model":"%s","uncached_input_tokens":%%d,"cache_creation":{"ephemeral_1h_input_tokens":%%d,'
                '"ephemeral_5m_input_tokens":%%d},"cache_read_input_tokens":%%d,"output_tokens":%%d,'
                '"server_tool_use":{"web_search_requests":%%d},"service_tier":"standard",'
                '"context_window":"0-200k","inference_geo":"global","speed":"standard",'
                '"api_key_id":"apikey_01%06dBENCH","workspace_id":"wrkspc_01%04dBENCH",'
                '"account_id":null,"service_account_id":null}' % (m, w * keys + k, w))
limit = megabytes * 1_000_000
start = datetime.datetime(2025, 12, 1, tzinfo=datetime.timezone.utc)
hour = datetime.timedelta(hours=1)
seed, written, page = 12345, 0, 0
with open(path, "w") as out:
    if one_page:
        out.write('{"data":[')
    while written < limit:
        buckets = []
        for b in range(24):
            at = start + (page * 24 + b) * hour
            results = []
            for i, row in enumerate(rows):
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                n = seed % 100_000
                results.append(row % (n * 10, n % 7 * 100, n % 5 * 1000, n * 30, n, n % 3))
            buckets.append('{"starting_at":"%s","ending_at":"%s","results":[%s]}' % (
                at.strftime("%Y-%m-%dT%H:%M:%SZ"), (at + hour).strftime("%Y-%m-%dT%H:%M:%SZ"),
                ",".join(results)))
        page += 1
        if one_page:
            line = ("," if page > 1 else "") + ",".join(buckets)
        else:
            line = '{"data":[%s],"has_more":true,"next_page":"page_%06d"}\n' % (",".join(buckets), page)
        out.write(line)
        written += len(line)
    if one_page:
        out.write('],"has_more":false,"next_page":null}\n')
shape = f"one page of {page * 24}" if one_page else f"{page} pages of 24"
print(f"{path}: {written} bytes, {shape} hourly buckets x {len(rows)} rows")
