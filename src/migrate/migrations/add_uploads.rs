use crate::bundle::SectionKind;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release whose importer reads the section.
const AT: Version = crate::ekuiper::sections::UPLOADS;

declare_migration! {
    /// ## What it does
    /// Adds an empty `uploads` section (`"uploads": {}`) to a bundle that has none when the target
    /// imports that section (1.11 and later). When the target is older than 1.11 and the bundle
    /// has uploads, it warns: that eKuiper ignores the section, so the files are not written.
    ///
    /// ## Why
    /// eKuiper exports every section it knows, so a bundle from 1.8–1.10 lacks `uploads`. A
    /// missing section imports as empty, so adding `{}` changes nothing on the server; it makes the
    /// bundle look like what the target exports (and what `kuiperlint diff` compares against).
    ///
    /// ## Example
    /// `{"streams": {}, ..., "Schema": {}}` → `{"streams": {}, ..., "Schema": {}, "uploads": {}}`
    ///
    /// ## Evidence
    /// `Configuration` in `internal/server/rest.go@1.10.2` (no `uploads`) vs `@1.11.0`
    /// (migration.md A1).
    pub static MIGRATION = {
        code: "M001",
        name: "add-uploads-section",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Add the `uploads` section (1.11+) as {}",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    section(cx, SectionKind::Uploads, AT);
}

/// Adds `kind` when every target release imports it; warns when no target release does and the
/// bundle has entries in it.
pub(super) fn section(cx: &mut Cx, kind: SectionKind, since: Version) {
    if cx.to.all_at_least(since) {
        // The YAML format is written with the sections that have entries; an empty one is noise.
        if cx.writes_yaml {
            return;
        }
        cx.add_sections(
            &[kind],
            &format!(
                "eKuiper {} exports it (an absent section imports as empty)",
                cx.to
            ),
        );
    } else if cx.to.all_before(since) {
        let present: Vec<_> = cx
            .bundle
            .sections
            .iter()
            .filter(|s| s.kind == Some(kind) && !s.entries.is_empty())
            .map(|s| (s.member.key_span, s.entries.len()))
            .collect();
        for (span, n) in present {
            cx.warn(
                span,
                format!(
                    "eKuiper {} does not import `{}` ({}.{}+): its {n} entr{} would be dropped",
                    cx.to,
                    kind.key(),
                    since.major,
                    since.minor,
                    if n == 1 { "y" } else { "ies" }
                ),
            );
        }
    }
}
