//! `kuiperlint server` driven in-process, as an editor drives it, through
//! `lsp_server::Connection::memory()`: diagnostics at exact positions (UTF-16 and UTF-8), updates
//! on change, the workspace as the project, hover, code actions applied, a panic survived.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

use kuiperlint::engine::{FileReport, Input, InputError};
use kuiperlint::server;

const BUNDLE: &str = r#"{
  "streams": {
    "sensors": "CREATE STREAM sensors () WITH (DATASOURCE=\"t\", FORMAT=\"json\")",
  },
  "rules": {
    "温度😀": "{\"id\": \"温度😀\", \"sql\": \"SELECT avg(temprature) FROM sensors GROUP BY TUMBLINGWINDOW(sec, 10)\", \"actions\": [{\"log\": {}}]}"
  }
}
"#;

struct Client {
    conn: Connection,
    thread: Option<JoinHandle<()>>,
    next_id: i32,
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    fn start(root: &Path, capabilities: Value) -> (Client, Value) {
        Client::start_with(root, capabilities, server::check)
    }

    fn start_with(root: &Path, capabilities: Value, checker: server::Checker) -> (Client, Value) {
        let (server_side, client_side) = Connection::memory();
        let thread = std::thread::spawn(move || server::serve(server_side, checker).unwrap());
        let mut client = Client {
            conn: client_side,
            thread: Some(thread),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({ "capabilities": capabilities, "rootUri": uri(root) }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.into(), params);
        self.conn.sender.send(request.into()).unwrap();
        loop {
            if let Message::Response(r) = self.recv() {
                if r.id == id {
                    assert!(r.error.is_none(), "{method}: {:?}", r.error);
                    return r.result.unwrap_or(Value::Null);
                }
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).unwrap();
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Value {
        loop {
            if let Message::Notification(n) = self.recv() {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params;
                }
            }
        }
    }

    /// The diagnostics published for `uri` at `version`, skipping those of older versions.
    fn diagnostics_of_version(&self, uri: &str, version: i32) -> Vec<Value> {
        loop {
            let p = self.diagnostics(uri);
            if p["version"] == version {
                return p["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    fn change(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn hover(&mut self, uri: &str, at: Value) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
    }

    fn edit(&self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.thread.take().unwrap().join().unwrap();
    }
}

/// (code, start line, start character, end line, end character) of each diagnostic.
fn ranges(diagnostics: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn r(code: &str, l1: u64, c1: u64, l2: u64, c2: u64) -> (String, u64, u64, u64, u64) {
    (code.to_string(), l1, c1, l2, c2)
}

/// The byte offset of an LSP position counted in UTF-16 units.
fn offset_utf16(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0u64;
    for (at, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + at;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

/// `text` with the TextEdits applied (UTF-16 positions).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let p = |w: &str| {
                offset_utf16(
                    text,
                    e["range"][w]["line"].as_u64().unwrap(),
                    e["range"][w]["character"].as_u64().unwrap(),
                )
            };
            (
                p("start"),
                p("end"),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// A server on a fresh folder in which `name` holds `text`, on disk and open in the editor, once
/// its first diagnostics are in: the folder (removed when dropped), the client, the document's
/// URI and those diagnostics.
fn opened(name: &str, text: &str) -> (tempfile::TempDir, Client, String, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, text).unwrap();
    let (client, _) = Client::start(dir.path(), json!({}));
    let u = uri(&file);
    client.open(&u, text);
    let found = client.diagnostics_of_version(&u, 1);
    (dir, client, u, found)
}

/// The labels of a completion answer.
fn labels_of(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

fn position(line: u64, character: u64) -> Value {
    json!({"line": line, "character": character})
}

fn code_actions(client: &mut Client, uri: &str, line: u64, character: u64) -> Vec<Value> {
    let at = position(line, character);
    client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
                   "context": {"diagnostics": []}}),
        )
        .as_array()
        .unwrap()
        .clone()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

#[test]
fn diagnostics_land_on_utf16_columns_and_follow_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    fs::write(&file, BUNDLE).unwrap();
    let (client, init) = Client::start(dir.path(), json!({}));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"], 2);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);

    let u = uri(&file);
    client.open(&u, BUNDLE);
    let found = client.diagnostics_of_version(&u, 1);
    // `check --format concise`: 3:83 B003, 6:22 C004 (to 6:29), 6:102 S006, in characters from
    // 1; on line 6 each 😀 before a column is two UTF-16 units.
    assert_eq!(
        ranges(&found),
        vec![
            r("B003", 2, 82, 2, 83),
            r("C004", 5, 22, 5, 30),
            r("S006", 5, 103, 5, 106),
        ]
    );
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(found[1]["severity"], 2);
    assert_eq!(found[0]["source"], "kuiperlint");
    assert_eq!(
        found[0]["message"],
        "trailing comma\nhelp: JSON allows no comma after the last element; eKuiper's decoder rejects it"
    );
    let line6 = BUNDLE.lines().nth(5).unwrap();
    let s006 = offset_utf16(BUNDLE, 5, 103) - BUNDLE.find(line6).unwrap();
    assert!(line6[s006..].starts_with("sec"));

    // Two changes queued: the last one wins; the trailing comma is gone, the unit fixed.
    let v2 = BUNDLE.replace("json\\\")\",", "json\\\")\"");
    let v3 = v2.replace("(sec, 10)", "(ss, 10)");
    client.change(&u, 2, &v2);
    client.change(&u, 3, &v3);
    let found = client.diagnostics_of_version(&u, 3);
    assert_eq!(ranges(&found), vec![r("C004", 5, 22, 5, 30)]);
    client.shutdown();
}

/// A change of the text from line `l1` column `c1` to line `l2` column `c2`.
fn ranged(l1: u64, c1: u64, l2: u64, c2: u64, text: &str) -> Value {
    json!({"range": {"start": position(l1, c1), "end": position(l2, c2)}, "text": text})
}

#[test]
fn ranged_changes_apply_in_order_on_utf16_columns_and_clamp() {
    let (_dir, mut client, u, _) = opened("bundle.json", BUNDLE);

    // Line 6 holds 温度😀 twice (😀 is two UTF-16 units) before its SQL. First `x` goes before
    // `temprature` (column 54); then, on the text that left, `sec` (one column further right
    // now) becomes `sex`, still no unit.
    client.edit(
        &u,
        2,
        json!([ranged(5, 54, 5, 54, "x"), ranged(5, 104, 5, 107, "sex")]),
    );
    let found = client.diagnostics_of_version(&u, 2);
    assert_eq!(
        ranges(&found),
        vec![
            r("B003", 2, 82, 2, 83),
            r("C004", 5, 22, 5, 30),
            r("S006", 5, 104, 5, 107),
        ]
    );

    // A column past the end of line 3 is its end: its trailing comma goes, its line break
    // stays. A line past the end of the text is the text's end.
    client.edit(
        &u,
        3,
        json!([ranged(2, 82, 2, 500, ""), ranged(40, 0, 41, 9, "\n")]),
    );
    let expected = vec![r("C004", 5, 22, 5, 30), r("S006", 5, 104, 5, 107)];
    assert_eq!(ranges(&client.diagnostics_of_version(&u, 3)), expected);

    // Column 8 falls between the two UTF-16 units of the key's 😀 (columns 7 and 8): it is the
    // emoji's start, so the emoji is written over itself, whole.
    client.edit(&u, 4, json!([ranged(5, 8, 5, 9, "😀")]));
    assert_eq!(ranges(&client.diagnostics_of_version(&u, 4)), expected);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": position(5, 105)}),
    );
    let explain =
        kuiperlint::report::catalog::explain_lint(kuiperlint::lints::find("S006").unwrap(), false);
    assert_eq!(hover["contents"]["value"], explain);

    // A change without a range is the whole text.
    client.change(&u, 5, BUNDLE);
    assert_eq!(
        ranges(&client.diagnostics_of_version(&u, 5)),
        vec![
            r("B003", 2, 82, 2, 83),
            r("C004", 5, 22, 5, 30),
            r("S006", 5, 103, 5, 106),
        ]
    );
    client.shutdown();
}

#[test]
fn utf8_is_used_when_the_client_prefers_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    let (client, init) = Client::start(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let u = uri(&file);
    client.open(&u, BUNDLE);
    let found = client.diagnostics_of_version(&u, 1);
    let line6 = BUNDLE.lines().nth(5).unwrap();
    let sec = line6.find("(sec").unwrap() as u64 + 1;
    let key = line6.find("\\\"温").unwrap() as u64;
    assert_eq!(
        ranges(&found),
        vec![
            r("B003", 2, 82, 2, 83),
            r("C004", 5, key, 5, key + 2 + 2 * 3 + 4 + 2),
            r("S006", 5, sec, 5, sec + 3),
        ]
    );
    // Ranged changes count bytes too: `x` before `temprature`, then `sec`, a byte further right,
    // becomes `sex`; columns inside the key's 😀 (bytes 11 to 14 of the line) are its start, so
    // the emoji is written over itself, whole.
    let temp = line6.find("temprature").unwrap() as u64;
    client.edit(
        &u,
        2,
        json!([
            ranged(5, temp, 5, temp, "x"),
            ranged(5, sec + 1, 5, sec + 4, "sex"),
            ranged(5, 12, 5, 15, "😀"),
        ]),
    );
    assert_eq!(
        ranges(&client.diagnostics_of_version(&u, 2)),
        vec![
            r("B003", 2, 82, 2, 83),
            r("C004", 5, key, 5, key + 2 + 2 * 3 + 4 + 2),
            r("S006", 5, sec + 1, 5, sec + 4),
        ]
    );
    client.shutdown();
}

#[test]
fn hover_on_a_finding_shows_what_explain_prints() {
    let (_dir, mut client, u, _) = opened("bundle.json", BUNDLE);
    let hover = client.hover(&u, position(5, 104));
    let explain =
        kuiperlint::report::catalog::explain_lint(kuiperlint::lints::find("S006").unwrap(), false);
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(hover["contents"]["value"], explain);
    assert_eq!(hover["range"]["start"], position(5, 103));
    // Nowhere near a finding: nothing.
    let nothing = client.hover(&u, position(0, 0));
    assert_eq!(nothing, Value::Null);
    client.shutdown();
}

#[test]
fn a_fix_applied_from_a_code_action_clears_its_finding() {
    let (_dir, mut client, u, _) = opened("bundle.json", BUNDLE);
    let actions = code_actions(&mut client, &u, 2, 82);
    let fix = titled(&actions, "B003: remove the trailing comma");
    // Not offered to a client that cannot resolve its edit later: too slow to make each time.
    assert!(
        actions.iter().all(|a| a["kind"] == "quickfix"),
        "{actions:#?}"
    );
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "B003");
    let edits = fix["edit"]["changes"][&u].as_array().unwrap();
    let fixed = apply(BUNDLE, edits);
    assert_eq!(fixed, BUNDLE.replace("json\\\")\",", "json\\\")\""));
    client.change(&u, 2, &fixed);
    let found = client.diagnostics_of_version(&u, 2);
    assert!(ranges(&found).iter().all(|f| f.0 != "B003"), "{found:#?}");
    client.shutdown();
}

#[test]
fn the_workspace_is_the_project_and_unsafe_fixes_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("streams.sql");
    let rule = dir.path().join("hot.json");
    let stream =
        "CREATE STREAM sensors (temperature FLOAT) WITH (DATASOURCE=\"t\", FORMAT=\"json\");\n";
    let hot = "{\"id\": \"hot\", \"sql\": \"SELECT temprature FROM sensors\", \"actions\": [{\"log\": {}}]}\n";
    fs::write(&sql, stream).unwrap();
    fs::write(&rule, hot).unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let (su, ru) = (uri(&sql), uri(&rule));
    // Only the rule is open: the stream comes from the workspace's `.sql` (no S020).
    client.open(&ru, hot);
    let found = client.diagnostics_of_version(&ru, 1);
    assert_eq!(ranges(&found), vec![r("S021", 0, 29, 0, 39)]);

    let actions = code_actions(&mut client, &ru, 0, 30);
    let fix = titled(&actions, "S021: rename to `temperature` (unsafe)");
    assert_eq!(fix["isPreferred"], false);
    let fixed = apply(hot, fix["edit"]["changes"][&ru].as_array().unwrap());
    assert!(fixed.contains("SELECT temperature FROM sensors"));

    // The `.sql` opened and changed, unsaved: the rule's diagnostics follow it.
    client.open(&su, stream);
    client.diagnostics_of_version(&su, 1);
    client.change(&su, 2, &stream.replace("temperature", "temprature"));
    // The rule's version stays 1: its publications after the `.sql` opened (still S021) and
    // after the change (clean) are told apart by content; `diagnostics` times out if none comes.
    let found = loop {
        let found = client.diagnostics_of_version(&ru, 1);
        if found.is_empty() {
            break found;
        }
    };
    assert_eq!(ranges(&found), vec![], "{found:#?}");
    // Closed: the file on disk again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": su}}),
    );
    let found = client.diagnostics_of_version(&ru, 1);
    assert_eq!(ranges(&found), vec![r("S021", 0, 29, 0, 39)]);
    client.shutdown();
}

#[test]
fn ignore_in_this_file_writes_kuiperlint_toml() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("bundles");
    fs::create_dir(&sub).unwrap();
    let file = sub.join("bundle.json");
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let u = uri(&file);
    client.open(&u, BUNDLE);
    client.diagnostics_of_version(&u, 1);

