//! Token-stream workarounds: the ONE place where eKuiper text is reshaped before sqlparser's
//! parser sees it. Every rewrite here is listed in docs/sql-dialect.md.
//!
//! Two stages:
//! * [`lex`] (all statements): tokenize as sqlparser does with [`EkuiperDialect`] (text in the
//!   common ASCII forms by our own loop, which gives the same tokens), validate and decode string
//!   escapes the Go way, reject tokens eKuiper's lexer does not have, apply eKuiper's lexer
//!   quirks (whitespace inside `> =`/`! =`, a lone `!` meaning `=`, `- -` starting a comment,
//!   `-. 3`), strip sqlparser keywords that are plain identifiers in eKuiper, cap nesting.
//! * [`prepare_select`] (SELECT only): merge MQTT-topic-like FROM names into one identifier,
//!   cut `* EXCEPT(...)` / `* REPLACE(...)` and `OVER (... WHEN cond)` into side tables,
//!   and detect habits from other dialects (ANSI CAST, clause order, DISTINCT, OUTER, IS NULL).

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer, Whitespace, Word};

use super::dialect::EkuiperDialect;
use super::span::{byte_span, location_offset, location_range, span_bytes};
use super::{SqlProblem, SqlProblemKind};
use crate::source::span::LineIndex;

mod fast_lexer;
mod habits;
mod select;
#[cfg(test)]
pub(crate) mod tests;

use fast_lexer::*;
pub use habits::ansi_type_to_ekuiper;
use habits::*;
pub use select::*;

/// Deepest `(`/`[` nesting we hand to the parser.
pub const MAX_NESTING: usize = 256;

/// Complexity budget of one SELECT: deepest parenthesis nesting plus the number of operators
/// (sqlparser's AST helpers such as `Spanned::span` and `Clone` recurse once per level of an
/// operator chain; this keeps them far from the 2 MiB thread stack limit, debug builds too).
pub const MAX_OPERATORS: usize = 256;

/// eKuiper's reserved words (tokenised as keywords by its lexer).
pub const EKUIPER_KEYWORDS: &[&str] = &[
    "SELECT",
    "AS",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "GROUP",
    "HAVING",
    "ORDER",
    "BY",
    "DESC",
    "ASC",
    "FILTER",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "JOIN",
    "ON",
    "CASE",
    "WHEN",
    "THEN",
    "DEFAULT",
    "ELSE",
    "END",
    "IN",
    "NOT",
    "BETWEEN",
    "LIKE",
    "OVER",
    "PARTITION",
    "REPLACE",
    "EXCEPT",
    "INVISIBLE",
    "TRUE",
    "FALSE",
    "DD",
    "HH",
    "MI",
    "SS",
    "MS",
    "LIMIT",
];

/// Is `w` (any case) one of eKuiper's reserved words?
pub fn is_ekuiper_keyword(w: &str) -> bool {
    reserved_word(w).is_some()
}

