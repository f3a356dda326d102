//! The whole `check` of one file, as JSON, YAML and a `.sql` file, rendered in every output
//! format. No panic; every finding's span, label and fix lies in the file; the JSON and SARIF
//! outputs are JSON; and no secret value the file holds appears in any output, not even as a
//! string inside the JSON ones (where it would be written escaped, past the masking of raw text).

#![no_main]

use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::diagnostic::Severity;
use kuiperlint::report::{
    render_concise, render_getstatus, render_github, render_human, render_json, render_junit,
    render_sarif, render_statistics, HumanOptions,
};
use kuiperlint_fuzz::{assert_span, json_strings};
use libfuzzer_sys::fuzz_target;

fn assert_report(report: &FileReport) {
    let t = report.source.text.as_str();
    for d in &report.diagnostics {
        assert_span(t, d.span, d.code);
        for l in &d.labels {
            assert_span(t, l.span, "label");
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert_span(t, e.span, "fix edit");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.json", "fuzz.yaml", "fuzz.sql"] {
        let report = check_bytes(name.into(), data.to_vec(), &CheckOptions::default());
        assert_report(&report);
        // Values made of `*` can reappear out of the masking itself; they hide nothing.
        let secrets: Vec<String> = report
            .masked
            .iter()
            .filter(|m| !m.contains('*'))
            .cloned()
            .collect();
        let reports = vec![report];
        let human = |color| {
            render_human(
                &reports,
                HumanOptions {
                    color,
                    width: 100,
                    summary: true,
                },
            )
        };
        let outputs = [
            human(false),
            human(true),
            render_concise(&reports),
            render_github(&reports),
            render_junit(&reports, Severity::Error),
            render_getstatus(&reports),
        ];
        // Counts per code and lint names, no text of the file: a secret that happens to be a
        // word of a lint name (`secret` in `plaintext-secret`) is not a leak.
        let _ = render_statistics(&reports);
        let json = render_json(&reports);
        let sarif = render_sarif(&reports);
        let mut strings = Vec::new();
        for doc in [&json, &sarif] {
            let v: serde_json::Value = serde_json::from_str(doc).expect("valid JSON output");
            json_strings(&v, &mut strings);
        }
        for s in &secrets {
            for out in outputs.iter().chain([&json, &sarif]) {
                assert!(!out.contains(s.as_str()), "secret {s:?} in output:\n{out}");
            }
            for v in &strings {
                assert!(
                    !v.contains(s.as_str()),
                    "secret {s:?} in a JSON string: {v:?}"
                );
            }
        }
    }
});
