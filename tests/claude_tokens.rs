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
fn streamed_files_count_as_the_whole_text_with_every_counter() {
    use burnrate::tokens::method::{ClaudeCount, Counter};
    use burnrate::tokens::{Source, count::cl100k_tokens, progress::Silent, stream::count_with};
    let all = cases();
    let mut texts: Vec<String> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    texts.push(texts.join("\n"));
    texts.push(long_line(300_000));
    let dir = std::env::temp_dir().join(format!("burnrate-streamed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sources: Vec<Source> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let path = dir.join(format!("{i}.txt"));
            std::fs::write(&path, t).unwrap();
            Source {
                name: path.display().to_string(),
                path: Some(path),
                strict: true,
                skip: None,
            }
        })
        .collect();
    let claude = |family, trailing_whitespace_free| {
        Counter::Claude(ClaudeCount {
            family,
            trailing_whitespace_free,
        })
    };
    let counters = [
        Counter::Cl100k,
        claude(Family::V3, false),
        claude(Family::V4_7, false),
        claude(Family::V4_8, false),
        claude(Family::V4_8, true),
    ];
    let (counted, skipped) =
        count_with(&counters, &sources, &mut std::io::empty(), 1024, 2, &Silent).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(skipped.is_empty());
    for (c, text) in counted.iter().zip(&texts) {
        let want: Vec<u64> = counters
            .iter()
            .map(|k| match k {
                Counter::Cl100k => cl100k_tokens(text) as u64,
                Counter::Claude(cc) => cc.content_tokens(text),
            })
            .collect();
        assert_eq!(c.tokens, want, "{:?}", &text[..text.len().min(80)]);
    }
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
