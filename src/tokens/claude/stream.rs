//! Normalised text into the marked stream the tiler reads: maximal same-class runs, words flanked
//! by `bow`/`eow` and case-marked, border markers on punctuation and digit runs beside spaces,
//! and the seam (one space between two words is the `eow``bow` pair, not a character).
//!
//! The stream is a sequence of `u32` symbols: codepoints, and the four markers above the
//! codepoint range, so a literal noncharacter in the text can never be read as a marker.

use super::chars::{Chars, Class, Props};

/// Word start.
pub const BOW: u32 = 0x11_0000;
/// Word end.
pub const EOW: u32 = 0x11_0001;
/// The next word is title case.
pub const SHIFT: u32 = 0x11_0002;
/// The next word is all capitals (v3 only).
pub const CAPS: u32 = 0x11_0003;

/// Where a piece of text sits in its message, which decides what its first run borders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The message start: the frame before it ends in a space-like `bow` (where the family's
    /// frame has one), and a single leading space of the raw text is that `bow`.
    Head {
        /// The raw (unnormalised) text starts with a space.
        raw_space: bool,
    },
    /// Right after a line feed of the same message.
    AfterNewline,
    /// Right after an ASCII letter, at the ASCII digit or punctuation that follows it
    /// (`word|.`, `sha|256`): the word's `eow` is written on the left, and the run that starts
    /// here borders no space on its left.
    AfterLetter,
    /// Right after a word, at the single space before the next word (the seam).
    AfterWord,
}

/// The family parameters the stream depends on.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// Shortest all-capitals word written as `caps` + lowercase (`None`: no `caps` marker).
    pub allcaps_min: Option<usize>,
    /// The frame ends in a `bow` that absorbs one leading space (v3, v4.7; not v4.8+).
    pub frame_bow: bool,
}

/// A maximal run of one class, as a range of the normalised text.
#[derive(Clone, Copy)]
pub struct Run {
    class: Class,
    start: usize,
    end: usize,
}

fn is_selector(c: char) -> bool {
    ('\u{fe00}'..='\u{fe0f}').contains(&c)
}

const CONTRACTIONS: [&[char]; 7] = [
    &['s'],
    &['t'],
    &['d'],
    &['m'],
    &['l', 'l'],
    &['r', 'e'],
    &['v', 'e'],
];

struct Ctx<'a> {
    chars: &'a Chars,
    text: &'a [char],
    runs: &'a [Run],
    edge: Edge,
    rules: Rules,
}

impl Ctx<'_> {
    fn body(&self, i: usize) -> &[char] {
        &self.text[self.runs[i].start..self.runs[i].end]
    }
    fn p(&self, c: char) -> Props {
        self.chars.get(c)
    }
    fn hard_bow(&self, body: &[char]) -> bool {
        body.first()
            .is_some_and(|&c| is_selector(c) || self.p(c).punct_like())
    }
    fn hard_eow(&self, body: &[char]) -> bool {
        body.last()
            .is_some_and(|&c| is_selector(c) || self.p(c).punct_like())
    }
    fn digit_run(&self, body: &[char]) -> bool {
        let Some(&first) = body.first() else {
            return false;
        };
        let cat = self.p(first).number_category();
        cat != 0
            && body[1..]
                .iter()
                .all(|&c| self.p(c).number_category() == cat)
    }
    fn digit_bow(&self, body: &[char]) -> bool {
        self.digit_run(body) && self.p(body[0]).digit_border()
    }
    fn digit_eow(&self, body: &[char]) -> bool {
        self.digit_run(body) && body.last().is_some_and(|&c| self.p(c).digit_border())
    }
    fn takes_right_border(&self, i: usize) -> bool {
        let (class, body) = (self.runs[i].class, self.body(i));
        class == Class::Punct
            || self.hard_eow(body)
            || (matches!(class, Class::Digit | Class::Hard) && self.digit_eow(body))
    }
    /// A lone `'` opening the word after it.
    fn opens_word(&self, i: usize) -> bool {
        self.body(i) == ['\'']
            && self
                .runs
                .get(i + 1)
                .is_some_and(|r| matches!(r.class, Class::Wordy | Class::Stray))
    }
    /// A lone apostrophe left of word `i` is that word's `bow` (`it's`).
    fn contraction_seam(&self, i: usize) -> bool {
        if i == 0 || !CONTRACTIONS.contains(&self.body(i)) {
            return false;
        }
        if self.runs[i - 1].class != Class::Punct || self.body(i - 1) != ['\''] {
            return false;
        }
        i < 2 || !self.takes_right_border(i - 2)
    }
    /// Whether run `i`'s side touches a space (`left`: the run before).
    fn borders_space(&self, i: usize, left: bool) -> bool {
        let j = if left {
            match i.checked_sub(1) {
                Some(j) => j,
                None => return matches!(self.edge, Edge::Head { .. }) && self.rules.frame_bow,
            }
        } else {
            i + 1
        };
        let Some(run) = self.runs.get(j) else {
            return false;
        };
        if run.class != Class::Space {
            return false;
        }
        let body = self.body(j);
        if left {
            body.last() == Some(&' ')
        } else {
            // A marker stands for the seam space only, never before a run of two or more.
            body.first() == Some(&' ') && body.get(1) != Some(&' ')
        }
    }
}

