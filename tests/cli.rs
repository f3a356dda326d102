//! The command line as users and CI meet it: exit codes, inputs, commands.

mod common;

use assert_cmd::Command;
use std::fs;

fn kuiperlint() -> Command {
    let mut cmd = Command::cargo_bin("kuiperlint").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

#[test]
fn clean_bundle_exits_zero() {
    let out = kuiperlint()
        .args(["check", "fixtures/examples/sensors.json"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(stdout, "No problems found in 1 file\n");
}

#[test]
fn findings_exit_one() {
    kuiperlint()
        .args(["check", "fixtures/examples/pasted-rules.json"])
        .assert()
        .code(1);
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warn.json");
    // Only a warning: an unknown section.
    fs::write(
        &path,
        r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"}, "extra": {}}"#,
    )
    .unwrap();
    kuiperlint().arg("check").arg(&path).assert().code(0);
    kuiperlint()
        .arg("check")
        .arg(&path)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    // A hint alone fails only --fail-on hint.
    fs::write(
        &path,
        r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"}, "service": {}}"#,
    )
    .unwrap();
    kuiperlint()
        .arg("check")
        .arg(&path)
        .args(["--fail-on", "info"])
        .assert()
        .code(0);
    kuiperlint()
        .arg("check")
        .arg(&path)
        .args(["--fail-on", "hint"])
        .assert()
        .code(1);
}

#[test]
fn missing_file_exits_two_but_checks_the_others() {
    let out = kuiperlint()
        .args([
            "check",
            "--format",
            "concise",
            "no/such/file.json",
            "fixtures/examples/pasted-rules.json",
        ])
        .assert()
        .code(2);
    let o = out.get_output();
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no/such/file.json: no such file or directory")
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("B002"));
}

/// A run that could not read what it was asked to check never looks like a clean run: the path
/// is named, and no report document (which a CI step would take for a passing one) is written.
#[test]
fn a_missing_path_gives_no_passing_report() {
    for format in common::FORMATS {
        let out = kuiperlint()
            .args(["check", "--format", format, "no/such/file.json"])
            .assert()
            .code(2);
        let o = out.get_output();
        assert_eq!(String::from_utf8_lossy(&o.stdout), "", "--format {format}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("no/such/file.json: no such file or directory")
                && stderr
                    .contains("1 of the given paths could not be checked; no report was written"),
            "--format {format}: {stderr}"
        );
    }
    for format in ["json", "sarif", "junit", "getstatus"] {
        kuiperlint()
            .args(["check", "--format", format, "no/such/file.json"])
            .arg("fixtures/examples/sensors.json")
            .assert()
            .code(2)
            .stdout("");
    }
}

#[test]
fn bad_arguments_exit_two() {
    kuiperlint().args(["check"]).assert().code(2);
    kuiperlint()
        .args(["check", "--format", "xml", "a.json"])
        .assert()
        .code(2);
    kuiperlint().args(["frobnicate"]).assert().code(2);
    let out = kuiperlint()
        .args(["check", "--target", "1.7", "fixtures/examples/sensors.json"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("known: 1.8"));
}

#[test]
fn reads_standard_input() {
    let out = kuiperlint()
        .args(["check", "--format", "concise", "-"])
        .write_stdin("{\"rules\": {\"r\": \"{}\"},}")
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout
            .lines()
            .any(|l| l == "<stdin>:1:22: B003 trailing comma"),
        "{stdout}"
    );
}

#[test]
fn directories_are_walked_for_json_files_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("b/deeper")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(root.join("b/deeper/z.json"), "{").unwrap();
    fs::write(root.join("a.json"), "{\"rules\": {},}").unwrap();
    fs::write(root.join("notes.txt"), "{").unwrap();
    fs::write(root.join(".git/hidden.json"), "{").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
    let stdout = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise"])
            .arg(root),
    );
    let files: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let a = root.join("a.json").display().to_string();
    let z = root.join("b/deeper/z.json").display().to_string();
    assert_eq!(files.iter().filter(|f| **f == a).count(), 2, "{stdout}");
    assert!(files.contains(&z.as_str()), "{stdout}");
    assert!(
        !stdout.contains("hidden") && !stdout.contains("notes"),
        "{stdout}"
    );
    let first_z = files.iter().position(|f| *f == z).unwrap();
    assert!(
        files[..first_z].iter().all(|f| *f == a),
        "a.json sorts before b/: {stdout}"
    );
}

