//! The small sqlparser `Dialect` that carries eKuiper's lexical and expression rules.
//!
//! Everything the hooks cannot express is handled on the token stream in
//! `prepass.rs`; see docs/sql-dialect.md.

use std::cell::Cell;

use sqlparser::ast::{AccessExpr, DataType, Expr, Ident};
use sqlparser::dialect::{Dialect, Precedence};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token};

/// eKuiper SQL as seen by sqlparser. One per parse (it remembers where the parser is at a call
/// or a qualified name, see [`Dialect::parse_data_type`]).
#[derive(Debug, Default)]
pub struct EkuiperDialect {
    /// Where a call (`name(`) or a qualified name (`name.`) starts whose prefix
    /// [`Dialect::parse_prefix`] just left to sqlparser; set until the next prefix or data type.
    name_at: Cell<Option<Location>>,
}

impl Dialect for EkuiperDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_ascii_alphabetic()
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_ascii_alphanumeric() || ch == '_'
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`'
    }

    fn identifier_quote_style(&self, _identifier: &str) -> Option<char> {
        Some('`')
    }

    fn supports_string_literal_backslash_escape(&self) -> bool {
        true
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn supports_boolean_literals(&self) -> bool {
        true
    }

    /// Parse `CROSS JOIN x ON cond` so the checker can say precisely that CROSS takes no ON.
    fn supports_cross_join_constraint(&self) -> bool {
        true
    }

    /// eKuiper has no named arguments, and none can reach the parser (`=>` is not lexed, `VALUE`
    /// is no keyword here), so no argument parses as one either way. Said so, sqlparser parses
    /// each argument as an expression first and then looks for an operator after it, instead of
    /// first trying it as a name followed by an operator: one failed attempt fewer per argument,
    /// and none at all after `*`.
    fn supports_named_fn_args_with_expr_name(&self) -> bool {
        true
    }

    /// `x IN arrayExpr` without parentheses is eKuiper syntax.
    fn supports_in_unparenthesized_expr(&self) -> bool {
        true
    }

    /// Plain names and literals, read as sqlparser's own prefix parser reads them in this
    /// dialect, without the typed-literal attempt it makes first at every prefix (`DATE '...'`:
    /// parse a data type, then look for a string). That attempt cannot succeed here: a word
    /// without a keyword tag is a custom type name, which takes a string only in dialects that
    /// say so (this one does not; `ARRAY` after the name is the one other way, left to
    /// sqlparser), and a literal is no type name at all. Yet it fails only after parsing the name
    /// and formatting an error message with its location, at every name and literal of every
    /// statement. Anything else — keywords, calls (`name(`), qualified names (`name.`), a string
    /// after a name (`_utf8'x'`) — goes to sqlparser as before, which also keeps its memo of
    /// failed prefixes in charge of all that can fail (a plain name or literal never does). For a
    /// call or a qualified name, the attempt is cut short in [`Dialect::parse_data_type`].
    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        self.name_at.set(None);
        match &parser.peek_token_ref().token {
            Token::Number(..) | Token::SingleQuotedString(_) | Token::DoubleQuotedString(_) => {
                Some(parser.parse_value().map(Expr::Value))
            }
            Token::Word(w) if w.keyword == Keyword::NoKeyword => {
                match &parser.peek_nth_token_ref(1).token {
                    Token::LParen | Token::Period => {
                        self.name_at.set(Some(parser.peek_token_ref().span.start));
                        None
                    }
                    next if continues_name(next) => None,
                    _ => {
                        let t = parser.next_token();
                        match t.token {
                            Token::Word(w) => Some(Ok(Expr::Identifier(w.into_ident(t.span)))),
                            _ => None,
                        }
                    }
                }
            }
            _ => None,
        }
    }

    /// The typed-literal attempt sqlparser makes at a call or a qualified name whose prefix
    /// [`Dialect::parse_prefix`] left to it (the very next data type it parses, at the same token)
    /// fails at once, with an empty message nobody reads: sqlparser would read `a.b` or
    /// `name(args)` as a type name (with modifiers), find no string after it and fail the same
    /// way, only after copying the name and the arguments and formatting an error message. The
    /// one way it could succeed — `ARRAY` after the type name, a type sqlparser then reads a
    /// literal after — is left to sqlparser.
    fn parse_data_type(&self, parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        let at = self.name_at.take()?;
        if parser.peek_token_ref().span.start != at || array_type_after_name(parser) {
            return None;
        }
        Some(Err(ParserError::ParserError(String::new())))
    }

    fn get_next_precedence(&self, parser: &Parser) -> Option<Result<u8, ParserError>> {
        let tok = &parser.peek_token_ref().token;
        match tok {
            // `a->b` binds like `.`: tighter than any operator, so `a->b[0]` is `(a->b)[0]`.
            Token::Arrow => Some(Ok(self.prec_value(Precedence::Period))),
            _ => None,
        }
    }

    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        _precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        match parser.peek_token_ref().token {
            Token::Arrow => Some(parse_arrow(parser, expr.clone())),
            _ => None,
        }
    }
}

