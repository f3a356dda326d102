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

/// The tokens sqlparser's tokenizer makes of `sql` with [`EkuiperDialect`] (as
/// [`lex_with_sqlparser`] gives them, keyword tags already reduced to eKuiper's reserved words
/// as [`lexical_fixups`] does), for text written the common way: ASCII words, numbers and
/// blanks, strings and backtick names, and the operators of eKuiper SQL. At anything else —
/// comments, other characters, an exponent or a letter right after a number, a quote right after
/// a word (`N'x'`, `X'0a'`), the operators sqlparser reads as something eKuiper does not have
/// (`=>`, `||`, `->>`, `::`, ...) — it leaves `out` empty and returns `false`, and sqlparser
/// tokenizes the text. The tokens are the same either way (see the tests); they cost several
/// times less here, where no line and column is tracked per character and no word is looked up
/// among sqlparser's ~900 keywords.
fn lex_plain(sql: &str, out: &mut Vec<Tok>) -> bool {
    if !sql.is_ascii() {
        return false;
    }
    let b = sql.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let (token, len) = match b[i] {
            b' ' => (Token::Whitespace(Whitespace::Space), 1),
            b'\t' => (Token::Whitespace(Whitespace::Tab), 1),
            b'\n' => (Token::Whitespace(Whitespace::Newline), 1),
            b'\r' => (
                Token::Whitespace(Whitespace::Newline),
                if at(i + 1) == b'\n' { 2 } else { 1 },
            ),
            c if c.is_ascii_alphabetic() => {
                let end = i + b[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .unwrap_or(b.len() - i);
                // `N'..'`, `X'..'`, `U&'..'` and kin are literals to sqlparser
                if matches!(at(end), b'\'' | b'"' | b'&') {
                    break;
                }
                let value = &sql[i..end];
                let keyword = reserved_word(value).unwrap_or(Keyword::NoKeyword);
                let word = Word {
                    value: value.to_string(),
                    quote_style: None,
                    keyword,
                };
                (Token::Word(word), end - i)
            }
            c if c.is_ascii_digit() => {
                let digits = |from: usize| {
                    from + b[from..]
                        .iter()
                        .position(|c| !c.is_ascii_digit())
                        .unwrap_or(b.len() - from)
                };
                let mut end = digits(i);
                if at(end) == b'.' {
                    end = digits(end + 1);
                }
                // exponents, `0x..`, `1L`, a second `.`: sqlparser's own rules
                if at(end).is_ascii_alphanumeric() || matches!(at(end), b'_' | b'.') {
                    break;
                }
                (Token::Number(sql[i..end].to_string(), false), end - i)
            }
            // `.5` is a number, `._` a special case
            b'.' if at(i + 1).is_ascii_digit() || at(i + 1) == b'_' => break,
            b'.' => (Token::Period, 1),
            q @ (b'\'' | b'"') => {
                // to the closing quote: a backslash escapes the next character, a doubled quote
                // is one; the value is the text between the quotes (decoded by the fixups)
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => break,
                        Some(b'\\') => j += 2,
                        Some(&c) if c == q && at(j + 1) == q => j += 2,
                        Some(&c) if c == q => break,
                        Some(_) => j += 1,
                    }
                }
                if j >= b.len() {
                    break; // unterminated: sqlparser's error
                }
                let value = sql[i + 1..j].to_string();
                let token = if q == b'"' {
                    Token::DoubleQuotedString(value)
                } else {
                    Token::SingleQuotedString(value)
                };
                (token, j + 1 - i)
            }
            b'`' => {
                let Some(n) = b[i + 1..].iter().position(|&c| c == b'`') else {
                    break;
                };
                let close = i + 1 + n;
                if at(close + 1) == b'`' {
                    break;
                }
                let word = Word {
                    value: sql[i + 1..close].to_string(),
                    quote_style: Some('`'),
                    keyword: Keyword::NoKeyword,
                };
                (Token::Word(word), close + 1 - i)
            }
            b'(' => (Token::LParen, 1),
            b')' => (Token::RParen, 1),
            b',' => (Token::Comma, 1),
            b';' => (Token::SemiColon, 1),
            b'[' => (Token::LBracket, 1),
            b']' => (Token::RBracket, 1),
            b'+' => (Token::Plus, 1),
            b'*' => (Token::Mul, 1),
            b'%' => (Token::Mod, 1),
            b'-' => match (at(i + 1), at(i + 2)) {
                (b'-', _) | (b'>', b'>') => break,
                (b'>', _) => (Token::Arrow, 2),
                _ => (Token::Minus, 1),
            },
            b'/' => match at(i + 1) {
                b'*' | b'/' => break,
                _ => (Token::Div, 1),
            },
            b'=' => match at(i + 1) {
                b'>' | b'=' => break,
                _ => (Token::Eq, 1),
            },
            b'!' => match at(i + 1) {
                b'=' => (Token::Neq, 2),
                _ => break,
            },
            b'<' => match (at(i + 1), at(i + 2)) {
                (b'=', b'>') | (b'<' | b'@', _) => break,
                (b'=', _) => (Token::LtEq, 2),
                (b'>', _) => (Token::Neq, 2),
                _ => (Token::Lt, 1),
            },
            b'>' => match at(i + 1) {
                b'=' => (Token::GtEq, 2),
                b'>' => break,
                _ => (Token::Gt, 1),
            },
            b':' => match at(i + 1) {
                b':' | b'=' => break,
                _ => (Token::Colon, 1),
            },
            b'&' => match at(i + 1) {
                b'&' => break,
                _ => (Token::Ampersand, 1),
            },
            b'|' => match at(i + 1) {
                b'/' | b'|' | b'&' | b'>' => break,
                _ => (Token::Pipe, 1),
            },
            b'^' => match at(i + 1) {
                b'@' => break,
                _ => (Token::Caret, 1),
            },
            b'#' => match at(i + 1) {
                b'-' | b'>' | b'#' => break,
                _ => (Token::Sharp, 1),
            },
            _ => break,
        };
        i += len;
        out.push(tok_at(token, start..i));
    }
    if i < b.len() {
        out.clear();
        return false;
    }
    true
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
                let (message, help, replacement) = match tok {
                    Token::Neq => ("`<>` is not an eKuiper operator", "write `!=`", Token::Neq),
                    Token::DoubleEq => (
                        "`==` is not an eKuiper operator",
                        "write a single `=` for equality",
                        Token::Eq,
                    ),
                    _ => (
                        "`||` string concatenation is not eKuiper SQL",
                        "use concat(a, b)",
                        Token::Plus,
                    ),
                };
                *tok = replacement;
                problems.push(
                    SqlProblem::error(SqlProblemKind::OtherDialect, t.range(), message)
                        .with_help(help),
                );
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