#[test]
fn directories_are_walked_for_sql_files_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("rules.sql"), "SELECT averag(t) AS a FROM s;\n").unwrap();
    fs::write(root.join("notes.txt"), "SELECT averag(t) FROM s;\n").unwrap();
    let stdout = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise"])
            .arg(root),
    );
    let sql = root.join("rules.sql").display().to_string();
    assert!(stdout.contains(&format!("{sql}:1:8: S009 ")), "{stdout}");
    assert!(!stdout.contains("notes"), "{stdout}");
}

#[test]
fn a_directory_without_json_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = kuiperlint().arg("check").arg(dir.path()).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr)
        .contains("no *.json, *.sql or *.yaml files"));
}

#[test]
fn non_utf8_file_is_a_finding_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.json");
    fs::write(&path, b"{\n  \"streams\": {\"caf\xe9\": \"\"}\n}").unwrap();
    let stdout = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise"])
            .arg(&path),
    );
    assert!(
        stdout.ends_with(":2:19: B001 the file is not valid UTF-8 (invalid byte at offset 20)\n"),
        "{stdout}"
    );
}

#[test]
fn rules_lists_every_code() {
    let stdout = stdout_of(kuiperlint().arg("rules"));
    for lint in kuiperlint::lints::REGISTRY {
        assert!(
            stdout.contains(lint.code) && stdout.contains(lint.summary),
            "{}",
            lint.code
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(kuiperlint().args(["rules", "--format", "json"]))).unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        kuiperlint::lints::REGISTRY.len()
    );
}

#[test]
fn explain_prints_the_documentation() {
    let stdout = stdout_of(kuiperlint().args(["explain", "b013"]));
    assert!(stdout.starts_with("# B013 rule-id-mismatch\n"));
    assert!(stdout.contains("RuleId is not consistent with rule id."));
    assert!(stdout.contains("## How to fix"));
    let by_name = stdout_of(kuiperlint().args(["explain", "rule-id-mismatch"]));
    assert_eq!(by_name, stdout);
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        kuiperlint().args(["explain", "B001", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(json["code"], "B001");
    assert!(json["doc"].as_str().unwrap().contains("## Why it matters"));
}

#[test]
fn explain_unknown_code_suggests_and_exits_two() {
    let out = kuiperlint()
        .args(["explain", "rule-id-mismach"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr)
        .contains("did you mean `rule-id-mismatch`?"));
}

#[test]
fn version_and_help() {
    let v = stdout_of(kuiperlint().arg("--version"));
    assert_eq!(v, format!("kuiperlint {}\n", env!("CARGO_PKG_VERSION")));
    let help = stdout_of(kuiperlint().args(["check", "--help"]));
    assert!(
        help.contains("Examples:") && help.contains("Exit codes"),
        "{help}"
    );
}

#[test]
fn target_version_changes_what_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scripts.json");
    fs::write(
        &path,
        r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"}, "scripts": {"f": "{\"id\": \"f\", \"script\": \"function f(x) { return x }\"}"}}"#,
    )
    .unwrap();
    assert!(!stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise"])
            .arg(&path)
    )
    .contains("B015"));
    let old = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise", "--target", "1.12"])
            .arg(&path),
    );
    assert!(
        old.contains("B015 `scripts` is not imported before eKuiper 1.13 (target: 1.12)"),
        "{old}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout_of(kuiperlint().args(["check", "fixtures/examples/pasted-rules.json"]));
    assert!(!plain.contains('\u{1b}'), "not a terminal: no escapes");
    let coloured = stdout_of(kuiperlint().args([
        "check",
        "--color",
        "always",
        "fixtures/examples/pasted-rules.json",
    ]));
    assert!(coloured.contains('\u{1b}'));
    let no_color = stdout_of(kuiperlint().env("NO_COLOR", "1").args([
        "check",
        "--color",
        "auto",
        "fixtures/examples/pasted-rules.json",
    ]));
    assert!(!no_color.contains('\u{1b}'));
}

