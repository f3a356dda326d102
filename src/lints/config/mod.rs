//! `C`: configs and rule objects against the JSON Schemas in `schemas/`.
//!
//! Every decoded entry is validated once ([`ConfigAnalysis`], built on first use) against the
//! schema for its kind and the target's version line; each lint of the family reports the kind
//! of schema problem it owns (`lint_for`) at the exact span in the outer file.

pub mod event_time_without_timestamp;
pub mod invalid_shape;
pub mod invalid_value;
pub mod missing_property;
pub mod mqtt_server_scheme;
pub mod no_schema;
pub mod property_case;
pub mod unknown_property;
pub mod unresolved_placeholder;
pub mod wrong_type;

use super::Lint;
use crate::analysis::configs::ConfigFinding;
use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::{Diagnostic, Severity};

/// The lint that reports a schema problem of this kind.
pub(crate) fn lint_for(problem: &Problem) -> &'static Lint {
    match problem {
        Problem::UnknownProperty { name, known } => match same_but_case(name, known) {
            Some(_) => &property_case::LINT,
            None => &unknown_property::LINT,
        },
        Problem::WrongType { .. } => &wrong_type::LINT,
        Problem::InvalidValue { .. } => &invalid_value::LINT,
        Problem::Missing { .. } => &missing_property::LINT,
        Problem::Shape { .. } => &invalid_shape::LINT,
    }
}

/// Reports the findings `lint` owns ([`lint_for`]), with the message and help `describe`
/// builds (None for a problem of another kind).
pub(crate) fn report_config(
    cx: &PassContext,
    lint: &'static Lint,
    describe: impl Fn(&ConfigFinding) -> Option<(String, Option<String>)>,
    out: &mut Vec<Diagnostic>,
) {
    report_config_renaming(cx, lint, describe, |_| None, out);
}

/// [`report_config`], with the fix that renames an unknown property's key to what `rename`
/// gives (the new name and how safe the rename is), where the key can be renamed.
pub(crate) fn report_config_renaming(
    cx: &PassContext,
    lint: &'static Lint,
    describe: impl Fn(&ConfigFinding) -> Option<(String, Option<String>)>,
    rename: impl Fn(&ConfigFinding) -> Option<(String, crate::diagnostic::Applicability)>,
    out: &mut Vec<Diagnostic>,
) {
    for f in &cx.config().findings {
        if !std::ptr::eq(lint_for(&f.error.problem), lint) {
            continue;
        }
        let Some((message, help)) = describe(f) else {
            continue;
        };
        let Some(embedded) = &f.entry.embedded else {
            continue;
        };
        let (span, pointer) = f.target();
        let mut d = lint
            .at(embedded.map.to_file(span), message)
            .with_path(f.entry.pointer())
            .with_inner(pointer, span);
        // An error is a promise that eKuiper refuses the value: only where the schema names the
        // code that does it (`x-refused-by`); elsewhere the finding is a warning.
        if d.severity == Severity::Error && f.error.refused_by.is_none() {
            d.severity = Severity::Warning;
        }
        if let Some(help) = help {
            d = d.with_help(help);
        }
        if let Some((to, applicability)) = rename(f) {
            if let Some(key) = f.renamable_key(&to) {
                // Quoted as the key was (a YAML key may be plain).
                let quoted = embedded
                    .text
                    .get(key.range())
                    .is_some_and(|k| k.starts_with('"'));
                let plain = to.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let text = if quoted || !plain {
                    serde_json::to_string(&to).unwrap_or_default()
                } else {
                    to.clone()
                };
                d = d.with_fix_of(
                    applicability,
                    format!("rename to `{to}`"),
                    vec![embedded.map.edit(key, &text)],
                );
            }
        }
        out.push(d);
    }
}

/// A known property equal to `name` but for case.
fn same_but_case<'k>(name: &str, known: &'k [String]) -> Option<&'k str> {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name) && *k != name)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::REGISTRY;

    /// The lints of the family that report schema problems.
    const REPORT_CONFIG: &[&Lint] = &[
        &unknown_property::LINT,
        &property_case::LINT,
        &wrong_type::LINT,
        &invalid_value::LINT,
        &missing_property::LINT,
        &invalid_shape::LINT,
    ];

    #[test]
    fn every_lint_that_reports_problems_owns_a_kind() {
        let why = || "why".to_string();
        // One problem of each kind (a new kind goes here as it goes into [`lint_for`]).
        let problems = [
            Problem::UnknownProperty {
                name: "sever".into(),
                known: vec!["server".into()],
            },
            Problem::UnknownProperty {
                name: "Server".into(),
                known: vec!["server".into()],
            },
            Problem::Missing {
                name: "server".into(),
            },
            Problem::WrongType { expected: why() },
            Problem::InvalidValue { why: why() },
            Problem::Shape { why: why() },
        ];
        for lint in REGISTRY.iter().filter(|l| l.code.starts_with('C')) {
            let owns = problems.iter().any(|p| std::ptr::eq(lint_for(p), *lint));
            let reports = REPORT_CONFIG.iter().any(|l| std::ptr::eq(*l, *lint));
            assert_eq!(owns, reports, "{} owns a kind: {owns}", lint.code);
        }
    }
}
