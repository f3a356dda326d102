//! `kuiperlint diff`: what an import would create, change and delete.

use crate::diff::Impact;

/// The impact as text: one line per section that has anything, then one line per entry.
pub fn text(impact: &Impact) -> String {
    let mut out = String::new();
    for (section, s) in impact.iter().filter(|(_, s)| !s.is_empty()) {
        out.push_str(&format!(
            "{section}: {} created, {} changed, {} deleted, {} unchanged\n",
            s.create.len(),
            s.change.len(),
            s.delete.len(),
            s.keep
        ));
        for (mark, names) in [('+', &s.create), ('~', &s.change), ('-', &s.delete)] {
            for name in names {
                match s.details.get(name).filter(|d| !d.is_empty()) {
                    Some(places) => {
                        out.push_str(&format!("  {mark} {name}: {}\n", places.join("; ")))
                    }
                    None => out.push_str(&format!("  {mark} {name}\n")),
                }
            }
        }
    }
    if out.is_empty() {
        out.push_str("both bundles are empty\n");
    }
    out
}

/// The impact as one JSON document (`--format json`).
pub fn json(impact: &Impact, partial: bool) -> String {
    let sections: serde_json::Map<String, serde_json::Value> = impact
        .iter()
        .map(|(k, s)| (k.to_string(), serde_json::to_value(s).expect("plain data")))
        .collect();
    let doc = serde_json::json!({ "partial": partial, "sections": sections });
    serde_json::to_string_pretty(&doc).expect("plain data") + "\n"
}
