//! The token pre-pass of a SELECT ([`prepare_select`]): MQTT-topic-like FROM names merged
//! into one identifier, `* EXCEPT(...)` / `* REPLACE(...)` and `OVER (... WHEN cond)` cut into
//! side tables, and the positions of calls and unquoted words the semantic checks ask about.

use super::*;

/// `* EXCEPT(...)` or `* REPLACE(...)` cut out of the token stream.
#[derive(Debug, Clone)]
pub struct WildcardOpts {
    pub is_replace: bool,
    /// `EXCEPT`/`REPLACE` through the closing `)`.
    pub range: Range<usize>,
    /// Tokens between the parentheses.
    pub inner: Vec<TokenWithSpan>,
}

/// `WHEN cond` cut out of an `OVER (...)`.
#[derive(Debug, Clone)]
pub struct OverWhen {
    /// `WHEN` through the end of the condition.
    pub range: Range<usize>,
    /// The condition tokens.
    pub cond: Vec<TokenWithSpan>,
}

/// Everything the SELECT parser needs beyond the tokens.
#[derive(Debug, Default)]
pub struct Prepared {
    pub tokens: Vec<TokenWithSpan>,
    /// Keyed by the byte offset of `EXCEPT`/`REPLACE` (one `*` may have both).
    pub wildcard_opts: HashMap<usize, WildcardOpts>,
    /// Keyed by the byte offset of the function name the OVER belongs to.
    pub over_when: HashMap<usize, OverWhen>,
    /// Targeted problems found on the tokens (a generic parser error is then redundant).
    pub problems: Vec<SqlProblem>,
    /// Too many operators to check safely; the statement is not parsed.
    pub too_complex: bool,
    /// For every `name(`: byte offset of `name` -> byte end of the matching `)`.
    pub call_end: CallEnds,
    /// Significant tokens after preparation, in text order: byte range, and for an unquoted word
    /// what the checks need to know about it.
    pub sig: Vec<(Range<usize>, Option<UnquotedWord>)>,
}

impl Prepared {
    /// The last significant token that ends at or before byte `at`.
    pub fn sig_before(&self, at: usize) -> Option<&(Range<usize>, Option<UnquotedWord>)> {
        let n = self.sig.partition_point(|(r, _)| r.end <= at);
        n.checked_sub(1).map(|i| &self.sig[i])
    }
}

/// An unquoted word among [`Prepared::sig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnquotedWord {
    /// The word is `AS` (any case).
    pub is_as: bool,
}

/// `name(` byte offset -> byte end of the matching `)`, in token order (a handful per
/// statement: a vector beats hashing). Names are added in text order, so the vector is sorted
/// and a lookup is a binary search (a SELECT of a megabyte can hold tens of thousands of calls).
#[derive(Debug, Default)]
pub struct CallEnds(Vec<(usize, usize)>);

impl CallEnds {
    fn insert(&mut self, start: usize, end: usize) {
        match self.0.binary_search_by_key(&start, |(s, _)| *s) {
            Ok(i) => self.0[i].1 = end,
            Err(i) => self.0.insert(i, (start, end)),
        }
    }

    /// End of the call whose name starts at `start`.
    pub fn get(&self, start: &usize) -> Option<&usize> {
        let i = self.0.binary_search_by_key(start, |(s, _)| *s).ok()?;
        Some(&self.0[i].1)
    }
}