/// How a word is case-marked.
enum Case {
    Literal,
    Shift,
    /// Shift, with `İ` kept literal in the tail.
    ShiftDotted,
    Caps,
}

fn mark_case(chars: &Chars, span: &[char], allcaps_min: Option<usize>, head_mark: bool) -> Case {
    if head_mark || span.contains(&'ẞ') {
        return Case::Literal;
    }
    let upper = |c: char| chars.get(c).upper();
    if span.contains(&'İ') {
        let head = span[0];
        if upper(head) && head != 'İ' && !span[1..].iter().any(|&c| c != 'İ' && upper(c)) {
            return Case::ShiftDotted;
        }
        return Case::Literal;
    }
    if let Some(min) = allcaps_min {
        let mut cased = false;
        let all_upper = span.iter().all(|&c| {
            let p = chars.get(c);
            cased |= p.upper() || p.lower();
            p.upper() || !p.lower()
        });
        if cased
            && all_upper
            && span.len() >= min
            && !span.iter().any(|&c| chars.get(c).unlowerable())
        {
            return Case::Caps;
        }
    }
    if chars.lowers_to_itself(span[0]) {
        return Case::Literal;
    }
    if upper(span[0]) && !span[1..].iter().any(|&c| upper(c)) {
        return Case::Shift;
    }
    Case::Literal
}

/// Maximal same-class runs of `text`, hard runs split where the kind of character changes.
fn runs(chars: &Chars, text: &[char], out: &mut Vec<Run>) {
    let Some(&first) = text.first() else {
        return;
    };
    let stray = |c: char| chars.get(c).stray_mark();
    let class_of = |c: char| chars.get(c).class();
    let mut cur = class_of(first);
    if cur == Class::Wordy && stray(first) {
        cur = Class::Stray;
    }
    let mut start = 0;
    let push = |out: &mut Vec<Run>, class: Class, start: usize, end: usize| {
        if class != Class::Hard || end - start == 1 {
            out.push(Run { class, start, end });
            return;
        }
        // Hard runs split by pretoken kind; a variation selector rides its base.
        let kind = |c: char| {
            let p = chars.get(c);
            if p.punct_like() {
                0
            } else if p.digit_border() {
                1
            } else {
                2
            }
        };
        let mut s = start;
        let mut k = kind(text[start]);
        for (i, &c) in text.iter().enumerate().take(end).skip(start + 1) {
            if is_selector(c) {
                continue;
            }
            let kc = kind(c);
            if kc != k {
                out.push(Run {
                    class,
                    start: s,
                    end: i,
                });
                s = i;
                k = kc;
            }
        }
        out.push(Run {
            class,
            start: s,
            end,
        });
    };
    for (i, &c) in text.iter().enumerate().skip(1) {
        let class = class_of(c);
        if cur == Class::Stray && class == Class::Wordy && stray(c) {
            continue;
        }
        if class == cur {
            continue;
        }
        push(out, cur, start, i);
        start = i;
        cur = if class == Class::Wordy && stray(c) && cur != Class::Wordy {
            Class::Stray
        } else {
            class
        };
    }
    push(out, cur, start, text.len());
}

