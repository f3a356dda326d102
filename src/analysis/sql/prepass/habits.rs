//! Habits from other SQL dialects found in the tokens (ANSI CAST, clause order, DISTINCT,
//! OUTER, IS NULL, ...), each reported with eKuiper's spelling.

use super::*;

/// The upper-cased form of an unquoted word [`detect_habits`] acts on; `None` for any other
/// token (no allocation per word).
pub(super) fn habit_word(t: &Tok) -> Option<&'static str> {
    let Token::Word(w) = &t.token else {
        return None;
    };
    if w.quote_style.is_some() {
        return None;
    }
    // upper-case into a stack buffer, then one match (INTERSECT is the longest word)
    let v = w.value.as_bytes();
    if !(2..=9).contains(&v.len()) {
        return None;
    }
    let mut buf = [0u8; 9];
    for (d, s) in buf.iter_mut().zip(v) {
        *d = s.to_ascii_uppercase();
    }
    Some(match &buf[..v.len()] {
        b"SELECT" => "SELECT",
        b"FROM" => "FROM",
        b"WHERE" => "WHERE",
        b"GROUP" => "GROUP",
        b"HAVING" => "HAVING",
        b"ORDER" => "ORDER",
        b"LIMIT" => "LIMIT",
        b"CAST" => "CAST",
        b"DISTINCT" => "DISTINCT",
        b"OUTER" => "OUTER",
        b"UNION" => "UNION",
        b"INTERSECT" => "INTERSECT",
        b"OFFSET" => "OFFSET",
        b"FETCH" => "FETCH",
        b"QUALIFY" => "QUALIFY",
        b"WINDOW" => "WINDOW",
        b"IS" => "IS",
        b"OVER" => "OVER",
        _ => return None,
    })
}

