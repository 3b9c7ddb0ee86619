#!/usr/bin/env python3
"""Differential test of burnrate's Claude token counter against ctok 1.3.0.

Generates random Unicode strings weighted towards the hard classes (combining marks, variation
selectors, ZWJ emoji, controls, private use, NUL, CRLF, tabs, case, contractions, digits of many
scripts, RTL and Indic scripts, CJK, Hangul, astral characters, literal marker noncharacters),
counts each with ctok (v3, v4.7, v4.8) and with `cargo run --release --example claude_tokens`,
and reports the mismatches (the shortest first). Run with the ctok venv's Python 3.12:

    /tmp/ctok-venv/bin/python scripts/claude-differential.py [CASES] [SEED]

Exit status 1 if any count differs.
"""
import json
import os
import random
import subprocess
import sys

import ctok

FRAMES = {"3.0": 7, "4.7": 11, "4.8": 6}
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

POOLS = {
    "ascii_word": ["the", "The", "THE", "quick", "Fox", "NASA", "WiFi", "a", "I", "x", "HTTPServer",
                   "s", "t", "ll", "re", "ve", "d", "m", "S", "LL", "getElementById", "ABCD"],
    "space": [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", " \n", "\u00a0", "\u2003",
              "\u3000", "\u2028", "\x0b", "\x0c"],
    "punct": list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["'", "'", "...", "==", "=>", "});",
              "\u2018", "\u2019", "\u201c", "\u201d", "\u201e", "«", "»", "—", "–", "…", "•",
              "（", "）", "。", "、", "？", "！", "「", "」", "〄", "⟨", "⟩"],
    "digit": ["0", "1", "42", "123456", "3.14", "١٢٣", "۴۵۶", "१२३", "৩", "๑๒", "½", "²", "①",
              "𝟏", "〇", "Ⅻ", "ⅻ"],
    "latin": ["é", "É", "ñ", "Ö", "ß", "ẞ", "İ", "ı", "Ł", "ø", "Å", "œ", "ǅ", "Ǆ", "ǆ", "café",
              "Zürich", "ÉCOLE", "naïve", "Ϋ", "ϴ", "ℂ", "ℳ", "ﬁ", "Ꟊ"],
    "combining": ["\u0301", "\u0308", "\u0323", "\u0302", "\u0351", "\u20dd", "\u0483", "\u05b0",
                  "\u064b", "\u0670", "\u093c", "\u094d", "\u0e31", "\u0e48", "\u0711", "\u0730",
                  "\u0cf3", "\u1ab0", "\u1dc0", "\u302a", "\u3099", "\U0001d165"],
    "selector": ["\ufe0f", "\ufe0e", "\ufe00", "\U000e0100", "\u200d", "\u200c", "\u200b",
                 "\u2060", "\ufeff", "\u00ad"],
    "emoji": ["😀", "👍", "👍🏽", "❤️", "☺", "⚖", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧", "1️⃣", "#️⃣", "✨", "🧑‍🤝‍🧑",
              "\U0001f3fb", "🙂"],
    "control": ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\x1f"],
    "private": ["\ue000", "\uf8ff", "\ue123", "\U000f0000", "\U00100000", "\ufdd0", "\ufdd1",
                "\ufdd2", "\ufdd3", "\ufdd4", "\ufffd", "\uffff"],
    "cyrillic": ["Москва", "привет", "ПРИВЕТ", "Ёж", "ї", "Ґ"],
    "greek": ["Ελλάδα", "ΣΟΦΟΣ", "σοφός", "ς", "Σ", "ΐ", "ά"],
    "arabic": ["مرحبا", "السلام", "عليكم", "ـ", "ﷺ", "لا"],
    "hebrew": ["שלום", "עולם", "בְּרֵאשִׁית"],
    "indic": ["नमस्ते", "क्षत्रिय", "ॐ", "বাংলা", "தமிழ்", "ಕನ್ನಡ", "ශ්‍රී"],
    "thai": ["สวัสดี", "กำ", "\u0e01\u0e4d\u0e32", "ภาษาไทย", "ໍາ"],
    "cjk": ["東京", "人人生而自由", "々", "〆", "ヶ", "ー", "カタカナ", "ひらがな", "𠀀", "丽"],
    "hangul": ["서울", "안녕하세요", "한국어", "\u1100\u1161\u11a8", "ㄱ"],
    "astral": ["𝔘𝔫𝔦", "𝐁", "𓀀", "𐍈", "𞤀", "𑀓"],
    "symbol_letter": ["Ⓐ", "ⓐ", "Ⅳ", "ⅳ", "ᛮ", "ꛦ", "™", "©", "℃", "∑", "→", "█", "─"],
}
WEIGHTS = {k: 1.0 for k in POOLS}
WEIGHTS.update(ascii_word=4, space=4, punct=3, combining=2, selector=2, latin=2)


def random_char(rng):
    """Any codepoint: BMP half the time, else the whole range (surrogates skipped)."""
    while True:
        o = rng.randrange(0x10000) if rng.random() < 0.5 else rng.randrange(0x110000)
        if not 0xD800 <= o <= 0xDFFF:
            return chr(o)


def random_text(rng):
    parts = []
    pools = list(POOLS)
    weights = [WEIGHTS[p] for p in pools]
    for _ in range(rng.randrange(0, 25)):
        if rng.random() < 0.05:
            parts.append(random_char(rng))
        else:
            parts.append(rng.choice(POOLS[rng.choices(pools, weights)[0]]))
    return "".join(parts)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    texts = [random_text(rng) for _ in range(n)]
    want = [[ctok.token_count(t, v) - FRAMES[v] for v in ("3.0", "4.7", "4.8")] for t in texts]
    run = subprocess.run(["cargo", "run", "--quiet", "--release", "--example", "claude_tokens"],
                         cwd=ROOT, input=json.dumps(texts), capture_output=True, text=True,
                         check=True)
    got = json.loads(run.stdout)
    bad = [(t, w, g) for t, w, g in zip(texts, want, got) if w != g]
    fams = ("v3", "v4.7", "v4.8")
    per = [sum(1 for _, w, g in bad if w[i] != g[i]) for i in range(3)]
    print(f"{n} cases (seed {seed}), 3 families: {len(bad)} cases differ "
          f"({', '.join(f'{f} {m}' for f, m in zip(fams, per))})")
    for t, w, g in sorted(bad, key=lambda b: len(b[0]))[:15]:
        print(f"  {t!r}: ctok {w}, burnrate {g}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
