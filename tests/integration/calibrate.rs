//! `burnrate calibrate`: factors fitted to true counts, written as a pricing override that the
//! other commands then use.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::util::{burnrate, fixture, temp_yaml};

#[test]
fn fits_factors_and_writes_an_override() {
    // True counts 160 (prose.txt, 140 cl100k), 60 (emoji.txt, 48, prose), 170 (code.rs, 136);
    // frame 7. Prose: (153 + 53) / (140 + 48) = 206/188 = 1.0957 (4 places); range 153/140 =
    // 1.0929 to 53/48 = 1.1042. Code: 163/136 = 1.1985 from one sample.
    let run = burnrate(&[
        "calibrate",
        &fixture("calibrate/counts.csv"),
        "-m",
        "claude-haiku-4-5",
        "--frame",
        "7",
        "--cl100k-factor",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("      prose: { typical: \"1.0957\", low: \"1.0929\", high: \"1.1042\" }\n")
    );
    assert!(
        run.stdout
            .contains("      code: { typical: \"1.1985\", low: \"1.1985\", high: \"1.1985\" }\n")
    );
    // Content types without samples keep the table's factors.
    assert!(
        run.stdout
            .contains("      json: { typical: \"1.2\", low: \"1.08\", high: \"1.25\" }\n")
    );
    assert_eq!(
        run.stderr,
        "claude-3 prose: 1.0957 (1.0929–1.1042) from 2 samples; the table had 1.08 (1.03–1.16)\n\
         claude-3 code: 1.1985 (1.1985–1.1985) from 1 sample; the table had 1.18 (1.05–1.3)\n"
    );
    // The override is a valid pricing file and changes the estimate: 140 × 1.0957 = 153.398.
    let over = temp_yaml("calibrated.yaml", &run.stdout)
        .display()
        .to_string();
    let out = burnrate(&[
        "--pricing",
        &over,
        "tokens",
        &fixture("text/prose.txt"),
        "-m",
        "claude-haiku-4-5",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        Decimal::from_str(doc["files"][0]["tokens"]["typical"].as_str().unwrap()).unwrap(),
        Decimal::from_str("153.398").unwrap()
    );
}

#[test]
fn a_family_with_a_vocabulary_gets_a_residual_check() {
    // The same true counts against ctok 1.3.0's v3 content counts (prose.txt 144, emoji.txt
    // 53, code.rs 175), less Haiku 4.5's measured frame of 7: prose (153 + 53) / (144 + 53) =
    // 206/197 = 1.0457 (4 places), range 53/53 = 1 to 153/144 = 1.0625; code 163/175 = 0.9314.
    let run = burnrate(&[
        "calibrate",
        &fixture("calibrate/counts.csv"),
        "-m",
        "claude-haiku-4-5",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "claude-3 prose: residual 1.0457 (1–1.0625) from 2 samples\n\
         claude-3 code: residual 0.9314 (0.9314–0.9314) from 1 sample\n\
         residual = (your count − 7 frame tokens) ÷ burnrate's count in Claude's v3 vocabulary; \
         1 is exact agreement. Nothing to override: the vocabulary counts these texts \
         (`--cl100k-factor` fits factors instead)\n"
    );
}

#[test]
fn bad_samples_are_located() {
    let p = temp_yaml("bad.csv", "file,tokens\n../x.txt,abc\n")
        .display()
        .to_string();
    let run = burnrate(&["calibrate", &p, "-m", "haiku"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!("error: {p}:2: `abc` is not a whole number of tokens\n")
    );
    let p = temp_yaml("noheader.csv", "prose.txt,10\n")
        .display()
        .to_string();
    let run = burnrate(&["calibrate", &p, "-m", "haiku"]);
    assert_eq!(
        run.stderr,
        format!("error: {p}:1: expected the header `file,tokens`\n")
    );
}

#[test]
fn huge_true_counts_are_summed_exactly_not_wrapped() {
    // Two prose samples (140 and 48 cl100k tokens) each claiming u64::MAX true tokens:
    // 2 × 18,446,744,073,709,551,615 / 188 = 196,241,958,230,952,676.755…; a u64 sum would
    // wrap to 18,446,744,073,709,551,614 and fit half that with exit 0.
    let csv = format!(
        "file,tokens\n{},18446744073709551615\n{},18446744073709551615\n",
        std::fs::canonicalize(fixture("text/prose.txt"))
            .unwrap()
            .display(),
        std::fs::canonicalize(fixture("text/emoji.txt"))
            .unwrap()
            .display()
    );
    let samples = temp_yaml("huge-counts.csv", &csv).display().to_string();
    let run = burnrate(&[
        "calibrate",
        &samples,
        "-m",
        "claude-haiku-4-5",
        "--cl100k-factor",
        "--frame",
        "0",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("claude-3 prose: 196241958230952676.7553 "),
        "{}",
        run.stderr
    );
}

#[test]
fn samples_files_with_a_bom_a_blank_first_line_or_an_empty_folder() {
    // Issue 14 #11. A byte-order mark before the header, and a blank first line, are accepted.
    let prose = std::fs::canonicalize(fixture("text/prose.txt")).unwrap();
    let prose = prose.display();
    for (name, text) in [
        ("bom.csv", format!("\u{feff}file,tokens\n{prose},151\n")),
        ("blank.csv", format!("\nfile,tokens\n{prose},151\n")),
    ] {
        let p = temp_yaml(name, &text).display().to_string();
        let run = burnrate(&["calibrate", &p, "-m", "claude-haiku-4-5"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        // (151 − 7) / 144 = 1.
        assert!(
            run.stdout
                .starts_with("claude-3 prose: residual 1 (1–1) from 1 sample\n"),
            "{name}: {}",
            run.stdout
        );
    }
    // An empty folder is an error naming the sample's line, not a sample skipped in silence.
    let dir = std::env::temp_dir().join(format!("burnrate-empty-sample-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = temp_yaml(
        "empty-folder.csv",
        &format!("file,tokens\n{prose},151\n{},100\n", dir.display()),
    )
    .display()
    .to_string();
    let run = burnrate(&["calibrate", &p, "-m", "claude-haiku-4-5"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {p}:3: `{}`: no files to calibrate on\n",
            dir.display()
        )
    );
}

/// Issue 13 trap 10: `calibrate --format` lays the fits out like every other report; the
/// figures are the hand-computed ones of `fits_factors_and_writes_an_override`.
#[test]
fn the_fits_in_every_report_format() {
    let args = |format| {
        burnrate(&[
            "calibrate",
            &fixture("calibrate/counts.csv"),
            "-m",
            "claude-haiku-4-5",
            "--frame",
            "7",
            "--cl100k-factor",
            "--format",
            format,
        ])
    };
    let csv = args("csv");
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_eq!(
        csv.stdout,
        "tokenizer,content,kind,samples,typical,low,high,previous_typical,previous_low,previous_high\n\
         claude-3,prose,factor,2,1.0957,1.0929,1.1042,1.08,1.03,1.16\n\
         claude-3,code,factor,1,1.1985,1.1985,1.1985,1.18,1.05,1.3\n"
    );
    let md = args("markdown");
    assert!(
        md.stdout
            .contains("| prose | 2 | 1.0957 (1.0929–1.1042) | 1.08 (1.03–1.16) |"),
        "{}",
        md.stdout
    );
    let json: serde_json::Value = serde_json::from_str(&args("json").stdout).unwrap();
    assert_eq!(json["against"], "cl100k");
    assert_eq!(json["fits"][1]["factor"]["typical"], "1.1985");
    assert!(
        json["override_yaml"]
            .as_str()
            .unwrap()
            .contains("prose: { typical: \"1.0957\"")
    );
    // A residual check, in the family's own vocabulary: the kind says so, no previous factor.
    let run = burnrate(&[
        "calibrate",
        &fixture("calibrate/counts.csv"),
        "-m",
        "claude-haiku-4-5",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("claude-3,prose,residual,2,"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.lines().nth(1).unwrap().ends_with(",,,"));
}
