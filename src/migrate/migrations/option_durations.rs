use super::number_to_duration;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 0);

declare_migration! {
    /// ## What it does
    /// Rewrites the rule options `lateTolerance` and `checkpointInterval` from integer
    /// milliseconds to Go duration strings (`1000` → `"1s"`, `300000` → `"5m0s"`) when the
    /// target is 2.x and the source may be 1.x. A number with a fraction is warned about.
    ///
    /// ## Why
    /// 1.x declares both options as integers (ms); 2.x declares them as durations and still
    /// accepts integers as milliseconds, so the rewrite keeps the meaning and gives the form 2.x
    /// exports. It is applied even when the source version is only guessed: on a 2.x target both
    /// forms mean the same.
    ///
    /// ## Example
    /// `"options": {"lateTolerance": 1000}` → `"options": {"lateTolerance": "1s"}`
    ///
    /// ## Evidence
    /// `RuleOption` in `pkg/api/stream.go@v1.14.0` (int64) vs `internal/pkg/def/rule.go@v2.0.0`
    /// (`cast.DurationConf`); `ConvertDuration` in `pkg/cast@HEAD` (migration.md C1).
    pub static MIGRATION = {
        code: "M008",
        name: "rule-option-durations",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Rule options lateTolerance/checkpointInterval: integer ms → duration strings",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    let v2 = AT;
    if !cx.to.all_at_least(v2) || cx.from.all_at_least(v2) {
        return;
    }
    for r in cx.rules() {
        let Some(options) = r.value.field("options") else {
            continue;
        };
        for key in ["lateTolerance", "checkpointInterval"] {
            if let Some(m) = options.value.field(key) {
                let what = format!("`options.{key}` of rule `{}`", r.entry.name());
                number_to_duration(cx, &r.layer, &m.value, &what, true);
            }
        }
    }
}
