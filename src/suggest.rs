//! "Did you mean" for unknown names: edit distance plus substring matches.

/// Names longer than this (in characters) are not compared. The longest model id is about 30
/// characters, so nothing this long is a typo of one, and edit distance costs the product of the
/// two lengths: a 2 MB name against every id would take seconds.
pub const MAX_COMPARED_CHARS: usize = 256;

/// Up to three of `candidates` closest to `wanted` (already lower-case), best first.
///
/// A candidate qualifies when its edit distance is small for its length, or when one name
/// contains the other (`sonnet-4-6` → `claude-sonnet-4-6`). A name or candidate longer than
/// [`MAX_COMPARED_CHARS`] gets no suggestion.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    if too_long(wanted) {
        return Vec::new();
    }
    // Version numbers are written with dots in prose (`sonnet-4.6`) but dashes in ids.
    let wanted = wanted.replace('.', "-");
    let wanted = wanted.as_str();
    let max_distance = (wanted.chars().count() / 4).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| !too_long(c))
        .filter_map(|c| {
            let lc = c.to_ascii_lowercase();
            // Compare with and without the `claude-` prefix that users often leave out.
            let short = lc.strip_prefix("claude-").unwrap_or(&lc);
            let d = strsim::levenshtein(wanted, &lc).min(strsim::levenshtein(wanted, short));
            let contains = wanted.len() >= 3 && (lc.contains(wanted) || wanted.contains(&lc));
            (d <= max_distance || contains).then_some((if contains { d.min(1) } else { d }, c))
        })
        .collect();
    scored.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(b.1))
    });
    scored.dedup_by(|a, b| a.1 == b.1);
    // Far-off names only distract when a close one exists; an exact match after normalising
    // stands alone.
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .take_while(|s| s.0 <= best + usize::from(best > 0))
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Whether `name` has more than [`MAX_COMPARED_CHARS`] characters (without counting them all).
fn too_long(name: &str) -> bool {
    name.len() > MAX_COMPARED_CHARS && name.chars().nth(MAX_COMPARED_CHARS).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 4] = [
        "claude-sonnet-4-6",
        "claude-sonnet-5",
        "claude-haiku-5-5",
        "sonnet",
    ];

    #[test]
    fn suggests_typos_and_partial_names() {
        assert_eq!(
            closest("claude-sonet-4-6", NAMES),
            vec!["claude-sonnet-4-6".to_string()]
        );
        assert_eq!(closest("sonnet-4-6", NAMES)[0], "claude-sonnet-4-6");
        assert_eq!(closest("sonet-4.6", NAMES)[0], "claude-sonnet-4-6");
        assert!(closest("gpt-4o", NAMES).is_empty());
    }

    #[test]
    fn a_huge_name_is_not_compared() {
        // It contains an id, which would otherwise make that id a suggestion.
        let huge = format!("claude-sonnet-4-6{}", "x".repeat(2 << 20));
        let started = std::time::Instant::now();
        assert!(closest(&huge, NAMES).is_empty());
        // Unbounded, this is about 2M × 17 cells per candidate: seconds even optimised.
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // 256 characters are still compared (multi-byte ones counted as one), 257 are not.
        let at_limit = format!("sonnet{}", "é".repeat(250));
        assert_eq!(closest(&at_limit, NAMES)[0], "sonnet");
        assert!(closest(&format!("{at_limit}é"), NAMES).is_empty());
    }

    #[test]
    fn a_huge_candidate_is_skipped() {
        let huge = "s".repeat(300);
        assert_eq!(closest("sonet", [huge.as_str(), "sonnet"]), vec!["sonnet"]);
        assert!(closest(&"s".repeat(10), [huge.as_str()]).is_empty());
    }
}