/// For one of eKuiper's reserved words (any case), the keyword tag sqlparser's tokenizer gives it
/// (`NoKeyword` for the time units, which sqlparser does not know); `None` for any other word.
fn reserved_word(w: &str) -> Option<Keyword> {
    // Upper-case into a stack buffer and match: no allocation, no scan of a list.
    // Must agree with EKUIPER_KEYWORDS and with sqlparser (see the tests).
    let b = w.as_bytes();
    if !(2..=9).contains(&b.len()) {
        return None;
    }
    let mut buf = [0u8; 9];
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_uppercase();
    }
    Some(match &buf[..b.len()] {
        b"SELECT" => Keyword::SELECT,
        b"AS" => Keyword::AS,
        b"FROM" => Keyword::FROM,
        b"WHERE" => Keyword::WHERE,
        b"AND" => Keyword::AND,
        b"OR" => Keyword::OR,
        b"GROUP" => Keyword::GROUP,
        b"HAVING" => Keyword::HAVING,
        b"ORDER" => Keyword::ORDER,
        b"BY" => Keyword::BY,
        b"DESC" => Keyword::DESC,
        b"ASC" => Keyword::ASC,
        b"FILTER" => Keyword::FILTER,
        b"INNER" => Keyword::INNER,
        b"LEFT" => Keyword::LEFT,
        b"RIGHT" => Keyword::RIGHT,
        b"FULL" => Keyword::FULL,
        b"CROSS" => Keyword::CROSS,
        b"JOIN" => Keyword::JOIN,
        b"ON" => Keyword::ON,
        b"CASE" => Keyword::CASE,
        b"WHEN" => Keyword::WHEN,
        b"THEN" => Keyword::THEN,
        b"DEFAULT" => Keyword::DEFAULT,
        b"ELSE" => Keyword::ELSE,
        b"END" => Keyword::END,
        b"IN" => Keyword::IN,
        b"NOT" => Keyword::NOT,
        b"BETWEEN" => Keyword::BETWEEN,
        b"LIKE" => Keyword::LIKE,
        b"OVER" => Keyword::OVER,
        b"PARTITION" => Keyword::PARTITION,
        b"REPLACE" => Keyword::REPLACE,
        b"EXCEPT" => Keyword::EXCEPT,
        b"INVISIBLE" => Keyword::INVISIBLE,
        b"TRUE" => Keyword::TRUE,
        b"FALSE" => Keyword::FALSE,
        b"DD" => Keyword::NoKeyword,
        b"HH" => Keyword::NoKeyword,
        b"MI" => Keyword::NoKeyword,
        b"SS" => Keyword::NoKeyword,
        b"MS" => Keyword::NoKeyword,
        b"LIMIT" => Keyword::LIMIT,
        _ => return None,
    })
}

/// A token whose span holds its byte range in the original SQL (see [`byte_span`]): the
/// very vector the tokenizer filled is rewritten in place and handed to the parser, with no
/// copy of the tokens on the way.
pub type Tok = TokenWithSpan;

/// A token at a byte range.
pub fn tok_at(token: Token, range: Range<usize>) -> Tok {
    TokenWithSpan {
        token,
        span: byte_span(range),
    }
}

/// What the checks ask of a token.
pub trait TokExt {
    /// Byte range in the SQL text.
    fn range(&self) -> Range<usize>;
    /// Whitespace or comment.
    fn is_ws(&self) -> bool;
    /// Upper-cased value of an unquoted word.
    fn word_upper(&self) -> Option<String>;
    /// An unquoted word equal to `upper` (any case).
    fn is_word(&self, upper: &str) -> bool;
    /// A copy for a side parser.
    fn with_span(&self) -> TokenWithSpan;
}

impl TokExt for Tok {
    fn range(&self) -> Range<usize> {
        span_bytes(self.span)
    }

    fn is_ws(&self) -> bool {
        matches!(self.token, Token::Whitespace(_))
    }

    fn word_upper(&self) -> Option<String> {
        match &self.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }

    fn is_word(&self, upper: &str) -> bool {
        matches!(&self.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(upper))
    }

    fn with_span(&self) -> TokenWithSpan {
        self.clone()
    }
}

/// The tokens of a whole SQL text.
#[derive(Debug, Clone)]
pub struct Lexed {
    pub toks: Vec<Tok>,
}

/// One `;`-separated statement.
#[derive(Debug, Clone)]
pub struct Part {
    pub toks: Vec<Tok>,
    /// The `;` that ended it, if any.
    pub terminator: Option<Range<usize>>,
}

impl Part {
    pub fn is_empty(&self) -> bool {
        self.toks.iter().all(Tok::is_ws)
    }

    /// Byte range from the first to the last non-whitespace token.
    pub fn range(&self) -> Range<usize> {
        let mut it = self.toks.iter().filter(|t| !t.is_ws());
        let first = it.next().map(|t| t.range().start).unwrap_or(0);
        let last = self
            .toks
            .iter()
            .rev()
            .find(|t| !t.is_ws())
            .map(|t| t.range().end)
            .unwrap_or(first);
        first..last.max(first)
    }

    pub fn first_word_upper(&self) -> Option<String> {
        self.toks
            .iter()
            .find(|t| !t.is_ws())
            .and_then(Tok::word_upper)
    }

    /// Non-whitespace tokens.
    pub fn sig(&self) -> Vec<&Tok> {
        self.toks.iter().filter(|t| !t.is_ws()).collect()
    }
}