    // No kuiperlint.toml yet: one is created in the workspace's folder.
    let actions = code_actions(&mut client, &u, 2, 82);
    let ignore = titled(&actions, "kuiperlint: ignore B003 in this file");
    let changes = ignore["edit"]["documentChanges"].as_array().unwrap();
    let config = dir.path().join("kuiperlint.toml");
    assert_eq!(changes[0], json!({"kind": "create", "uri": uri(&config)}));
    assert_eq!(changes[1]["textDocument"]["uri"], uri(&config));
    let text = apply("", changes[1]["edits"].as_array().unwrap());
    assert_eq!(
        text,
        "[per-file-ignores]\n\"bundles/bundle.json\" = [\"B003\"]\n"
    );
    fs::write(&config, &text).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 1}]}),
    );
    let found = client.diagnostics_of_version(&u, 1);
    assert_eq!(
        ranges(&found)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["C004", "S006"]
    );

    // Now there is one: the file's entry gains the code.
    let actions = code_actions(&mut client, &u, 5, 104);
    let ignore = titled(&actions, "kuiperlint: ignore S006 in this file");
    let edits = ignore["edit"]["changes"][&uri(&config)].as_array().unwrap();
    let text = apply(&text, edits);
    assert_eq!(
        text,
        "[per-file-ignores]\n\"bundles/bundle.json\" = [\"B003\", \"S006\"]\n"
    );
    fs::write(&config, &text).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let found = client.diagnostics_of_version(&u, 1);
    assert_eq!(ranges(&found), vec![r("C004", 5, 22, 5, 30)]);
    client.shutdown();
}

