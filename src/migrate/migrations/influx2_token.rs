use crate::migrate::{declare_migration, Applies, Cx};

declare_migration! {
    /// ## What it does
    /// Warns about an `influx2` sink config or `influx2` action that has `password` but no
    /// `token`. It rewrites nothing: in particular it does **not** rename `token` to `password`.
    ///
    /// ## Why
    /// eKuiper's startup upgrade step (`bump2`) renames a stored influx2 `token` to `password`,
    /// but the 2.x influx2 sink reads only `token`; a bundle that went through that step, or was
    /// edited to match it, authenticates with nothing. Which value is the token is for a person
    /// to decide.
    ///
    /// ## Example
    /// `"influx2": "{\"i1\": {\"addr\": \"http://…\", \"password\": \"…\"}}"` → warning at
    /// `password`; fix: `"token": "…"`.
    ///
    /// ## Evidence
    /// `replaceToken` in `internal/server/bump/bump2.go@v2.0.0…HEAD`; the `token` field of
    /// `extensions/impl/influx2/influx2.go@v2.0.0…HEAD`; docs `guide/sinks/plugin/influx2.md@HEAD`
    /// (migration.md B3).
    pub static MIGRATION = {
        code: "M006",
        name: "influx2-password-without-token",
        applies: Applies::Always,
        kind: Warn,
        summary: "Warn: an influx2 sink has `password` but no `token` (the sink reads only `token`)",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    for p in cx.props(true) {
        if p.plugin != "influx2" || p.has("token") {
            continue;
        }
        let spans: Vec<_> = p
            .members("password")
            .map(|m| p.layer.to_file(m.key_span))
            .collect();
        for span in spans {
            cx.warn(
                span,
                format!(
                    "{} has `password` but no `token`: the influx2 sink authenticates with `token` only; put the API token under `token`",
                    p.what
                ),
            );
        }
    }
}
