use crate::bundle::SectionKind;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release whose importer reads the section.
const AT: Version = crate::ekuiper::sections::SCRIPTS;

declare_migration! {
    /// ## What it does
    /// Adds an empty `scripts` section (`"scripts": {}`) to a bundle that has none when the target
    /// imports that section (1.13 and later). When the target is older than 1.13 and the bundle
    /// has scripts, it warns: that eKuiper ignores the section, so the JavaScript functions are
    /// lost and rules calling them fail.
    ///
    /// ## Why
    /// eKuiper exports every section it knows, so a bundle from 1.8–1.12 lacks `scripts`. A
    /// missing section imports as empty: adding `{}` changes nothing on the server.
    ///
    /// ## Example
    /// `{..., "uploads": {}}` → `{..., "uploads": {}, "scripts": {}}`
    ///
    /// ## Evidence
    /// `internal/server/import_export.go@1.13.0` (migration.md A2); absent in 1.12.8-plus.4.
    pub static MIGRATION = {
        code: "M002",
        name: "add-scripts-section",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Add the `scripts` section (1.13+) as {}",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    super::add_uploads::section(cx, SectionKind::Scripts, AT);
}
