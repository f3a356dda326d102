use super::*;
use crate::source::source_map::SourceMap;
use proptest::prelude::*;

fn kinds(doc: &Document) -> Vec<(SyntaxKind, &str)> {
    doc.issues
        .iter()
        .map(|i| (i.kind, i.message.as_str()))
        .collect()
}

fn span_text<'a>(text: &'a str, issue: &SyntaxIssue) -> &'a str {
    &text[issue.span.range()]
}

#[test]
fn keeps_every_member_with_spans() {
    let text = r#"{"a": 1, "b": [true, null], "a": "x"}"#;
    let doc = parse(text);
    assert!(doc.issues.is_empty());
    let root = &doc.values[0];
    let members = root.as_object().unwrap();
    assert_eq!(members.len(), 3, "duplicates are kept");
    assert_eq!(&text[members[0].key_span.range()], r#""a""#);
    assert_eq!(&text[members[1].value.span.range()], "[true, null]");
    assert_eq!(&text[members[2].value.span.range()], r#""x""#);
    assert_eq!(root.span, Span::new(0, text.len()));
}

#[test]
fn decodes_escapes() {
    let doc = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#);
    assert!(doc.issues.is_empty());
    assert_eq!(doc.values[0].as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\té😀"));
}

#[test]
fn lone_surrogate_becomes_replacement_character_like_go() {
    let doc = parse(r#""\ud800x""#);
    assert!(doc.issues.is_empty());
    assert_eq!(doc.values[0].as_str(), Some("\u{fffd}x"));
}

#[test]
fn comments_are_reported_and_skipped() {
    let text = "{\r\n  // one\r\n  # two\r\n  /* three */ \"a\": 1\r\n}";
    let doc = parse(text);
    let comments: Vec<&str> = doc.issues.iter().map(|i| span_text(text, i)).collect();
    assert_eq!(comments, ["// one", "# two", "/* three */"]);
    assert!(doc.issues.iter().all(|i| i.kind == SyntaxKind::Comment));
    assert_eq!(doc.values[0].as_object().unwrap().len(), 1);
}

#[test]
fn trailing_commas_are_reported_precisely() {
    let text = r#"{"a": [1, 2,], "b": {"c": 1,},}"#;
    let doc = parse(text);
    let at: Vec<usize> = doc.issues.iter().map(|i| i.span.start).collect();
    assert_eq!(at, [11, 27, 29]);
    assert!(doc
        .issues
        .iter()
        .all(|i| i.kind == SyntaxKind::TrailingComma));
    let root = &doc.values[0];
    assert_eq!(root.as_object().unwrap().len(), 2);
}

#[test]
fn single_quotes_are_decoded_and_fixed() {
    let text = r#"{'a': 'it\'s "x"'}"#;
    let doc = parse(text);
    assert_eq!(doc.issues.len(), 2);
    assert!(doc.issues.iter().all(|i| i.kind == SyntaxKind::SingleQuote));
    let m = &doc.values[0].as_object().unwrap()[0];
    assert_eq!(m.key.value, "a");
    assert_eq!(m.value.as_str(), Some(r#"it's "x""#));
    assert_eq!(doc.issues[1].fix.as_ref().unwrap().text, r#""it's \"x\"""#);
}

#[test]
fn concatenated_documents_are_all_parsed() {
    let text = "{\"a\": 1}\n{\"b\": 2}\n[3]";
    let doc = parse(text);
    assert_eq!(doc.values.len(), 3);
    let extra: Vec<usize> = doc.issues.iter().map(|i| i.span.start).collect();
    assert_eq!(extra, [9, 18]);
    assert!(doc.issues.iter().all(|i| i.kind == SyntaxKind::ExtraValue));
}

#[test]
fn missing_comma_recovers_the_next_member() {
    let text = "{\"a\": 1\n \"b\": 2}";
    let doc = parse(text);
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "expected `,` or `}` before this value")]
    );
    assert_eq!(doc.issues[0].span.start, 9);
    assert_eq!(doc.values[0].as_object().unwrap().len(), 2);
}

#[test]
fn unquoted_key_is_recovered_with_a_fix() {
    let doc = parse("{streams: {}}");
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].fix.as_ref().unwrap().text, "\"streams\"");
    assert_eq!(doc.values[0].as_object().unwrap()[0].key.value, "streams");
}

#[test]
fn unterminated_string_stops_at_end_of_line() {
    let text = "{\"a\": \"open\n, \"b\": \"x\"}";
    let doc = parse(text);
    assert_eq!(doc.issues[0].message, "this string is never closed");
    assert_eq!(doc.issues[0].span, Span::new(6, 7));
    let members = doc.values[0].as_object().unwrap();
    assert_eq!(members.len(), 2, "{members:?}");
    assert_eq!(members[0].value.as_str(), Some("open"));
}

#[test]
fn raw_newline_in_a_closed_string_is_one_issue() {
    let text = "{\"sql\": \"SELECT *\n FROM demo\"}";
    let doc = parse(text);
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "a line break inside a string")]
    );
    assert_eq!(doc.issues[0].span, Span::new(17, 18));
    assert_eq!(
        doc.values[0].as_object().unwrap()[0].value.as_str(),
        Some("SELECT *\n FROM demo")
    );
}

