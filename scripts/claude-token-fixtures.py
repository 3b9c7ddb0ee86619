#!/usr/bin/env python3
"""Generate tests/fixtures/claude-tokens/cases.json: texts with their ctok 1.3.0 content counts
(token_count minus the family's frame) for v3, v4.7 and v4.8, so `cargo test` checks burnrate's
Claude counter against ctok without Python. Run with the ctok venv's Python 3.12:

    /tmp/ctok-venv/bin/python scripts/claude-token-fixtures.py

The 1 MB line is not stored: `long_line()` here and in tests/claude_tokens.rs build the same text
from a fixed generator, and only its counts are pinned.
"""
import json
import os

import ctok

FRAMES = {"3.0": 7, "4.7": 11, "4.8": 6}
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "claude-tokens")

WORDS = ["the", "The", "quick", "brown", "fox", "JUMPS", "over", "lazy", "dog", "naïve",
         "café", "résumé", "12345", "it's", "don't", "Hello,", "world.", "x=1;", "(a+b)",
         "Zürich", "São", "Paulo", "Москва", "Ελλάδα", "東京", "서울", "🙂", "HTTPServer",
         "getElementById", "naïveté"]


def long_line(limit=1_000_000):
    """Words picked by a 64-bit LCG, joined by single spaces, up to `limit` bytes (UTF-8)."""
    x, out, size = 42, [], 0
    mask = (1 << 64) - 1
    while True:
        x = (x * 6364136223846793005 + 1442695040888963407) & mask
        w = WORDS[(x >> 33) % len(WORDS)]
        n = len(w.encode()) + (1 if out else 0)
        if size + n > limit:
            return " ".join(out)
        out.append(w)
        size += n