#[test]
fn jobs_do_not_change_the_output() {
    let one = stdout_of(kuiperlint().args(["check", "--format", "json", "-j", "1", "fixtures"]));
    let two = stdout_of(kuiperlint().args(["check", "--format", "json", "-j", "2", "fixtures"]));
    assert_eq!(one, two);
}

#[test]
fn crlf_files_get_the_same_lines_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "{\n  \"rules\": {\n    \"r1\": \"{\\\"id\\\": \\\"r2\\\", \\\"sql\\\": \\\"SELECT * FROM s\\\", \\\"actions\\\": [{\\\"log\\\": {}}]}\"\n  },\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let mut outputs = Vec::new();
    for (name, text) in [("lf.json", lf.to_string()), ("crlf.json", crlf)] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let out = stdout_of(
            kuiperlint()
                .args(["check", "--format", "concise"])
                .arg(&path),
        );
        outputs.push(out.replace(&path.display().to_string(), "FILE"));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(
        outputs[0],
        "FILE:3:21: B013 rule `r1` has id `r2`\n\
         FILE:3:54: S020 `s` is not a stream or table defined here\n\
         FILE:4:4: B003 trailing comma\n"
    );
}

#[test]
fn schema_command_prints_and_lists() {
    let list = stdout_of(kuiperlint().args(["schema", "--list"]));
    assert!(
        list.lines().any(|l| l == "rule.2.x") && list.lines().any(|l| l == "sinks/mqtt.2.x"),
        "{list}"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&stdout_of(kuiperlint().args(["schema", "rule.2.x"]))).unwrap();
    assert_eq!(schema["$id"], "urn:kuiperlint:rule.2.x");
    let out = kuiperlint().args(["schema", "rule.3.x"]).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("kuiperlint schema --list"));
}

#[test]
fn graph_command_shows_what_refers_to_what() {
    let dot = stdout_of(kuiperlint().args(["graph", "fixtures/examples/sensors.json"]));
    assert!(dot.starts_with("digraph bundle {"), "{dot}");
    assert!(dot.contains("label=\"rule\\nhourly\""), "{dot}");
    assert!(dot.contains("[label=\"CONF_KEY\"]"), "{dot}");
    // One rule and what it needs: the stream it reads and, through it, the stream's config.
    let json: serde_json::Value = serde_json::from_str(&stdout_of(kuiperlint().args([
        "graph",
        "fixtures/examples/sensors.json",
        "--format",
        "json",
        "--rule",
        "hourly",
    ])))
    .unwrap();
    let names: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sensors", "hourly", "mqtt.plant", "mqtt", "log"]);
    // A reference that resolves to nothing is shown as missing.
    let dot = stdout_of(kuiperlint().args(["graph", "fixtures/lints/X001.json"]));
    assert!(dot.contains("missing source config\\nplant"), "{dot}");
    kuiperlint()
        .args(["graph", "fixtures/examples/sensors.json", "--rule", "nope"])
        .assert()
        .code(2);
}

#[test]
fn diff_command_shows_the_import_impact() {
    let full = stdout_of(kuiperlint().args([
        "diff",
        "fixtures/real/fvt-rules-old.json",
        "fixtures/real/fvt-rules-new1.json",
    ]));
    assert!(
        full.contains("streams: 0 created, 0 changed, 1 deleted, 0 unchanged\n  - simup\n"),
        "{full}"
    );
    assert!(
        full.contains("rules: 0 created, 1 changed, 1 deleted, 0 unchanged\n  ~ hot: actions[0].mqtt.topic; sql\n  - cold\n"),
        "{full}"
    );
    assert!(full.contains("  - simulator.simup\n"), "{full}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(kuiperlint().args([
        "diff",
        "--partial",
        "--format",
        "json",
        "fixtures/real/fvt-rules-old.json",
        "fixtures/real/fvt-rules-new1.json",
    ])))
    .unwrap();
    assert_eq!(json["partial"], true);
    assert_eq!(
        json["sections"]["rules"]["change"],
        serde_json::json!(["hot"])
    );
    assert_eq!(json["sections"]["streams"]["delete"], serde_json::json!([]));
    kuiperlint()
        .args(["diff", "no/such.json", "fixtures/real/fvt-rules-new1.json"])
        .assert()
        .code(2);
}