#[test]
fn invalid_escape_numbers_and_words() {
    let text = r#"[ "a\qb", 01, +1, .5, 1., 1e, 0x1F, True, None, NaN, hello ]"#;
    let doc = parse(text);
    let found: Vec<&str> = doc.issues.iter().map(|i| span_text(text, i)).collect();
    assert_eq!(
        found,
        ["\\q", "01", "+1", ".5", "1.", "1e", "0x1F", "True", "None", "NaN", "hello"]
    );
    assert!(doc
        .issues
        .iter()
        .all(|i| i.kind == SyntaxKind::Invalid && i.help.is_some()));
}

#[test]
fn unclosed_containers_end_at_eof() {
    let doc = parse("{\"a\": [1, 2");
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "unexpected end of file: `]` expected")]
    );
    assert_eq!(doc.values.len(), 1);
    let doc = parse("{\"a\": 1");
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "unexpected end of file: `}` expected")]
    );
}

#[test]
fn mismatched_closer_is_reported_once() {
    let doc = parse("{\"a\": [1, 2}");
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "expected `,` or `]`, found `}`")]
    );
}

#[test]
fn empty_and_garbage_input() {
    assert_eq!(
        kinds(&parse("")),
        [(SyntaxKind::Invalid, "expected a JSON value, found nothing")]
    );
    assert_eq!(
        kinds(&parse("  \n ")),
        [(SyntaxKind::Invalid, "expected a JSON value, found nothing")]
    );
    let doc = parse("@@@ {}");
    assert_eq!(doc.issues[0].span, Span::new(0, 3));
}

#[test]
fn byte_order_mark_is_reported_and_skipped() {
    let text = "\u{feff}{\"a\": 1}";
    let doc = parse(text);
    assert_eq!(
        kinds(&doc),
        [(
            SyntaxKind::ByteOrderMark,
            "a UTF-8 byte-order mark starts the document"
        )]
    );
    assert_eq!(doc.values[0].span.start, 3);
}

