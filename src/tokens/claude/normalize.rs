//! Text into the form the tokenizer reads: NFC, then the measured folds. Order matters and is
//! the oracle's: controls are stripped before the Thai fold (so a control between its two halves
//! lets them join), private use after it.

use unicode_normalization::UnicodeNormalization;

/// C0 and C1 controls the API strips (every control but TAB, LF and NUL; NUL reads as a space).
fn stripped_control(c: char) -> bool {
    matches!(c, '\u{1}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Space separators the tokenizer reads as U+0020 (all Zs but U+3000, plus Zl and Zp).
fn funny_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}'
    )
}

/// `text` normalised for a family (`fold_quotes`: v3 folds the four curly quotes to ASCII),
/// appended to `out`.
pub fn normalise(text: &str, fold_quotes: bool, out: &mut Vec<char>) {
    let start = out.len();
    let mut push = |c: char| {
        if !stripped_control(c) {
            out.push(if c == '\0' { ' ' } else { c });
        }
    };
    // NFC only where it can change something: no canonical composition has an ASCII second
    // element, so the text splits before every ASCII character; ASCII runs pass through, and each
    // non-ASCII stretch goes through NFC with the ASCII character before it (its possible base).
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let j = b[i..]
            .iter()
            .position(|&x| x >= 0x80)
            .map_or(b.len(), |k| i + k);
        let fast_end = if j < b.len() && j > i { j - 1 } else { j };
        b[i..fast_end].iter().for_each(|&x| push(char::from(x)));
        if fast_end == b.len() {
            break;
        }
        let k = b[j..]
            .iter()
            .position(|&x| x < 0x80)
            .map_or(b.len(), |q| j + q);
        // `fast_end` and `k` sit before ASCII bytes or at the ends, so they are char boundaries.
        text.get(fast_end..k)
            .unwrap_or_default()
            .nfc()
            .for_each(&mut push);
        i = k;
    }
    // Claude composes decomposed Thai SARA AM (NFC leaves it), then strips BMP private use.
    let mut w = start;
    let mut r = start;
    while r < out.len() {
        let mut c = out[r];
        if c == '\u{e4d}' && out.get(r + 1) == Some(&'\u{e32}') {
            c = '\u{e33}';
            r += 1;
        }
        r += 1;
        if ('\u{e000}'..='\u{f8ff}').contains(&c) {
            continue;
        }
        out[w] = match c {
            '\u{2018}' | '\u{2019}' if fold_quotes => '\'',
            '\u{201c}' | '\u{201d}' if fold_quotes => '"',
            c if funny_space(c) => ' ',
            c => c,
        };
        w += 1;
    }
    out.truncate(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str, fold: bool) -> String {
        let mut v = Vec::new();
        normalise(s, fold, &mut v);
        v.into_iter().collect()
    }

    #[test]
    fn folds_as_the_oracle_does() {
        assert_eq!(norm("e\u{301}\u{1}x\0y", true), "éx y");
        assert_eq!(norm("\u{e4d}\u{2}\u{e32}", true), "\u{e33}");
        assert_eq!(norm("\u{e4d}\u{e000}\u{e32}", true), "\u{e4d}\u{e32}");
        assert_eq!(norm("\u{2018}a\u{201d}\u{a0}", true), "'a\" ");
        assert_eq!(norm("\u{2018}a\u{201d}", false), "\u{2018}a\u{201d}");
        // A base before a non-ASCII stretch composes; reordering stays within the stretch.
        assert_eq!(
            norm("xe\u{301}y a\u{323}\u{307}", true),
            "xéy \u{1ea1}\u{307}"
        );
        assert_eq!(norm("e\u{301}", true), "é");
        assert_eq!(norm("\u{301}e", true), "\u{301}e");
    }
}