/// Appends the marked stream of `text` (normalised, trailing line feeds of the message already
/// removed) to `out`. `runs` is scratch space.
pub fn stream(
    chars: &Chars,
    text: &[char],
    edge: Edge,
    rules: Rules,
    scratch: &mut Vec<u32>,
    run_buf: &mut Vec<Run>,
    out: &mut Vec<u32>,
) {
    let mut text = text;
    match edge {
        Edge::Head { raw_space } => {
            if rules.frame_bow
                && raw_space
                && text.first() == Some(&' ')
                && text.get(1) != Some(&' ')
            {
                text = &text[1..];
            }
        }
        // The seam: the space is the eow-bow pair the two words write.
        Edge::AfterWord => text = text.strip_prefix(&[' ']).unwrap_or(text),
        Edge::AfterNewline | Edge::AfterLetter => {}
    }
    run_buf.clear();
    runs(chars, text, run_buf);
    let head = matches!(edge, Edge::Head { .. });
    if run_buf.is_empty() {
        // Content that normalises away still pays for the frame's bow.
        if head && rules.frame_bow {
            out.push(BOW);
        }
        return;
    }
    let cx = Ctx {
        chars,
        text,
        runs: run_buf,
        edge,
        rules,
    };
    let begin = out.len();
    if head && rules.frame_bow {
        let first = run_buf[0];
        let body = cx.body(0);
        let head_quote = cx.opens_word(0);
        let own_bow = !head_quote
            && (matches!(first.class, Class::Wordy | Class::Punct | Class::Stray)
                || cx.hard_bow(body)
                || (matches!(first.class, Class::Digit | Class::Hard) && cx.digit_bow(body))
                || (first.class == Class::Space && body[0] == ' '));
        if !own_bow {
            out.push(if head_quote { u32::from(' ') } else { BOW });
        }
    }
    for i in 0..run_buf.len() {
        let run = run_buf[i];
        let body = cx.body(i);
        match run.class {
            Class::Wordy => {
                let fused = i > 0 && run_buf[i - 1].class == Class::Stray;
                let bow = !(fused || cx.contraction_seam(i));
                scratch.clear();
                let marker = match mark_case(chars, body, rules.allcaps_min, fused) {
                    Case::Literal => {
                        scratch.extend(body.iter().map(|&c| u32::from(c)));
                        None
                    }
                    Case::Shift => {
                        body.iter().for_each(|&c| chars.lower(c, scratch));
                        Some(SHIFT)
                    }
                    Case::ShiftDotted => {
                        chars.lower(body[0], scratch);
                        for &c in &body[1..] {
                            if c == 'İ' {
                                scratch.push(u32::from(c));
                            } else {
                                chars.lower(c, scratch);
                            }
                        }
                        Some(SHIFT)
                    }
                    Case::Caps => {
                        body.iter().for_each(|&c| chars.lower(c, scratch));
                        for s in scratch.iter_mut() {
                            if *s == u32::from('ς') {
                                *s = u32::from('σ');
                            }
                        }
                        Some(CAPS)
                    }
                };
                out.extend(marker);
                if bow {
                    out.push(BOW);
                }
                out.extend_from_slice(scratch);
                out.push(EOW);
            }
            Class::Stray => {
                out.push(BOW);
                out.extend(body.iter().map(|&c| u32::from(c)));
                if run_buf.get(i + 1).is_none_or(|r| r.class != Class::Wordy) {
                    out.push(EOW);
                }
            }
            class if class == Class::Punct || cx.hard_bow(body) || cx.hard_eow(body) => {
                let punct = class == Class::Punct;
                if cx.borders_space(i, true) && !cx.opens_word(i) && (punct || cx.hard_bow(body)) {
                    out.push(BOW);
                }
                out.extend(body.iter().map(|&c| u32::from(c)));
                if cx.borders_space(i, false) && (punct || cx.hard_eow(body)) {
                    out.push(EOW);
                }
            }
            Class::Digit | Class::Hard if cx.digit_run(body) => {
                if cx.digit_bow(body) && cx.borders_space(i, true) {
                    out.push(BOW);
                }
                out.extend(body.iter().map(|&c| u32::from(c)));
                if cx.digit_eow(body) && cx.borders_space(i, false) {
                    out.push(EOW);
                }
            }
            _ => out.extend(body.iter().map(|&c| u32::from(c))),
        }
    }
    seam(out, begin);
}

/// Drops each space that stands between an `eow` and the (case markers and) `bow` of the next
/// word: the seam.
fn seam(out: &mut Vec<u32>, begin: usize) {
    let space = u32::from(' ');
    let mut w = begin;
    for r in begin..out.len() {
        let s = out[r];
        if s == space && w > begin + 1 && out[w - 1] == EOW {
            let next = out[r + 1..].iter().find(|&&n| n != SHIFT && n != CAPS);
            if next == Some(&BOW) {
                continue;
            }
        }
        out[w] = s;
        w += 1;
    }
    out.truncate(w);
}
