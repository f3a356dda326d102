//! Every `kuiperlint` command line shown in README.md and docs/*.md parses: the options and
//! values it uses exist (a renamed flag breaks this test, not a reader's CI). Lines that go
//! through a shell pipe keep only the kuiperlint part; `$VARS` and globs are left as words.

use clap::Parser;
use kuiperlint::cli::Cli;

/// Shell words of `line`, with '...' and "..." quoting; None for what this test does not read
/// (command substitution).
fn words(line: &str) -> Option<Vec<String>> {
    if line.contains("$(") || line.contains('`') {
        return None;
    }
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    Some(out)
}

/// The kuiperlint invocations of a markdown text: in fenced blocks, lines (after an optional
/// `$ `) whose command, or a pipeline stage's, is `kuiperlint`; the rest of the stage up to a
/// redirection or a comment.
fn invocations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            continue;
        }
        let line = line.trim().trim_start_matches("$ ");
        for stage in line.split(['|', ';']).flat_map(|s| s.split("&&")) {
            let stage = stage.trim();
            let Some(rest) = stage.strip_prefix("kuiperlint ") else {
                continue;
            };
            let rest = rest
                .split(['>', '#'])
                .next()
                .unwrap_or_default()
                .replace("2>&1", "");
            out.push(format!("kuiperlint {}", rest.trim()));
        }
    }
    out
}

#[test]
fn every_documented_command_line_parses() {
    let mut files = vec![std::path::PathBuf::from("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for line in invocations(&text) {
            let Some(args) = words(&line) else { continue };
            checked += 1;
            if let Err(e) = Cli::try_parse_from(&args) {
                let kind = e.kind();
                // `--help` and `--version` "fail" by design.
                if !matches!(
                    kind,
                    clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
                ) {
                    broken.push(format!("{}: `{line}`: {}", file.display(), e.render()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(checked >= 30, "only {checked} command lines found");
}

#[test]
fn invocations_are_read_out_of_pipelines() {
    let md = "```console\n$ kuiper export data /dev/stdout | kuiperlint check - --format json > r.json\nkuiperlint rules # all\n```\nkuiperlint outside\n";
    assert_eq!(
        invocations(md),
        ["kuiperlint check - --format json", "kuiperlint rules"]
    );
    assert_eq!(
        words(r#"kuiperlint check --select "S0,B" 'a b'"#).unwrap(),
        ["kuiperlint", "check", "--select", "S0,B", "a b"]
    );
}
