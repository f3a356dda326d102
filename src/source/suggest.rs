//! "Did you mean ...?" for misspelt names.

/// The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be
/// a plausible typo: at most one edit per three characters, and at least one.
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let sections = ["sourceConfig", "sinkConfig", "rules", "streams"];
        assert_eq!(
            did_you_mean("sourceConfigs", sections),
            Some("sourceConfig")
        );
        assert_eq!(did_you_mean("rule", sections), Some("rules"));
        assert_eq!(did_you_mean("SinkConfigs", sections), Some("sinkConfig"));
        assert_eq!(did_you_mean("metadata", sections), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
