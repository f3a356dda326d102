//! A lexer for SQL written the common way, beside sqlparser's tokenizer. It exists for speed:
//! rule SQL is almost always plain ASCII words, numbers, strings and operators, and for that text
//! this loop gives the very tokens sqlparser's tokenizer gives (`plain_lexer_tests` compares
//! them on every shape it accepts, and gives up on everything else) at several times less cost:
//! no line and column per character, no lookup among sqlparser's ~900 keywords. Measured: the
//! SQL checks of a 10,000-rule bundle went from 188 to 138 ms (docs/performance.md).

use super::*;

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
pub(super) fn lex_plain(sql: &str, out: &mut Vec<Tok>) -> bool {
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
