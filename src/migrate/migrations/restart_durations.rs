use super::number_to_duration;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 0);

declare_migration! {
    /// ## What it does
    /// Rewrites `options.restartStrategy.delay` and `.maxDelay` of every rule from integer
    /// milliseconds to Go duration strings (`1000` → `"1s"`) when the target is 2.x and the
    /// source may be 1.x.
    ///
    /// ## Why
    /// As for M008: 1.x reads integers (ms), 2.x reads durations and still takes integers as ms,
    /// so the meaning is kept. From 2.3 these keys are ignored altogether (M010 warns).
    ///
    /// ## Example
    /// `"restartStrategy": {"delay": 1000, "maxDelay": 30000}` →
    /// `"restartStrategy": {"delay": "1s", "maxDelay": "30s"}`
    ///
    /// ## Evidence
    /// `RestartStrategy` in `pkg/api/stream.go@v1.14.0` vs `internal/pkg/def/rule.go@v2.0.0`
    /// (migration.md C2).
    pub static MIGRATION = {
        code: "M009",
        name: "restart-strategy-durations",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "restartStrategy delay/maxDelay: integer ms → duration strings",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    let v2 = AT;
    if !cx.to.all_at_least(v2) || cx.from.all_at_least(v2) {
        return;
    }
    for r in cx.rules() {
        let Some(rs) = r
            .value
            .field("options")
            .and_then(|o| o.value.field("restartStrategy"))
        else {
            continue;
        };
        for key in ["delay", "maxDelay"] {
            if let Some(m) = rs.value.field(key) {
                let what = format!(
                    "`options.restartStrategy.{key}` of rule `{}`",
                    r.entry.name()
                );
                number_to_duration(cx, &r.layer, &m.value, &what, true);
            }
        }
    }
}