#[test]
fn a_config_without_the_section_gains_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    let config = dir.path().join("kuiperlint.toml");
    fs::write(&config, "ignore = [\"C004\"]").unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let u = uri(&file);
    client.open(&u, BUNDLE);
    let found = client.diagnostics_of_version(&u, 1);
    // The project's settings apply, as in `check`.
    assert!(ranges(&found).iter().all(|f| f.0 != "C004"));
    let actions = code_actions(&mut client, &u, 2, 82);
    let ignore = titled(&actions, "kuiperlint: ignore B003 in this file");
    let edits = ignore["edit"]["changes"][&uri(&config)].as_array().unwrap();
    let text = apply("ignore = [\"C004\"]", edits);
    assert_eq!(
        text,
        "ignore = [\"C004\"]\n\n[per-file-ignores]\n\"bundle.json\" = [\"B003\"]\n"
    );
    assert!(text.parse::<toml::Table>().is_ok());
    client.shutdown();
}

fn panics_on_a_marker(
    inputs: &[Input],
    contents: &[Option<Vec<u8>>],
) -> Vec<Result<FileReport, InputError>> {
    if contents
        .iter()
        .flatten()
        .any(|c| String::from_utf8_lossy(c).contains("PANIC"))
    {
        panic!("a check failed on the marker");
    }
    server::check(inputs, contents)
}

