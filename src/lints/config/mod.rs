//! `C`: configs and rule objects against the JSON Schemas in `schemas/`.
//!
//! Every decoded entry is validated once ([`ConfigAnalysis`], built on first use) against the
//! schema for its kind and the target's version line; each lint of the family reports one kind
//! of schema problem at the exact span in the outer file.

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
use crate::analysis::pass::Context;
use crate::diagnostic::Diagnostic;

/// Reports the findings that `pick` selects, with the message and help it builds.
pub(crate) fn report_config(
    cx: &Context,
    lint: &'static Lint,
    pick: impl Fn(&ConfigFinding) -> Option<(String, Option<String>)>,
    out: &mut Vec<Diagnostic>,
) {
    for f in &cx.config().findings {
        let Some((message, help)) = pick(f) else {
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
        if let Some(help) = help {
            d = d.with_help(help);
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