#[test]
fn exit_zero_quiet_and_statistics() {
    kuiperlint()
        .args([
            "check",
            "--exit-zero",
            "fixtures/examples/pasted-rules.json",
        ])
        .assert()
        .code(0);
    kuiperlint()
        .args(["check", "--exit-zero", "no/such.json"])
        .assert()
        .code(2);
    let quiet =
        stdout_of(kuiperlint().args(["check", "-q", "fixtures/examples/pasted-rules.json"]));
    assert!(!quiet.contains("Found "), "{quiet}");
    let stats = stdout_of(kuiperlint().args([
        "check",
        "--statistics",
        "fixtures/examples/pasted-rules.json",
    ]));
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["1", "B013", "error", "rule-id-mismatch"]),
        "{stats}"
    );
    assert_eq!(stats.lines().count(), 6, "{stats}");
}

#[test]
fn kuiperlint_toml_is_found_above_the_file_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("bundles/legacy")).unwrap();
    // A rules-only bundle reading `simup` from the server, with an unknown section.
    let bundle = r#"{"rules": {"r1": "{\"id\": \"r1\", \"sql\": \"SELECT * FROM simup\", \"actions\": [{\"log\": {}}]}"}, "extra": {}}"#;
    fs::write(root.join("bundles/a.json"), bundle).unwrap();
    fs::write(root.join("bundles/legacy/b.json"), bundle).unwrap();
    let codes = |args: &[&str]| -> Vec<String> {
        let out = stdout_of(
            kuiperlint()
                .current_dir(root)
                .args(["check", "--format", "concise"])
                .args(args),
        );
        out.lines()
            .map(|l| {
                l.splitn(4, ':')
                    .nth(3)
                    .unwrap()
                    .trim()
                    .split(' ')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(codes(&["bundles"]), ["S020", "B008", "S020", "B008"]);
    fs::write(
        root.join("kuiperlint.toml"),
        "ignore = [\"B008\"]\n[server]\nstreams = [\"simup\"]\n[per-file-ignores]\n\"bundles/legacy/*.json\" = [\"S\"]\n",
    )
    .unwrap();
    assert_eq!(codes(&["bundles"]), Vec::<String>::new());
    assert_eq!(
        codes(&["--isolated", "bundles"]),
        ["S020", "B008", "S020", "B008"]
    );
    // Severity overrides and fail-on from the config decide the exit code.
    fs::write(
        root.join("strict.toml"),
        "fail-on = \"warning\"\n[severity]\nB008 = \"warning\"\n",
    )
    .unwrap();
    kuiperlint()
        .current_dir(root)
        .args(["check", "--config", "strict.toml", "bundles/a.json"])
        .assert()
        .code(1);
    kuiperlint()
        .current_dir(root)
        .args([
            "check",
            "--config",
            "strict.toml",
            "--fail-on",
            "error",
            "bundles/a.json",
        ])
        .assert()
        .code(0);
}

#[test]
fn a_config_with_an_unknown_key_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("kuiperlint.toml"), "targt = \"2.4\"\n").unwrap();
    fs::write(dir.path().join("a.json"), "{}").unwrap();
    let out = kuiperlint()
        .current_dir(dir.path())
        .args(["check", "a.json"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("unknown key `targt`; did you mean `target`?"),
        "{stderr}"
    );
}

#[test]
fn explain_knows_migration_codes() {
    let text = stdout_of(kuiperlint().args(["explain", "M004"]));
    assert!(text.starts_with("# M004 "), "{text}");
    assert!(text.contains("## What it does"), "{text}");
}

#[test]
fn completions_man_and_file_lists() {
    let bash = stdout_of(kuiperlint().args(["completions", "bash"]));
    assert!(
        bash.contains("_kuiperlint()") && bash.contains("--files-from"),
        "bash completion"
    );
    let man = stdout_of(kuiperlint().arg("man"));
    assert!(man.contains(".TH kuiperlint 1"), "{man}");
    let out = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise", "--files-from", "-"])
            .write_stdin("fixtures/examples/sensors.json\n\nfixtures/examples/pasted-rules.json\n"),
    );
    assert_eq!(out.lines().count(), 6, "{out}");
    kuiperlint()
        .args(["check", "--files-from", "no/such/list"])
        .assert()
        .code(2);
}