/// Whether `next`, after a word (not `(` or `.`), makes sqlparser read the word as more than a
/// plain name: a string introducer or typed string, or the `ARRAY` suffix of a type name.
fn continues_name(next: &Token) -> bool {
    match next {
        Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::HexStringLiteral(_)
        | Token::EscapedStringLiteral(_)
        | Token::UnicodeStringLiteral(_)
        | Token::DollarQuotedString(_) => true,
        Token::Word(w) => w.keyword == Keyword::ARRAY,
        _ => false,
    }
}

/// Whether the word at the parser's position, read as sqlparser reads a type name — `.`-separated
/// parts, then a list of modifiers in parentheses — is followed by `ARRAY`. A text too long to be
/// worth peeking through counts as followed (it is left to sqlparser).
fn array_type_after_name(parser: &Parser) -> bool {
    const LOOK: usize = 64;
    let tok = |n: usize| &parser.peek_nth_token_ref(n).token;
    let mut n = 1;
    while matches!(tok(n), Token::Period) {
        if !matches!(
            tok(n + 1),
            Token::Word(_) | Token::SingleQuotedString(_) | Token::DoubleQuotedString(_)
        ) {
            return false; // no type name: the attempt fails anyway
        }
        n += 2;
        if n > LOOK {
            return true;
        }
    }
    if matches!(tok(n), Token::LParen) {
        loop {
            n += 1;
            match tok(n) {
                Token::Word(_)
                | Token::Number(..)
                | Token::SingleQuotedString(_)
                | Token::Comma => {}
                Token::RParen => break,
                _ => return false, // no modifiers: the attempt fails anyway
            }
            if n > LOOK {
                return true;
            }
        }
        n += 1;
    }
    matches!(tok(n), Token::Word(w) if w.keyword == Keyword::ARRAY)
}

/// `expr -> ident {[..] | .ident | -> ident}`: kept as a `CompoundFieldAccess` whose first
/// chain element is a `Dot`, so that `a->b` stays distinguishable from the qualifier form `a.b`
/// (which sqlparser gives as `CompoundIdentifier`).
fn parse_arrow(parser: &mut Parser, expr: Expr) -> Result<Expr, ParserError> {
    parser.next_token(); // ->
    let mut chain: Vec<AccessExpr> = Vec::new();
    let first: Ident = parser.parse_identifier()?;
    chain.push(AccessExpr::Dot(Expr::Identifier(first)));
    loop {
        match &parser.peek_token_ref().token {
            Token::LBracket => parser.parse_multi_dim_subscript(&mut chain)?,
            Token::Period => {
                if matches!(parser.peek_nth_token_ref(1).token, Token::Word(_)) {
                    parser.next_token();
                    let id = parser.parse_identifier()?;
                    chain.push(AccessExpr::Dot(Expr::Identifier(id)));
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    // A following `->` is handled by the next round of the infix loop (same precedence).
    match expr {
        Expr::CompoundFieldAccess {
            root,
            mut access_chain,
        } => {
            access_chain.extend(chain);
            Ok(Expr::CompoundFieldAccess { root, access_chain })
        }
        other => Ok(Expr::CompoundFieldAccess {
            root: Box::new(other),
            access_chain: chain,
        }),
    }
}
