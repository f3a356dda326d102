//! CREATE STREAM / CREATE TABLE (and SHOW / DESCRIBE / EXPLAIN / DROP) parsed on sqlparser
//! tokens into our typed AST, with the option checks.

use std::collections::HashMap;
use std::ops::Range;

use sqlparser::tokenizer::Token;

use super::prepass::{is_ekuiper_keyword, Part, Tok, TokExt};
use super::{
    FieldDef, FieldType, OtherStmt, SourceKind, SourceStmt, SqlProblem, SqlProblemKind,
    StreamOption,
};
use crate::bundle::json::is_valid as is_valid_json;
use crate::ekuiper::functions::did_you_mean;

mod options;
use options::*;

/// Option keys eKuiper's CREATE parser knows (HEAD).
pub const OPTION_KEYS: &[&str] = &[
    "DATASOURCE",
    "FORMAT",
    "KEY",
    "CONF_KEY",
    "SHARED",
    "STRICT_VALIDATION",
    "TYPE",
    "TIMESTAMP",
    "TIMESTAMP_FORMAT",
    "RETAIN_SIZE",
    "SCHEMAID",
    "EXTRA",
    "VERSION",
    "TEMP",
    "KIND",
    "DELIMITER",
];

/// Formats registered by eKuiper 2.x.
pub const FORMATS: &[&str] = &["json", "binary", "delimited", "urlencoded", "protobuf"];

const UNKNOWN_KEYS_TEXT: &str = "DATASOURCE|FORMAT|KEY|CONF_KEY|SHARED|STRICT_VALIDATION|TYPE|TIMESTAMP|TIMESTAMP_FORMAT|RETAIN_SIZE|SCHEMAID|EXTRA|VERSION|TEMP|KIND|DELIMITER";
const TYPES_TEXT: &str = "BIGINT | FLOAT | STRING | DATETIME | BOOLEAN | BYTEA | ARRAY | STRUCT";

struct Cursor<'a> {
    sql: &'a str,
    toks: Vec<&'a Tok>,
    i: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<&'a Tok> {
        self.toks.get(self.i + n).copied()
    }

    fn bump(&mut self) -> Option<&'a Tok> {
        let t = self.peek();
        if t.is_some() {
            self.i += 1;
        }
        t
    }

    /// Text eKuiper would print for the current token (`EOF` at the end).
    fn lit(&self) -> String {
        match self.peek() {
            None => "EOF".to_string(),
            Some(t) => lit_of(self.sql, t),
        }
    }

    fn here(&self) -> Range<usize> {
        match self.peek() {
            Some(t) => t.range(),
            None => self.end..self.end,
        }
    }

    fn is(&self, tok: &Token) -> bool {
        self.peek().is_some_and(|t| &t.token == tok)
    }
}

fn lit_of(sql: &str, t: &Tok) -> String {
    match &t.token {
        Token::Word(w) if w.quote_style.is_none() => w.value.clone(),
        Token::Word(w) => w.value.clone(),
        Token::DoubleQuotedString(s) | Token::SingleQuotedString(s) => s.clone(),
        _ => sql.get(t.range()).unwrap_or("").to_string(),
    }
}

/// eKuiper's lexer turns reserved words into keyword tokens, so they cannot name a field
/// or a stream unless back-quoted.
fn check_reserved_name(t: &Tok, what: &str, problems: &mut Vec<SqlProblem>) {
    if let Token::Word(w) = &t.token {
        if w.quote_style.is_none() && is_ekuiper_keyword(&w.value) {
            problems.push(
                SqlProblem::error(
                    SqlProblemKind::Syntax,
                    t.range(),
                    format!(
                        "`{}` is a reserved word in eKuiper and cannot be a bare {what}",
                        w.value
                    ),
                )
                .with_help(format!("write `{}` in backticks", w.value))
                .ekuiper_says(format!(
                    "found \"{}\", expect {what}.",
                    w.value.to_ascii_uppercase()
                )),
            );
        }
    }
}

fn syntax(range: Range<usize>, message: String, ekuiper: String) -> SqlProblem {
    SqlProblem::error(SqlProblemKind::Syntax, range, message).ekuiper_says(ekuiper)
}

/// Parse one CREATE STREAM/TABLE statement.
pub fn parse_create(sql: &str, part: &Part) -> (Option<SourceStmt>, bool, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let toks = part.sig();
    let end = part.range().end;
    let mut c = Cursor {
        sql,
        toks,
        i: 0,
        end,
    };
    let res = parse_create_inner(&mut c, &mut problems);
    match res {
        Some(stmt) => {
            check_source(sql, &stmt, &mut problems);
            let is_table = stmt.kind == SourceKind::Table;
            (Some(stmt), is_table, problems)
        }
        None => (None, false, problems),
    }
}

