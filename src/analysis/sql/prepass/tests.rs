//! Tests of the lexers: eKuiper's reserved words, and the fast lexer against sqlparser's tokenizer.

mod keyword_tests {
    use super::super::*;

    #[test]
    fn keyword_matcher_agrees_with_the_list() {
        for k in EKUIPER_KEYWORDS {
            assert!(is_ekuiper_keyword(k), "{k}");
            assert!(is_ekuiper_keyword(&k.to_ascii_lowercase()), "{k}");
        }
        let accepted = sqlparser::keywords::ALL_KEYWORDS
            .iter()
            .filter(|k| is_ekuiper_keyword(k))
            .count();
        let listed = sqlparser::keywords::ALL_KEYWORDS
            .iter()
            .filter(|k| EKUIPER_KEYWORDS.iter().any(|e| e.eq_ignore_ascii_case(k)))
            .count();
        assert_eq!(accepted, listed);
        for w in ["", "A", "ASX", "SELECTS", "PARTITIONS", "dd1", "émi", "x"] {
            assert_eq!(
                is_ekuiper_keyword(w),
                EKUIPER_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(w)),
                "{w}"
            );
        }
    }
}

pub(crate) mod plain_lexer_tests {
    use super::super::*;

    /// sqlparser's tokens of `sql`, keyword tags reduced to eKuiper's reserved words as
    /// [`lexical_fixups`] does; `None` when sqlparser cannot tokenize it.
    fn sqlparser_tokens(sql: &str) -> Option<Vec<Tok>> {
        let mut toks = Vec::new();
        lex_with_sqlparser(sql, &mut toks).ok()?;
        for t in &mut toks {
            if let Token::Word(w) = &mut t.token {
                if w.keyword != Keyword::NoKeyword && !is_ekuiper_keyword(&w.value) {
                    w.keyword = Keyword::NoKeyword;
                }
            }
        }
        Some(toks)
    }

    /// Whether [`lex_plain`] takes `sql`; panics unless its tokens are sqlparser's.
    pub(crate) fn plain_agrees(sql: &str) -> bool {
        let mut plain = Vec::new();
        if !lex_plain(sql, &mut plain) {
            assert!(plain.is_empty(), "{sql:?}: tokens left behind");
            return false;
        }
        assert_eq!(Some(plain), sqlparser_tokens(sql), "{sql:?}");
        true
    }

    #[test]
    fn plain_lexer_agrees_with_sqlparser_on_every_short_text() {
        let alphabet: Vec<char> = " \t\n\raNx1_.0'\"`\\->(<)=!|&#:^%/*+[],;e@?$~\u{b}é"
            .chars()
            .collect();
        let mut taken = 0;
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            taken += texts.iter().filter(|t| plain_agrees(t)).count();
        }
        // a narrower alphabet one character further: operators next to words and numbers
        let narrow: Vec<char> = "a1.'`-><=!|#/ ".chars().collect();
        texts = texts
            .iter()
            .filter(|t| t.chars().all(|c| narrow.contains(&c)))
            .flat_map(|t| narrow.iter().map(move |c| format!("{t}{c}")))
            .collect();
        taken += texts.iter().filter(|t| plain_agrees(t)).count();
        assert!(taken > 10_000, "only {taken} texts lexed the plain way");
    }

    #[test]
    fn plain_lexer_agrees_with_sqlparser_on_rules() {
        for sql in [
            "SELECT deviceId, temperature * 1.8 + 32 AS f FROM s989 WHERE temperature > 30",
            "SELECT payload->a AS a, lag(temperature) OVER (PARTITION BY deviceId) AS prev FROM s",
            "SELECT * EXCEPT(a, b) FROM `topic/a/#` WHERE a[1:2] != 'x''y' AND b <= 1. OR c <> \"d\\\"e\"",
            "SELECT count(*) FROM s GROUP BY TUMBLINGWINDOW(ss, 10) HAVING max(x) >= 3 LIMIT 5;\r\n",
            "select a % 2, b & 1, c | 2, d ^ 3, e # f, g / 4 from t\ninner join u on t.id = u.id",
            "SELECT `a``b`, N'x', x'0a', 1e5, .5, 0x1f, a--b\n, a/*c*/, a::int, a=>b, a||b",
        ] {
            plain_agrees(sql);
        }
        assert!(plain_agrees("SELECT a FROM s WHERE b = 'it''s \\\\ here'"));
        assert!(!plain_agrees("SELECT a FROM s -- comment"));
    }

    #[test]
    fn keyword_tags_are_sqlparsers() {
        for k in EKUIPER_KEYWORDS {
            for w in [k.to_string(), k.to_ascii_lowercase()] {
                let mut toks = Vec::new();
                lex_with_sqlparser(&w, &mut toks).unwrap();
                let Token::Word(word) = &toks[0].token else {
                    panic!("{w}")
                };
                assert_eq!(reserved_word(&w), Some(word.keyword), "{w}");
            }
        }
    }
}
