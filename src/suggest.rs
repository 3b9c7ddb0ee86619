//! "Did you mean" for unknown names: edit distance plus substring matches.

/// Up to three of `candidates` closest to `wanted` (already lower-case), best first.
///
/// A candidate qualifies when its edit distance is small for its length, or when one name
/// contains the other (`sonnet-4-6` → `claude-sonnet-4-6`).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    // Version numbers are written with dots in prose (`sonnet-4.6`) but dashes in ids.
    let wanted = wanted.replace('.', "-");
    let wanted = wanted.as_str();
    let max_distance = (wanted.chars().count() / 4).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let lc = c.to_ascii_lowercase();
            // Compare with and without the `claude-` prefix that users often leave out.
            let short = lc.strip_prefix("claude-").unwrap_or(&lc);
            let d = levenshtein(wanted, &lc).min(levenshtein(wanted, short));
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

/// Classic Levenshtein distance over characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_levenshtein() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }

    #[test]
    fn suggests_typos_and_partial_names() {
        let names = [
            "claude-sonnet-4-6",
            "claude-sonnet-5",
            "claude-haiku-5-5",
            "sonnet",
        ];
        assert_eq!(
            closest("claude-sonet-4-6", names),
            vec!["claude-sonnet-4-6".to_string()]
        );
        assert_eq!(closest("sonnet-4-6", names)[0], "claude-sonnet-4-6");
        assert_eq!(closest("sonet-4.6", names)[0], "claude-sonnet-4-6");
        assert!(closest("gpt-4o", names).is_empty());
    }
}
