use crate::bundle::SectionKind;
use crate::migrate::{declare_migration, Applies, Cx};
use crate::source::span::Span;

declare_migration! {
    /// ## What it does
    /// Turns a *ruleset* file (`kuiper export ruleset`: only `streams`, `tables` and `rules`) into
    /// a data bundle: the three sections are kept byte for byte and the others are added as `{}`
    /// (`uploads` and `scripts` by M001/M002 when the target has them). It also **warns**, at
    /// the first byte of the file, that importing the result as a data bundle is not what a
    /// ruleset import did.
    ///
    /// ## Why
    /// A ruleset import (`POST /ruleset/import`) adds and replaces streams, tables and rules and
    /// deletes nothing. A full data import (`kuiper import data`, `POST /data/import`) first
    /// deletes every rule, stream, table, config and plugin on the server. Import the converted
    /// file with `-p true` (`?partial=1`) to keep what the server has.
    ///
    /// ## Example
    /// `{"streams": {...}, "tables": {}, "rules": {...}}` →
    /// `{"streams": {...}, "tables": {}, "rules": {...}, "nativePlugins": {}, ..., "Schema": {}}`
    ///
    /// ## Evidence
    /// `internal/processor/ruleset.go@HEAD`, `importHandler` in `internal/server/rest.go@HEAD`
    /// (migration.md A3, bundle-format.md §6).
    pub static MIGRATION = {
        code: "M003",
        name: "ruleset-to-data-bundle",
        applies: Applies::Always,
        kind: Auto,
        summary: "Turn a ruleset file into a data bundle (and warn: a full import resets the server)",
        run: run,
    };
}

const RULESET: [SectionKind; 3] = [
    SectionKind::Streams,
    SectionKind::Tables,
    SectionKind::Rules,
];

fn run(cx: &mut Cx) {
    let sections = &cx.bundle.sections;
    let is_ruleset = !sections.is_empty()
        && sections
            .iter()
            .all(|s| s.kind.is_some_and(|k| RULESET.contains(&k)));
    if !is_ruleset {
        return;
    }
    let others: Vec<SectionKind> = SectionKind::ALL
        .into_iter()
        .filter(|k| !RULESET.contains(k) && k.since() == SectionKind::Streams.since())
        .collect();
    cx.add_sections(&others, "a ruleset file becomes a data bundle");
    let start = cx.bundle.root.span.start;
    cx.warn(
        Span::new(start, start + 1),
        "this is a ruleset file (only streams, tables and rules): a full data import first deletes every rule, stream, table, config and plugin on the server, which a ruleset import did not; import it with `kuiper import data -p true` (partial) to keep them",
    );
}
