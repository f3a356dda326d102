//! One migration per file; [`super::MIGRATIONS`] lists them.

pub mod add_scripts;
pub mod add_uploads;
pub mod config_durations;
pub mod connection_selector;
pub mod influx2_token;
pub mod json_to_yaml;
pub mod option_durations;
pub mod plugin_builds;
pub mod removed_sinks;
pub mod restart_durations;
pub mod restart_ignored;
pub mod rule_id;
pub mod ruleset_to_bundle;
pub mod sasl_password;
pub mod send_error_default;
pub mod sql_dburl;
pub mod yaml_to_json;

use super::{duration_value, go_duration_ms, json_string, Cx, DurationValue, Layer, Props};
use crate::bundle::json::Node;

/// Renames the exact key `old` to `new` in `props` (B1, B2). When `new` is also there, eKuiper
/// 2.x overwrites it with `old`'s value on import; which one the author meant is not mechanical,
/// so that case is a warning.
pub(super) fn rename_key(cx: &mut Cx, p: &Props, old: &str, new: &str, why: &str) {
    let olds: Vec<_> = p.members(old).collect();
    if olds.is_empty() {
        return;
    }
    let conflict = p.has(new);
    for m in olds {
        let span = p.layer.to_file(m.key_span);
        if conflict {
            cx.warn(
                span,
                format!(
                    "{} has both `{old}` and `{new}`: eKuiper 2.x overwrites `{new}` with the value of `{old}` on import; keep the one you mean under `{new}`",
                    p.what
                ),
            );
        } else {
            let edit = p.layer.edit(m.key_span, &json_string(new));
            cx.apply(
                span,
                format!("renamed `{old}` to `{new}` in {} ({why})", p.what),
                vec![edit],
            );
        }
    }
}

/// Rewrites integer milliseconds at `node` as a Go duration string (C1, C2), or warns about a
/// value that is not whole milliseconds. Strings are left alone: 1.x decoded these options as
/// integers, so a string is already a 2.x duration.
pub(super) fn number_to_duration(cx: &mut Cx, layer: &Layer, node: &Node, what: &str, apply: bool) {
    let span = layer.to_file(node.span);
    match duration_value(layer.text, node) {
        DurationValue::Millis(ms) => match go_duration_ms(ms) {
            Some(d) if apply => {
                let edit = layer.edit(node.span, &json_string(&d));
                cx.apply(span, format!("{what}: {ms} (ms) → \"{d}\""), vec![edit]);
            }
            Some(d) => cx.warn(
                span,
                format!("{what}: {ms} (ms) could be written \"{d}\"; not rewritten because the source version is uncertain (pass --from)"),
            ),
            None => cx.warn(span, format!("{what}: {ms} ms is too large for a Go duration")),
        },
        DurationValue::Fraction(t) => cx.warn(
            span,
            format!("{what}: `{t}` is not whole milliseconds; eKuiper truncates it; write a duration string such as \"1.5s\""),
        ),
        DurationValue::NumericString(_) | DurationValue::Other => {}
    }
}