// ---------------------------------------------------------------------------------------
// SELECT preparation
// ---------------------------------------------------------------------------------------

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
    /// Keyed by the byte offset of the `*`.
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

fn matching_close(toks: &[Tok], open: usize) -> Option<usize> {
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

fn matching_open(toks: &[Tok], close: usize) -> Option<usize> {
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

fn prev_sig(toks: &[Tok], before: usize) -> Option<usize> {
    (0..before).rev().find(|&j| !toks[j].is_ws())
}

fn next_sig(toks: &[Tok], from: usize) -> Option<usize> {
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
fn is_operator_word(v: &str) -> bool {
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
                                prep.wildcard_opts.insert(toks[i].range().start, opts);
                                toks.drain(j..=close);
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
fn owner_function(toks: &[Tok], over: usize) -> Option<usize> {
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
fn merge_topic_names(sql: &str, toks: &mut Vec<Tok>) {
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

/// The upper-cased form of an unquoted word [`detect_habits`] acts on; `None` for any other
/// token (no allocation per word).
fn habit_word(t: &Tok) -> Option<&'static str> {
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
fn detect_habits(sql: &str, toks: &[Tok], problems: &mut Vec<SqlProblem>) {
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
                                problems.push(
                                    SqlProblem::error(
                                        SqlProblemKind::AnsiCast,
                                        t.range().start..toks[close].range().end,
                                        format!("ANSI `CAST({value} AS {ty})` is not eKuiper SQL"),
                                    )
                                    .with_help(format!(
                                        "write cast({value}, \"{target}\"); eKuiper cast types are bigint, float, string, boolean, datetime, bytea"
                                    )),
                                );
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
                    if target.is_some_and(|x| toks[x].is_word("NULL")) {
                        problems.push(
                            SqlProblem::error(
                                SqlProblemKind::OtherDialect,
                                t.range(),
                                format!(
                                    "eKuiper has no `IS {}NULL`",
                                    if neg { "NOT " } else { "" }
                                ),
                            )
                            .with_help(if neg {
                                "write NOT isnull(x)"
                            } else {
                                "write isnull(x)"
                            }),
                        );
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

#[cfg(test)]
mod keyword_tests {
    use super::*;

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

#[cfg(test)]
pub(crate) mod plain_lexer_tests {
    use super::*;

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
