//! `migrate` on any bytes, read as JSON and as YAML, for a few version pairs and to YAML. A
//! refused file is fine; an accepted one must give: edits sorted, non-overlapping and in the
//! text, which produce the output (JSON to JSON); an output that `migrate` accepts again (it
//! re-loads) and that is valid JSON when it is JSON; every entry of the input still in the
//! output; and nothing more to change when the output is migrated again (idempotence).

#![no_main]

use std::collections::BTreeSet;

use kuiperlint::bundle::{json, LoadedFile, SourceFile};
use kuiperlint::migrate::{
    apply, migrate_bytes, migrate_text, Format, MigrateOptions, VersionRange,
};
use kuiperlint_fuzz::assert_span;
use libfuzzer_sys::fuzz_target;

/// Section/entry names, and section/entry/confKey for configs, of a file read as `name` says.
fn inventory(name: &str, text: &str) -> BTreeSet<String> {
    let file = LoadedFile::parse(SourceFile::new(name, text.to_string()));
    let mut out = BTreeSet::new();
    for bundle in file.bundles() {
        for e in bundle.entries() {
            out.insert(format!("{}/{}", e.section.key(), e.name()));
            if e.section.is_config() {
                for conf in e
                    .json_value()
                    .and_then(|v| v.as_object())
                    .unwrap_or_default()
                {
                    out.insert(format!(
                        "{}/{}/{}",
                        e.section.key(),
                        e.name(),
                        conf.key.value
                    ));
                }
            }
        }
    }
    out
}

fn range(s: &str) -> VersionRange {
    s.parse().expect("a known version")
}

fn name_of(format: Format) -> &'static str {
    match format {
        Format::Json => "fuzz.json",
        Format::Yaml => "fuzz.yaml",
    }
}

fuzz_target!(|data: &[u8]| {
    let runs = [
        (None, "2.4", None),
        (Some("1.10"), "2.4", None),
        (None, "1.14", None),
        (None, "2.4", Some(Format::Yaml)),
        (None, "2.4", Some(Format::Json)),
    ];
    for name in ["fuzz.json", "fuzz.yaml"] {
        for (from, to, output_format) in runs {
            let options = MigrateOptions {
                from: from.map(range),
                to: range(to),
                output_format,
            };
            let Ok(once) = migrate_bytes(name, data.to_vec(), &options) else {
                continue;
            };
            let what = format!("{name} --from {from:?} --to {to} as {output_format:?}");
            let input = once.source.text.as_str();
            let in_format = Format::of(name, input);
            let out_format = output_format.unwrap_or(in_format);
            for c in &once.changes {
                assert_span(input, c.span, c.migration.code);
            }
            if in_format == Format::Json && out_format == Format::Json {
                for pair in once.edits.windows(2) {
                    assert!(
                        pair[0].span.end <= pair[1].span.start,
                        "{what}: overlap {pair:?}"
                    );
                }
                for e in &once.edits {
                    assert_span(input, e.span, "edit");
                }
                assert_eq!(apply(input, &once.edits), once.output, "{what}");
            }
            let out_name = name_of(out_format);
            if out_format == Format::Json {
                let doc = json::parse(&once.output);
                assert!(
                    doc.issues.is_empty(),
                    "{what}: the output is not valid JSON: {:?}\n{}",
                    doc.issues,
                    once.output
                );
            }
            let lost: Vec<_> = inventory(name, input)
                .difference(&inventory(out_name, &once.output))
                .cloned()
                .collect();
            assert!(lost.is_empty(), "{what}: lost {lost:?}\n{}", once.output);
            let twice = migrate_text(out_name, once.output.clone(), &options)
                .unwrap_or_else(|e| panic!("{what}: the output is refused: {e}\n{}", once.output));
            assert!(
                !twice.changed(),
                "{what}: a second run changed {:?}\n{}\n--- to ---\n{}",
                twice.report_lines(),
                once.output,
                twice.output
            );
        }
    }
});
