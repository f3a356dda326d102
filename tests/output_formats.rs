//! The CI output formats: a snapshot of each, and a check by what consumes it (the SARIF schema,
//! an XML parser for JUnit, the workflow-command grammar, eKuiper's getstatus shape).

use kuiperlint::diagnostic::Severity;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::report::{render_getstatus, render_github, render_junit, render_sarif};

fn reports() -> Vec<FileReport> {
    [
        "fixtures/examples/pasted-rules.json",
        "fixtures/examples/sensors.json",
    ]
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

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let out = render_sarif(&reports());
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().offline().build(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(2), Some(3))
    );
    insta::assert_snapshot!(out);
}

#[test]
fn junit_parses_as_xml_with_one_case_per_file() {
    let out = render_junit(&reports(), Severity::Error);
    let doc = roxmltree::Document::parse(&out).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    let failure = cases[0]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("message"), Some("5 findings"));
    assert!(failure
        .text()
        .unwrap()
        .contains("fixtures/examples/pasted-rules.json:8:32: B013 [error]"));
    assert!(cases[1].children().all(|n| !n.has_tag_name("failure")));
    insta::assert_snapshot!(out);
}

/// `::<error|warning|notice> file=F,line=N,col=N,endLine=N,endColumn=N,title=T::MESSAGE`
fn is_workflow_command(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("::") else {
        return false;
    };
    let Some((command, rest)) = rest.split_once(' ') else {
        return false;
    };
    let Some((props, message)) = rest.split_once("::") else {
        return false;
    };
    let keys: Vec<&str> = props
        .split(',')
        .map(|p| p.split_once('=').map_or("", |(k, _)| k))
        .collect();
    let numbers_ok = props
        .split(',')
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| ["line", "col", "endLine", "endColumn"].contains(k))
        .all(|(_, v)| v.parse::<u32>().is_ok());
    ["error", "warning", "notice"].contains(&command)
        && keys == ["file", "line", "col", "endLine", "endColumn", "title"]
        && numbers_ok
        && !message.is_empty()
        && !message.contains('\n')
}

#[test]
fn github_annotations_follow_the_workflow_command_grammar() {
    let out = render_github(&reports());
    assert_eq!(out.lines().count(), 6);
    for line in out.lines() {
        assert!(is_workflow_command(line), "{line}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn getstatus_has_ekuipers_twelve_sections() {
    let out = render_getstatus(&reports()[..1]);
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sections = [
        "streams",
        "tables",
        "rules",
        "nativePlugins",
        "portablePlugins",
        "sourceConfig",
        "sinkConfig",
        "connectionConfig",
        "Service",
        "Schema",
        "uploads",
        "scripts",
    ];
    for s in sections {
        let items = status[s]
            .as_object()
            .unwrap_or_else(|| panic!("{s} is an object"));
        assert!(items.values().all(|v| v.is_string()), "{s}");
    }
    assert_eq!(
        status["rules"]["overheat_copy"],
        "B013: rule `overheat_copy` has id `overheat`"
    );
    assert!(status["error"].as_str().unwrap().starts_with("B002: "));
    insta::assert_snapshot!(out);
}

/// The examples in docs/output-formats.md are what kuiperlint prints for the same file.
#[test]
fn documented_examples_are_real_output() {
    let doc = std::fs::read_to_string("docs/output-formats.md").unwrap();
    let reports = reports();
    let concise = kuiperlint::report::render_concise(&reports);
    let github = render_github(&reports);
    let status = render_getstatus(&reports[..1]);
    let junit = render_junit(&reports, Severity::Error);
    let blocks: Vec<&str> = doc.split("```").skip(1).step_by(2).collect();
    let mut checked = 0;
    for block in blocks {
        let (lang, body) = block.split_once('\n').unwrap();
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let real = match lang {
                "text" if line.starts_with("::") => &github,
                "text" => &concise,
                "json" if line.contains(": \"") => &status,
                "xml" if line.contains(".json:") => &junit,
                _ => continue,
            };
            // Paths in the doc may be shortened to the file name.
            let found = real.lines().any(|r| {
                r.contains(line)
                    || r.contains(
                        &line.replace("pasted-rules.json", "fixtures/examples/pasted-rules.json"),
                    )
            });
            assert!(found, "documented line not in the {lang} output: {line}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} lines checked");
}