impl Lexed {
    /// Split at top-level `;`. The tokens move into the parts (a text without a top-level `;`
    /// becomes one part without copying anything).
    pub fn split_statements(self) -> Vec<Part> {
        let mut depth = 0usize;
        let is_split = |t: &Tok, depth: &mut usize| -> bool {
            match t.token {
                Token::LParen | Token::LBracket => *depth += 1,
                Token::RParen | Token::RBracket => *depth = depth.saturating_sub(1),
                _ => {}
            }
            matches!(t.token, Token::SemiColon) && *depth == 0
        };
        if !self.toks.iter().any(|t| is_split(t, &mut depth)) {
            return vec![Part {
                toks: self.toks,
                terminator: None,
            }];
        }
        depth = 0;
        let mut parts = Vec::new();
        let mut cur = Vec::new();
        for t in self.toks {
            if is_split(&t, &mut depth) {
                parts.push(Part {
                    toks: std::mem::take(&mut cur),
                    terminator: Some(t.range()),
                });
            } else {
                cur.push(t);
            }
        }
        parts.push(Part {
            toks: cur,
            terminator: None,
        });
        parts
    }
}

thread_local! {
    /// An empty token vector with room, handed back after a parse ([`recycle_tokens`]):
    /// lexing the next statement fills it instead of allocating a new buffer.
    static SPARE_TOKENS: Cell<Vec<Tok>> = const { Cell::new(Vec::new()) };
}

/// Give a token vector that is no longer needed back to [`lex`] for reuse.
pub fn recycle_tokens(mut toks: Vec<Tok>) {
    toks.clear();
    // keep a buffer of ordinary size only
    if toks.capacity() <= 4096 {
        SPARE_TOKENS.with(|c| c.set(toks));
    }
}

