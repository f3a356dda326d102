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

/// Every `kuiperlint ...` command line in the code blocks of README.md and docs/*.md parses
/// with the real argument parser: a renamed option or command fails here, not in a user's CI.
#[test]
fn every_documented_command_line_parses() {
    use clap::Parser;
    let mut files = vec![std::path::PathBuf::from("README.md")];
    for e in fs::read_dir("docs").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") && !p.ends_with("rules.md") {
            files.push(p);
        }
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let mut in_block = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            if !in_block {
                continue;
            }
            let line = line.trim().trim_start_matches("$ ");
            // The command itself: up to a comment, a pipe or a redirection.
            let Some(rest) = line.strip_prefix("kuiperlint ") else {
                continue;
            };
            let command = rest.split(['#', '|', '>', '<']).next().unwrap_or_default();
            let args: Vec<&str> = std::iter::once("kuiperlint")
                .chain(command.split_whitespace())
                .collect();
            if args
                .iter()
                .any(|a| a.contains('$') || a.starts_with('"') || a.starts_with('\''))
            {
                continue; // shell variables and quoting: not ours to split
            }
            checked += 1;
            if let Err(e) = kuiperlint::cli::Cli::try_parse_from(&args) {
                wrong.push(format!(
                    "{}: `{}`: {}",
                    file.display(),
                    args.join(" "),
                    e.kind()
                ));
            }
        }
    }
    assert!(checked > 20, "the command lines were found ({checked})");
    assert!(
        wrong.is_empty(),
        "documented commands that do not parse:\n{}",
        wrong.join("\n")
    );
}

/// README's table of exit codes lists exactly the codes the binary uses, and each one means
/// what the table says: 0 clean, 1 findings, 2 could not run.
#[test]
fn readme_exit_codes_are_the_binarys() {
    let readme = fs::read_to_string("README.md").unwrap();
    let table = readme
        .split("### Exit codes")
        .nth(1)
        .expect("README has an exit code table");
    let listed: Vec<&str> = table
        .lines()
        .take_while(|l| !l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|c| c.chars().all(|d| d.is_ascii_digit()))
        .collect();
    assert_eq!(listed, ["0", "1", "2"]);
    let code = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kuiperlint"))
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&["check", "fixtures/examples/sensors.json"]), Some(0));
    assert_eq!(
        code(&["check", "fixtures/examples/pasted-rules.json"]),
        Some(1)
    );
    assert_eq!(code(&["check", "no/such/file.json"]), Some(2));
}
