use crate::bundle::json::Node;
use crate::ekuiper::version::Version;
use crate::migrate::{
    declare_migration, duration_value, go_duration_ms, json_string, Applies, Cx, DurationValue,
    Layer,
};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 1);

declare_migration! {
    /// ## What it does
    /// In every config (`sourceConfig`, `sinkConfig`, `connectionConfig`) and in the props of
    /// `kafka`/`sql` actions, rewrites integer milliseconds in `timeout`, `expiration` and
    /// `interval` as Go duration strings (`5000` → `"5s"`, `300000` → `"5m0s"`). Numeric strings
    /// (`"5000"`) are converted too, as eKuiper does; duration strings stay as they are.
    /// `cacheTtl` and `lookup.cacheTtl` are only **warned** about (see Why). A number with a
    /// fraction is warned about (eKuiper truncates it).
    ///
    /// Applied when every target release is 2.0.1 or later; with `--to 2.0` (which includes
    /// 2.0.0, where this conversion did not exist yet) it warns instead.
    ///
    /// ## Why
    /// eKuiper 2.0.1+ converts these keys itself when it imports a config (`ReplaceDuration`), so
    /// the rewrite makes the bundle say what the server will store. For `cacheTtl` the unit is in
    /// doubt: eKuiper converts it as milliseconds, but the 1.x lookup-table guide shows
    /// `cacheTtl: 600` as a cache expiration, which reads as seconds (600 ms would be an odd
    /// cache). A person should write the duration they mean (`"10m"`).
    ///
    /// ## Example
    /// `"httppull": "{\"c1\": {\"interval\": 10000}}"` → `"httppull": "{\"c1\": {\"interval\": \"10s\"}}"`
    ///
    /// ## Evidence
    /// `ReplaceDuration` in `pkg/replace/replace.go@HEAD` (`cast.ToInt(…, CONVERT_ALL)` then
    /// `time.Duration(n) * time.Millisecond`), first in v2.0.1 (migration.md B4).
    pub static MIGRATION = {
        code: "M007",
        name: "config-durations",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Integer milliseconds in config durations → Go duration strings",
        run: run,
    };
}

const KEYS: [&str; 3] = ["timeout", "expiration", "interval"];

fn run(cx: &mut Cx) {
    let since = AT;
    let apply = match cx.to {
        to if to.all_at_least(since) => true,
        to if to.all_before(since) => return,
        _ => false,
    };
    for p in cx.props(true) {
        if p.is_action() && !matches!(p.plugin, "kafka" | "sql") {
            continue;
        }
        for key in KEYS {
            for m in p.members(key) {
                convert(
                    cx,
                    &p.layer,
                    &m.value,
                    &format!("`{key}` of {}", p.what),
                    apply,
                );
            }
        }
        for m in p.members("cacheTtl") {
            ttl(cx, &p.layer, &m.value, &format!("`cacheTtl` of {}", p.what));
        }
        for lookup in p.members("lookup") {
            for m in lookup.value.as_object().unwrap_or_default() {
                if m.key.value == "cacheTtl" {
                    ttl(
                        cx,
                        &p.layer,
                        &m.value,
                        &format!("`lookup.cacheTtl` of {}", p.what),
                    );
                }
            }
        }
    }
}

fn convert(cx: &mut Cx, layer: &Layer, node: &Node, what: &str, apply: bool) {
    let span = layer.to_file(node.span);
    let (ms, shown) = match duration_value(layer.text, node) {
        DurationValue::Millis(ms) => (ms, ms.to_string()),
        DurationValue::NumericString(ms) => (ms, format!("\"{ms}\"")),
        DurationValue::Fraction(t) => {
            cx.warn(span, format!("{what}: `{t}` is not whole milliseconds; eKuiper truncates it; write a duration string such as \"1.5s\""));
            return;
        }
        DurationValue::Other => return,
    };
    match go_duration_ms(ms) {
        Some(d) if apply => {
            let edit = layer.edit(node.span, &json_string(&d));
            cx.apply(span, format!("{what}: {shown} (ms) → \"{d}\""), vec![edit]);
        }
        Some(d) => cx.warn(
            span,
            format!("{what}: {shown} (ms) → \"{d}\" from eKuiper 2.0.1 on, but 2.0.0 reads it as it is; pass `--to 2.0.1` or later to rewrite it"),
        ),
        None => cx.warn(span, format!("{what}: {shown} ms is too large for a Go duration")),
    }
}

fn ttl(cx: &mut Cx, layer: &Layer, node: &Node, what: &str) {
    let span = layer.to_file(node.span);
    let n = match duration_value(layer.text, node) {
        DurationValue::Millis(n) | DurationValue::NumericString(n) => n,
        DurationValue::Fraction(_) | DurationValue::Other => return,
    };
    cx.warn(
        span,
        format!("{what}: eKuiper 2.x converts {n} as milliseconds (\"{}\"); if it meant seconds, write the duration, e.g. \"{}\"",
            go_duration_ms(n).unwrap_or_default(),
            n.checked_mul(1000).and_then(go_duration_ms).unwrap_or_default()),
    );
}