fn parse_create_inner(c: &mut Cursor, problems: &mut Vec<SqlProblem>) -> Option<SourceStmt> {
    let start = c.here().start;
    c.bump(); // CREATE
    let kind = match c.peek().and_then(|t| t.word_upper()).as_deref() {
        Some("STREAM") => SourceKind::Stream,
        Some("TABLE") => SourceKind::Table,
        _ => {
            problems.push(syntax(
                c.here(),
                format!("expected STREAM or TABLE after CREATE, found `{}`", c.lit()),
                format!("found \"{}\", expected keyword stream or table.", c.lit()),
            ));
            return None;
        }
    };
    c.bump();
    let name_tok = match c.peek() {
        Some(t) if matches!(t.token, Token::Word(_)) => t,
        _ => {
            problems.push(syntax(
                c.here(),
                format!("expected the {} name, found `{}`", kind_word(kind), c.lit()),
                format!("found \"{}\", expected stream name.", c.lit()),
            ));
            return None;
        }
    };
    c.bump();
    check_reserved_name(name_tok, "stream name", problems);
    let name = lit_of(c.sql, name_tok);
    if !c.is(&Token::LParen) {
        problems.push(syntax(
            c.here(),
            format!(
                "expected `(` and the field list after the {} name, found `{}`",
                kind_word(kind),
                c.lit()
            ),
            format!("found \"{}\", expected lparen after stream name.", c.lit()),
        ));
        return None;
    }
    c.bump();
    let fields = parse_fields(c, problems)?;
    // WITH
    match c.peek() {
        Some(t) if t.is_word("WITH") => {
            c.bump();
        }
        _ => {
            let lit = c.lit();
            let p = if c.peek().is_some_and(|t| t.token == Token::RParen) {
                syntax(
                    c.here(),
                    "unbalanced `)`: the field list is already closed".to_string(),
                    format!("found \"{lit}\", expect stream options."),
                )
            } else {
                syntax(
                    c.here(),
                    format!("expected WITH after the field list, found `{lit}`"),
                    format!("found \"{}\", expected is with.", lit.to_ascii_uppercase()),
                )
            };
            problems.push(p);
            return None;
        }
    }
    if !c.is(&Token::LParen) {
        problems.push(
            syntax(
                c.here(),
                format!("expected `(` after WITH, found `{}`", c.lit()),
                format!("found \"{}\", expect stream options.", c.lit()),
            )
            .with_help(format!(
                "write WITH (KEY=\"value\", ...); eKuiper says: found \"{}\", expect stream options.",
                c.lit()
            )),
        );
        return None;
    }
    c.bump();
    let options = parse_options(c, problems)?;
    if let Some(t) = c.peek() {
        problems.push(syntax(
            t.range(),
            format!("unexpected `{}` after the WITH options", c.lit()),
            format!("found \"{}\", expected semicolon or EOF.", c.lit()),
        ));
        return None;
    }
    Some(SourceStmt {
        kind,
        name,
        name_span: name_tok.range(),
        fields,
        options,
        span: start..c.end,
    })
}

fn kind_word(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Stream => "stream",
        SourceKind::Table => "table",
    }
}

