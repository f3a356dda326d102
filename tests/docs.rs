//! Generated documentation stays current. Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

use std::fs;

#[test]
fn rules_doc_is_current() {
    let expected = kuiperlint::report::catalog::rules_markdown();
    let path = "docs/rules.md";
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs::write(path, &expected).unwrap();
    }
    let actual = fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn every_code_in_the_readme_table_of_exit_codes_is_real() {
    let readme = fs::read_to_string("README.md").unwrap();
    for code in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(readme.contains(code), "README documents exit code {code}");
    }
}
