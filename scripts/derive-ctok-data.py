#!/usr/bin/env python3
"""Re-derive burnrate's Claude tokenizer data (`data/ctok/`) from the published ctok wheel.

Usage: scripts/derive-ctok-data.py [WHEEL] [--check]

WHEEL defaults to /tmp/ctok-wheel/ctok-1.3.0-py3-none-any.whl (fetch it with
`pip download ctok==1.3.0 --no-deps --python-version 3.12 --only-binary=:all: -d /tmp/ctok-wheel`).
The wheel's SHA-256 is pinned below, and so are the SHA-256 of every file written (the Rust test
`tokens::claude::data::tests::embedded_data_matches_the_pinned_hashes` pins the same values).
`--check` derives into memory and compares with the files in `data/ctok/` instead of writing.

The character table (`chars.bin`, `lower.bin`) is computed with the ctok package's own predicates
run under Python 3.12 (Unicode 15.0), so burnrate classifies every codepoint as the oracle does
whatever Unicode version Rust's standard library carries. Run it with the ctok venv's Python:
`python3.12 -m venv /tmp/ctok-venv && /tmp/ctok-venv/bin/pip install WHEEL regex`.

Formats (all little-endian):
- `v3.pieces`, `v4_7.pieces`: UTF-8, records separated by NUL. Record 0 is the family's meta
  (`message_overhead=7 fold_quotes=1 allcaps_min=4`); then one record per cost-1 piece of the
  marked stream (markers written as U+FDD0 bow, U+FDD1 eow, U+FDD3 shift, U+FDD4 caps, the glued
  contractions with their eow); then a record `#bytes`, then one record per byte-fallback prefix
  as lowercase hex.
- `chars.bin`: records of (u32 first codepoint, u16 properties), each run of codepoints with equal
  properties once, ascending, starting at 0.
- `lower.bin`: records of (u32 codepoint, u8 byte length, UTF-8 bytes) for every codepoint whose
  lowercase (as ctok lowers it) differs from itself.
"""

import hashlib
import json
import os
import struct
import sys
import sysconfig
import unicodedata
import zipfile

WHEEL_SHA256 = "84442682eeb2013ecb86861f9477b4ad3e19cc174099df98e9b5016450013217"
OUT_SHA256 = {
    "LICENSE": "5607d5baf3f475f490487e7c9c3ddbf39a96f8c16c41ff0d563f483615b430f3",
    "chars.bin": "1acda85db4e62eee99ba56905f12468c8fb5309d934085020e7233d1ae2ee649",
    "lower.bin": "e7e2b18f4d0a0d584ad46b363f0f8db2cf13f73f7a6e904909be867778e07adf",
    "v3.pieces": "e4f44c4057a9db0daefefa97afab35cd6f5db3a633b022d045c8c1596802bb2b",
    "v4_7.pieces": "2c906f2e9c766688afe372ffb2f3a5d81cbf07fc191aa812b95f6df7d1622b4b",
}

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "ctok")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    wheel = args[0] if args else "/tmp/ctok-wheel/ctok-1.3.0-py3-none-any.whl"
    digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} (ctok 1.3.0)")
    if sys.version_info[:2] != (3, 12):
        sys.exit("run with Python 3.12: its Unicode 15.0 data is the oracle's")
    # Import ctok from the wheel itself, so the tables come from the pinned code.
    sys.path.insert(0, wheel)
    import ctok
    import importlib
    N = importlib.import_module("ctok.normalize")
    from ctok.constants import BOW_G, EOW_G, SHIFT_G, CAPS_G, PAD_G
    from ctok.notation import parse_marked

    files = {}
    z = zipfile.ZipFile(wheel)
    files["LICENSE"] = z.read("ctok-1.3.0.dist-info/licenses/LICENSE")
    for fam, name in (("v3", "pieces_v3.json"), ("v4_7", "pieces_v4_7.json")):
        doc = json.loads(z.read(f"ctok/data/{name}"))
        meta = doc["meta"]
        allcaps = meta["allcaps_min"]
        head = (f"message_overhead={meta['message_overhead']} "
                f"fold_quotes={int(meta['fold_quotes'])} "
                f"allcaps_min={0 if allcaps is None else allcaps}")
        records = [head]
        pieces = set()
        for group, entries in doc["tokens"].items():
            if group == "bytes_fallback":
                continue
            for p in entries:
                pieces.add(parse_marked(p))
        pieces.update(c + EOW_G for c in doc["tokens"]["contractions"])
        for p in sorted(pieces):
            assert "\0" not in p and PAD_G not in p, repr(p)
            records.append(p)
        records.append("#bytes")
        records.extend(sorted(doc["tokens"]["bytes_fallback"]))
        files[f"{fam}.pieces"] = "\0".join(records).encode()

    # Character properties, bit by bit (the Rust side reads the same layout, chars.rs).
    classes = {N.WORDY: 0, N.HARD: 1, N.DIGIT: 2, N.PUNCT: 3, N.SPACE: 4}
    def props(o):
        if 0xD800 <= o <= 0xDFFF:
            return 1  # surrogates never reach the classifier (folded to U+FFFD)
        c = chr(o)
        cat = unicodedata.category(c)
        p = classes[N.classify(c)]
        p |= int(N._stray_mark(c)) << 3
        p |= int(bool(N.is_separator(c))) << 4
        p |= int(N._marks_like_punct(c)) << 5
        p |= int(N._digit_border(c)) << 6
        p |= {"Nd": 1, "No": 2}.get(cat, 0) << 7
        p |= int(N._is_upper(c)) << 9
        p |= int(N._is_lower(c)) << 10
        unl = ((c in N._NEW_CASED or cat[0] in ("L", "M")) and not N._is_lower(c)
               and (not N._is_upper(c) or N._lower(c) == c))
        p |= int(unl) << 11
        p |= int(N._lower(c) != c) << 12
        return p
    runs = bytearray()
    lower = bytearray()
    prev = None
    for o in range(0x110000):
        p = props(o)
        if p != prev:
            runs += struct.pack("<IH", o, p)
            prev = p
        if not 0xD800 <= o <= 0xDFFF:
            lo = N._lower(chr(o))
            if lo != chr(o):
                b = lo.encode()
                lower += struct.pack("<IB", o, len(b)) + b
    files["chars.bin"] = bytes(runs)
    files["lower.bin"] = bytes(lower)

    bad = []
    for name, data in sorted(files.items()):
        h = hashlib.sha256(data).hexdigest()
        path = os.path.join(OUT, name)
        if check:
            have = open(path, "rb").read() if os.path.exists(path) else b""
            if have != data:
                bad.append(f"{name}: differs from the derivation")
        else:
            with open(path, "wb") as f:
                f.write(data)
        if name in OUT_SHA256 and OUT_SHA256[name] != h:
            bad.append(f"{name}: sha256 {h}, pinned {OUT_SHA256[name]}")
        print(f"{name:14} {len(data):>9} bytes  sha256 {h}")
    if bad:
        sys.exit("\n".join(bad))


if __name__ == "__main__":
    main()