#[test]
fn readme_sql_example_is_real_output() {
    let readme = fs::read_to_string("README.md").unwrap();
    let out = stdout_of(kuiperlint().args(["check", "fixtures/examples/sql-mistakes.json"]));
    assert!(
        readme.contains(out.trim_end()),
        "README shows other output than:\n{out}"
    );
}

#[test]
fn migration_codes_are_listed_where_explain_says() {
    let err = String::from_utf8(
        kuiperlint()
            .args(["explain", "M999"])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(
        err.contains("`kuiperlint rules --migrations` the migration codes"),
        "{err}"
    );
    let listed = stdout_of(kuiperlint().args(["rules", "--migrations"]));
    for m in kuiperlint::migrate::MIGRATIONS {
        assert!(
            listed.contains(&format!("{}  {}", m.code, m.name)),
            "{listed}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&stdout_of(kuiperlint().args([
        "rules",
        "--migrations",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        kuiperlint::migrate::MIGRATIONS.len()
    );
}

#[test]
fn kind_names_are_the_ones_reports_use_and_stdin_is_read_once() {
    let o = kuiperlint()
        .args(["check", "--kind", "rule-list", "-"])
        .write_stdin(
            "[{\"id\": \"r\", \"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}]}]",
        )
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("as rule-list"),
        "{o:?}"
    );
    let o = kuiperlint()
        .args(["check", "--files-from", "-", "-"])
        .write_stdin("a.json\n")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&o.get_output().stderr).to_string();
    assert!(stderr.contains("standard input cannot be both"), "{stderr}");
}

#[test]
fn diff_refuses_a_file_that_does_not_load_and_exit_code_says_whether_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let old = "fixtures/examples/sensors.json";
    let text = fs::read_to_string(old).unwrap();
    let end = text.trim_end().len() - 1;
    let broken = dir.path().join("broken.json");
    fs::write(&broken, format!("{},\n}}\n", text[..end].trim_end())).unwrap();
    let o = kuiperlint()
        .arg("diff")
        .arg(old)
        .arg(&broken)
        .assert()
        .code(1);
    let o = o.get_output();
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("broken.json:") && stderr.contains(": a trailing comma"),
        "{stderr}"
    );
    assert!(stderr.contains("does not load as a bundle"), "{stderr}");
    kuiperlint()
        .args(["diff", "--exit-code", old, old])
        .assert()
        .code(0);
    let changed = dir.path().join("changed.json");
    fs::write(&changed, text.replacen("\"sensors\"", "\"sensors2\"", 1)).unwrap();
    kuiperlint()
        .args(["diff", old])
        .arg(&changed)
        .assert()
        .code(0);
    kuiperlint()
        .args(["diff", "--exit-code", old])
        .arg(&changed)
        .assert()
        .code(1);
}