#[test]
fn a_panic_in_a_check_is_a_diagnostic_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    let good = dir.path().join("good.json");
    let (mut client, _) = Client::start_with(dir.path(), json!({}), panics_on_a_marker);
    let (bu, gu) = (uri(&bad), uri(&good));
    client.open(&gu, BUNDLE);
    client.diagnostics_of_version(&gu, 1);
    client.open(&bu, "{\"PANIC\": 1}");
    let mut published = HashMap::new();
    // Both documents are published after the panic, in either order.
    while published.len() < 2 {
        if let Message::Notification(n) = client.recv() {
            let u = n.params["uri"].as_str().unwrap_or_default().to_string();
            if n.method == "textDocument/publishDiagnostics" && (u == bu || u == gu) {
                published.insert(u, n.params["diagnostics"].clone());
            }
        }
    }
    let bad_found = published[&bu].as_array().unwrap();
    assert_eq!(ranges(bad_found), vec![r("kuiperlint", 0, 0, 0, 0)]);
    let message = bad_found[0]["message"].as_str().unwrap();
    assert!(message.contains("panicked") && message.contains("a check failed on the marker"));
    // The other document is still checked.
    assert_eq!(published[&gu].as_array().unwrap().len(), 3);
    // And the server still serves.
    client.change(&bu, 2, "{}");
    let found = client.diagnostics_of_version(&bu, 2);
    assert!(ranges(&found).iter().all(|f| f.0 != "kuiperlint"));
    let hover = client.hover(&gu, position(2, 82));
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("B003"));
    client.shutdown();
}

/// A JSON bundle of `rules` rules (one per line: `r0` on line 5, counted from 1) reading the
/// stream `s (a BIGINT)`; rule `r50` calls an unknown function and the stream `unused` is read
/// by none.
fn large_bundle(rules: usize) -> String {
    let mut text = String::from("{\n \"streams\": {\"s\": \"CREATE STREAM s (a BIGINT) WITH (DATASOURCE=\\\"t\\\", FORMAT=\\\"json\\\")\",\n  \"unused\": \"CREATE STREAM unused () WITH (DATASOURCE=\\\"u\\\", FORMAT=\\\"json\\\")\"},\n \"rules\": {\n");
    for i in 0..rules {
        let sql = if i == 50 {
            "SELECT nofunc(a) FROM s"
        } else {
            "SELECT a FROM s"
        };
        let comma = if i + 1 < rules { "," } else { "" };
        text.push_str(&format!(
            "  \"r{i}\": \"{{\\\"id\\\": \\\"r{i}\\\", \\\"sql\\\": \\\"{sql}\\\", \\\"actions\\\": [{{\\\"log\\\": {{}}}}]}}\"{comma}\n"
        ));
    }
    text.push_str(" }\n}\n");
    text
}

