//! The loader and the source map: any bytes are decoded, parsed with recovery (as JSON and as
//! YAML) and read as bundles without panicking, and every span lies in its text. For JSON, every
//! character of every decoded entry, and of every string inside it one level further, maps back
//! to the bytes that wrote it in the file: the same character, or the escape that produced it.
//! For YAML only the bounds of the spans inside a document are checked: a scalar can fold a line
//! break into a space, and where its folding cannot be retraced its map is approximate (check
//! widens every finding to whole characters; docs/robustness.md).

#![no_main]

use kuiperlint::bundle::json::Value;
use kuiperlint::source::span::Span;
use kuiperlint::bundle::{decode_bytes, Decoded, LoadedFile, SourceFile};
use kuiperlint_fuzz::{assert_bounds, assert_maps_back, assert_span, assert_within};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match decode_bytes(data.to_vec()) {
        Decoded::Text(text) => text,
        Decoded::NotText {
            span, valid_prefix, ..
        } => {
            assert!(span.start < span.end && span.end <= data.len());
            assert!(data.starts_with(valid_prefix.as_bytes()));
            return;
        }
    };
    for name in ["fuzz.json", "fuzz.yaml"] {
        let file = LoadedFile::parse(SourceFile::new(name, text.clone()));
        let t = file.source.text.as_str();
        let strict = !file.kind.is_yaml();
        let check = |text: &str, span: Span, what: &str| {
            if strict {
                assert_span(text, span, what)
            } else {
                assert_bounds(text, span, what)
            }
        };
        for issue in &file.document.issues {
            assert_span(t, issue.span, "issue");
            let _ = file.source.position(issue.span.start);
            if let Some(fix) = &issue.fix {
                assert_span(t, fix.span, "fix");
            }
            if let Some((span, _)) = &issue.related {
                assert_span(t, *span, "related");
            }
        }
        for root in &file.document.values {
            for node in root.descendants() {
                check(t, node.span, "node");
                for m in node.as_object().unwrap_or_default() {
                    check(t, m.key_span, "key");
                }
            }
        }
        for bundle in file.bundles() {
            for entry in bundle.entries() {
                let Some(embedded) = &entry.embedded else {
                    continue;
                };
                if strict {
                    assert_maps_back(t, embedded, "entry");
                } else {
                    assert_within(t, embedded, "entry");
                }
                if let Some(doc) = &entry.json {
                    for issue in &doc.issues {
                        assert_span(embedded.text, issue.span, "inner issue");
                        check(t, embedded.map.to_file(issue.span), "inner issue in file");
                    }
                }
                let Some(root) = entry.json_value() else {
                    continue;
                };
                for node in root.descendants() {
                    check(embedded.text, node.span, "inner node");
                    check(t, embedded.map.to_file(node.span), "inner node in file");
                    if let Value::String(_) = &node.value {
                        let nested = embedded.nested(node).expect("a string node");
                        if strict {
                            assert_maps_back(t, &nested, "string in entry");
                        } else {
                            assert_within(t, &nested, "string in entry");
                        }
                    }
                }
            }
        }
    }
});
