use crate::analysis::pass::OutlineContext;
use crate::bundle::escape_pointer;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a section that the target eKuiper version (`--target`) does not import yet:
    /// `uploads` before 1.11, `scripts` before 1.13.
    ///
    /// ## Why it matters
    /// Older importers do not know these sections and skip them without a word, so the files or
    /// JavaScript functions in them never reach the server, and the rules that use them fail.
    ///
    /// ## Example
    /// With `--target 1.12`:
    /// ```json
    /// {"scripts": {"area": "{\"id\": \"area\", \"script\": \"function area(x) { return x * x }\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Upgrade the server, or install those items another way (REST `POST /udf/javascript`,
    /// `POST /config/uploads`) before importing. If the server is newer, pass its version with
    /// `--target`.
    pub static LINT = {
        code: "B015",
        name: "section-not-in-target",
        severity: Warning,
        summary: "A section the target eKuiper version does not import",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    for section in cx.bundles.iter().flat_map(|b| &b.sections) {
        let Some(kind) = section.kind else { continue };
        if kind.since() <= cx.target {
            continue;
        }
        let n = section.entries.len();
        out.push(
            LINT.at(
                section.member.key_span,
                format!(
                    "`{}` is not imported before eKuiper {} (target: {}); its {n} {}{} would be silently ignored",
                    kind.key(),
                    kind.since().line(),
                    cx.target.line(),
                    kind.entry_noun(),
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_path(format!("/{}", escape_pointer(&section.member.key.value)))
            .with_help("upgrade the server, install these items another way, or pass the server's version with --target"),
        );
    }
}