/// Habits from other dialects, found on tokens so the message can be precise.
pub(super) fn detect_habits(sql: &str, toks: &[Tok], problems: &mut Vec<SqlProblem>) {
    // Clause order at depth 0.
    let order = |w: &str| -> Option<u8> {
        match w {
            "SELECT" => Some(0),
            "FROM" => Some(1),
            "WHERE" => Some(3),
            "GROUP" => Some(4),
            "HAVING" => Some(5),
            "ORDER" => Some(6),
            "LIMIT" => Some(7),
            _ => None,
        }
    };
    let mut depth = 0usize;
    let mut last: Option<(u8, &'static str)> = None;
    let mut prev_sig_tok: Option<&Tok> = None;
    for (k, t) in toks.iter().enumerate() {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
        if t.is_ws() {
            continue;
        }
        if let Some(u) = habit_word(t) {
            // ANSI CAST(x AS type)
            if u == "CAST" {
                if let Some(open) = next_sig(toks, k + 1) {
                    if toks[open].token == Token::LParen {
                        if let Some(close) = matching_close(toks, open) {
                            let mut d = 0usize;
                            let mut as_at = None;
                            for (m, x) in toks.iter().enumerate().take(close).skip(open + 1) {
                                match x.token {
                                    Token::LParen | Token::LBracket => d += 1,
                                    Token::RParen | Token::RBracket => d = d.saturating_sub(1),
                                    _ => {}
                                }
                                if d == 0 && x.is_word("AS") {
                                    as_at = Some(m);
                                }
                            }
                            if let Some(a) = as_at {
                                let value = sql
                                    .get(toks[open].range().end..toks[a].range().start)
                                    .unwrap_or("")
                                    .trim()
                                    .to_string();
                                let ty = sql
                                    .get(toks[a].range().end..toks[close].range().start)
                                    .unwrap_or("")
                                    .trim()
                                    .to_string();
                                let target = ansi_type_to_ekuiper(&ty);
                                let range = t.range().start..toks[close].range().end;
                                let mut p = SqlProblem::error(
                                    SqlProblemKind::AnsiCast,
                                    range.clone(),
                                    format!("ANSI `CAST({value} AS {ty})` is not eKuiper SQL"),
                                )
                                .with_help(format!(
                                    "write cast({value}, \"{target}\"); eKuiper cast types are bigint, float, string, boolean, datetime, bytea"
                                ));
                                // Only a type with one sure eKuiper counterpart is rewritten.
                                if !value.is_empty() && certain_cast_type(&ty).is_some() {
                                    let text = format!("cast({value}, \"{target}\")");
                                    p = p.with_fix(format!("write `{text}`"), range, text);
                                }
                                problems.push(p);
                            }
                        }
                    }
                }
            }
            if depth == 0 {
                if let Some(rank) = order(u) {
                    // GROUP/ORDER need BY; only count them then
                    if let Some((last_rank, last_word)) = &last {
                        if rank < *last_rank && rank > 0 {
                            let is_window_group = u == "GROUP"
                                && toks
                                    .iter()
                                    .skip(k + 1)
                                    .filter(|x| !x.is_ws())
                                    .take_while(|x| {
                                        !matches!(x.word_upper().as_deref(), Some("HAVING" | "ORDER" | "LIMIT" | "WHERE"))
                                    })
                                    .any(|x| matches!(&x.token, Token::Word(w) if is_window_name(&w.value)));
                            let kind = if is_window_group {
                                SqlProblemKind::WindowMisplaced
                            } else {
                                SqlProblemKind::ClauseOrder
                            };
                            let what = if u == "GROUP" || u == "ORDER" {
                                format!("{u} BY")
                            } else {
                                u.to_string()
                            };
                            let after = if *last_word == "GROUP" || *last_word == "ORDER" {
                                format!("{last_word} BY")
                            } else {
                                last_word.to_string()
                            };
                            let mut p = SqlProblem::error(
                                kind,
                                t.range(),
                                format!("`{what}` comes after `{after}`; eKuiper needs the order SELECT, FROM, JOIN, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT"),
                            );
                            p = if is_window_group {
                                p.with_help(format!("move `GROUP BY <window>` before `{after}`: the window belongs to the GROUP BY clause"))
                            } else {
                                p.with_help(format!("move `{what}` before `{after}`"))
                            };
                            problems.push(p);
                        }
                    }
                    if last.as_ref().is_none_or_lt(rank) {
                        last = Some((rank, u));
                    }
                }
                match u {
                    "DISTINCT" if prev_sig_tok.is_some_and(|p| p.is_word("SELECT")) => {
                        problems.push(
                            SqlProblem::error(
                                SqlProblemKind::OtherDialect,
                                t.range(),
                                "eKuiper has no SELECT DISTINCT",
                            )
                            .with_help("deduplicate with GROUP BY over a window, or the deduplicate(col, false) function"),
                        );
                    }
                    "OUTER"
                        if prev_sig_tok.is_some_and(|p| {
                            p.is_word("LEFT")
                                || p.is_word("RIGHT")
                                || p.is_word("FULL")
                                || p.is_word("CROSS")
                        }) =>
                    {
                        problems.push(
                            SqlProblem::error(
                                SqlProblemKind::OtherDialect,
                                t.range(),
                                "eKuiper has no OUTER keyword in joins",
                            )
                            .with_help("write LEFT JOIN / RIGHT JOIN / FULL JOIN")
                            .ekuiper_says("found \"OUTER\", expected JOIN key word."),
                        );
                    }
                    "UNION" | "INTERSECT" | "OFFSET" | "FETCH" | "QUALIFY" | "WINDOW"
                        if prev_sig_tok.is_some() =>
                    {
                        problems.push(SqlProblem::error(
                            SqlProblemKind::OtherDialect,
                            t.range(),
                            format!("eKuiper SQL has no {u} clause"),
                        ));
                    }
                    _ => {}
                }
            }
            if u == "IS" {
                if let Some(n) = next_sig(toks, k + 1) {
                    let neg = toks[n].is_word("NOT");
                    let target = if neg { next_sig(toks, n + 1) } else { Some(n) };
                    if let Some(null) = target.filter(|&x| toks[x].is_word("NULL")) {
                        let mut p = SqlProblem::error(
                            SqlProblemKind::OtherDialect,
                            t.range(),
                            format!("eKuiper has no `IS {}NULL`", if neg { "NOT " } else { "" }),
                        )
                        .with_help(if neg {
                            "write NOT isnull(x)"
                        } else {
                            "write isnull(x)"
                        });
                        // Rewritten when the operand is a plain (maybe qualified) field, so
                        // that what `IS` applies to is certain.
                        if let Some(first) = simple_operand(toks, k) {
                            let operand = sql
                                .get(toks[first].range().start..toks[k].range().start)
                                .unwrap_or("")
                                .trim_end();
                            let text =
                                format!("{}isNull({operand})", if neg { "NOT " } else { "" });
                            p = p.with_fix(
                                format!("write `{text}`"),
                                toks[first].range().start..toks[null].range().end,
                                text,
                            );
                        }
                        problems.push(p);
                    }
                }
            }
            if u == "OVER" && !matches!(prev_sig_tok, Some(p) if p.token == Token::RParen) {
                let mut p = SqlProblem::error(
                    SqlProblemKind::Syntax,
                    t.range(),
                    "OVER must follow a function call: lag(x) OVER (PARTITION BY k WHEN cond)",
                );
                if depth == 0 {
                    p = p.ekuiper_says("found \"OVER\", expected FROM.");
                }
                problems.push(p);
            }
            if u == "SELECT" && prev_sig_tok.is_some_and(|p| p.token == Token::LParen) {
                problems.push(
                    SqlProblem::error(
                        SqlProblemKind::OtherDialect,
                        t.range(),
                        "eKuiper SQL has no subqueries",
                    )
                    .with_help("move the inner query into its own rule writing to a memory sink, and read it as a stream"),
                );
            }
        }
        prev_sig_tok = Some(t);
    }
}

trait RankExt {
    fn is_none_or_lt(&self, rank: u8) -> bool;
}

impl RankExt for Option<&(u8, &'static str)> {
    fn is_none_or_lt(&self, rank: u8) -> bool {
        match self {
            None => true,
            Some((r, _)) => *r < rank,
        }
    }
}

/// Map an ANSI type name to the eKuiper cast type a user most likely wants.
/// The eKuiper cast type of an ANSI type, when it has one sure counterpart (not `decimal`, whose
/// precision a float loses, nor `date`/`time`, which a datetime widens).
fn certain_cast_type(ty: &str) -> Option<&'static str> {
    let t = ty.trim().to_ascii_lowercase();
    let base = t.split(['(', ' ']).next().unwrap_or("");
    Some(match base {
        "int" | "integer" | "bigint" | "smallint" | "tinyint" | "long" | "int64" => "bigint",
        "float" | "double" | "real" | "float64" => "float",
        "bool" | "boolean" => "boolean",
        "timestamp" | "datetime" => "datetime",
        "bytea" | "binary" | "varbinary" | "blob" | "bytes" => "bytea",
        "varchar" | "char" | "text" | "string" | "nvarchar" | "character" => "string",
        _ => return None,
    })
}