#[test]
fn an_edit_inside_one_rule_of_a_large_bundle_is_answered_as_a_whole_check_answers_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    let text = large_bundle(1500);
    assert!(text.len() > 64 * 1024, "large enough for the one-rule path");
    fs::write(&file, &text).unwrap();
    let (client, _) = Client::start(dir.path(), json!({}));
    let u = uri(&file);
    client.open(&u, &text);
    let opened = client.diagnostics_of_version(&u, 1);
    // X006 on `unused` (line 3), S009 in r50 (line 5 + 50), in lines counted from 0 here.
    let line_of = |rule: usize| 4 + rule as u64;
    assert_eq!(
        ranges(&opened),
        vec![
            r("X006", 2, 2, 2, 10),
            r("S009", line_of(50), 46, line_of(50), 52)
        ]
    );

    // One character inside r700's SQL: `a` becomes `b`, a field `s` does not declare.
    let line = text.lines().nth(line_of(700) as usize).unwrap();
    let column = line.find("SELECT a").unwrap() + "SELECT ".len();
    let at = text.find(line).unwrap() + column;
    let mut edited = text.clone();
    edited.replace_range(at..at + 1, "b");
    client.change(&u, 2, &edited);
    let expected = vec![
        r("X006", 2, 2, 2, 10),
        r("S009", line_of(50), 46, line_of(50), 52),
        r(
            "S021",
            line_of(700),
            column as u64,
            line_of(700),
            column as u64 + 1,
        ),
    ];
    // The answer of the one rule comes first, then the whole check's: the same.
    let first = client.diagnostics_of_version(&u, 2);
    assert_eq!(ranges(&first), expected);
    let whole = client.diagnostics_of_version(&u, 2);
    assert_eq!(first, whole);

    // r0 reads `unused` now, sent as a ranged change: the one rule's answer still carries the
    // stream's X006 over (the outline lints wait for the whole check), and the whole check that
    // follows drops it.
    let r0 = text.lines().nth(line_of(0) as usize).unwrap();
    let from = r0.find("FROM s").unwrap() as u64 + "FROM ".len() as u64;
    client.edit(
        &u,
        3,
        json!([ranged(line_of(0), from, line_of(0), from + 1, "unused")]),
    );
    let fast = client.diagnostics_of_version(&u, 3);
    let whole = client.diagnostics_of_version(&u, 3);
    assert_eq!(ranges(&fast), expected);
    assert_eq!(ranges(&whole), expected[1..].to_vec());
    client.shutdown();
}

/// The binary itself over standard input and output (what the in-memory tests above skip): it
/// answers `initialize` and exits on `exit`.
#[test]
fn the_binary_serves_over_stdio() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kuiperlint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let frame = |body: Value| {
        let body = body.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    stdin
        .write_all(
            frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))
                .as_bytes(),
        )
        .unwrap();
    stdin.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    out.read_line(&mut header).unwrap();
    let length: usize = header
        .trim()
        .strip_prefix("Content-Length: ")
        .unwrap()
        .parse()
        .unwrap();
    out.read_line(&mut String::new()).unwrap();
    let mut body = vec![0; length];
    out.read_exact(&mut body).unwrap();
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["id"], 1);
    assert_eq!(answer["result"]["serverInfo"]["name"], "kuiperlint");
    for message in [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        stdin.write_all(frame(message).as_bytes()).unwrap();
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// The UTF-16 position of the first `needle` in `text` after `after`, plus `plus` characters.
fn position_of(text: &str, after: &str, needle: &str, plus: usize) -> Value {
    let at = text.find(after).unwrap();
    let at = at + text[at..].find(needle).unwrap();
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..at]
        .chars()
        .map(char::len_utf16)
        .sum::<usize>()
        + plus;
    position(line as u64, character as u64)
}

#[test]
fn hover_names_a_function_of_rule_sql_and_a_property_of_the_rule() {
    let (_dir, mut client, u, _) = opened("bundle.json", BUNDLE);
    // `avg`, inside the SQL inside the rule's string, past CJK and emoji on its line.
    let on_avg = client.hover(&u, position_of(BUNDLE, "SELECT", "avg", 1));
    let value = on_avg["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("```sql\navg(number)\n```"), "{value}");
    assert!(value.contains("aggregate function"), "{value}");
    assert_eq!(
        on_avg["range"]["start"],
        position_of(BUNDLE, "SELECT", "avg", 0)
    );
    assert_eq!(
        on_avg["range"]["end"],
        position_of(BUNDLE, "SELECT", "avg", 3)
    );
    // The key `actions` of the rule: the schema's description.
    let on_actions = client.hover(&u, position_of(BUNDLE, "SELECT", "actions", 2));
    let value = on_actions["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**actions**\n\nSinks;"), "{value}");
    // Nothing known on a field name.
    assert_eq!(
        client.hover(&u, position_of(BUNDLE, "SELECT", "sensors GROUP", 2)),
        Value::Null
    );
    client.shutdown();
}

#[test]
fn completion_offers_functions_in_rule_sql_and_properties_of_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    let text = BUNDLE
        .replace("avg(temprature)", "av")
        .replace("\\\"actions\\\"", "\\\"opt\\\": {}, \\\"actions\\\"");
    fs::write(&file, &text).unwrap();
    let (mut client, init) = Client::start(dir.path(), json!({}));
    assert_eq!(
        init["capabilities"]["completionProvider"]["triggerCharacters"],
        json!(["\""])
    );
    let u = uri(&file);
    client.open(&u, &text);
    let mut complete = |at: Value| {
        client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": at}),
        )
    };
    let items = complete(position_of(&text, "SELECT", "av", 2));
    let labels = labels_of(&items);
    assert_eq!(labels, vec!["avg"]);
    let avg = &items[0];
    assert_eq!(avg["kind"], 3); // Function
    assert_eq!(
        avg["textEdit"]["range"]["start"],
        position_of(&text, "SELECT", "av", 0)
    );
    assert_eq!(
        avg["textEdit"]["range"]["end"],
        position_of(&text, "SELECT", "av", 2)
    );
    assert_eq!(
        apply(&text, &[avg["textEdit"].clone()]),
        text.replacen("SELECT av", "SELECT avg", 1)
    );

    let items = complete(position_of(&text, "\\\"opt", "opt", 3));
    let labels = labels_of(&items);
    assert_eq!(labels, vec!["options"]);
    assert_eq!(items[0]["kind"], 10); // Property
    let fixed = apply(&text, &[items[0]["textEdit"].clone()]);
    assert!(
        fixed.contains("\\\"options\\\": {}, \\\"actions\\\""),
        "{fixed}"
    );
    client.shutdown();
}

