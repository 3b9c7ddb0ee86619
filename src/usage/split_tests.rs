//! A report page too big for one piece, read in parts cut between its buckets: the same
//! records, totals, duplicates and errors as the page read whole, wherever the cuts land; for
//! the usage report and the cost report.

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::fold::Folded;
use super::{InputFormat, LogFields, load_billed_in_pieces, load_in_pieces, stream::PIECE_BYTES};
use crate::billing::Item;
use crate::error::Error;

/// `text` saved to a file of its own (removed when dropped).
struct Saved(PathBuf);

impl Saved {
    fn new(name: &str, text: &str) -> Saved {
        let path =
            std::env::temp_dir().join(format!("burnrate-split-{}-{name}.json", std::process::id()));
        std::fs::write(&path, text).expect("a temporary file");
        Saved(path)
    }
}

impl Drop for Saved {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn load(file: &Saved, piece_bytes: usize) -> Result<Folded, Error> {
    let day = jiff::civil::date(2026, 11, 1);
    load_in_pieces(
        std::slice::from_ref(&file.0),
        day,
        Some(InputFormat::UsageReport),
        &LogFields::default(),
        piece_bytes,
    )
    .map(|l| l.folded)
}

/// Every piece size from 1 byte to past the whole file, so that cuts land at every bucket and
/// inside every part of the page.
fn sizes(text: &str) -> impl Iterator<Item = usize> {
    (1..text.len() + 2).chain([PIECE_BYTES])
}

fn bucket(hour: u32, rows: &[(&str, u64, u64)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(model, input, output)| {
            format!(
                "{{\"model\":\"{model}\",\"uncached_input_tokens\":{input},\
                 \"output_tokens\":{output},\"service_tier\":\"standard\"}}"
            )
        })
        .collect();
    format!(
        "{{\"starting_at\":\"2026-11-01T{hour:02}:00:00Z\",\"ending_at\":\
         \"2026-11-01T{:02}:00:00Z\",\"results\":[{}]}}",
        hour + 1,
        rows.join(",")
    )
}

/// Input, output and records over all sums.
fn totals(f: &Folded) -> (u64, u64, usize) {
    let (mut input, mut output, mut records) = (0u64, 0u64, 0);
    for sum in f.sums.values() {
        input += u64::try_from(sum.usage.input).expect("whole tokens");
        output += u64::try_from(sum.usage.output).expect("whole tokens");
        records += sum.records;
    }
    (input, output, records)
}

fn message(e: &Error) -> String {
    e.to_string()
}

#[test]
fn a_page_cut_anywhere_reads_as_the_page_read_whole() {
    let h = "claude-haiku-4-5";
    let o = "claude-opus-4-5";
    let buckets = [
        bucket(0, &[(h, 1, 5), (o, 2, 5)]),
        bucket(1, &[(h, 10, 5), (o, 20, 5)]),
        bucket(2, &[(h, 100, 5)]),
        bucket(3, &[]),
        bucket(4, &[(h, 1000, 5), (o, 2000, 5)]),
    ];
    let text = format!(
        "{{\"has_more\":false,\"data\":[\n{}\n],\"next_page\":null}}\n",
        buckets.join(",\n")
    );
    let file = Saved::new("whole", &text);
    for size in sizes(&text) {
        let f = load(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        // 1+2+10+20+100+1000+2000 input, seven rows of 5 output.
        assert_eq!(totals(&f), (3133, 35, 7), "pieces of {size} bytes");
        assert_eq!((f.read, f.duplicates), (7, 0));
        // One sum per model (one day, one price, no groups).
        assert_eq!(f.sums.len(), 2);
    }
    // The same pages in a top-level array, and two pages one per line.
    let array = format!("[{}, {}]", text.trim(), text.trim().replace("T0", "T1"));
    let file = Saved::new("array", &array);
    for size in sizes(&array) {
        let f = load(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(totals(&f), (6266, 70, 14), "pieces of {size} bytes");
    }
    let lines = format!("{}{}", text, text.replace("T0", "T1"));
    let file = Saved::new("lines", &lines);
    for size in sizes(&lines) {
        let f = load(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(totals(&f), (6266, 70, 14), "pieces of {size} bytes");
    }
}

#[test]
fn a_bucket_repeated_in_a_page_is_a_duplicate_wherever_the_page_is_cut() {
    let h = "claude-haiku-4-5";
    let first = bucket(0, &[(h, 7, 1)]);
    let text = format!(
        "{{\"data\":[{first},{},{first}]}}",
        bucket(1, &[(h, 30, 1)])
    );
    let file = Saved::new("dup", &text);
    for size in sizes(&text) {
        let f = load(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        // The copy of the first bucket is dropped: 7 + 30.
        assert_eq!(totals(&f), (37, 2, 2), "pieces of {size} bytes");
        assert_eq!((f.read, f.duplicates), (3, 1));
    }
    // The same span with other counts: the two disagree.
    let text = format!(
        "{{\"data\":[{first},{},{}]}}",
        bucket(1, &[(h, 30, 1)]),
        bucket(0, &[(h, 8, 1)])
    );
    let file = Saved::new("conflict", &text);
    let p = file.0.display().to_string();
    for size in sizes(&text) {
        let e = load(&file, size).expect_err("a conflict");
        assert_eq!(
            message(&e),
            format!(
                "{p}:1: the bucket starting 2026-11-01T00:00:00Z for `claude-haiku-4-5` is \
                 also at {p}:1 with other counts: the two exports disagree, so neither can be \
                 summed"
            ),
            "pieces of {size} bytes"
        );
    }
}

/// The page of five buckets, one a line, with `third` as the third.
fn five_lines(third: &str) -> String {
    let h = "claude-haiku-4-5";
    format!(
        "{{\"data\":[\n{},\n{},\n{third},\n{},\n{}\n],\"has_more\":false}}\n",
        bucket(0, &[(h, 1, 1)]),
        bucket(1, &[(h, 1, 1)]),
        bucket(3, &[(h, 1, 1)]),
        bucket(4, &[(h, 1, 1)]),
    )
}

#[test]
fn an_error_in_the_third_bucket_of_a_cut_page_names_its_line_and_column() {
    let third = "{\"starting_at\":\"2026-11-01T02:00:00Z\",\"ending_at\":\"2026-11-01T03:00:00Z\",\
                 \"results\":[{\"model\":\"claude-haiku-4-5\",\"uncached_input_tokens\":1,\
                 \"output_tokens\":-1}]}";
    let text = five_lines(third);
    let file = Saved::new("third", &text);
    let p = file.0.display().to_string();
    // Line 4 is the third bucket; serde stops after the `-1`, whose `1` is at this column.
    let column = third.find("-1}").expect("the bad count") + 2;
    let want = format!(
        "{p}:4:{column}: not a usage report page: data[2].results[0].output_tokens: invalid \
         value: integer `-1`, expected u64"
    );
    for size in sizes(&text) {
        let e = load(&file, size).expect_err("a negative count");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
}

#[test]
fn an_unknown_field_in_a_cut_page_or_its_bucket_is_an_error() {
    // In the third bucket.
    let third = "{\"starting_at\":\"2026-11-01T02:00:00Z\",\"ending_at\":\"2026-11-01T03:00:00Z\",\
                 \"requests\":3,\"results\":[]}";
    let text = five_lines(third);
    let file = Saved::new("bucket-field", &text);
    let p = file.0.display().to_string();
    // serde names an unknown field at its key's closing quote.
    let column = third.find("\"requests\"").expect("the field") + "\"requests\"".len();
    let want = format!(
        "{p}:4:{column}: not a usage report page: data[2].requests: unknown field \
         `requests`, expected one of `starting_at`, `ending_at`, `results`"
    );
    for size in sizes(&text) {
        let e = load(&file, size).expect_err("an unknown field");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
    // In the page, after its buckets: line 7 is `],"more":false}`, and the key's closing quote
    // is in column 8.
    let text = five_lines(&bucket(2, &[])).replace("\"has_more\"", "\"more\"");
    let file = Saved::new("page-field", &text);
    let p = file.0.display().to_string();
    let want = format!(
        "{p}:7:8: not a usage report page: more: unknown field `more`, expected one of \
         `data`, `has_more`, `next_page`"
    );
    for size in sizes(&text) {
        let e = load(&file, size).expect_err("an unknown field");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
}

#[test]
fn a_cut_page_cut_short_is_an_error_at_its_end() {
    let text = five_lines(&bucket(2, &[]));
    // Cut in the fourth bucket (line 5).
    let cut = text
        .find("T03:00:00Z\",\"ending")
        .expect("the fourth bucket");
    let text = &text[..cut];
    let file = Saved::new("short", text);
    let p = file.0.display().to_string();
    let column = text.len() - text.rfind('\n').expect("lines") - 1;
    let want = format!(
        "{p}:5:{column}: not a usage report page: data[3].starting_at: EOF while parsing a \
         string"
    );
    for size in sizes(text) {
        let e = load(&file, size).expect_err("a page cut short");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
    // Cut between two buckets, and after the last.
    for end in [",\n{\"starting_at\":\"2026-11-01T03", "\n],\"has"] {
        let full = five_lines(&bucket(2, &[]));
        let text = &full[..full.find(end).expect("the cut") + end.len()];
        let file = Saved::new("short-between", text);
        let whole = load(&file, PIECE_BYTES).expect_err("a page cut short");
        for size in sizes(text) {
            let e = load(&file, size).expect_err("a page cut short");
            assert_eq!(message(&e), message(&whole), "pieces of {size} bytes");
        }
    }
}

/// The cost report's billed lines, as (day, model, class, dollars, line), read in pieces of
/// `piece_bytes`.
fn billed(file: &Saved, piece_bytes: usize) -> Result<Vec<Billed>, Error> {
    load_billed_in_pieces(std::slice::from_ref(&file.0), piece_bytes).map(|lines| {
        lines
            .into_iter()
            .map(|b| {
                (
                    b.date.to_string(),
                    b.model.unwrap_or_default(),
                    b.item,
                    b.usd,
                    b.origin.line,
                )
            })
            .collect()
    })
}

type Billed = (String, String, Option<Item>, Decimal, usize);

/// A day's cost bucket in November 2026, one line of `(model, token type, cents)` per row.
fn cost_bucket(day: u32, rows: &[(&str, &str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(model, token_type, cents)| {
            format!(
                "{{\"amount\":\"{cents}\",\"currency\":\"USD\",\"cost_type\":\"tokens\",\
                 \"model\":\"{model}\",\"token_type\":\"{token_type}\",\
                 \"service_tier\":\"standard\",\"workspace_id\":null}}"
            )
        })
        .collect();
    format!(
        "{{\"starting_at\":\"2026-11-{day:02}T00:00:00Z\",\"ending_at\":\
         \"2026-11-{:02}T00:00:00Z\",\"results\":[{}]}}",
        day + 1,
        rows.join(",")
    )
}

/// Five daily buckets of a cost report, one a line, as one page starting on line 1.
fn cost_page(third: &str) -> String {
    let (s, input, output) = (
        "claude-sonnet-4-6",
        "uncached_input_tokens",
        "output_tokens",
    );
    format!(
        "{{\"data\":[\n{},\n{},\n{third},\n{},\n{}\n],\"has_more\":false,\"next_page\":null}}\n",
        cost_bucket(
            1,
            &[(s, input, "300"), (s, input, "0.5"), (s, output, "150")]
        ),
        cost_bucket(2, &[(s, input, "12.25")]),
        cost_bucket(4, &[]),
        cost_bucket(5, &[(s, output, "1"), (s, output, "1")]),
    )
}

fn usd(cents: i64, scale: u32) -> Decimal {
    Decimal::new(cents, scale)
}

#[test]
fn a_cost_report_cut_anywhere_bills_as_read_whole() {
    let s = "claude-sonnet-4-6";
    let text = cost_page(&cost_bucket(3, &[(s, "cache_read_input_tokens", "7")]));
    let line = |day: &str, item, dollars, at| {
        (
            format!("2026-11-{day}"),
            s.to_string(),
            Some(item),
            dollars,
            at,
        )
    };
    // Cents / 100, summed per day, model and class; every line carries the page's line.
    let want = [
        line("01", Item::Input, usd(3005, 3), 1),
        line("01", Item::Output, usd(150, 2), 1),
        line("02", Item::Input, usd(1225, 4), 1),
        line("03", Item::CacheRead, usd(7, 2), 1),
        line("05", Item::Output, usd(2, 2), 1),
    ];
    let file = Saved::new("cost-whole", &text);
    for size in sizes(&text) {
        let got = billed(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(got, want, "pieces of {size} bytes");
    }
    // Two pages in an array (after a blank line: the lines carry the array's line 2), and the
    // same two one per line (the second starts on line 9): each sum doubles.
    let second = text
        .trim()
        .replace("\"has_more\":false", "\"has_more\":true");
    let twice = |at: [usize; 5]| -> Vec<Billed> {
        want.iter()
            .zip(at)
            .map(|((d, m, i, u, _), at)| (d.clone(), m.clone(), *i, u * Decimal::TWO, at))
            .collect()
    };
    let array = format!("\n[{},\n{}]\n", text.trim(), second);
    let file = Saved::new("cost-array", &array);
    for size in sizes(&array) {
        let got = billed(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(got, twice([2; 5]), "pieces of {size} bytes");
    }
    let lines = format!("{text}{second}\n");
    let file = Saved::new("cost-lines", &lines);
    for size in sizes(&lines) {
        let got = billed(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(got, twice([1; 5]), "pieces of {size} bytes");
    }
    // A byte-order mark changes nothing.
    let file = Saved::new("cost-bom", &format!("\u{feff}{text}"));
    for size in sizes(&text) {
        let got = billed(&file, size).unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(got, want, "pieces of {size} bytes");
    }
}

#[test]
fn an_error_in_the_third_bucket_of_a_cut_cost_report_names_its_line_and_column() {
    let s = "claude-sonnet-4-6";
    let third = cost_bucket(3, &[(s, "output_tokens", "7")]).replace("\"7\"", "7");
    let text = cost_page(&third);
    let file = Saved::new("cost-third", &text);
    let p = file.0.display().to_string();
    // Line 4 is the third bucket; serde names the `7`.
    let column = third.find(":7,").expect("the bad amount") + 2;
    let want = format!(
        "{p}:4:{column}: not a cost report page: data[2].results[0].amount: invalid type: \
         integer `7`, expected a string"
    );
    for size in sizes(&text) {
        let e = billed(&file, size).expect_err("an amount that is no string");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
    // An amount in another currency is named at the page's line, wherever the page is cut.
    let third = cost_bucket(3, &[(s, "output_tokens", "7")]).replace("USD", "EUR");
    let text = cost_page(&third);
    let file = Saved::new("cost-eur", &text);
    let p = file.0.display().to_string();
    for size in sizes(&text) {
        let e = billed(&file, size).expect_err("euros");
        assert_eq!(
            message(&e),
            format!("{p}:1: an amount in `EUR`; burnrate prices in USD"),
            "pieces of {size} bytes"
        );
    }
}

#[test]
fn an_unknown_field_in_a_cut_cost_report_is_an_error() {
    let s = "claude-sonnet-4-6";
    // In a row of the third bucket: the list price is the Analytics API's, not this report's.
    let third = cost_bucket(3, &[(s, "output_tokens", "7")]).replace(
        "\"workspace_id\":null",
        "\"workspace_id\":null,\"list_amount\":\"7\"",
    );
    let text = cost_page(&third);
    let file = Saved::new("cost-row-field", &text);
    let p = file.0.display().to_string();
    let column = third.find("\"list_amount\"").expect("the field") + "\"list_amount\"".len();
    let want = format!(
        "{p}:4:{column}: not a cost report page: data[2].results[0].list_amount: unknown field \
         `list_amount`, expected one of `amount`, `currency`, `cost_type`, `description`, \
         `model`, `token_type`, `service_tier`, `context_window`, `inference_geo`, \
         `workspace_id`"
    );
    for size in sizes(&text) {
        let e = billed(&file, size).expect_err("an unknown field");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
    // In the page, after its buckets: line 7 is `],"more":false,...`.
    let text = cost_page(&cost_bucket(3, &[])).replace("\"has_more\"", "\"more\"");
    let file = Saved::new("cost-page-field", &text);
    let p = file.0.display().to_string();
    let want = format!(
        "{p}:7:8: not a cost report page: more: unknown field `more`, expected one of `data`, \
         `has_more`, `next_page`"
    );
    for size in sizes(&text) {
        let e = billed(&file, size).expect_err("an unknown field");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
}

#[test]
fn a_cut_cost_report_cut_short_is_named_by_its_syntax() {
    let full = cost_page(&cost_bucket(3, &[]));
    // Cut inside the last bucket's rows (line 6).
    let text = &full[..full.rfind("\"currency\"").expect("a row")];
    let file = Saved::new("cost-short", text);
    let p = file.0.display().to_string();
    // serde names the last byte read.
    let column = text.len() - text.rfind('\n').expect("lines") - 1;
    let want = format!("{p}:6:{column}: not a cost report page: EOF while parsing an object");
    for size in sizes(text) {
        let e = billed(&file, size).expect_err("a page cut short");
        assert_eq!(message(&e), want, "pieces of {size} bytes");
    }
}

/// A missing or trailing comma between the buckets of a cut page is named where a page read
/// whole names it: at the next bucket's `{` (line 4, column 1), or at the `]` after the comma.
#[test]
fn a_bad_comma_between_the_buckets_of_a_cut_page_is_named_at_its_place() {
    let h = "claude-haiku-4-5";
    let b = |hour| bucket(hour, &[(h, 1, 1)]);
    let missing = format!(
        "{{\"data\":[\n{},\n{}\n{},\n{}\n],\"has_more\":false}}\n",
        b(0),
        b(1),
        b(3),
        b(4)
    );
    let trailing = format!(
        "{{\"data\":[\n{},\n{},\n{},\n{},\n],\"has_more\":false}}\n",
        b(0),
        b(1),
        b(3),
        b(4)
    );
    for (name, text, at, what) in [
        ("missing", missing, "4:1", "expected `,` or `]`"),
        ("trailing", trailing, "6:1", "trailing comma"),
    ] {
        let file = Saved::new(name, &text);
        let want = format!(
            "{}:{at}: not a usage report page: data: {what}",
            file.0.display()
        );
        for size in sizes(&text) {
            let e = load(&file, size).expect_err("a bad comma");
            assert_eq!(message(&e), want, "{name}, pieces of {size} bytes");
        }
    }
}
