use super::rename_key;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 0);

declare_migration! {
    /// ## What it does
    /// Renames `url` to `dburl` in every `sql` config (`sourceConfig`, `sinkConfig`,
    /// `connectionConfig` entries of type `sql`) and in the props of every `sql` action of every
    /// rule, keeping the value. Warns instead when `dburl` is already there.
    ///
    /// ## Why
    /// The 2.x SQL plugin reads `dburl`. eKuiper 2.x renames `url` itself when it imports a config
    /// or creates a rule through the REST API, but a full data import stores rule strings as they
    /// are, and the sink reads them at run time. When both keys exist the server overwrites
    /// `dburl` with the value of `url`: a person has to choose.
    ///
    /// ## Example
    /// `"sql": "{\"db1\": {\"url\": \"mysql://…\"}}"` → `"sql": "{\"db1\": {\"dburl\": \"mysql://…\"}}"`
    ///
    /// ## Evidence
    /// `ReplacePropsDBURL` and `ReplacePropsWithPlug` in `pkg/replace/replace.go@v2.0.0…HEAD`
    /// (only for plugin `sql`); `ReplaceRuleJson` for `sql`/`kafka` actions (migration.md B1, C8).
    pub static MIGRATION = {
        code: "M004",
        name: "sql-url-to-dburl",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Rename `url` to `dburl` in sql configs and sql actions",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    if !cx.to.all_at_least(AT) {
        return;
    }
    for p in cx.props(true) {
        if p.plugin == "sql" {
            rename_key(cx, &p, "url", "dburl", "eKuiper 2.x reads `dburl`");
        }
    }
}