#[test]
fn hover_in_a_rule_file_reaches_options_and_action_properties() {
    let text = "{\n  \"id\": \"r\",\n  \"sql\": \"SELECT abs(a) FROM s\",\n  \"actions\": [{\"mqtt\": {\"server\": \"tcp://x:1883\", \"topic\": \"t\"}}],\n  \"options\": {\"qos\": 1}\n}\n";
    let (_dir, mut client, u, _) = opened("rule.json", text);
    let mut hover = |after: &str, needle: &str| {
        let at = position_of(text, after, needle, 1);
        client.hover(&u, at)["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(hover("SELECT", "abs").starts_with("```sql\nabs(number)\n```"));
    let qos = hover("options", "qos");
    assert!(qos.starts_with("**qos**\n\nProcessing guarantee"), "{qos}");
    assert!(qos.contains("default: `0`"), "{qos}");
    let server = hover("mqtt", "server");
    assert!(server.starts_with("**server**\n\n"), "{server}");
    assert!(server.to_lowercase().contains("broker"), "{server}");
    client.shutdown();
}

#[test]
fn hover_and_completion_reach_configs_in_a_bundle_and_in_etc_files() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    let text = r#"{
  "rules": {
    "r": "{\"id\": \"r\", \"sql\": \"SELECT 1 FROM s\", \"actions\": [{\"mqtt\": {\"topic\": \"t\"}}]}"
  },
  "sinkConfig": {
    "mqtt": "{\"cloud\": {\"server\": \"tcp://x:1883\", \"qo\": 1}}"
  },
  "Service": {
    "sample": "{\"name\": \"sample\", \"file\": \"sample.zip\"}"
  }
}
"#;
    fs::write(&bundle, text).unwrap();
    let etc = dir.path().join("etc/sources");
    fs::create_dir_all(&etc).unwrap();
    let yaml = etc.join("mqtt.yaml");
    let source = "default:\n  server: tcp://127.0.0.1:1883\n  qo: 1\n";
    fs::write(&yaml, source).unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let (bu, yu) = (uri(&bundle), uri(&yaml));
    client.open(&bu, text);
    let found = client.diagnostics_of_version(&bu, 1);
    // The confKey no action uses: tagged unnecessary, which editors show faded.
    let unused: Vec<&Value> = found.iter().filter(|d| d["code"] == "X006").collect();
    assert_eq!(unused.len(), 1, "{found:#?}");
    assert_eq!(unused[0]["tags"], json!([1]));
    assert!(found
        .iter()
        .filter(|d| d["code"] != "X006")
        .all(|d| d.get("tags").is_none()));
    client.open(&yu, source);
    client.diagnostics_of_version(&yu, 1);
    let mut ask = |method: &str, u: &str, text: &str, after: &str, needle: &str, plus: usize| {
        let at = position_of(text, after, needle, plus);
        client.request(method, json!({"textDocument": {"uri": u}, "position": at}))
    };
    let hover_text = |answer: Value| {
        answer["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // A sink type in a rule's actions: the sink's own description, not a schema's inner wrapper.
    let mqtt = hover_text(ask("textDocument/hover", &bu, text, "actions", "mqtt", 1));
    assert!(
        mqtt.starts_with("**mqtt**\n\nProps of an mqtt action"),
        "{mqtt}"
    );
    // A property under a confKey of sinkConfig, two escape levels in.
    let server = hover_text(ask("textDocument/hover", &bu, text, "cloud", "server", 1));
    assert!(server.starts_with("**server**\n\nBroker URL"), "{server}");
    // The config type's name: its schema's title and description.
    let ty = hover_text(ask(
        "textDocument/hover",
        &bu,
        text,
        "sinkConfig",
        "mqtt",
        1,
    ));
    assert!(ty.starts_with("**mqtt sink (2.x)**\n\n"), "{ty}");
    // A service entry's property.
    let file = hover_text(ask("textDocument/hover", &bu, text, "Service", "file", 1));
    assert!(file.starts_with("**file**\n\n"), "{file}");
    // Completion of a half-typed sink property: what the schema has, not what is there.
    let items = ask("textDocument/completion", &bu, text, "cloud", "qo", 2);
    let labels = labels_of(&items);
    assert_eq!(labels, ["qos"]);
    let edit = &items[0]["textEdit"];
    let line = text.lines().position(|l| l.contains("cloud")).unwrap() as u64;
    let column = |s: &str| text.lines().nth(line as usize).unwrap().find(s).unwrap() as u64;
    assert_eq!(
        edit["range"],
        json!({"start": position(line, column("qo\\\"")), "end": position(line, column("qo\\\"") + 2)})
    );

    // An etc/ source config in YAML: unquoted keys.
    // A confKey is the user's own name: nothing to say.
    assert_eq!(
        ask("textDocument/hover", &yu, source, "", "default", 1),
        Value::Null
    );
    let answer = ask("textDocument/hover", &yu, source, "", "server", 6);
    assert!(
        hover_text(answer.clone()).starts_with("**server**\n\nBroker URL"),
        "{answer}"
    );
    assert_eq!(
        answer["range"],
        json!({"start": position(1, 2), "end": position(1, 8)})
    );
    let items = ask("textDocument/completion", &yu, source, "1883", "qo", 2);
    let labels = labels_of(&items);
    assert_eq!(labels, ["qos"]);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": position(2, 2), "end": position(2, 4)})
    );
    client.shutdown();
}

#[test]
fn fix_all_writes_what_check_fix_writes_on_save_and_through_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    fs::write(&file, BUNDLE).unwrap();
    let resolves =
        json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    let (mut client, init) = Client::start(dir.path(), resolves);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.kuiperlint"])
    );
    let u = uri(&file);
    client.open(&u, BUNDLE);
    client.diagnostics_of_version(&u, 1);
    let expected = kuiperlint::fix::fix_bytes("bundle.json", BUNDLE.into(), None, false)
        .files
        .remove(0)
        .fixed
        .unwrap();
    assert_ne!(expected, BUNDLE);
    let fixed_by = |action: &Value| {
        let change = &action["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"], json!({"uri": u, "version": 1}));
        apply(BUNDLE, change["edits"].as_array().unwrap())
    };

    // On save: only "fix all" is asked for, and comes with its edit.
    let at = position(0, 0);
    let on_save = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": at, "end": at},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let on_save = on_save.as_array().unwrap();
    assert_eq!(on_save.len(), 1, "{on_save:#?}");
    assert_eq!(on_save[0]["kind"], "source.fixAll.kuiperlint");
    assert_eq!(fixed_by(&on_save[0]), expected);

    // In the list beside the quick fixes: the edit is resolved when the action is chosen.
    let listed = code_actions(&mut client, &u, 2, 82);
    let all = titled(&listed, "kuiperlint: fix all safely fixable problems");
    assert!(all.get("edit").is_none(), "{all:#?}");
    let resolved = client.request("codeAction/resolve", all.clone());
    assert_eq!(fixed_by(&resolved), expected);
    // A kind other than quick fixes or "fix all": nothing.
    let none = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": at, "end": at},
               "context": {"diagnostics": [], "only": ["refactor"]}}),
    );
    assert_eq!(none, json!([]));
    client.shutdown();
}

