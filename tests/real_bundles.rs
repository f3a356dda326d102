//! Real bundles from eKuiper's own repository give no false errors.

use kuiperlint::engine::{check_bytes, CheckOptions};
use std::path::Path;

/// Codes of every finding of a file, in order.
fn codes(path: &Path) -> Vec<&'static str> {
    let bytes = std::fs::read(path).unwrap();
    let report = check_bytes(path.display().to_string(), bytes, &CheckOptions::default());
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn shipped_real_bundles() {
    let expected: &[(&str, &[&str])] = &[
        ("data-init.json", &[]),
        // Rules-only bundles for a partial import: their stream is on the server already, so
        // the unknown stream is a warning, not an error.
        ("fvt-rules-new1.json", &["S020"]),
        ("fvt-rules-new2.json", &["S020"]),
        ("fvt-rules-old.json", &[]),
        ("rpc-import-configuration.json", &[]),
        ("rpc-import.json", &[]),
        // Sample data eKuiper's tests feed to a stream, not a bundle: reported as such.
        ("rpc-test-data-not-a-bundle.json", &["B007"]),
    ];
    let mut seen: Vec<String> = std::fs::read_dir("fixtures/real")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    seen.sort();
    let listed: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(seen, listed, "every real fixture has an expectation here");
    for (name, want) in expected {
        assert_eq!(
            codes(&Path::new("fixtures/real").join(name)),
            *want,
            "{name}"
        );
    }
}

/// Every JSON bundle in the shared copy of eKuiper's files, when it is there: no errors except
/// on the sample-data files (`*_test.json`), which are not bundles.
#[test]
fn shared_ekuiper_bundles_have_no_false_errors() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/ekuiper/bundles"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("{} not found, skipped", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let report = check_bytes(path.display().to_string(), bytes, &CheckOptions::default());
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == kuiperlint::diagnostic::Severity::Error)
            .map(|d| d.code)
            .collect();
        let name = path.file_name().unwrap().to_string_lossy();
        let want: &[&str] = if name.ends_with("_test.json") {
            &["B007"]
        } else {
            &[]
        };
        assert_eq!(errors, want, "{name}");
        checked += 1;
    }
    println!("checked {checked} real bundles");
    assert!(checked > 0);
}
