use std::collections::HashMap;

use crate::analysis::pass::Pass;
use crate::bundle::json::{Member, Node, Value};
use crate::bundle::{Bundle, Entry, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::source_map::SourceMap;

declare_lint! {
    /// ## What it does
    /// Reports a key that appears twice in the same JSON object, at any depth: in the bundle file
    /// and inside the JSON encoded in its strings (a rule with two `sql` keys, a config with the
    /// same confKey twice). At the top level, section names that differ only in case count as
    /// the same key, because eKuiper reads them into the same section.
    ///
    /// ## Why it matters
    /// eKuiper's decoder accepts duplicates without a word and keeps the last value: the earlier
    /// stream, rule or property is silently lost. Two copies of a section (`rules` twice) are
    /// merged instead, with later entries replacing earlier ones of the same name; a rule's
    /// `options` given twice are merged the same way.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{...}", "r1": "{...}"}}
    /// ```
    ///
    /// ## How to fix
    /// Keep one of them: rename the entry if both are wanted, or delete the stale one.
    pub static LINT = {
        code: "B012",
        name: "duplicate-key",
        severity: Warning,
        summary: "A key given twice in one object; eKuiper keeps the last silently",
        check: EachPass(check),
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        if let Pass::Outline(_) = cx {
            walk(bundle.root, &SourceMap::file(), None, out);
            across_repeated_sections(bundle, out);
        }
        // A structured entry's nodes are the file's own, walked above.
        for entry in bundle.entries().filter(|e| !e.is_structured()) {
            if let (Some(node), Some(embedded)) = (entry.json_value(), &entry.embedded) {
                walk(node, &embedded.map, Some(entry), out);
            }
        }
    }
}

/// Each member whose key (as `key_of` gives it) was used by an earlier member, with the first
/// member that used it. Objects are mostly small, where comparing pairs beats hashing.
fn repeated<'a>(
    members: &'a [Member],
    key_of: impl Fn(&'a Member) -> &'a str,
) -> Vec<(&'a Member, &'a Member)> {
    const SMALL: usize = 16;
    let mut found = Vec::new();
    if members.len() <= SMALL {
        for (i, m) in members.iter().enumerate() {
            let key = key_of(m);
            if let Some(earlier) = members[..i].iter().find(|e| key_of(e) == key) {
                found.push((m, earlier));
            }
        }
    } else {
        let mut first: HashMap<&str, &Member> = HashMap::with_capacity(members.len());
        for m in members {
            match first.get(key_of(m)) {
                Some(earlier) => found.push((m, *earlier)),
                None => {
                    first.insert(key_of(m), m);
                }
            }
        }
    }
    found
}

/// A section given twice is merged by eKuiper, so an entry name used in both copies is a
/// duplicate too, though the two sit in different objects.
fn across_repeated_sections(bundle: &Bundle, out: &mut Vec<Diagnostic>) {
    // Usually every section is given once: then there is nothing to look up (a table of every
    // entry of a large bundle would be built for nothing).
    let kinds: Vec<SectionKind> = bundle.sections.iter().filter_map(|s| s.kind).collect();
    if !kinds
        .iter()
        .enumerate()
        .any(|(i, k)| kinds[..i].contains(k))
    {
        return;
    }
    let mut seen: HashMap<(SectionKind, &str), (usize, &Member)> = HashMap::new();
    for (index, section) in bundle.sections.iter().enumerate() {
        for entry in &section.entries {
            match seen.get(&(entry.section, entry.name())) {
                Some(&(earlier_index, earlier)) if earlier_index != index => out.push(
                    LINT.at(
                        entry.member.key_span,
                        format!(
                            "{} `{}` is defined again in a second `{}` section: eKuiper keeps only this last one",
                            entry.section.entry_noun(),
                            entry.name(),
                            entry.section.key()
                        ),
                    )
                    .with_path(entry.pointer())
                    .with_label(earlier.key_span, "this earlier definition is silently discarded")
                    .with_help("keep one: rename it if both are wanted, or delete the stale one"),
                ),
                Some(_) => {}
                None => {
                    seen.insert((entry.section, entry.name()), (index, entry.member));
                }
            }
        }
    }
}

/// Checks every object under `root` (iteratively: JSON can nest deeper than the call stack).
fn walk(root: &Node, map: &SourceMap, entry: Option<&Entry>, out: &mut Vec<Diagnostic>) {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                report_duplicates(root, members, depth, map, entry, out);
                stack.extend(members.iter().rev().map(|m| (&m.value, depth + 1)));
            }
            Value::Array(items) => stack.extend(items.iter().rev().map(|n| (n, depth + 1))),
            _ => {}
        }
    }
}

fn report_duplicates<'a>(
    root: &Node,
    members: &'a [Member],
    depth: usize,
    map: &SourceMap,
    entry: Option<&Entry>,
    out: &mut Vec<Diagnostic>,
) {
    if members.len() < 2 {
        return;
    }
    // The bundle's top level is a Go struct whose field names match without regard to case.
    let bundle_top = entry.is_none() && depth == 0;
    // Go decodes a repeated struct field holding an object into the same value, merging them:
    // the bundle's sections, and the object fields of a rule (`options`).
    let merges_objects =
        bundle_top || (depth == 0 && entry.is_some_and(|e| e.section == SectionKind::Rules));
    let key_of = |m: &'a Member| -> &'a str {
        match bundle_top
            .then(|| SectionKind::from_key(&m.key.value))
            .flatten()
        {
            Some(kind) => kind.key(),
            None => &m.key.value,
        }
    };
    for (m, earlier) in repeated(members, key_of) {
        let both_objects = matches!(
            (&earlier.value.value, &m.value.value),
            (Value::Object(_), Value::Object(_))
        );
        let (message, label) = if merges_objects && both_objects {
            (
                format!("`{}` appears again: eKuiper merges the two, later members replacing earlier ones of the same name", m.key.value),
                "first given here",
            )
        } else {
            (
                format!(
                    "duplicate key `{}`: eKuiper keeps only this last value",
                    m.key.value
                ),
                "this earlier value is silently discarded",
            )
        };
        let mut d = LINT
            .at(map.to_file(m.key_span), message)
            .with_label(map.to_file(earlier.key_span), label)
            .with_help("keep one: rename it if both are wanted, or delete the stale one");
        let pointer = root.pointer_at(m.key_span.start);
        d = match entry {
            Some(e) => d.with_path(e.pointer()).with_inner(pointer, m.key_span),
            None => d.with_path(pointer),
        };
        out.push(d);
    }
}