/// The first token of the operand of the `IS` at `is`, when it is a plain field (`a`,
/// `` `a b` ``, `s.a`) after which nothing binds tighter than `IS`: the token before it opens an
/// expression (`WHERE`, `AND`, `(`, `,`, ...).
fn simple_operand(toks: &[Tok], is: usize) -> Option<usize> {
    let field = |t: &Tok| {
        matches!(&t.token, Token::Word(w) if w.quote_style.is_none_or(|q| q == '`'))
            && habit_word(t).is_none()
    };
    let mut first = prev_sig(toks, is)?;
    if !field(&toks[first]) {
        return None;
    }
    while let Some(dot) = prev_sig(toks, first).filter(|&d| toks[d].token == Token::Period) {
        first = prev_sig(toks, dot).filter(|&w| field(&toks[w]))?;
    }
    let opens = match prev_sig(toks, first) {
        None => true,
        Some(b) => {
            matches!(toks[b].token, Token::LParen | Token::Comma)
                || [
                    "WHERE", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "SELECT", "HAVING", "ON",
                ]
                .iter()
                .any(|w| toks[b].is_word(w))
        }
    };
    opens.then_some(first)
}

pub fn ansi_type_to_ekuiper(ty: &str) -> &'static str {
    let t = ty.to_ascii_lowercase();
    let base = t.split(['(', ' ']).next().unwrap_or("");
    match base {
        "int" | "integer" | "bigint" | "smallint" | "tinyint" | "long" | "int64" => "bigint",
        "float" | "double" | "real" | "decimal" | "numeric" | "float64" => "float",
        "bool" | "boolean" => "boolean",
        "timestamp" | "datetime" | "date" | "time" => "datetime",
        "bytea" | "binary" | "varbinary" | "blob" | "bytes" => "bytea",
        _ => "string",
    }
}
