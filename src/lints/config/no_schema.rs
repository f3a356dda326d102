use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Notes a source, sink or connection config type for which kuiperlint has no schema, such
    /// as a plugin (`kafka`, `sql`, `influx2`, your own): its properties are not checked.
    ///
    /// ## Why it matters
    /// Nothing is wrong as such; the note says where kuiperlint's checking stops, so that a
    /// clean result is not mistaken for a checked one.
    ///
    /// ## Example
    /// ```json
    /// {"sinkConfig": {"influx2": "{\"cloud\": {\"addr\": \"http://influx:8086\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix. `kuiperlint schema --list` shows the types that are checked.
    pub static LINT = {
        code: "C007",
        name: "no-schema",
        severity: Info,
        summary: "A config type kuiperlint has no schema for (not checked)",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for u in &cx.config().unschematized {
        out.push(
            LINT.at(
                u.entry.member.key_span,
                format!("no schema for {} type `{}`: its properties are not checked", u.entry.section.entry_noun(), u.entry.name()),
            )
            .with_path(u.entry.pointer())
            .with_help(format!("kuiperlint has schemas for the built-in {} types; `kuiperlint schema --list` shows them", u.kind)),
        );
    }
}