#[test]
fn command_line_selection_show_settings_and_output_file() {
    let file = "fixtures/examples/sql-mistakes.json";
    let all = stdout_of(kuiperlint().args(["check", "--format", "concise", file]));
    let only =
        stdout_of(kuiperlint().args(["check", "--format", "concise", "--select", "S02", file]));
    assert!(
        !only.is_empty() && only.lines().all(|l| l.contains(" S02")),
        "{only}"
    );
    assert!(all.lines().count() > only.lines().count());
    let ignored = stdout_of(kuiperlint().args([
        "check",
        "--format",
        "concise",
        "--ignore",
        "S021,S009",
        file,
    ]));
    assert!(
        !ignored.contains(" S021 ") && !ignored.contains(" S009 "),
        "{ignored}"
    );
    let o = kuiperlint()
        .args(["check", "--select", "SQL", file])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&o.get_output().stderr).to_string();
    assert!(
        stderr.contains("`--select`: `SQL` is not a lint code"),
        "{stderr}"
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("kuiperlint.toml"), "select = [\"B\"]\n").unwrap();
    fs::copy(file, dir.path().join("b.json")).unwrap();
    let b = dir.path().join("b.json");
    let shown = stdout_of(
        kuiperlint()
            .args(["check", "--show-settings", "--extend-select", "S021"])
            .arg(&b),
    );
    assert!(
        shown.contains("kuiperlint.toml") && shown.contains("select: [\"B\", \"S021\"]"),
        "{shown}"
    );
    let extended = stdout_of(
        kuiperlint()
            .args(["check", "--format", "concise", "--extend-select", "S021"])
            .arg(&b),
    );
    assert!(
        extended.contains(" S021 ") && !extended.contains(" S009 "),
        "{extended}"
    );

    let sarif = dir.path().join("out.sarif");
    let o = kuiperlint()
        .args(["check", "--format", "sarif", "--output-file"])
        .arg(&sarif)
        .arg(file)
        .assert()
        .code(1);
    let human = String::from_utf8_lossy(&o.get_output().stdout).to_string();
    assert!(
        human.contains("S021") && human.contains("Found "),
        "{human}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// SQL without a `.sql` name (standard input, a `.txt` file) is read as SQL by its content, not
/// as broken JSON: one real finding instead of a flood of "not a JSON value".
#[test]
fn sql_is_recognised_by_its_content() {
    let sql =
        "-- the plant\nCREATE STREAM s (a BIGINT) WITH (DATASOURCE=\"t\");\nselect b FROM s;\n";
    let o = kuiperlint()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(sql)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("<stdin>:3:8: S021 "), "{stdout}");
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("streams.txt");
    fs::write(&txt, sql).unwrap();
    let o = kuiperlint().args(["check"]).arg(&txt).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("checked 1 file as sql"), "{stderr}");
}

#[test]
fn a_file_that_is_not_checked_is_named() {
    // Other YAML is not eKuiper configuration: the run says it did not check it.
    let o = kuiperlint()
        .args([
            "check",
            "fixtures/kinds/docker-compose.yml",
            "fixtures/kinds/rule.json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("not checked (not eKuiper configuration; --kind to force one): fixtures/kinds/docker-compose.yml\n"),
        "{stderr}"
    );
    let o = kuiperlint()
        .args(["check", "fixtures/kinds/rule.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("not checked"), "{stderr}");
}

#[test]
fn human_output_follows_the_terminal_width_and_marks_cropped_lines() {
    let at = |columns: &str| {
        let o = kuiperlint()
            .env("COLUMNS", columns)
            .args(["check", "fixtures/examples/sql-mistakes.json"])
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let narrow = at("80");
    for line in narrow.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    // A rule is one long line: its snippet is a window, cut off with `…` on both sides, and
    // the header names the rule the snippet may not show.
    assert!(narrow.contains(" │ …"), "{narrow}");
    assert!(narrow.contains("S021 in rule `hot`: "), "{narrow}");
    let wide = at("200");
    let longest = |s: &str| s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest(&wide) > 120, "{wide}");
}

#[test]
fn per_entry_ignores_silence_one_entry_of_a_bundle() {
    // A bundle cannot hold comments: `[per-entry-ignores]` names the entry by its JSON pointer.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("kuiperlint.toml"),
        "[per-entry-ignores]\n\"/rules/r1\" = [\"S009\"]\n\"other.json#/rules/r2\" = [\"S009\"]\n",
    )
    .unwrap();
    let rule = |id: &str| {
        format!(
            r#""{id}": "{{\"id\": \"{id}\", \"sql\": \"SELECT avgg(a) AS x FROM demo\", \"actions\": [{{\"log\": {{}}}}]}}""#
        )
    };
    fs::write(
        dir.path().join("b.json"),
        format!(
            "{{\"streams\": {{\"demo\": \"CREATE STREAM demo () WITH (DATASOURCE=\\\"d\\\")\"}},\n \"rules\": {{{}, {}}}}}\n",
            rule("r1"),
            rule("r2")
        ),
    )
    .unwrap();
    let o = kuiperlint()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("b.json"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s009: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "S009")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    // r2's finding stays: its ignore is for another file.
    assert_eq!(s009, ["/rules/r2"], "{report}");
    let bad = dir.path().join("kuiperlint.toml");
    fs::write(&bad, "[per-entry-ignores]\n\"rules/r1\" = [\"S009\"]\n").unwrap();
    let o = kuiperlint()
        .args(["check"])
        .arg(dir.path().join("b.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a JSON pointer"));
}

#[test]
fn a_baseline_keeps_known_findings_out_and_lets_new_ones_fail() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("b.json");
    let rule = |id: &str, f: &str| {
        format!(
            r#""{id}": "{{\"id\": \"{id}\", \"sql\": \"SELECT {f}(a) AS x FROM demo\", \"actions\": [{{\"log\": {{}}}}]}}""#
        )
    };
    let write = |rules: &[String]| {
        fs::write(
            &bundle,
            format!(
                "{{\"streams\": {{\"demo\": \"CREATE STREAM demo () WITH (DATASOURCE=\\\"d\\\")\"}},\n \"rules\": {{\n{}\n}}}}\n",
                rules.join(",\n")
            ),
        )
        .unwrap()
    };
    write(&[rule("r1", "avgg")]);
    let baseline = dir.path().join("baseline.json");
    let o = kuiperlint()
        .args(["check", "--write-baseline"])
        .arg(&baseline)
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("recorded 1 finding in"));
    // A line inserted above moves the known finding: still known. A new one fails the run.
    write(&[rule("r0", "abs"), rule("r1", "avgg")]);
    let run = || {
        kuiperlint()
            .args(["check", "--format", "concise", "--baseline"])
            .arg(&baseline)
            .arg(&bundle)
            .output()
            .unwrap()
    };
    let o = run();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 finding recorded in"));
    write(&[rule("r1", "avgg"), rule("r2", "maxx")]);
    let o = run();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("maxx"), "{out}");
    fs::write(&baseline, "{\"findings\": 3}").unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a kuiperlint baseline"));
}

