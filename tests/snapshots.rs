//! The three output formats, rendered for the same fixture and pinned with insta. Review changes
//! with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`).

use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::report::{render_concise, render_human, render_json, HumanOptions};

fn reports(paths: &[&str]) -> Vec<FileReport> {
    paths
        .iter()
        .map(|p| {
            check_bytes(
                p.to_string(),
                std::fs::read(p).unwrap(),
                &CheckOptions::default(),
            )
        })
        .collect()
}

const FIXTURES: &[&str] = &[
    "fixtures/examples/pasted-rules.json",
    "fixtures/examples/sensors.json",
];

#[test]
fn human() {
    let out = render_human(
        &reports(FIXTURES),
        HumanOptions {
            color: false,
            width: 100,
            summary: true,
        },
    );
    insta::assert_snapshot!(out);
}

#[test]
fn concise() {
    insta::assert_snapshot!(render_concise(&reports(FIXTURES)));
}

#[test]
fn json() {
    let out = render_json(&reports(FIXTURES));
    // It is one valid JSON document with the documented top-level shape.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"], 2);
    insta::assert_snapshot!(out);
}