#[test]
fn a_request_or_notification_it_cannot_read_is_refused_and_the_server_goes_on() {
    let (_dir, mut client, u, _) = opened("bundle.json", BUNDLE);
    // A hover without a position: an InvalidParams error, not the end of the server.
    let id = RequestId::from(1000);
    let bad = Request::new(
        id.clone(),
        "textDocument/hover".into(),
        json!({"textDocument": {"uri": u}}),
    );
    client.conn.sender.send(bad.into()).unwrap();
    let refused = loop {
        if let Message::Response(r) = client.recv() {
            if r.id == id {
                break r;
            }
        }
    };
    assert_eq!(
        refused.error.unwrap().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // A change without its changes: logged and dropped.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}}),
    );
    // Still serving: the next change is checked.
    let v3 = BUNDLE.replace("json\\\")\",", "json\\\")\"");
    client.change(&u, 3, &v3);
    let found = client.diagnostics_of_version(&u, 3);
    assert!(ranges(&found).iter().all(|f| f.0 != "B003"), "{found:#?}");
    assert_eq!(client.hover(&u, position(0, 0)), Value::Null);
    client.shutdown();
}

#[test]
fn a_sql_file_has_hover_and_completion_of_functions() {
    let sql = "CREATE STREAM s () WITH (DATASOURCE=\"t\");\nSELECT abs(x), rou FROM s;\n";
    let (_dir, mut client, u, _) = opened("queries.sql", sql);
    let hover = client.hover(&u, position(1, 8));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("```sql\nabs(number)\n```"), "{value}");
    assert_eq!(
        hover["range"],
        json!({"start": position(1, 7), "end": position(1, 10)})
    );
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": position(1, 18)}),
    );
    let labels = labels_of(&items);
    assert!(labels.contains(&"round"), "{labels:?}");
    assert!(labels.iter().all(|l| l.starts_with("rou")), "{labels:?}");
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": position(1, 15), "end": position(1, 18)})
    );
    client.shutdown();
}