#[test]
fn issue_count_is_bounded() {
    let garbage = "{\"a\": 1 ".to_string() + &"@ ".repeat(10_000);
    let doc = parse(&garbage);
    assert_eq!(doc.issues.len(), MAX_ISSUES + 1);
    assert!(doc
        .issues
        .last()
        .unwrap()
        .message
        .starts_with("too many syntax errors"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 200_000;
    let text = "[".repeat(depth) + &"]".repeat(depth);
    let doc = parse(&text);
    // Past Go's limit the file is refused by eKuiper, so that is reported, once, at the first
    // bracket too deep; the rest is still parsed.
    assert_eq!(
        kinds(&doc),
        [(SyntaxKind::Invalid, "JSON nested deeper than 10000 levels")]
    );
    assert_eq!(
        doc.issues[0].span,
        Span::new(GO_MAX_DEPTH, GO_MAX_DEPTH + 1)
    );
    assert!(is_valid(
        &("[".repeat(GO_MAX_DEPTH) + &"]".repeat(GO_MAX_DEPTH))
    ));
    // Dropping a deep tree recursively would overflow too; Node's Drop must cope.
    drop(doc);
}

/// How one character is written inside a JSON string literal: plainly, or as `\uXXXX` escapes
/// (a surrogate pair above the BMP). Characters that must be escaped always are.
fn encode_char(c: char, use_unicode_escape: bool) -> String {
    match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        c if (c as u32) < 0x20 || use_unicode_escape => {
            let mut buf = [0u16; 2];
            c.encode_utf16(&mut buf)
                .iter()
                .map(|u| format!("\\u{u:04x}"))
                .collect()
        }
        c => c.to_string(),
    }
}

/// Encodes `s` as string content, choosing per character from `style` bits; returns the encoded
/// text and, per character of `s`, the piece it became.
fn encode(s: &str, style: u64) -> (String, Vec<String>) {
    let pieces: Vec<String> = s
        .chars()
        .enumerate()
        .map(|(i, c)| encode_char(c, (style >> (i % 64)) & 1 == 1))
        .collect();
    (pieces.concat(), pieces)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A string embedded twice (as the `sql` of a rule, the rule as a string in a bundle) maps
    /// every one of its characters back to exactly the file bytes that encode it.
    #[test]
    fn twice_embedded_strings_map_back_to_their_bytes(s in "\\PC*|[\"\\\\\n\t\u{1}é😀a ]{0,20}", inner_style: u64, outer_style: u64) {
        let (sql_content, sql_pieces) = encode(&s, inner_style);
        let rule = format!("{{\"id\": \"r\", \"sql\": \"{sql_content}\"}}");
        let (rule_content, rule_pieces) = encode(&rule, outer_style);
        let file = format!("{{\n  \"rules\": {{\n    \"r\": \"{rule_content}\"\n  }}\n}}\n");

        let doc = parse(&file);
        prop_assert!(doc.issues.is_empty(), "{:?}", doc.issues);
        let rule_node = &doc.values[0].get("rules").unwrap().value.get("r").unwrap().value;
        let Value::String(rule_str) = &rule_node.value else { panic!("rule is a string") };
        prop_assert_eq!(&rule_str.value, &rule);
        let level1 = SourceMap::file().nested(rule_str.escape_map(rule_node.span));

        let rule_doc = parse(&rule_str.value);
        prop_assert!(rule_doc.issues.is_empty());
        let sql_node = &rule_doc.values[0].get("sql").unwrap().value;
        let Value::String(sql_str) = &sql_node.value else { panic!("sql is a string") };
        prop_assert_eq!(&sql_str.value, &s);
        let map = level1.nested(sql_str.escape_map(sql_node.span));

        // Where each character of the rule text sits in the file.
        let mut rule_offsets = Vec::new();
        let mut at = file.find("\"r\": \"").unwrap() + 6;
        for (piece, c) in rule_pieces.iter().zip(rule.chars()) {
            rule_offsets.push((at, piece.len(), c.len_utf8()));
            at += piece.len();
        }
        // Expected file bytes of one character of the SQL: the outer encodings of the inner piece.
        let sql_start_in_rule = rule.find("\"sql\": \"").unwrap() + 8;
        let mut in_rule = sql_start_in_rule;
        let mut decoded = 0;
        for (piece, c) in sql_pieces.iter().zip(s.chars()) {
            // rule-text char index range of this piece
            let first_char = rule[..in_rule].chars().count();
            let n_chars = piece.chars().count();
            let start = rule_offsets[first_char].0;
            let last = rule_offsets[first_char + n_chars - 1];
            let end = last.0 + last.1;
            let got = map.to_file(Span::new(decoded, decoded + c.len_utf8()));
            prop_assert_eq!(got, Span::new(start, end), "char {:?} piece {:?}", c, piece);
            in_rule += piece.len();
            decoded += c.len_utf8();
        }
        // The whole statement maps to everything between the quotes of `sql` in the file.
        let whole = map.to_file(Span::new(0, s.len()));
        let first = rule_offsets[rule[..sql_start_in_rule].chars().count()].0;
        prop_assert_eq!(whole.start, first);
    }
}

proptest! {
    /// Any text parses without panicking, and every span lies on character boundaries inside the
    /// text (renderers slice the text with them).
    #[test]
    fn any_text_parses_with_valid_spans(text in "[{}\\[\\]:,\"'\\\\/#*a-z0-9 \n\r\t.+eé😀-]{0,80}|\\PC{0,40}") {
        let doc = parse(&text);
        let ok = |s: Span| s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
        for issue in &doc.issues {
            prop_assert!(ok(issue.span), "{:?} in {:?}", issue, text);
        }
        let mut stack: Vec<&Node> = doc.values.iter().collect();
        while let Some(n) = stack.pop() {
            prop_assert!(ok(n.span), "{:?} in {:?}", n.span, text);
            match &n.value {
                Value::Array(items) => stack.extend(items),
                Value::Object(members) => {
                    for m in members {
                        prop_assert!(ok(m.key_span));
                        stack.push(&m.value);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The word-at-a-time scan finds what a byte-at-a-time one finds: every pair of byte values, at
/// every place of a word and across a word boundary (a borrow carries into the next byte), and
/// in the tail shorter than a word.
#[test]
fn plain_run_end_finds_the_first_special_byte() {
    let byte_at_a_time = |bytes: &[u8], from: usize| {
        (from..bytes.len())
            .find(|&i| !PLAIN_STRING_BYTE[bytes[i] as usize])
            .unwrap_or(bytes.len())
    };
    let mut buf = [b'a'; 19];
    for first in 0..=255u8 {
        for second in 0..=255u8 {
            for at in [0, 3, 7, 14, 17] {
                buf.fill(b'a');
                buf[at] = first;
                buf[at + 1] = second;
                for from in [0, 1] {
                    assert_eq!(
                        plain_run_end(&buf, from),
                        byte_at_a_time(&buf, from),
                        "{first:#04x} {second:#04x} at {at}, from {from}"
                    );
                }
            }
        }
    }
}

#[test]
fn json_pasted_into_a_string_unescaped_is_one_finding_and_read_as_meant() {
    let text = "{\"rules\": {\n  \"r1\": \"{\"id\": \"r1\", \"sql\": \"SELECT 1\"}\",\n  \"r2\": \"plain\"\n}}";
    let doc = parse(text);
    assert_eq!(doc.issues.len(), 1, "{:?}", doc.issues);
    let issue = &doc.issues[0];
    assert_eq!(issue.kind, SyntaxKind::UnescapedQuotes);
    assert_eq!(
        &text[issue.span.range()],
        "\"{\"id\": \"r1\", \"sql\": \"SELECT 1\"}\""
    );
    assert_eq!(
        issue.fix.as_ref().unwrap().text,
        r#"{\"id\": \"r1\", \"sql\": \"SELECT 1\"}"#
    );
    let rules = &doc.values[0].field("rules").unwrap().value;
    let r1 = rules.field("r1").unwrap().value.as_str().unwrap();
    assert_eq!(r1, r#"{"id": "r1", "sql": "SELECT 1"}"#);
    // A string that merely contains a quote the JSON way is not taken for one.
    assert!(parse(r#"{"a": "say \"hi\""}"#).issues.is_empty());
}