/// Tokenize `sql` the eKuiper way. Returns `None` (with a problem) when the text cannot be
/// tokenized at all.
pub fn lex(sql: &str, problems: &mut Vec<SqlProblem>) -> Option<Lexed> {
    // Room for the tokens up front (about one per 2.5 bytes in rule SQL, blanks included):
    // the buffer does not grow token by token. Up to a cap: a 100 MB string literal is one
    // token, and room for 50 million would be gigabytes; past the cap the buffer grows as usual.
    let mut raw = SPARE_TOKENS.with(Cell::take);
    raw.reserve((sql.len() / 2 + 8).min(1 << 16));
    if !lex_plain(sql, &mut raw) {
        if let Err(problem) = lex_with_sqlparser(sql, &mut raw) {
            problems.push(problem);
            return None;
        }
    }
    let toks = lexical_fixups(sql, raw, problems)?;
    // Nesting cap.
    let mut depth = 0usize;
    for t in &toks {
        match t.token {
            Token::LParen | Token::LBracket => {
                depth += 1;
                if depth > MAX_NESTING {
                    problems.push(
                        SqlProblem::error(
                            SqlProblemKind::NestingTooDeep,
                            t.range(),
                            format!("parentheses nested deeper than {MAX_NESTING} levels"),
                        )
                        .with_help("flatten the expression; the linter stops here"),
                    );
                    return None;
                }
            }
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Some(Lexed { toks })
}

/// sqlparser's tokens of `sql` (with [`EkuiperDialect`]) into the empty `out`, with byte offsets
/// stamped into their spans; or the problem that stops tokenizing.
fn lex_with_sqlparser(sql: &str, out: &mut Vec<Tok>) -> Result<(), SqlProblem> {
    let idx = LineIndex::new(sql);
    if let Err(e) = Tokenizer::new(&EkuiperDialect::default(), sql)
        .with_unescape(false)
        .tokenize_with_location_into_buf(out)
    {
        let at = location_offset(&idx, sql, e.location);
        let end = next_char_end(sql, at);
        return Err(tokenizer_problem(sql, at..end, &e.message));
    }
    out.retain(|t| !matches!(t.token, Token::EOF));
    // Stamp byte offsets into the spans. sqlparser counts lines from 1 and columns in chars
    // from 1, so in a single-line ASCII text its locations already are the stamps.
    if !sql.is_ascii() || sql.contains('\n') {
        for t in out.iter_mut() {
            t.span = byte_span(location_range(&idx, sql, t.span));
        }
    }
    Ok(())
}

fn next_char_end(sql: &str, at: usize) -> usize {
    sql.get(at..)
        .and_then(|s| s.chars().next())
        .map(|c| at + c.len_utf8())
        .unwrap_or(sql.len())
}

fn tokenizer_problem(sql: &str, at: Range<usize>, message: &str) -> SqlProblem {
    let rest = sql.get(at.start..).unwrap_or("");
    let lower = message.to_ascii_lowercase();
    if lower.contains("unterminated") || lower.contains("eof") {
        if rest.starts_with('"') || rest.starts_with('\'') {
            let end = sql.len();
            return SqlProblem::error(
                SqlProblemKind::Syntax,
                at.start..end,
                "unterminated string literal",
            )
            .ekuiper_says(format!("found {:?}, expected expression.", rest));
        }
        if rest.starts_with('`') {
            return SqlProblem::error(
                SqlProblemKind::Syntax,
                at.start..sql.len(),
                "unterminated backtick identifier: the name runs to the end of the text",
            )
            .ekuiper_says("found \"EOF\", expected FROM.");
        }
        if rest.starts_with("/*") {
            return SqlProblem::error(
                SqlProblemKind::Syntax,
                at.start..sql.len(),
                "unterminated `/* */` comment",
            );
        }
    }
    SqlProblem::error(
        SqlProblemKind::Syntax,
        at,
        format!("cannot read the SQL here: {message}"),
    )
}

fn ws_tok(range: Range<usize>) -> Tok {
    tok_at(Token::Whitespace(Whitespace::Space), range)
}

fn span_join(a: &Tok, b: &Tok) -> Span {
    Span::new(a.span.start, b.span.end)
}

/// Lexical rules shared by every statement. Rewrites `toks` in place: tokens are moved,
/// never cloned, and a token that needs no change is left as it is.
fn lexical_fixups(
    sql: &str,
    mut toks: Vec<Tok>,
    problems: &mut Vec<SqlProblem>,
) -> Option<Vec<Tok>> {
    // Read position `i`, write position `w <= i`: a token is taken out of its slot (leaving a
    // cheap placeholder) before anything is written, and look-ahead only reads slots > i.
    let mut w = 0;
    let mut i = 0;
    let mut fatal = false;
    // only blanks (no comments, no newline) between i and j?
    let blank_between = |toks: &[Tok], from: usize, to: usize| -> bool {
        toks[from..to].iter().all(|t| {
            matches!(
                t.token,
                Token::Whitespace(Whitespace::Space) | Token::Whitespace(Whitespace::Tab)
            )
        })
    };
    fn emit(toks: &mut [Tok], w: &mut usize, t: Tok) {
        toks[*w] = t;
        *w += 1;
    }
    while i < toks.len() {
        // Fast path: most tokens stay as they are, or are fixed where they lie (and only move
        // down after a merge). The rest are handled below.
        let keep = match &mut toks[i].token {
            Token::Word(word) if word.quote_style.is_none() => {
                // sqlparser keywords that are plain identifiers in eKuiper lose their tag (a
                // word without a tag needs no look-up)
                if word.keyword != Keyword::NoKeyword && !is_ekuiper_keyword(&word.value) {
                    word.keyword = Keyword::NoKeyword;
                }
                true
            }
            Token::Neq | Token::Gt | Token::Lt | Token::Minus => false,
            tok => allowed_token(tok),
        };
        if keep {
            if w != i {
                toks.swap(w, i);
            }
            w += 1;
            i += 1;
            continue;
        }
        let mut t = std::mem::replace(
            &mut toks[i],
            Tok {
                token: Token::EOF,
                span: Span::empty(),
            },
        );
        let t_range = t.range();
        let raw = sql.get(t_range.clone()).unwrap_or("");
        let double_quoted = matches!(t.token, Token::DoubleQuotedString(_));
        match &mut t.token {
            Token::SingleQuotedString(v) | Token::DoubleQuotedString(v) => {
                let quote = if double_quoted { '"' } else { '\'' };
                let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
                if !inner.contains('\\') {
                    // Nothing to decode: the value is the text between the quotes.
                    if v != inner {
                        *v = inner.to_string();
                    }
                } else {
                    match unquote_go(inner, quote) {
                        Ok(d) => *v = d,
                        Err(bad) => {
                            problems.push(
                                SqlProblem::error(
                                    SqlProblemKind::Syntax,
                                    t_range.clone(),
                                    format!("invalid escape sequence `{bad}` in string literal"),
                                )
                                .with_help(format!(
                                    "eKuiper reads strings with Go escape rules (\\n, \\t, \\\\, \\\", \\uXXXX, 3-digit octal); write `\\\\` for a backslash. eKuiper says: found \"invalid string: {raw}\", expected expression."
                                )),
                            );
                            fatal = true;
                        }
                    }
                }
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            Token::Number(n, _) => {
                if n.contains(['e', 'E']) {
                    problems.push(
                        SqlProblem::error(
                            SqlProblemKind::Syntax,
                            t_range.clone(),
                            format!("number `{n}` uses exponent notation, which eKuiper does not read"),
                        )
                        .with_help("write the number out in full (eKuiper numbers are digits with an optional fraction)"),
                    );
                    fatal = true;
                }
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            Token::ExclamationMark => {
                // `! =` with blanks is `!=`; a lone `!` is read as `=` by eKuiper.
                if let Some(j) = next_sig(&toks, i + 1) {
                    if toks[j].token == Token::Eq {
                        let span = span_join(&t, &toks[j]);
                        emit(
                            &mut toks,
                            &mut w,
                            Tok {
                                token: Token::Neq,
                                span,
                            },
                        );
                        i = j + 1;
                        continue;
                    }
                }
                problems.push(
                    SqlProblem::warning(
                        SqlProblemKind::LexicalQuirk,
                        t.range(),
                        "a lone `!` is read by eKuiper as `=` (equality), not as negation",
                    )
                    .with_help("write `!=` for inequality or `NOT` for negation"),
                );
                t.token = Token::Eq;
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            Token::Gt | Token::Lt => {
                if let Some(j) = next_sig(&toks, i + 1) {
                    if toks[j].token == Token::Eq && blank_between(&toks, i + 1, j) && j > i + 1 {
                        let span = span_join(&t, &toks[j]);
                        let token = if t.token == Token::Gt {
                            Token::GtEq
                        } else {
                            Token::LtEq
                        };
                        emit(&mut toks, &mut w, Tok { token, span });
                        i = j + 1;
                        continue;
                    }
                }
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            tok @ (Token::Neq | Token::DoubleEq | Token::StringConcat)
                if !(matches!(tok, Token::Neq) && raw != "<>") =>
            {
                // Operators of other SQL dialects: reported, then read as eKuiper's own so that
                // parsing goes on.
                let (message, help, replacement, spelling) = match tok {
                    Token::Neq => (
                        "`<>` is not an eKuiper operator",
                        "write `!=`",
                        Token::Neq,
                        Some("!="),
                    ),
                    Token::DoubleEq => (
                        "`==` is not an eKuiper operator",
                        "write a single `=` for equality",
                        Token::Eq,
                        Some("="),
                    ),
                    _ => (
                        "`||` string concatenation is not eKuiper SQL",
                        "use concat(a, b)",
                        Token::Plus,
                        None,
                    ),
                };
                *tok = replacement;
                let mut p = SqlProblem::error(SqlProblemKind::OtherDialect, t.range(), message)
                    .with_help(help);
                // The same operator in eKuiper's spelling.
                if let Some(s) = spelling {
                    p = p.with_fix(format!("write `{s}`"), t.range(), s);
                }
                problems.push(p);
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            Token::Minus => {
                let j = next_sig(&toks, i + 1);
                // `- -`: eKuiper skips blanks after `-` and then sees `--`: a line comment.
                if let Some(j) = j {
                    if toks[j].token == Token::Minus && j > i + 1 && blank_between(&toks, i + 1, j)
                    {
                        let mut k = j + 1;
                        while k < toks.len()
                            && !matches!(toks[k].token, Token::Whitespace(Whitespace::Newline))
                        {
                            k += 1;
                        }
                        let end = toks
                            .get(k.saturating_sub(1))
                            .map(|x| x.range().end)
                            .unwrap_or(t.range().end);
                        problems.push(
                            SqlProblem::warning(
                                SqlProblemKind::LexicalQuirk,
                                t.range().start..end,
                                "eKuiper reads `- -` as the start of a `--` comment: the rest of the line is ignored",
                            )
                            .with_help("write `- (-1)` or `+ 1` if a double negation was meant"),
                        );
                        emit(&mut toks, &mut w, ws_tok(t.range().start..end));
                        i = k;
                        continue;
                    }
                    // `-. 3` folds into `-.3`.
                    if toks[j].token == Token::Period {
                        if let Some(k) = next_sig(&toks, j + 1) {
                            if let Token::Number(n, l) = &toks[k].token {
                                if !n.contains('.') {
                                    let token = Token::Number(format!(".{n}"), *l);
                                    let span = span_join(&toks[j], &toks[k]);
                                    emit(&mut toks, &mut w, t);
                                    emit(&mut toks, &mut w, Tok { token, span });
                                    i = k + 1;
                                    continue;
                                }
                            }
                        }
                    }
                }
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            Token::Word(word) => {
                // sqlparser keywords that are plain identifiers in eKuiper lose their tag (a
                // word without a tag needs no look-up).
                if word.quote_style.is_none()
                    && word.keyword != Keyword::NoKeyword
                    && !is_ekuiper_keyword(&word.value)
                {
                    word.keyword = Keyword::NoKeyword;
                }
                if word.quote_style == Some('`') {
                    // eKuiper has no escape inside backticks.
                    if let Some(verbatim) =
                        sql.get(t_range.start + 1..t_range.end.saturating_sub(1))
                    {
                        if word.value != verbatim {
                            word.value = verbatim.to_string();
                        }
                    }
                }
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            tok if allowed_token(tok) => {
                emit(&mut toks, &mut w, t);
                i += 1;
            }
            other => {
                let shown = if raw.is_empty() {
                    other.to_string()
                } else {
                    raw.to_string()
                };
                problems.push(SqlProblem::error(
                    SqlProblemKind::Syntax,
                    t.range(),
                    format!("`{shown}` is not part of eKuiper SQL"),
                ));
                fatal = true;
                emit(&mut toks, &mut w, t);
                i += 1;
            }
        }
    }
    if fatal {
        None
    } else {
        toks.truncate(w);
        Some(toks)
    }
}

fn allowed_token(t: &Token) -> bool {
    matches!(
        t,
        Token::Whitespace(_)
            | Token::Comma
            | Token::Eq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq
            | Token::Plus
            | Token::Minus
            | Token::Mul
            | Token::Div
            | Token::Mod
            | Token::LParen
            | Token::RParen
            | Token::Period
            | Token::Colon
            | Token::SemiColon
            | Token::LBracket
            | Token::RBracket
            | Token::Ampersand
            | Token::Pipe
            | Token::Caret
            | Token::Arrow
            | Token::Sharp
    )
}

/// Decode a string body with Go `strconv.Unquote` escape rules. `Err` carries the bad escape.
pub fn unquote_go(inner: &str, quote: char) -> Result<String, String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("\\".to_string());
        };
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' if quote == '\'' => out.push('\''),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut hex = String::new();
                for _ in 0..n {
                    match chars.next() {
                        Some(h) if h.is_ascii_hexdigit() => hex.push(h),
                        _ => return Err(format!("\\{e}{hex}")),
                    }
                }
                let v = u32::from_str_radix(&hex, 16).map_err(|_| format!("\\{e}{hex}"))?;
                if e == 'x' {
                    // a raw byte; keep it as a char for linting purposes
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                } else {
                    out.push(char::from_u32(v).ok_or_else(|| format!("\\{e}{hex}"))?);
                }
            }
            '0'..='7' => {
                let mut oct = String::from(e);
                for _ in 0..2 {
                    match chars.next() {
                        Some(o @ '0'..='7') => oct.push(o),
                        Some(o) => {
                            oct.push(o);
                            return Err(format!("\\{oct}"));
                        }
                        None => return Err(format!("\\{oct}")),
                    }
                }
                let v = u32::from_str_radix(&oct, 8).map_err(|_| format!("\\{oct}"))?;
                if v > 255 {
                    return Err(format!("\\{oct}"));
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            other => return Err(format!("\\{other}")),
        }
    }
    Ok(out)
}