#[test]
fn a_folder_walk_respects_gitignore_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "{\"streams\": {\"s\": \"CREATE STREAM s () WITH (DATASOURCE=\\\"d\\\")\"},}\n";
    for f in [
        "bundles/a.json",
        "generated/b.json",
        "node_modules/x/package.json",
        "legacy/c.json",
    ] {
        let path = dir.path().join(f);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bad).unwrap();
    }
    fs::write(dir.path().join(".gitignore"), "generated/\n").unwrap();
    let o = kuiperlint()
        .args([
            "check",
            "--format",
            "json",
            "--exclude",
            "node_modules",
            "--exclude",
            "legacy/**",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<String> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("bundles/a.json"), "{files:?}");
    // A file named on the command line is checked, ignored or not.
    let o = kuiperlint()
        .args(["check", "--format", "concise", "--exclude", "legacy/**"])
        .arg(dir.path().join("generated/b.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn context_files_resolve_references_and_report_nothing() {
    // A changed rule checked alone does not see the project's streams; with the project as
    // context it does, and nothing of the context is reported.
    let alone = stdout_of(kuiperlint().args([
        "check",
        "--format",
        "concise",
        "fixtures/project/rules/overheat.json",
    ]));
    assert!(alone.contains(" S020 "), "{alone}");
    let o = kuiperlint()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/project/rules/overheat.json",
            "--context",
            "fixtures/project",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["inputs"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "{report}"
    );
}

#[test]
fn stdin_filename_names_standard_input_and_picks_its_kind() {
    // A rule body on standard input, named: read as a rule (not as a bundle), shown by its name.
    let o = kuiperlint()
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "rules/hot.json",
            "-",
        ])
        .write_stdin(r#"{"sql": "SELECT avgg(t) AS a FROM demo", "actions": [{"log": {}}]}"#)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("rules/hot.json:1:17: S009 "), "{out}");
    assert!(!out.contains("<stdin>"), "{out}");
}

#[test]
fn each_command_has_a_manual_page_with_its_options_and_exit_codes() {
    for command in ["check", "migrate", "diff", "explain", "schema"] {
        let page = stdout_of(kuiperlint().args(["man", command]));
        assert!(
            page.contains(&format!(".TH kuiperlint-{command} 1")),
            "{page}"
        );
        assert!(page.contains(".SH OPTIONS"), "{command}");
        assert!(page.contains(".SH \"EXIT STATUS\""), "{command}");
    }
    assert!(stdout_of(kuiperlint().args(["man", "check"])).contains("baseline"));
    kuiperlint().args(["man", "chek"]).assert().code(2);
}