/// After `(`: field list through `)`. `Some(None)` = schemaless.
fn parse_fields(c: &mut Cursor, problems: &mut Vec<SqlProblem>) -> Option<Option<Vec<FieldDef>>> {
    if c.is(&Token::RParen) {
        c.bump();
        return Some(None);
    }
    let mut fields = Vec::new();
    loop {
        let name_tok = match c.peek() {
            Some(t) if matches!(t.token, Token::Word(_)) => t,
            _ => {
                problems.push(syntax(
                    c.here(),
                    format!("expected a field name, found `{}`", c.lit()),
                    format!("found \"{}\", expect stream field name.", c.lit()),
                ));
                return None;
            }
        };
        c.bump();
        check_reserved_name(name_tok, "stream field name", problems);
        let ty_start = c.here().start;
        let ty = parse_type(c, problems)?;
        let ty_span = ty_start
            ..c.toks
                .get(c.i.saturating_sub(1))
                .map(|t| t.range().end)
                .unwrap_or(ty_start);
        let mut default = None;
        if c.peek().is_some_and(|t| t.is_word("DEFAULT")) {
            // No release has field defaults: up to v2.4.0 a field's type must be followed by a
            // comma or `)` (internal/xsql/parser.go:1459@v2.4.0); DEFAULT exists only on
            // eKuiper's unreleased main branch. The literal is still read, so the rest of the
            // statement is checked.
            let kw = c.bump().map(|t| t.range()).unwrap_or_default();
            problems.push(syntax(
                kw,
                "DEFAULT on a field is not in any eKuiper release (up to 2.4); it is only on eKuiper's unreleased main branch".to_string(),
                "found \"DEFAULT\", expect comma or rparen.".to_string(),
            ));
            let (lit, _) = parse_default_literal(c)?;
            default = Some(lit);
        }
        fields.push(FieldDef {
            name: lit_of(c.sql, name_tok),
            name_span: name_tok.range(),
            ty,
            ty_span,
            default,
        });
        match c.peek().map(|t| &t.token) {
            Some(Token::Comma) => {
                c.bump();
                if c.is(&Token::RParen) {
                    // trailing comma accepted by eKuiper
                    c.bump();
                    return Some(Some(fields));
                }
            }
            Some(Token::RParen) => {
                c.bump();
                return Some(Some(fields));
            }
            _ => {
                problems.push(syntax(
                    c.here(),
                    format!("expected `,` or `)` after the field, found `{}`", c.lit()),
                    format!("found \"{}\", expect comma or rparen.", c.lit()),
                ));
                return None;
            }
        }
    }
}

