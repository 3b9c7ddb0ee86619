//! burnrate's Claude counter against ctok 1.3.0's counts, pinned in
//! `tests/fixtures/claude-tokens/cases.json` by `scripts/claude-token-fixtures.py` (no Python
//! needed here).

use burnrate::tokens::claude::{Family, content_tokens, counter};

const CASES: &str = include_str!("fixtures/claude-tokens/cases.json");

const FAMILIES: [(Family, &str); 3] = [
    (Family::V3, "v3"),
    (Family::V4_7, "v4_7"),
    (Family::V4_8, "v4_8"),
];

fn cases() -> serde_json::Value {
    serde_json::from_str(CASES).unwrap()
}

#[test]
fn every_fixture_counts_exactly_as_ctok() {
    let all = cases();
    let mut wrong = Vec::new();
    for case in all["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        for (family, key) in FAMILIES {
            let want = case[key].as_u64().unwrap();
            let got = content_tokens(family, text);
            if got != want {
                wrong.push(format!(
                    "{} {key}: ctok {want}, burnrate {got}",
                    case["name"]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The generator of `scripts/claude-token-fixtures.py`'s `long_line`: words picked by a 64-bit
/// LCG, joined by single spaces, up to `limit` bytes.
fn long_line(limit: usize) -> String {
    const WORDS: [&str; 30] = [
        "the",
        "The",
        "quick",
        "brown",
        "fox",
        "JUMPS",
        "over",
        "lazy",
        "dog",
        "naïve",
        "café",
        "résumé",
        "12345",
        "it's",
        "don't",
        "Hello,",
        "world.",
        "x=1;",
        "(a+b)",
        "Zürich",
        "São",
        "Paulo",
        "Москва",
        "Ελλάδα",
        "東京",
        "서울",
        "🙂",
        "HTTPServer",
        "getElementById",
        "naïveté",
    ];
    let mut x: u64 = 42;
    let mut out = String::new();
    loop {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = WORDS[((x >> 33) % WORDS.len() as u64) as usize];
        let sep = usize::from(!out.is_empty());
        if out.len() + w.len() + sep > limit {
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

#[test]
fn a_one_megabyte_line_counts_exactly_as_ctok() {
    let all = cases();
    let pinned = &all["long_line"];
    let line = long_line(1_000_000);
    assert_eq!(line.len() as u64, pinned["bytes"].as_u64().unwrap());
    for (family, key) in FAMILIES {
        assert_eq!(
            content_tokens(family, &line),
            pinned[key].as_u64().unwrap(),
            "{key}"
        );
    }
}

#[test]
fn pieces_add_up_to_the_whole_at_any_piece_size() {
    let all = cases();
    let mut texts: Vec<String> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    texts.push(texts.join("\n"));
    texts.push(texts.join(" "));
    texts.push(long_line(20_000));
    for text in &texts {
        for (family, key) in FAMILIES {
            let c = counter(family);
            let whole = c.content_tokens_chunked(text, usize::MAX);
            for chunk in [16, 33, 64, 200, 1000] {
                assert_eq!(
                    c.content_tokens_chunked(text, chunk),
                    whole,
                    "{key} chunk {chunk} on {text:?}"
                );
            }
        }
    }
}

#[test]
fn streamed_readers_count_as_the_whole_text() {
    use burnrate::tokens::claude::read::count_readers;
    let all = cases();
    let mut texts: Vec<String> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    texts.push(texts.join("\n"));
    texts.push(long_line(300_000));
    let c = counter(Family::V3);
    let mut readers: Vec<(String, Box<dyn std::io::Read + Send>)> = texts
        .iter()
        .map(|t| {
            let r: Box<dyn std::io::Read + Send> =
                Box::new(std::io::Cursor::new(t.clone().into_bytes()));
            ("t".to_owned(), r)
        })
        .collect();
    let got = count_readers(c, &mut readers, 1024, 2).unwrap();
    let want: Vec<u64> = texts.iter().map(|t| c.content_tokens(t)).collect();
    assert_eq!(got, want);
}

#[test]
fn the_tables_reconstructions_name_known_families_and_their_frames() {
    use burnrate::pricing::{PricingSources, load};
    let table = load(&PricingSources::builtin()).unwrap();
    let mut seen = 0;
    for t in table.tokenizers() {
        if let Some(r) = &t.reconstruction {
            let family = r.family;
            assert_eq!(r.frame_tokens, family.frame(), "{}", t.id);
            seen += 1;
        }
    }
    assert_eq!(seen, 3);
}
