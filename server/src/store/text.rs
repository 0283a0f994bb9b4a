//! Search words turned into each database's full-text query language.
//!
//! Only letters and digits survive, so nothing a buyer types can change the
//! meaning of the query; the last word matches as a prefix ("sapph" finds sapphire).

/// At most this many words take part in a search.
const MAX_TERMS: usize = 12;
const MAX_TERM_CHARS: usize = 40;
/// A shorter last word is matched whole: "a*" would rank the whole catalogue.
const MIN_PREFIX_CHARS: usize = 3;

/// Whether the text has anything to search for; without, a listing just browses.
pub fn is_searchable(text: &str) -> bool {
    !terms(text).is_empty()
}

fn as_prefix(term: &str) -> bool {
    term.chars().count() >= MIN_PREFIX_CHARS
}

fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|term| !term.is_empty())
        .map(|term| {
            term.chars()
                .take(MAX_TERM_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .take(MAX_TERMS)
        .collect()
}

/// Every word must match, the last as a prefix: each term as `word` renders it,
/// joined by `and`.
fn all_words(text: &str, word: impl Fn(&str, bool) -> String, and: &str) -> Option<String> {
    let terms = terms(text);
    let last = terms.len().checked_sub(1)?;
    Some(
        terms
            .iter()
            .enumerate()
            .map(|(i, term)| word(term, i == last && as_prefix(term)))
            .collect::<Vec<_>>()
            .join(and),
    )
}

/// An SQLite FTS5 query: every word must match, the last as a prefix.
pub fn fts5_query(text: &str) -> Option<String> {
    all_words(
        text,
        |term, prefix| match prefix {
            true => format!("\"{term}\"*"),
            false => format!("\"{term}\""),
        },
        " ",
    )
}

/// A PostgreSQL `to_tsquery` text: every word must match, the last as a prefix.
pub fn tsquery(text: &str) -> Option<String> {
    all_words(
        text,
        |term, prefix| match prefix {
            true => format!("{term}:*"),
            false => term.to_owned(),
        },
        " & ",
    )
}

/// Reads `"id score id score …"`, as the text queries aggregate their matches.
pub fn scores(pairs: &str) -> std::collections::HashMap<i64, f32> {
    let mut words = pairs.split_ascii_whitespace();
    let mut scores = std::collections::HashMap::new();
    while let (Some(id), Some(score)) = (words.next(), words.next()) {
        if let (Ok(id), Ok(score)) = (id.parse(), score.parse()) {
            scores.insert(id, score);
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aggregated_scores() {
        let scores = scores("12 3.5 7 -1e-06 9 0");
        assert_eq!(scores.len(), 3);
        assert_eq!(scores[&12], 3.5);
        assert!(super::scores("").is_empty());
    }

    #[test]
    fn keeps_only_words() {
        assert_eq!(
            fts5_query("Opal \"ring\"; DROP TABLE pieces--").unwrap(),
            "\"opal\" \"ring\" \"drop\" \"table\" \"pieces\"*"
        );
        assert_eq!(tsquery("opal & !ring:*").unwrap(), "opal & ring:*");
        assert_eq!(tsquery("repoussé").unwrap(), "repoussé:*");
    }

    #[test]
    fn short_last_words_are_not_prefixes() {
        assert_eq!(fts5_query("ring a").unwrap(), "\"ring\" \"a\"");
        assert_eq!(tsquery("ri").unwrap(), "ri");
        assert_eq!(tsquery("rin").unwrap(), "rin:*");
    }

    #[test]
    fn nothing_searchable_means_no_query() {
        assert!(!is_searchable("*** ()"));
        assert!(is_searchable("opal"));
        assert_eq!(fts5_query("  \"*()<>  "), None);
        assert_eq!(tsquery(""), None);
    }

    #[test]
    fn long_input_is_bounded() {
        let long = "word ".repeat(5_000);
        assert_eq!(
            fts5_query(&long).unwrap().matches("word").count(),
            MAX_TERMS
        );
        let huge_word = "a".repeat(10_000);
        assert_eq!(tsquery(&huge_word).unwrap().len(), MAX_TERM_CHARS + 2);
    }
}