#[test]
fn completion_offers_the_values_a_property_allows() {
    let text = "{\"id\": \"r\", \"sql\": \"SELECT a FROM s\", \"options\": {\"qos\": 1, \"sendMetaToSink\": false},\n \"actions\": [{\"mqtt\": {\"server\": \"tcp://x:1883\", \"topic\": \"t\", \"protocolVersion\": \"3.1.1\", \"qos\": 1, \"retained\": \"no\"}}]}\n";
    let (_dir, mut client, u, _) = opened("rule.json", text);
    let mut complete = |after: &str, needle: &str, plus: usize| {
        let at = position_of(text, after, needle, plus);
        client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": at}),
        )
    };
    // A number the sink's schema enumerates, written over the literal.
    let items = complete("protocolVersion", "1,", 1);
    assert_eq!(labels_of(&items), ["0", "1", "2"]);
    assert_eq!(items[0]["kind"], 12);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": position_of(text, "protocolVersion", "1,", 0), "end": position_of(text, "protocolVersion", "1,", 1)})
    );
    // The rule's own qos is not range-checked by eKuiper: no values to offer.
    assert_eq!(complete("options", "1,", 1), json!([]));
    // A boolean: true and false.
    assert_eq!(
        labels_of(&complete("sendMetaToSink", "false", 2)),
        ["true", "false"]
    );
    // A string: the enum's strings, written between the quotes.
    let items = complete("protocolVersion", "3.1.1", 1);
    assert_eq!(labels_of(&items), ["3.1", "3.1.1", "4", "5"]);
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": position_of(text, "protocolVersion\": \"", "3.1.1", 0), "end": position_of(text, "protocolVersion\": \"", "3.1.1", 5)})
    );
    // A string where the schema wants a boolean: nothing could be written between its quotes.
    assert_eq!(complete("retained", "no", 1), json!([]));
    client.shutdown();
}

#[test]
fn definition_goes_to_the_entry_a_reference_names_in_the_file_and_in_the_project() {
    let text = r#"{
  "streams": {
    "sensors": "CREATE STREAM sensors () WITH (DATASOURCE=\"t\", CONF_KEY=\"plant\")"
  },
  "rules": {
    "r": "{\"sql\": \"SELECT * FROM sensors\", \"actions\": [{\"mqtt\": {\"resourceId\": \"cloud\"}}, {\"log\": {}}]}"
  },
  "sourceConfig": {
    "mqtt": "{\"plant\": {\"server\": \"tcp://a:1883\"}}"
  },
  "sinkConfig": {
    "mqtt": "{\"cloud\": {\"server\": \"tcp://b:1883\", \"topic\": \"t\"}}"
  }
}
"#;
    let (dir, mut client, u, _) = opened("bundle.json", text);
    fn go(client: &mut Client, u: &str, text: &str, after: &str, needle: &str) -> Value {
        let at = position_of(text, after, needle, 1);
        client.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": at}),
        )
    }
    let range_of = |text: &str, after: &str, needle: &str| {
        json!({"start": position_of(text, after, needle, 0),
               "end": position_of(text, after, needle, needle.chars().count())})
    };
    // FROM sensors → the stream's key.
    let found = go(&mut client, &u, text, "FROM", "sensors");
    assert_eq!(found["uri"], u);
    assert_eq!(found["range"], range_of(text, "streams", "\"sensors\""));
    // resourceId → the sink config's confKey, two escape levels in.
    let found = go(&mut client, &u, text, "resourceId", "cloud");
    assert_eq!(
        found["range"],
        range_of(text, "sinkConfig", "\\\"cloud\\\"")
    );
    // CONF_KEY inside the stream's SQL → the source config's confKey.
    let found = go(&mut client, &u, text, "CONF_KEY", "plant");
    assert_eq!(
        found["range"],
        range_of(text, "sourceConfig", "\\\"plant\\\"")
    );
    // A plain word: nowhere to go.
    assert_eq!(go(&mut client, &u, text, "SELECT", "*"), Value::Null);

    // A rule file reads a stream of the workspace's `.sql` (on disk, not open).
    let sql = "-- the plant's streams\nCREATE STREAM readings (t FLOAT) WITH (DATASOURCE=\"r\");\n";
    fs::write(dir.path().join("streams.sql"), sql).unwrap();
    let rule =
        "{\"id\": \"hot\", \"sql\": \"SELECT t FROM readings\", \"actions\": [{\"log\": {}}]}\n";
    let rule_path = dir.path().join("hot.json");
    fs::write(&rule_path, rule).unwrap();
    let ru = uri(&rule_path);
    client.open(&ru, rule);
    client.diagnostics_of_version(&ru, 1);
    let found = go(&mut client, &ru, rule, "FROM", "readings");
    assert_eq!(found["uri"], uri(&dir.path().join("streams.sql")));
    assert_eq!(found["range"], range_of(sql, "CREATE", "readings"));
    // A bundle sees only itself: its unknown stream is not looked for elsewhere.
    let lone = text.replace("FROM sensors", "FROM readings");
    client.change(&u, 2, &lone);
    client.diagnostics_of_version(&u, 2);
    assert_eq!(go(&mut client, &u, &lone, "FROM", "readings"), Value::Null);
    client.shutdown();
}