CASES = {
    "empty": "",
    "space": " ",
    "two_spaces": "  ",
    "newline": "\n",
    "trailing_newlines": "end\n\n\n",
    "many_trailing_newlines": "x" + "\n" * 40,
    "english": "The quick brown fox jumps over the lazy dog. It's a truth universally acknowledged "
               "that a single man in possession of a good fortune must be in want of a wife.\n",
    "latin_diacritics": "Tous les êtres humains naissent libres et égaux en dignité et en droits. "
                        "Ärger über Öl und Straße; São Paulo, Kraków, Dvořák, Ångström, façade.",
    "spanish": "Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados "
               "como están de razón y conciencia, deben comportarse fraternalmente los unos con los otros.",
    "cyrillic": "Все люди рождаются свободными и равными в своем достоинстве и правах. "
                "Они наделены разумом и совестью. МОСКВА, Київ, Беларусь.",
    "greek": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα. "
             "ΑΘΗΝΑ ΣΟΦΟΣ, Ελλάς.",
    "arabic": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا "
              "وعليهم أن يعامل بعضهم بعضًا بروح الإخاء. ١٢٣٤ ٥٦",
    "hebrew": "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון.",
    "devanagari": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। "
                  "१२३ ४५६",
    "thai": "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ ต่างมีเหตุผลและมโนธรรม "
            "กำ \u0e01\u0e4d\u0e32",
    "chinese": "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。",
    "japanese": "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。"
                "カタカナ、ひらがな、漢字々。",
    "korean": "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 "
              "이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다.",
    "vietnamese": "Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền lợi.",
    "turkish": "İstanbul'da IŞIK ve ılık; İNSANLAR özgür doğar. ẞ STRASSE",
    "python": "def fib(n: int) -> int:\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n"
              "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\n"
              "if __name__ == \"__main__\":\n    print(fib(30))\n",
    "rust": "fn main() {\n    let v: Vec<u64> = (1..=10).map(|x| x * x).collect();\n"
            "    println!(\"{:?} {}\", v, v.iter().sum::<u64>());\n}\n",
    "javascript": "const xs = [1, 2, 3];\nconst ys = xs.map((x) => x ** 2).filter(x => x !== 4);\n"
                  "document.getElementById('out').innerHTML = `<b>${ys.join(', ')}</b>`;\n",
    "c": "#include <stdio.h>\nint main(void) {\n\tint i;\n\tfor (i = 0; i < 10; ++i)\n"
         "\t\tprintf(\"%d\\n\", i);\n\treturn 0;\n}\n",
    "sql": "SELECT u.id, COUNT(*) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id "
           "WHERE u.created_at >= '2024-01-01' GROUP BY u.id HAVING n > 3 ORDER BY n DESC;",
    "json": json.dumps({"name": "burnrate", "version": "0.1.0", "tags": ["cli", "pricing"],
                        "nested": {"a": 1, "b": [True, False, None], "pi": 3.14159,
                                   "unicode": "naïve ☃ 東京"}}, indent=2, ensure_ascii=False),
    "json_compact": '{"id":"8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60","ts":"2026-12-02T01:41:11Z","n":[1,22,333,4444]}',
    "emoji": "I love it 😀😃😄! 👍🏽 Great job 🎉🎉 — ❤️ ☺️ ✨",
    "zwj": "Family: 👨‍👩‍👧‍👦, 🏳️‍🌈, 👩🏽‍💻, 🧑‍🤝‍🧑 and flags 🇬🇧🇯🇵",
    "combining": "e\u0301 a\u0308 o\u0302\u0323 n\u0303 Z\u0351\u0352 q\u0307\u0323 \u0301start \u20dd",
    "variation_selectors": "☺\ufe0f ☺\ufe0e ⚖️ 1\ufe0f\u20e3 #️⃣ 葛\U000e0100 A\ufe00",
    "controls": "a\x01b\x02c\x07d\x1be\x7ff\x85g\x9fh\x0bi\x0cj",
    "private_use": "a\ue000b \uf8ff c\U000f0000d",
    "nul": "a\x00b\x00\x00c \x00",
    "crlf": "line one\r\nline two\r\n\r\nline four\r\n",
    "tabs": "\tindented\n\t\tmore\tinner\t\n  \t mixed",
    "quotes": "\u201cSmart quotes\u201d and \u2018single\u2019 ones, \u201elow\u201c, «guillemets»",
    "numbers": "3.14159 2,718 1e-9 0x1F 1_000_000 -42 +7 12:30:00 2026-12-02 ١٢٣ ۴۵۶ ½ ² ①",
    "caps": "NASA likes TOKENIZERS. WiFi GaN QQ ABCD ABC HTTPServer McDonald ΣΟΦΟΣ",
    "contractions": "it's I'll we're they've she'd I'm don't x'S y'LL 'quoted' 'First rock'n'roll",
    "spaces": "a  b   c    d\u00a0e\u2003f\u3000g \u2028h",
    "markers_literal": "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4 ⟨bow⟩ word",
    "leading_space": " hello",
    "leading_spaces": "   hello",
    "mixed_scripts": "Hello Привет Γειά 你好 안녕 שלום مرحبا नमस्ते สวัสดี",
    "url_path": "https://example.com/a/b?c=1&d=%20e#frag /usr/local/bin C:\\Windows\\System32",
    "markdown": "# Title\n\n- item **bold** _it_\n- `code` [link](http://x.y)\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "astral": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐁𝐨𝐥𝐝 𠀀𠀁 𓀀 𐍈",
    "symbols": "— » « • ° „ – − £ § € … √ → （ ） № † └ │ · ─ ═ █ ™ © ® ℃ ∑ ∞ ≤ ≥",
}


def counts(text):
    return {fam: ctok.token_count(text, v) - FRAMES[v]
            for fam, v in (("v3", "3.0"), ("v4_7", "4.7"), ("v4_8", "4.8"))}


def main():
    out = {"generator": "ctok 1.3.0, scripts/claude-token-fixtures.py", "cases": []}
    for name, text in CASES.items():
        out["cases"].append({"name": name, "text": text, **counts(text)})
    line = long_line()
    out["long_line"] = {"bytes": len(line.encode()), **counts(line)}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=True, indent=1)
        f.write("\n")
    print(f"{len(out['cases'])} cases; long line {out['long_line']}")


if __name__ == "__main__":
    main()
