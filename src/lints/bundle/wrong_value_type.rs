use crate::analysis::pass::{OutlineContext, Pass};
use crate::bundle::json::Value;
use crate::bundle::{escape_pointer, Entry, FileKind, Payload, Section};
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::edit::encode_string_content;
use crate::source::edit::Edit;

declare_lint! {
    /// ## What it does
    /// Reports values whose JSON type is not what eKuiper decodes there:
    /// - a section that is not an object (`null` is fine: it means empty);
    /// - an entry that is not a string, such as a rule written as a JSON object;
    /// - an entry that is `null`;
    /// - encoded JSON that is not an object (a rule, plugin, service, schema, upload or script
    ///   string must hold an object; a config string an object of objects, one per confKey).
    ///
    /// ## Why it matters
    /// eKuiper declares every section as a map from names to strings. A rule given as an object
    /// makes the whole file fail to decode, after the server has been wiped. A `null` entry
    /// decodes as an empty string and fails that entry. Encoded JSON of the wrong shape fails
    /// that entry.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": {"id": "r1", "sql": "SELECT * FROM s1", "actions": [{"log": {}}]}}}
    /// ```
    ///
    /// ## How to fix
    /// Encode the object as a JSON string, as `kuiper export data` writes it (the suggested fix
    /// does, keeping the text of the object).
    ///
    /// ## Evidence
    /// Each section is decoded as a map from name to string; any other value fails the whole decoding:
    /// `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0` (partial).
    pub static LINT = {
        code: "B010",
        name: "wrong-value-type",
        severity: Error,
        summary: "A section or entry whose JSON type eKuiper cannot decode",
        check: EachPass(check),
        fixable: Safe,
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    for section in cx.bundles.iter().flat_map(|b| &b.sections) {
        let Some(kind) = section.kind else { continue };
        let value = &section.member.value;
        match &value.value {
            Value::Object(_) | Value::Null | Value::Invalid => {}
            // What the outer document shows is reported once, in the outline pass.
            _ if !matches!(cx, Pass::Outline(_)) => {}
            _ => out.push(
                LINT.at(
                    value.span,
                    format!(
                        "section `{}` must be an object of {}s by name; found {}",
                        section.member.key.value,
                        kind.entry_noun(),
                        value.type_name()
                    ),
                )
                .with_path(format!("/{}", escape_pointer(&section.member.key.value))),
            ),
        }
        for entry in &section.entries {
            check_entry(cx, section, entry, out);
        }
    }
}

fn check_entry(cx: Pass, section: &Section, entry: &Entry, out: &mut Vec<Diagnostic>) {
    // YAML files and rule files hold their entries as structures, not encoded strings.
    if entry.is_structured() || cx.file.kind != FileKind::Bundle {
        return;
    }
    // The value as the outer document writes it is reported once, in the outline pass; what
    // it decodes to, in the pass that decodes it (a window, for a rule).
    if let Pass::Outline(cx) = cx {
        check_written(cx, section, entry, out);
    }
    check_encoded_shape(entry, out);
}

fn check_written(cx: &OutlineContext, section: &Section, entry: &Entry, out: &mut Vec<Diagnostic>) {
    let noun = entry.section.entry_noun();
    let value = &entry.member.value;
    let name = entry.name();
    match &value.value {
        Value::String(_) | Value::Invalid => {}
        Value::Null => out.push(
            LINT.at(value.span, format!("{noun} `{name}` is null"))
                .with_path(entry.pointer())
                .with_help(format!(
                    "eKuiper decodes null as an empty string, which fails for this {noun}; remove the entry or give its value"
                )),
        ),
        other => {
            let mut d = LINT
                .at(
                    value.span,
                    format!("{noun} `{name}` must be a string; found {}", value.type_name()),
                )
                .with_path(entry.pointer())
                .with_label(section.member.key_span, "eKuiper decodes every entry of this section as a string");
            if entry.section.payload() == Payload::Json && matches!(other, Value::Object(_) | Value::Array(_)) {
                let source = &cx.file.source.text[value.span.range()];
                d = d
                    .with_help(format!(
                        "encode the {noun} as a JSON string, as `kuiper export data` does; the whole file fails to decode otherwise"
                    ))
                    .with_fix(
                        "encode the value as a JSON string",
                        vec![Edit { span: value.span, text: format!("\"{}\"", encode_string_content(source)) }],
                    );
            } else {
                d = d.with_help("the whole file fails to decode otherwise");
            }
            out.push(d);
        }
    }
}

/// The decoded JSON of an entry must be an object; for configs, an object of objects.
fn check_encoded_shape(entry: &Entry, out: &mut Vec<Diagnostic>) {
    let (Some(node), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
        return;
    };
    let noun = entry.section.entry_noun();
    let name = entry.name();
    let Some(members) = node.as_object() else {
        if !matches!(node.value, Value::Invalid) {
            out.push(
                LINT.at(
                    embedded.map.to_file(node.span),
                    format!(
                        "the JSON of {noun} `{name}` must be an object; found {}",
                        node.type_name()
                    ),
                )
                .with_path(entry.pointer())
                .with_inner("", node.span),
            );
        }
        return;
    };
    if !entry.section.is_config() {
        return;
    }
    for m in members {
        if matches!(m.value.value, Value::Object(_) | Value::Invalid) {
            continue;
        }
        out.push(
            LINT.at(
                embedded.map.to_file(m.value.span),
                format!(
                    "confKey `{}` of {noun} `{name}` must be an object of properties; found {}",
                    m.key.value,
                    m.value.type_name()
                ),
            )
            .with_path(entry.pointer())
            .with_inner(format!("/{}", escape_pointer(&m.key.value)), m.value.span)
            .with_help(
                "a config string holds {\"<confKey>\": {\"<property>\": <value>, ...}, ...}",
            ),
        );
    }
}