pub(super) fn matching_close(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

pub(super) fn matching_open(toks: &[Tok], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in (0..=close).rev() {
        match toks[k].token {
            Token::RParen | Token::RBracket => depth += 1,
            Token::LParen | Token::LBracket => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

pub(super) fn prev_sig(toks: &[Tok], before: usize) -> Option<usize> {
    (0..before).rev().find(|&j| !toks[j].is_ws())
}

pub(super) fn next_sig(toks: &[Tok], from: usize) -> Option<usize> {
    (from..toks.len()).find(|&j| !toks[j].is_ws())
}

/// Window function names (lower case).
pub const WINDOW_NAMES: &[&str] = &[
    "tumblingwindow",
    "hoppingwindow",
    "slidingwindow",
    "sessionwindow",
    "countwindow",
    "statewindow",
];

pub fn is_window_name(n: &str) -> bool {
    WINDOW_NAMES.iter().any(|w| w.eq_ignore_ascii_case(n))
}

/// AND, OR, NOT, LIKE, BETWEEN, IN, CASE (any case): the words the complexity budget counts.
pub(super) fn is_operator_word(v: &str) -> bool {
    let is = |k: &str| v.eq_ignore_ascii_case(k);
    match v.len() {
        2 => is("OR") || is("IN"),
        3 => is("AND") || is("NOT"),
        4 => is("LIKE") || is("CASE"),
        7 => is("BETWEEN"),
        _ => false,
    }
}

/// Prepare a SELECT statement's tokens for sqlparser.
pub fn prepare_select(sql: &str, part: Part) -> Prepared {
    let mut prep = Prepared::default();
    let is_op = |t: &&Tok| {
        matches!(
            t.token,
            Token::Plus
                | Token::Minus
                | Token::Mul
                | Token::Div
                | Token::Mod
                | Token::Eq
                | Token::Neq
                | Token::Lt
                | Token::Gt
                | Token::LtEq
                | Token::GtEq
                | Token::Ampersand
                | Token::Pipe
                | Token::Caret
                | Token::Arrow
        ) || matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && is_operator_word(&w.value))
    };
    let mut op_count = 0usize;
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    for t in &part.toks {
        match t.token {
            Token::LParen | Token::LBracket => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Whitespace(_) => {}
            _ => op_count += usize::from(is_op(&t)),
        }
    }
    if op_count + max_depth > MAX_OPERATORS {
        let ops: Vec<&Tok> = part.toks.iter().filter(is_op).collect();
        let start = ops
            .get(MAX_OPERATORS.saturating_sub(max_depth))
            .or(ops.last())
            .map(|t| t.range())
            .unwrap_or_else(|| part.range());
        prep.problems.push(
            SqlProblem::warning(
                SqlProblemKind::NestingTooDeep,
                start,
                format!(
                    "this SELECT has {} operators and {max_depth} levels of parentheses; the linter checks SELECTs up to {MAX_OPERATORS} of both together and skips this one",
                    ops.len()
                ),
            )
            .with_help("split the logic over several rules or simplify the expression"),
        );
        prep.too_complex = true;
        return prep;
    }
    let mut toks = part.toks;
    merge_topic_names(sql, &mut toks);
    detect_habits(sql, &toks, &mut prep.problems);
    // `SELECT DISTINCT` was reported above: check the rest without it, so that `DISTINCT` is not
    // also read as a field with the next word as its alias.
    if let Some(select) = next_sig(&toks, 0).filter(|&k| toks[k].is_word("SELECT")) {
        if let Some(d) = next_sig(&toks, select + 1).filter(|&k| toks[k].is_word("DISTINCT")) {
            let field_follows = next_sig(&toks, d + 1).is_some_and(|k| {
                !toks[k].is_word("FROM") && !toks[k].is_word("AS") && toks[k].token != Token::Comma
            });
            if field_follows {
                toks[d] = ws_tok(toks[d].range());
            }
        }
    }
    // `field [AS alias] INVISIBLE`: eKuiper 2.2+ reads the word after a select field's alias
    // (parseField -> parseInvisible, internal/xsql/parser.go:498@v2.4.0). Cut it out, and say so
    // for an older target.
    if let Some(select) = next_sig(&toks, 0).filter(|&k| toks[k].is_word("SELECT")) {
        let mut depth = 0usize;
        let mut k = select + 1;
        while k < toks.len() {
            match toks[k].token {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 && toks[k].is_word("FROM") {
                break;
            }
            let ends_field = |n: Option<usize>| {
                n.is_none_or(|n| toks[n].token == Token::Comma || toks[n].is_word("FROM"))
            };
            let after_field =
                prev_sig(&toks, k).is_some_and(|p| p != select && toks[p].token != Token::Comma);
            if depth == 0
                && toks[k].is_word("INVISIBLE")
                && after_field
                && ends_field(next_sig(&toks, k + 1))
            {
                let r = toks[k].range();
                prep.problems.push(
                    SqlProblem::error(
                        SqlProblemKind::Syntax,
                        r.clone(),
                        format!(
                            "`INVISIBLE` after a select field needs eKuiper {} or newer",
                            crate::ekuiper::sql_syntax::SELECT_INVISIBLE.line()
                        ),
                    )
                    .with_help("remove INVISIBLE, or target a newer eKuiper")
                    .before(crate::ekuiper::sql_syntax::SELECT_INVISIBLE),
                );
                toks[k] = ws_tok(r);
            }
            k += 1;
        }
    }
    // `a[*]` and `a->*`: eKuiper's parser reads the `*` as an expression there (parseBracketExpr
    // and parseUnaryExpr -> parseAsterisk, internal/xsql/parser.go:810 and 738@v2.4.0). Give
    // sqlparser an index `0` and a quoted name `*` in its place.
    for k in 0..toks.len() {
        if toks[k].token != Token::Mul {
            continue;
        }
        let prev = prev_sig(&toks, k).map(|p| toks[p].token.clone());
        let next = next_sig(&toks, k + 1).map(|n| toks[n].token.clone());
        let r = toks[k].range();
        if prev == Some(Token::LBracket) && next == Some(Token::RBracket) {
            toks[k] = tok_at(Token::Number("0".into(), false), r);
        } else if prev == Some(Token::Arrow) {
            toks[k] = tok_at(
                Token::Word(sqlparser::tokenizer::Word {
                    value: "*".into(),
                    quote_style: Some('`'),
                    keyword: sqlparser::keywords::Keyword::NoKeyword,
                }),
                r,
            );
        }
    }
    // Cut `* EXCEPT(...)` / `* REPLACE(...)`.
    let mut i = 0;
    while i < toks.len() {
        if matches!(toks[i].token, Token::Mul) {
            if let Some(j) = next_sig(&toks, i + 1) {
                let is_replace = toks[j].is_word("REPLACE");
                if is_replace || toks[j].is_word("EXCEPT") {
                    if let Some(k) = next_sig(&toks, j + 1) {
                        if toks[k].token == Token::LParen {
                            if let Some(close) = matching_close(&toks, k) {
                                let inner: Vec<TokenWithSpan> =
                                    toks[k + 1..close].iter().map(Tok::with_span).collect();
                                let opts = WildcardOpts {
                                    is_replace,
                                    range: toks[j].range().start..toks[close].range().end,
                                    inner,
                                };
                                prep.wildcard_opts.insert(toks[j].range().start, opts);
                                toks.drain(j..=close);
                                // eKuiper takes EXCEPT and REPLACE in a row after one `*`
                                // (parseAsterisk, internal/xsql/parser.go:1681@v2.4.0).
                                continue;
                            }
                        }
                    }
                }
            }
        }
        i += 1;
    }
    // Cut `WHEN cond` out of `OVER (...)`.
    let mut i = 0;
    while i < toks.len() {
        if toks[i].is_word("OVER") {
            if let Some(open) = next_sig(&toks, i + 1) {
                if toks[open].token == Token::LParen {
                    if let Some(close) = matching_close(&toks, open) {
                        // WHEN at depth 1 inside the group
                        let mut depth = 0usize;
                        let mut when_at = None;
                        for (k, t) in toks.iter().enumerate().take(close).skip(open + 1) {
                            match t.token {
                                Token::LParen | Token::LBracket => depth += 1,
                                Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
                                _ => {}
                            }
                            if depth == 0 && t.is_word("WHEN") {
                                when_at = Some(k);
                                break;
                            }
                        }
                        if let (Some(w), Some(fn_at)) = (when_at, owner_function(&toks, i)) {
                            // A window's OVER reads `WHEN cond` then `PARTITION BY ...`
                            // (ParseOver4Window, internal/xsql/parser.go:1632@v2.4.0): the
                            // condition ends before a PARTITION at its level.
                            let mut depth = 0usize;
                            let mut stop = close;
                            for (k, t) in toks.iter().enumerate().take(close).skip(w + 1) {
                                match t.token {
                                    Token::LParen | Token::LBracket => depth += 1,
                                    Token::RParen | Token::RBracket => {
                                        depth = depth.saturating_sub(1)
                                    }
                                    _ => {}
                                }
                                if depth == 0 && t.is_word("PARTITION") {
                                    stop = k;
                                    break;
                                }
                            }
                            let close = stop;
                            let cond: Vec<TokenWithSpan> =
                                toks[w + 1..close].iter().map(Tok::with_span).collect();
                            let end = prev_sig(&toks, close)
                                .map(|p| toks[p].range().end)
                                .unwrap_or(toks[w].range().end);
                            prep.over_when.insert(
                                toks[fn_at].range().start,
                                OverWhen {
                                    range: toks[w].range().start..end.max(toks[w].range().end),
                                    cond,
                                },
                            );
                            toks.drain(w..close);
                        }
                    }
                }
            }
        }
        i += 1;
    }
    for (k, t) in toks.iter().enumerate() {
        if matches!(t.token, Token::Word(_)) {
            if let Some(open) = next_sig(&toks, k + 1) {
                if matches!(toks[open].token, Token::LParen) {
                    if let Some(close) = matching_close(&toks, open) {
                        prep.call_end
                            .insert(t.range().start, toks[close].range().end);
                    }
                }
            }
        }
    }
    prep.sig = Vec::with_capacity(toks.iter().filter(|t| !t.is_ws()).count());
    prep.sig.extend(toks.iter().filter(|t| !t.is_ws()).map(|t| {
        let word = match &t.token {
            Token::Word(w) if w.quote_style.is_none() => Some(UnquotedWord {
                is_as: w.value.eq_ignore_ascii_case("AS"),
            }),
            _ => None,
        };
        (t.range(), word)
    }));
    // Checks find the token before a position by binary search.
    debug_assert!(prep.sig.windows(2).all(|w| w[0].0.end <= w[1].0.end));
    prep.tokens = toks;
    prep
}

/// The function-name token an `OVER` at `over` belongs to: `name(...) [FILTER (...)] OVER`.
pub(super) fn owner_function(toks: &[Tok], over: usize) -> Option<usize> {
    let close = prev_sig(toks, over)?;
    if toks[close].token != Token::RParen {
        return None;
    }
    let open = matching_open(toks, close)?;
    let mut name = prev_sig(toks, open)?;
    if toks[name].is_word("FILTER") {
        let close2 = prev_sig(toks, name)?;
        if toks[close2].token != Token::RParen {
            return None;
        }
        let open2 = matching_open(toks, close2)?;
        name = prev_sig(toks, open2)?;
    }
    match &toks[name].token {
        Token::Word(_) => Some(name),
        _ => None,
    }
}

/// MQTT-topic-like source names (`topic/sensor1/#`, `/a/+/b`) become one backtick word.
pub(super) fn merge_topic_names(sql: &str, toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i < toks.len() {
        if toks[i].is_word("FROM") || toks[i].is_word("JOIN") {
            let Some(start) = next_sig(toks, i + 1) else {
                break;
            };
            // run of adjacent name pieces
            let mut end = start;
            let piece = |t: &Tok| {
                matches!(
                    t.token,
                    Token::Word(_) | Token::Div | Token::Sharp | Token::Plus | Token::Number(_, _)
                ) && !t.is_word("AS")
            };
            if !piece(&toks[start]) {
                i += 1;
                continue;
            }
            while end + 1 < toks.len()
                && piece(&toks[end + 1])
                && toks[end + 1].range().start == toks[end].range().end
            {
                end += 1;
            }
            let has_topic_chars = toks[start..=end]
                .iter()
                .any(|t| matches!(t.token, Token::Div | Token::Sharp | Token::Plus));
            if has_topic_chars {
                let range = toks[start].range().start..toks[end].range().end;
                let value = sql.get(range.clone()).unwrap_or("").to_string();
                let span = Span::new(toks[start].span.start, toks[end].span.end);
                let merged = Tok {
                    token: Token::Word(Word {
                        value,
                        quote_style: Some('`'),
                        keyword: Keyword::NoKeyword,
                    }),
                    span,
                };
                toks.splice(start..=end, std::iter::once(merged));
            }
            i = start + 1;
            continue;
        }
        i += 1;
    }
}
