use proptest::prelude::*;

use super::*;

/// The file text that the decoded bytes `needle` (first occurrence) of the string at `pointer`
/// came from.
fn source_of<'t>(text: &'t str, doc: &Document, pointer: &str, needle: &str) -> &'t str {
    let node = doc.values[0].at_pointer(pointer).expect("pointer");
    let Value::String(s) = &node.value else {
        panic!("{pointer} is not a string: {:?}", node.value)
    };
    let at = s.value.find(needle).expect("needle in value");
    let span = s
        .escape_map(node.span)
        .map_span(Span::new(at, at + needle.len()));
    &text[span.range()]
}

#[test]
fn mappings_sequences_and_typed_scalars_keep_their_spans() {
    let text = "a: 1\nb:\n  - x\n  - {k: true, n: ~}\nc: 'q'\n";
    let doc = parse(text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let root = &doc.values[0];
    let members = root.as_object().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(&text[members[1].key_span.range()], "b");
    let b = &members[1].value;
    assert_eq!(&text[b.span.range()], "- x\n  - {k: true, n: ~}");
    assert_eq!(root.at_pointer("/a").unwrap().value, Value::Number);
    assert_eq!(root.at_pointer("/b/1/k").unwrap().value, Value::Bool(true));
    assert_eq!(root.at_pointer("/b/1/n").unwrap().value, Value::Null);
    assert_eq!(
        &text[root.at_pointer("/b/1").unwrap().span.range()],
        "{k: true, n: ~}"
    );
    assert_eq!(root.at_pointer("/c").unwrap().as_str(), Some("q"));
    assert_eq!(&text[root.at_pointer("/c").unwrap().span.range()], "'q'");
}

#[test]
fn literal_block_maps_past_the_indentation() {
    let text = "rules:\n  r1:\n    sql: |\n      SELECT a,\n        b FROM demo\n    x: 1\n";
    let doc = parse(text);
    assert_eq!(source_of(text, &doc, "/rules/r1/sql", "b FROM"), "b FROM");
    let sql = doc.values[0].at_pointer("/rules/r1/sql").unwrap();
    assert_eq!(sql.as_str(), Some("SELECT a,\n  b FROM demo\n"));
    assert_eq!(&text[sql.span.range()], "SELECT a,\n        b FROM demo");
}

#[test]
fn double_quoted_escapes_and_folds_map_exactly() {
    let text = "s: \"CREATE STREAM d () WITH (FORMAT=\\\"json\\\",\n  KEY=\\u0041b)\"\n";
    let doc = parse(text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let s = doc.values[0].at_pointer("/s").unwrap().as_str().unwrap();
    assert_eq!(s, "CREATE STREAM d () WITH (FORMAT=\"json\", KEY=Ab)");
    assert_eq!(source_of(text, &doc, "/s", "\"json\""), "\\\"json\\\"");
    assert_eq!(source_of(text, &doc, "/s", "KEY"), "KEY");
    assert_eq!(source_of(text, &doc, "/s", "Ab"), "\\u0041b");
    assert_eq!(source_of(text, &doc, "/s", ", "), ",\n  ");
}

#[test]
fn plain_single_quoted_and_folded_scalars() {
    let text = "p: hello\n   big world\nq: 'it''s here'\nf: >\n  one\n  two\n\n  three\n";
    let doc = parse(text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    assert_eq!(source_of(text, &doc, "/p", "big"), "big");
    assert_eq!(source_of(text, &doc, "/q", "here"), "here");
    assert_eq!(source_of(text, &doc, "/q", "'"), "''");
    let f = doc.values[0].at_pointer("/f").unwrap();
    assert_eq!(f.as_str(), Some("one two\nthree\n"));
    assert_eq!(source_of(text, &doc, "/f", "three"), "three");
}

#[test]
fn non_ascii_text_gives_byte_spans() {
    let text = "é: \"ü SELECT\"\n";
    let doc = parse(text);
    assert_eq!(source_of(text, &doc, "/é", "SELECT"), "SELECT");
}

#[test]
fn a_block_cut_off_at_the_end_of_the_file_maps_inside_it() {
    // The value gets a final line break the file does not have.
    let text = "s:\n  sql: |\n    CREATE STREAM s";
    let doc = parse(text);
    let node = doc.values[0].at_pointer("/s/sql").unwrap();
    let Value::String(s) = &node.value else {
        panic!()
    };
    assert_eq!(s.value, "CREATE STREAM s\n");
    let all = s
        .escape_map(node.span)
        .map_span(Span::new(0, s.value.len()));
    assert_eq!(&text[all.range()], "CREATE STREAM s");
    // Beyond what one record holds, the rest is split, every part at the end.
    let tail = within(3, 600);
    assert_eq!(
        tail.iter().map(|e| e.decoded_len as usize).sum::<usize>(),
        597
    );
    assert!(tail.iter().all(|e| e.raw == 3 && e.raw_len == 0));
}

#[test]
fn a_syntax_error_keeps_what_was_read() {
    let text = "streams:\n  s1: {sql: x}\nrules: [a, b\n";
    let doc = parse(text);
    assert_eq!(doc.issues.len(), 1);
    let issue = &doc.issues[0];
    assert!(
        issue.message.starts_with("invalid YAML"),
        "{}",
        issue.message
    );
    assert!(issue.span.start >= text.find("rules").unwrap());
    assert_eq!(
        doc.values[0]
            .at_pointer("/streams/s1/sql")
            .unwrap()
            .as_str(),
        Some("x")
    );
}

#[test]
fn aliases_and_merge_keys_are_expanded() {
    let text = "base: &b {qos: 1, server: tcp://x}\nconf:\n  <<: *b\n  qos: 2\n";
    let doc = parse(text);
    let conf = doc.values[0].at_pointer("/conf").unwrap();
    let keys: Vec<_> = conf
        .as_object()
        .unwrap()
        .iter()
        .map(|m| m.key.value.as_str())
        .collect();
    assert_eq!(keys, ["server", "qos"]);
    assert_eq!(&text[conf.at_pointer("/qos").unwrap().span.range()], "2");
}

#[test]
fn an_alias_bomb_is_cut_off() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..8 {
        let prev = format!("*a{}", i - 1);
        let items = [prev.as_str(); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    let doc = parse(&text);
    assert!(doc
        .issues
        .iter()
        .any(|i| i.message.contains("aliases expand")));
}

#[test]
fn deep_flow_nesting_does_not_overflow_the_stack() {
    let depth = 100_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let doc = parse(&text);
    // Whether the parser accepts that depth or stops with an error, it returns.
    assert!(doc.values.len() <= 1);
}

#[test]
fn a_second_document_is_reported() {
    let doc = parse("a: 1\n---\nb: 2\n");
    assert!(doc.issues.iter().any(|i| i.kind == SyntaxKind::ExtraValue));
}

#[test]
fn numbers_are_only_the_json_forms() {
    for (s, number) in [
        ("12", true),
        ("-1.5e3", true),
        ("0x1F", false),
        ("012", false),
        ("1.", false),
    ] {
        assert_eq!(is_json_number(s), number, "{s}");
    }
}

/// A YAML double-quoted literal for `s` with escapes chosen by `style` bits.
fn double_quoted(s: &str, style: &[bool]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let fancy = style.get(i % style.len().max(1)).copied().unwrap_or(false);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if fancy && (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    /// Every character of a string written in double quotes or as a literal block maps back to
    /// source bytes that spell it.
    #[test]
    fn every_character_maps_back(s in "[a-zA-Z0-9 ,.()'\"\\\\=é\u{1F600}\t]{0,40}", style in proptest::collection::vec(any::<bool>(), 1..5), lines in 1usize..4) {
        let quoted = format!("k: {}\n", double_quoted(&s, &style));
        let body: Vec<String> = (0..lines).map(|n| format!("      {}{}", s.trim(), n)).collect();
        let block = format!("k:\n  sql: |\n{}\n", body.join("\n"));
        for (text, pointer) in [(quoted.as_str(), "/k"), (block.as_str(), "/k/sql")] {
            let doc = parse(text);
            prop_assert!(doc.issues.is_empty(), "{:?} in {text:?}", doc.issues);
            let node = doc.values[0].at_pointer(pointer).unwrap();
            let Value::String(js) = &node.value else { panic!("not a string") };
            let map = js.escape_map(node.span);
            for (at, c) in js.value.char_indices() {
                let span = map.map_span(Span::new(at, at + c.len_utf8()));
                let src = &text[span.range()];
                let reparsed = parse(&format!("k: \"{src}\"\n"));
                let back = reparsed.values.first().and_then(|v| v.at_pointer("/k")).and_then(Node::as_str).map(str::to_string);
                // A block's line break owns the next line's indentation.
                let plain = src.trim_end_matches(' ') == c.to_string();
                prop_assert!(plain || back.as_deref() == Some(&c.to_string()),
                    "{c:?} at {at} maps to {src:?} in {text:?}");
            }
        }
    }
}
