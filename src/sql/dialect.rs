//! The small sqlparser `Dialect` that carries eKuiper's lexical and expression rules.
//!
//! Everything the hooks cannot express is handled on the token stream in
//! `prepass.rs`; see docs/sql-dialect.md.

use sqlparser::ast::{AccessExpr, Expr, Ident};
use sqlparser::dialect::{Dialect, Precedence};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

/// eKuiper SQL as seen by sqlparser.
#[derive(Debug, Default, Clone, Copy)]
pub struct EkuiperDialect;

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

    /// `x IN arrayExpr` without parentheses is eKuiper syntax.
    fn supports_in_unparenthesized_expr(&self) -> bool {
        true
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
