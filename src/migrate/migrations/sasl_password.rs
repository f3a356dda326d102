use super::rename_key;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 0);

declare_migration! {
    /// ## What it does
    /// Renames `saslPassword` to `password` in every config of every plugin type, and in the
    /// props of `kafka` and `sql` actions (the ones eKuiper rewrites itself). Warns instead when
    /// `password` is already there.
    ///
    /// ## Why
    /// The 2.x Kafka plugin reads `password`. eKuiper 2.x renames the key on config import and on
    /// REST rule creation, but not for rules of a full data import. When both keys exist the
    /// server overwrites `password` with the value of `saslPassword`: a person has to choose.
    ///
    /// ## Example
    /// `{"k1": {"saslPassword": "…"}}` → `{"k1": {"password": "…"}}`
    ///
    /// ## Evidence
    /// `ReplacePassword` in `pkg/replace/replace.go@v2.0.0…HEAD` (all plugins for configs;
    /// actions only `kafka`/`sql` via `ReplaceRuleJson`) — migration.md B2, C8.
    pub static MIGRATION = {
        code: "M005",
        name: "sasl-password-to-password",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Rename `saslPassword` to `password` in configs and kafka/sql actions",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    if !cx.to.all_at_least(AT) {
        return;
    }
    for p in cx.props(true) {
        if p.is_action() && !matches!(p.plugin, "kafka" | "sql") {
            continue;
        }
        rename_key(
            cx,
            &p,
            "saslPassword",
            "password",
            "eKuiper 2.x reads `password`",
        );
    }
}