fn parse_default_literal(c: &mut Cursor) -> Option<(String, Range<usize>)> {
    let t = c.peek()?;
    match &t.token {
        Token::Number(n, _) => {
            c.bump();
            Some((n.clone(), t.range()))
        }
        Token::DoubleQuotedString(s) | Token::SingleQuotedString(s) => {
            c.bump();
            Some((s.clone(), t.range()))
        }
        Token::Word(_) if t.is_word("TRUE") || t.is_word("FALSE") => {
            c.bump();
            Some((lit_of(c.sql, t).to_ascii_lowercase(), t.range()))
        }
        Token::Minus => {
            let n = c.peek_at(1)?;
            if let Token::Number(v, _) = &n.token {
                c.bump();
                c.bump();
                Some((format!("-{v}"), t.range().start..n.range().end))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn parse_type(c: &mut Cursor, problems: &mut Vec<SqlProblem>) -> Option<FieldType> {
    let t = c.peek();
    let upper = t.and_then(|t| t.word_upper());
    let bad = |c: &Cursor, problems: &mut Vec<SqlProblem>| {
        let lit = c.lit();
        let suggestion = match lit.to_ascii_lowercase().as_str() {
            "int" | "integer" | "long" | "smallint" | "tinyint" => Some("bigint"),
            "bool" => Some("boolean"),
            "double" | "real" | "decimal" | "numeric" => Some("float"),
            "varchar" | "text" | "char" => Some("string"),
            "timestamp" | "date" | "time" => Some("datetime"),
            "bytes" | "binary" | "blob" => Some("bytea"),
            "map" | "object" | "json" => Some("struct(...)"),
            _ => None,
        };
        let mut p = SqlProblem::error(
            SqlProblemKind::BadFieldType,
            c.here(),
            format!("`{lit}` is not an eKuiper field type"),
        );
        p = match suggestion {
            Some(s) => p.with_help(format!(
                "write `{s}`; eKuiper says: found \"{lit}\", expect valid stream field types({TYPES_TEXT})."
            )),
            None => p.ekuiper_says(format!("found \"{lit}\", expect valid stream field types({TYPES_TEXT}).")),
        };
        problems.push(p);
    };
    let ty = match upper.as_deref() {
        Some("BIGINT") => FieldType::Bigint,
        Some("FLOAT") => FieldType::Float,
        Some("STRING") => FieldType::String,
        Some("DATETIME") => FieldType::Datetime,
        Some("BOOLEAN") => FieldType::Boolean,
        Some("BYTEA") => FieldType::Bytea,
        Some("ARRAY") => {
            c.bump();
            if !c.is(&Token::LParen) {
                problems.push(syntax(
                    c.here(),
                    format!("expected `(` after ARRAY, found `{}`", c.lit()),
                    format!("found \"{}\", expect lparen after array type.", c.lit()),
                ));
                return None;
            }
            c.bump();
            let elem = parse_type(c, problems)?;
            if !c.is(&Token::RParen) {
                problems.push(syntax(
                    c.here(),
                    format!("expected `)` to close ARRAY(...), found `{}`", c.lit()),
                    format!(
                        "found \"{}\", expect rparen in array type definition.",
                        c.lit()
                    ),
                ));
                return None;
            }
            c.bump();
            return Some(FieldType::Array(Box::new(elem)));
        }
        Some("STRUCT") => {
            c.bump();
            if !c.is(&Token::LParen) {
                problems.push(syntax(
                    c.here(),
                    format!("expected `(` after STRUCT, found `{}`", c.lit()),
                    format!("found \"{}\", expect lparen after struct type.", c.lit()),
                ));
                return None;
            }
            c.bump();
            let mut members = Vec::new();
            let mut seen: HashMap<String, Range<usize>> = HashMap::new();
            loop {
                let n = match c.peek() {
                    Some(t) if matches!(t.token, Token::Word(_)) => t,
                    _ => {
                        problems.push(syntax(
                            c.here(),
                            format!("expected a struct field name, found `{}`", c.lit()),
                            format!("found \"{}\", expect stream field name.", c.lit()),
                        ));
                        return None;
                    }
                };
                c.bump();
                check_reserved_name(n, "stream field name", problems);
                let name = lit_of(c.sql, n);
                if let Some(prev) = seen.insert(name.to_ascii_lowercase(), n.range()) {
                    problems.push(duplicate_field(&name, n.range(), prev));
                }
                let ty = parse_type(c, problems)?;
                members.push((name, ty));
                match c.peek().map(|t| &t.token) {
                    Some(Token::Comma) => {
                        c.bump();
                    }
                    Some(Token::RParen) => {
                        c.bump();
                        return Some(FieldType::Struct(members));
                    }
                    _ => {
                        problems.push(syntax(
                            c.here(),
                            format!("expected `,` or `)` in STRUCT(...), found `{}`", c.lit()),
                            format!("found \"{}\", expect comma or rparen.", c.lit()),
                        ));
                        return None;
                    }
                }
            }
        }
        _ => {
            bad(c, problems);
            // recover: skip a word and an optional `(...)` (`varchar(20)`) so later checks run
            let t = c.peek()?;
            if !matches!(t.token, Token::Word(_)) {
                return None;
            }
            let name = lit_of(c.sql, t);
            c.bump();
            if c.is(&Token::LParen) {
                let mut depth = 0usize;
                while let Some(t) = c.bump() {
                    match t.token {
                        Token::LParen => depth += 1,
                        Token::RParen => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            return Some(FieldType::Unknown(name));
        }
    };
    c.bump();
    Some(ty)
}

fn duplicate_field(name: &str, at: Range<usize>, _prev: Range<usize>) -> SqlProblem {
    SqlProblem::warning(
        SqlProblemKind::DuplicateField,
        at,
        format!("field `{name}` is declared twice (names compare case-insensitively)"),
    )
    .with_help("remove or rename one of them; only one value per name reaches the rule")
}

/// After `WITH (`: options through `)`.
fn parse_options(c: &mut Cursor, problems: &mut Vec<SqlProblem>) -> Option<Vec<StreamOption>> {
    let mut options = Vec::new();
    if c.is(&Token::RParen) {
        c.bump();
        return Some(options);
    }
    loop {
        let key_tok = match c.peek() {
            Some(t) if matches!(t.token, Token::Word(_)) => t,
            _ => {
                let lit = c.lit();
                let msg = if c.is(&Token::RParen) {
                    "trailing `,` before `)` in the WITH options".to_string()
                } else {
                    format!("expected an option key, found `{lit}`")
                };
                problems.push(syntax(
                    c.here(),
                    msg,
                    format!("found \"{lit}\", unknown option keys({UNKNOWN_KEYS_TEXT})."),
                ));
                return None;
            }
        };
        c.bump();
        let key = lit_of(c.sql, key_tok);
        if !c.is(&Token::Eq) {
            problems.push(syntax(
                c.here(),
                format!("expected `=` after option `{key}`, found `{}`", c.lit()),
                format!("found \"{}\", expect equals(=) in options.", c.lit()),
            ));
            return None;
        }
        c.bump();
        let Some(vt) = c.peek() else {
            problems.push(syntax(
                c.here(),
                format!("option `{key}` has no value"),
                "found \"EOF\", expect string or boolean value in option.".to_string(),
            ));
            return None;
        };
        let value = match &vt.token {
            Token::DoubleQuotedString(s) => s.clone(),
            Token::Word(_) if vt.is_word("TRUE") || vt.is_word("FALSE") => {
                lit_of(c.sql, vt).to_ascii_lowercase()
            }
            Token::SingleQuotedString(s) => {
                problems.push(
                    SqlProblem::error(
                        SqlProblemKind::BadOptionValue,
                        vt.range(),
                        format!("option `{key}` value is single-quoted; eKuiper reads only double-quoted option values"),
                    )
                    .with_help(format!(
                        "write {key}=\"{s}\"; eKuiper says: found \"{s}\", expect string or boolean value in option."
                    )),
                );
                s.clone()
            }
            _ => {
                let lit = c.lit();
                problems.push(
                    SqlProblem::error(
                        SqlProblemKind::BadOptionValue,
                        vt.range(),
                        format!("option `{key}` needs a double-quoted string value, found `{lit}`"),
                    )
                    .with_help(format!(
                        "write {key}=\"{lit}\"; eKuiper says: found \"{lit}\", expect string or boolean value in option."
                    )),
                );
                lit
            }
        };
        c.bump();
        options.push(StreamOption {
            key: key.clone(),
            key_span: key_tok.range(),
            value,
            value_span: vt.range(),
        });
        match c.peek().map(|t| &t.token) {
            Some(Token::Comma) => {
                c.bump();
            }
            Some(Token::RParen) => {
                c.bump();
                return Some(options);
            }
            Some(Token::Word(_)) if c.peek_at(1).is_some_and(|t| t.token == Token::Eq) => {
                // KEY="a" FORMAT="json": eKuiper's option loop skips commas, so this parses;
                // only the documented form is suggested.
                let at = c.here();
                problems.push(
                    SqlProblem::warning(
                        SqlProblemKind::MissingOptionComma,
                        at,
                        format!("no `,` before WITH option `{}` (after `{key}`)", c.lit()),
                    )
                    .with_help(format!(
                        "eKuiper accepts it, but options are documented comma-separated: \
                         {key}=\"...\", {}=\"...\"",
                        c.lit()
                    )),
                );
            }
            _ => {
                problems.push(syntax(
                    c.here(),
                    format!(
                        "expected `,` or `)` after option `{key}`, found `{}`",
                        c.lit()
                    ),
                    format!("found \"{}\", expect comma or rparen.", c.lit()),
                ));
                return None;
            }
        }
    }
}

/// SHOW STREAMS|TABLES; DESCRIBE|EXPLAIN|DROP STREAM|TABLE name.
pub fn parse_other(sql: &str, part: &Part) -> (Option<OtherStmt>, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let toks = part.sig();
    let range = part.range();
    let mut c = Cursor {
        sql,
        toks,
        i: 0,
        end: range.end,
    };
    let verb = c.bump().and_then(|t| t.word_upper()).unwrap_or_default();
    let obj = c
        .peek()
        .map(|t| lit_of(sql, t))
        .unwrap_or_else(|| "EOF".into());
    let obj_upper = obj.to_ascii_uppercase();
    let plural = verb == "SHOW";
    let ok_obj = if plural {
        obj_upper == "STREAMS" || obj_upper == "TABLES"
    } else {
        obj_upper == "STREAM" || obj_upper == "TABLE"
    };
    if !ok_obj {
        let expected = if plural {
            "keyword streams or tables"
        } else {
            "keyword stream or table"
        };
        problems.push(syntax(
            c.here(),
            format!(
                "expected {} after {verb}, found `{obj}`",
                expected.trim_start_matches("keyword ")
            ),
            format!("found \"{obj_upper}\", expected {expected}."),
        ));
        return (None, problems);
    }
    c.bump();
    let mut name = None;
    if !plural {
        match c.peek() {
            Some(t) if matches!(t.token, Token::Word(_)) => {
                name = Some(lit_of(sql, t));
                c.bump();
            }
            _ => {
                problems.push(syntax(
                    c.here(),
                    format!(
                        "expected a name after {verb} {obj_upper}, found `{}`",
                        c.lit()
                    ),
                    format!("found \"{}\", expected stream name.", c.lit()),
                ));
                return (None, problems);
            }
        }
    }
    if c.peek().is_some() {
        problems.push(syntax(
            c.here(),
            format!("unexpected `{}` at the end of {verb}", c.lit()),
            format!("found \"{}\", expected semecolon or EOF.", c.lit()),
        ));
        return (None, problems);
    }
    (
        Some(OtherStmt {
            verb,
            object: obj_upper,
            name,
            span: range,
        }),
        problems,
    )
}
