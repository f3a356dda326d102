//! SELECT: token preparation, sqlparser parse, then the semantic analysis.

use std::ops::Range;

use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::dialect::EkuiperDialect;
use super::prepass::{lex, prepare_select, recycle_tokens, Part, TokExt};
use super::semantic::{clean_parser_message, Analyzer};
use super::span::byte_offset;
use super::{Catalog, SelectInfo, Severity, SqlProblem, SqlProblemKind};

/// sqlparser recursion budget; our own nesting cap (256) stays below it.
const RECURSION_LIMIT: usize = 2000;

/// Check one SELECT statement (one `;`-separated part of `sql`, as [`super::prepass::lex`]
/// and [`super::prepass::Lexed::split_statements`] made it). The part's tokens move into the
/// parser.
pub fn check_select_part(
    sql: &str,
    part: Part,
    catalog: Option<&dyn Catalog>,
) -> (Option<SelectInfo>, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let range = part.range();
    let Some(first) = part.toks.iter().find(|t| !t.is_ws()) else {
        return (None, problems);
    };
    if !first.is_word("SELECT") {
        let lit = sql.get(first.range()).unwrap_or("");
        problems.push(
            SqlProblem::error(
                SqlProblemKind::Syntax,
                first.range(),
                format!("expected SELECT, found `{lit}`"),
            )
            .ekuiper_says(format!("Found \"{lit}\", Expected SELECT.")),
        );
        return (None, problems);
    }
    let mut prep = prepare_select(sql, part);
    let targeted = prep
        .problems
        .iter()
        .any(|p| p.severity_hint == Severity::Error && p.before.is_none());
    problems.append(&mut prep.problems);
    if prep.too_complex {
        return (None, problems);
    }
    let dialect = EkuiperDialect::default();
    let mut parser = Parser::new(&dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(std::mem::take(&mut prep.tokens));
    let parsed = parser.parse_query().and_then(|q| {
        let t = parser.peek_token();
        if t.token == Token::EOF {
            Ok(q)
        } else {
            Err(ParserError::ParserError(format!(
                "Expected: end of statement, found: {} at Line: {}, Column: {}",
                t.token, t.span.start.line, t.span.start.column
            )))
        }
    });
    recycle_tokens(parser.into_tokens());
    let query = match parsed {
        Ok(q) => q,
        Err(e) => {
            if !targeted {
                // The part's tokens went to the parser; lexing again gives them back (error
                // path only).
                let part = relex_part(sql, &range);
                problems.push(parser_problem(sql, &part, &e, range.clone()));
            }
            return (None, problems);
        }
    };
    let mut an = Analyzer::new(sql, &prep, catalog, range.clone());
    an.analyze(&query);
    problems.append(&mut an.problems);
    let mut info = an.info;
    info.span = range;
    (Some(info), problems)
}

/// The statement of `sql` whose tokens span `range`, lexed again.
fn relex_part(sql: &str, range: &Range<usize>) -> Part {
    lex(sql, &mut Vec::new())
        .into_iter()
        .flat_map(|l| l.split_statements())
        .find(|p| !p.is_empty() && p.range() == *range)
        .unwrap_or(Part {
            toks: Vec::new(),
            terminator: None,
        })
}

/// Turn a sqlparser error into our problem, pointing at the offending token.
fn parser_problem(sql: &str, part: &Part, e: &ParserError, whole: Range<usize>) -> SqlProblem {
    let msg = match e {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s.clone(),
        ParserError::RecursionLimitExceeded => String::new(),
    };
    if matches!(e, ParserError::RecursionLimitExceeded) {
        return SqlProblem::error(
            SqlProblemKind::NestingTooDeep,
            whole,
            "expression nested too deeply to check",
        );
    }
    // location suffix "at Line: L, Column: C"
    let mut span = whole.end..whole.end;
    if let Some(i) = msg.find("at Line: ") {
        let rest = &msg[i + 9..];
        let mut it = rest.split(", Column: ");
        let line = it.next().and_then(|s| s.trim().parse::<u64>().ok());
        let col = it
            .next()
            .and_then(|s| s.trim().trim_end_matches('.').parse::<u64>().ok());
        if let (Some(l), Some(c)) = (line, col) {
            // token locations carry byte offsets (see `span::byte_span`)
            let at = byte_offset(sqlparser::tokenizer::Location::new(l, c)).min(sql.len());
            span = part
                .toks
                .iter()
                .find(|t| t.range().start == at && !t.is_ws())
                .map(|t| t.range())
                .unwrap_or(at..at);
            // sqlparser sometimes reports the location one token late: prefer the nearest
            // earlier token whose text is the one the message names.
            if let Some(f) = msg.find("found: ") {
                let named = msg[f + 7..].split(" at Line: ").next().unwrap_or("").trim();
                let text_at = sql.get(span.clone()).unwrap_or("");
                if !named.is_empty() && !text_at.eq_ignore_ascii_case(named) && named != "EOF" {
                    if let Some(t) = part
                        .toks
                        .iter()
                        .filter(|t| !t.is_ws() && t.range().end <= at)
                        .rev()
                        .take(3)
                        .find(|t| {
                            sql.get(t.range())
                                .is_some_and(|x| x.eq_ignore_ascii_case(named))
                        })
                    {
                        span = t.range();
                    }
                }
            }
        }
    }
    let found = if span.is_empty() {
        "the end of the text".to_string()
    } else {
        format!("`{}`", sql.get(span.clone()).unwrap_or(""))
    };
    let clean = clean_parser_message(e);
    // `* AS alias`
    let prev = part
        .toks
        .iter()
        .rfind(|t| !t.is_ws() && t.range().end <= span.start);
    if found.eq_ignore_ascii_case("`as`") && prev.is_some_and(|t| t.token == Token::Mul) {
        return SqlProblem::error(
            SqlProblemKind::WildcardAlias,
            span,
            "`*` cannot be given an alias",
        )
        .with_help("drop `AS ...`, or select the fields one by one; eKuiper says: alias is not supported for *");
    }
    let found_word = sql.get(span.clone()).unwrap_or("").to_ascii_uppercase();
    let mut p = SqlProblem::error(
        SqlProblemKind::Syntax,
        span.clone(),
        format!("syntax error at {found}: {clean}"),
    );
    let reserved = super::prepass::is_ekuiper_keyword(&found_word)
        && !matches!(found_word.as_str(), "TRUE" | "FALSE");
    if reserved && (clean.contains("expression") || clean.contains("identifier")) {
        let w = sql.get(span.clone()).unwrap_or("");
        p = p.with_help(format!(
            "`{w}` is a reserved word in eKuiper; write `{w}` in backticks to use it as a name"
        ));
    } else if found_word == "OVER" {
        p = p.with_help(
            "OVER follows an analytic function call: lag(x) OVER (PARTITION BY k WHEN cond)",
        );
    } else if found_word == "FILTER" {
        p = p.with_help("FILTER (WHERE ...) follows the window in GROUP BY");
    } else if span.is_empty() {
        p = p.with_help("the statement ends too early");
    }
    p
}
