//! `--format getstatus`: the per-section map that `kuiper getstatus import` returns after an
//! import — `{"streams": {"<name>": "<error>"}, "rules": {...}, ...}` with all twelve sections,
//! listing only entries with errors — computed before the import, so scripts written for
//! eKuiper's answer can read ours. Errors about the whole file (eKuiper's `configuration
//! unmarshal with error ...`) go under an extra top-level `"error"`.

use serde_json::{Map, Value};

use crate::bundle::SectionKind;
use crate::diagnostic::Severity;
use crate::engine::FileReport;

fn status(report: &FileReport) -> Value {
    let mut sections: Map<String, Value> = SectionKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), Value::Object(Map::new())))
        .collect();
    let mut whole_file = Vec::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let mut parts = d.path.splitn(3, '/').skip(1);
        let section = parts.next().and_then(SectionKind::from_key);
        let entry = parts
            .next()
            .map(|e| e.replace("~1", "/").replace("~0", "~"));
        match (section, entry) {
            (Some(section), Some(entry)) => {
                let items = sections[section.key()]
                    .as_object_mut()
                    .expect("an object per section");
                let text = format!("{}: {}", d.code, d.message);
                match items.get_mut(&entry) {
                    Some(Value::String(existing)) => {
                        existing.push_str("; ");
                        existing.push_str(&text);
                    }
                    _ => {
                        items.insert(entry, Value::String(text));
                    }
                }
            }
            _ => whole_file.push(format!("{}: {}", d.code, d.message)),
        }
    }
    let mut out = Value::Object(sections);
    if !whole_file.is_empty() {
        out["error"] = Value::String(whole_file.join("; "));
    }
    out
}

/// One status map for one file; an object of them keyed by file name for several.
pub fn render_getstatus(reports: &[FileReport]) -> String {
    let doc = match reports {
        [one] => status(one),
        many => Value::Object(
            many.iter()
                .map(|r| (r.source.name.clone(), status(r)))
                .collect(),
        ),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain data");
    out.push('\n');
    super::redact(out, reports)
}
