use crate::ekuiper::version::{Crossing, Version};
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 3, 0);

declare_migration! {
    /// ## What it does
    /// Warns about every `delay`, `multiplier`, `maxDelay` and `jitterFactor` in a rule's
    /// `options.restartStrategy` when the bundle goes from before 2.3 to 2.3 or later. Nothing is
    /// rewritten.
    ///
    /// ## Why
    /// From 2.3 `restartStrategy` is reduced to `{attempts}`: the other keys are silently
    /// ignored, so a rule no longer backs off between restarts the way the bundle says. Whether
    /// that matters (and what to do instead) needs a person.
    ///
    /// ## Example
    /// `"restartStrategy": {"attempts": 3, "delay": "1s", "multiplier": 2}` → warnings at `delay`
    /// and `multiplier`.
    ///
    /// ## Evidence
    /// commit 788f5b3fd, `internal/pkg/def/rule.go@v2.3.0` (migration.md C3).
    pub static MIGRATION = {
        code: "M010",
        name: "restart-strategy-ignored",
        applies: Applies::Crossing(AT),
        kind: Warn,
        summary: "Warn: restartStrategy keys other than `attempts` are ignored from 2.3",
        run: run,
    };
}

const IGNORED: [&str; 4] = ["delay", "multiplier", "maxDelay", "jitterFactor"];

fn run(cx: &mut Cx) {
    let maybe = match cx.crossing(AT) {
        Crossing::No => return,
        Crossing::Yes => "",
        Crossing::Maybe => " (if the bundle comes from 2.3 or later, this is already so)",
    };
    let to = cx.to;
    for r in cx.rules() {
        let Some(rs) = r
            .value
            .field("options")
            .and_then(|o| o.value.field("restartStrategy"))
        else {
            continue;
        };
        for m in rs.value.as_object().unwrap_or_default() {
            let Some(key) = IGNORED
                .iter()
                .find(|k| k.eq_ignore_ascii_case(&m.key.value))
            else {
                continue;
            };
            cx.warn(
                r.layer.to_file(m.key_span),
                format!(
                    "eKuiper {to} ignores `restartStrategy.{key}` of rule `{}`: only `attempts` is read, so restarts no longer back off as written{maybe}",
                    r.entry.name()
                ),
            );
        }
    }
}
