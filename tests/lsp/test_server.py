"""`kuiperlint server` end to end: the real binary over stdio, driven by pytest-lsp as an editor
drives it. Positions are UTF-16 (the default); expected ones are computed from the text here,
and the key ones were also counted by hand (see the comments).

Run: `KUIPERLINT=target/debug/kuiperlint target/lsp-venv/bin/pytest tests/lsp` (.ci/run).
"""
from __future__ import annotations

import subprocess

import pytest
from lsprotocol import types

from conftest import (
    KUIPERLINT,
    FIXTURES,
    apply_edits,
    change_doc,
    copy_fixture,
    edit_doc,
    open_doc,
    rng,
    utf16_len,
    utf16_position,
    wait_published,
)

# fixtures/lints/S006.json with the rule's name (`Moyenne sur dix secondes, é`, 27 code points)
# replaced by CJK and an emoji: 温 and 度 are one UTF-16 unit each, 😀 (U+1F600) is two.
S006_NAME = "Moyenne sur dix secondes, é"
CJK_NAME = "温度😀"


def s006_text() -> str:
    text = (FIXTURES / "lints" / "S006.json").read_text(encoding="utf-8")
    assert text.count(S006_NAME) == 1
    return text.replace(S006_NAME, CJK_NAME)


async def open_s006(client) -> tuple[str, str]:
    """Writes and opens the CJK variant of S006.json; returns its URI and text once its two
    S006 findings are published."""
    path = client.root / "S006.json"
    text = s006_text()
    path.write_text(text, encoding="utf-8")
    uri, _ = open_doc(client, path, text)
    first = await wait_published(client, uri, version=1)
    assert codes(first.diagnostics) == ["S006", "S006"]
    return uri, text


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def by_code(diagnostics, code: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def hover(client, uri: str, line: int, character: int):
    return client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )


async def code_actions(client, uri: str, line: int, character: int) -> list[types.CodeAction]:
    at = types.Position(line=line, character=character)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert all(isinstance(a, types.CodeAction) for a in result or []), result
    return list(result or [])


def titled(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    found = [a for a in actions if a.title == title]
    assert len(found) == 1, f"no single action {title!r} in {[a.title for a in actions]}"
    return found[0]


async def test_utf16_range_past_cjk_and_emoji(client):
    """(a) The finding after CJK and an emoji lands on the exact UTF-16 columns."""
    assert client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert client.init_result.capabilities.text_document_sync == types.TextDocumentSyncKind.Incremental
    path = client.root / "S006.json"
    text = s006_text()
    path.write_text(text, encoding="utf-8")
    uri, _ = open_doc(client, path, text)
    published = await wait_published(client, uri, version=1)
    assert published.version == 1

    line6 = text.split("\n")[5]
    assert CJK_NAME in line6
    sec = line6.index("(sec,") + 1
    expected_sec = rng(5, utf16_len(line6[:sec]), 5, utf16_len(line6[:sec]) + 3)
    # By hand: `check --format concise fixtures/lints/S006.json` says 6:152 (code points from 1),
    # i.e. character 151 from 0 with the 27 code points of the old name; with `温度😀` (3 code
    # points, 4 UTF-16 units) instead: 151 - 27 + 4 = 128, and `sec` ends at 131.
    assert expected_sec == rng(5, 128, 5, 131)
    line7 = text.split("\n")[6]
    interval = line7.index("COUNTWINDOW(3, 5)") + len("COUNTWINDOW(3, ")
    # Line 7 is ASCII: `check` says 7:101, the interval `5` at character 100.
    assert interval == 100

    diagnostics = published.diagnostics
    assert codes(diagnostics) == ["S006", "S006"]
    first, second = diagnostics
    assert first.range == rng(5, 128, 5, 131)
    assert first.range == expected_sec
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.source == "kuiperlint"
    assert first.message.startswith(
        "the first argument of tumblingwindow must be a time unit: dd, hh, mi, ss or ms"
    )
    assert second.range.start == types.Position(line=6, character=interval)
    assert second.message.startswith("countwindow interval 5 is larger than its count 3")
    # The range is the text it names.
    start = text.index(line6)
    assert text[start + sec : start + sec + 3] == "sec"


async def test_a_full_text_change_updates_the_diagnostics(client):
    """(b) didChange (full text) fixing both windows: S006 is gone, at the version sent."""
    uri, text = await open_s006(client)

    fixed = text.replace("(sec, 10)", "(ss, 10)").replace("COUNTWINDOW(3, 5)", "COUNTWINDOW(5, 3)")
    assert fixed != text
    since = len(client.published)
    change_doc(client, uri, 2, fixed)
    published = await wait_published(client, uri, since=since)
    assert published.version == 2
    assert "S006" not in codes(published.diagnostics)
    assert list(published.diagnostics) == []

    # And back: the finding returns at the same place, at version 3.
    since = len(client.published)
    change_doc(client, uri, 3, text.replace("COUNTWINDOW(3, 5)", "COUNTWINDOW(5, 3)"))
    published = await wait_published(client, uri, since=since)
    assert published.version == 3
    assert [(d.code, d.range) for d in published.diagnostics] == [("S006", rng(5, 128, 5, 131))]


async def test_ranged_changes_update_the_diagnostics(client):
    """(b) didChange with ranges, as an editor sends them: both windows fixed in one message,
    then `sec` back, on the UTF-16 columns past the CJK and the emoji."""
    uri, text = await open_s006(client)

    # `sec` at 5:128 (test_utf16_range_past_cjk_and_emoji), `3, 5` of COUNTWINDOW at 6:97.
    line7 = text.split("\n")[6]
    assert line7.index("COUNTWINDOW(3, 5)") + len("COUNTWINDOW(") == 97
    since = len(client.published)
    edit_doc(client, uri, 2, [(rng(5, 128, 5, 131), "ss"), (rng(6, 97, 6, 101), "5, 3")])
    published = await wait_published(client, uri, since=since)
    assert published.version == 2
    assert list(published.diagnostics) == []

    since = len(client.published)
    edit_doc(client, uri, 3, [(rng(5, 128, 5, 130), "sec")])
    published = await wait_published(client, uri, since=since)
    assert published.version == 3
    assert [(d.code, d.range) for d in published.diagnostics] == [("S006", rng(5, 128, 5, 131))]


async def test_hover_shows_what_explain_prints(client):
    """(c) Hover on the finding: the markdown `kuiperlint explain S006` prints."""
    path = client.root / "S006.json"
    text = s006_text()
    path.write_text(text, encoding="utf-8")
    uri, _ = open_doc(client, path, text)
    await wait_published(client, uri, version=1)

    explain = subprocess.run(
        [KUIPERLINT, "explain", "S006"], check=True, capture_output=True, text=True
    ).stdout
    assert explain.startswith("# S006 bad-window\n")

    result = await hover(client, uri, 5, 129)  # on the `e` of `sec`
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    assert result.contents.value.startswith("# S006 bad-window")
    assert "Window arguments eKuiper rejects" in result.contents.value
    assert result.contents.value.rstrip("\n") == explain.rstrip("\n")
    assert result.range == rng(5, 128, 5, 131)

    # On the first unit of the emoji's surrogate pair, nowhere near a finding: nothing.
    line6 = text.split("\n")[5]
    emoji = utf16_len(line6[: line6.index("😀")])
    assert await hover(client, uri, 5, emoji) is None
    assert await hover(client, uri, 0, 0) is None


async def test_a_safe_fix_applied_gives_the_exact_text(client):
    """(d) The safe fix of an ANSI CAST inside a rule string, applied here: the exact text,
    quotes escaped twice (SQL string in the rule's JSON in the bundle's JSON string)."""
    path = copy_fixture(client, "fix/sql-habits.json")
    uri, text = open_doc(client, path)
    published = await wait_published(client, uri, version=1)
    line8 = text.split("\n")[7]
    cast = line8.index("CAST(temperature AS INTEGER)")
    # `check --format concise` says 8:51; the line is ASCII: character 50.
    assert cast == 50
    s002 = [d for d in by_code(published.diagnostics, "S002") if d.range.start.line == 7]
    assert [d.range.start for d in s002][0] == types.Position(line=7, character=50)

    actions = await code_actions(client, uri, 7, 55)
    fixes = [a for a in actions if a.is_preferred and a.diagnostics[0].code == "S002"]
    assert len(fixes) == 1, [a.title for a in actions]
    fix = fixes[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.title.startswith("S002: ") and not fix.title.endswith("(unsafe)")
    assert fix.diagnostics[0].range.start == types.Position(line=7, character=50)
    assert list(fix.edit.changes) == [uri]
    fixed = apply_edits(text, fix.edit.changes[uri])
    assert fixed == text.replace(
        "CAST(temperature AS INTEGER)", r"cast(temperature, \\\"bigint\\\")"
    )

    # The editor applies it: that finding is gone, the other ones stay.
    since = len(client.published)
    change_doc(client, uri, 2, fixed)
    after = await wait_published(client, uri, since=since)
    assert after.version == 2
    assert len(after.diagnostics) == len(published.diagnostics) - 1
    assert not any(
        d.code == "S002" and d.range.start == types.Position(line=7, character=50)
        for d in after.diagnostics
    )


async def test_an_unsafe_fix_says_so(client):
    """(d) A did-you-mean rename is offered as `(unsafe)`, not preferred; applied, exact."""
    path = copy_fixture(client, "fix/unsafe-names.json")
    uri, text = open_doc(client, path)
    published = await wait_published(client, uri, version=1)
    # `check` says 6:59 to 6:63 (ASCII line): characters 58 to 62.
    s009 = by_code(published.diagnostics, "S009")
    assert [d.range for d in s009] == [rng(5, 58, 5, 62)]
    assert text.split("\n")[5][58:62] == "avgg"

    actions = await code_actions(client, uri, 5, 60)
    fix = titled(actions, "S009: rename to `avg` (unsafe)")
    assert fix.is_preferred is False
    assert apply_edits(text, fix.edit.changes[uri]) == text.replace("avgg(", "avg(")

    # The ignore action creates kuiperlint.toml in the workspace folder (tmp_path).
    ignore = titled(actions, "kuiperlint: ignore S009 in this file")
    create, edit = ignore.edit.document_changes
    config = client.root / "kuiperlint.toml"
    assert isinstance(create, types.CreateFile) and create.uri == config.as_uri()
    assert edit.text_document.uri == config.as_uri()
    toml = apply_edits("", edit.edits)
    assert toml == '[per-file-ignores]\n"unsafe-names.json" = ["S009"]\n'
    config.write_text(toml, encoding="utf-8")
    since = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    after = await wait_published(client, uri, since=since)
    assert "S009" not in codes(after.diagnostics)
    assert len(after.diagnostics) == len(published.diagnostics) - 1


# SQL in the JSON string `sql` of a rule, itself a JSON string of the bundle: the SQL literal
# "厨房é😀" is written `\\\"厨房\\u00e9😀\\\"` in the file (two levels of escapes, and a \u escape).
NESTED = r"""{
  "streams": {
    "demo": "CREATE STREAM demo (room STRING, temperature FLOAT) WITH (DATASOURCE=\"capteurs/demo\", FORMAT=\"json\")"
  },
  "rules": {
    "kitchen": "{\"id\": \"kitchen\", \"name\": \"厨房😀\", \"sql\": \"SELECT room FROM demo WHERE room = \\\"厨房\\u00e9😀\\\" AND lenn(room) > 3\", \"actions\": [{\"log\": {}}]}"
  }
}
"""


async def test_sql_in_a_rule_string_in_a_bundle_lands_on_the_outer_character(client):
    """(e) The unknown function `lenn` after two levels of escapes, CJK and emoji."""
    path = client.root / "nested.json"
    path.write_text(NESTED, encoding="utf-8")
    uri, text = open_doc(client, path)
    published = await wait_published(client, uri, version=1)
    at = text.index("lenn(")
    line, character = utf16_position(text, at)
    # By hand: on line 6, `lenn` is code point 126 from 0 (`check` says 6:127); before it, the
    # two 😀 are two UTF-16 units each: 126 + 2 = 128.
    assert (line, character) == (5, 128)
    assert [(d.code, d.range) for d in published.diagnostics] == [("S009", rng(5, 128, 5, 132))]
    assert published.diagnostics[0].message.startswith("unknown function `lenn`")


async def test_the_workspace_defines_the_streams(client):
    """(f) A rule reading streams of a `.sql` in the workspace: no S020; the stream removed
    from the (open, unsaved) `.sql`, S020 appears on the rule."""
    copy_fixture(client, "project")
    project = client.root / "project"
    rule = project / "rules" / "overheat.json"
    uri, text = open_doc(client, rule)
    published = await wait_published(client, uri, version=1)
    assert list(published.diagnostics) == []

    sql = project / "streams" / "sensors.sql"
    sql_uri, sql_text = open_doc(client, sql)
    await wait_published(client, sql_uri, version=1)
    table = sql_text.index("CREATE TABLE limits")
    since = len(client.published)
    change_doc(client, sql_uri, 2, sql_text[:table])
    after = await wait_published(client, uri, since=since, until=lambda d: len(d) > 0)
    join = text.index("INNER JOIN limits") + len("INNER JOIN ")
    line, character = utf16_position(text, join)
    assert [(d.code, d.range) for d in after.diagnostics] == [
        ("S020", rng(line, character, line, character + len("limits")))
    ]
    assert after.version == 1


async def test_fix_all_on_save_writes_what_check_fix_writes(client):
    """(d) "Fix all" as an editor asks for it on save (`only: source.fixAll`), and as it
    resolves the action chosen from the list: the text `kuiperlint check --fix -` prints."""
    path = copy_fixture(client, "fix/sql-habits.json")
    uri, text = open_doc(client, path)
    await wait_published(client, uri, version=1)
    expected = subprocess.run(
        [KUIPERLINT, "check", "--fix", "-"], input=text.encode(), capture_output=True
    ).stdout.decode()
    assert expected != text

    at = types.Position(line=0, character=0)
    on_save = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert [a.kind for a in on_save] == ["source.fixAll.kuiperlint"]
    [change] = on_save[0].edit.document_changes
    assert change.text_document.version == 1
    assert apply_edits(text, change.edits) == expected

    chosen = titled(
        await code_actions(client, uri, 7, 55), "kuiperlint: fix all safely fixable problems"
    )
    assert chosen.edit is None
    resolved = await client.code_action_resolve_async(chosen)
    assert apply_edits(text, resolved.edit.document_changes[0].edits) == expected


async def test_definition_crosses_the_project(client):
    """Go to definition from a rule file: the JOINed table to its CREATE in the workspace's
    `.sql`, the action's resourceId to the confKey of `etc/sinks/mqtt.yaml` (neither open)."""
    copy_fixture(client, "project")
    project = client.root / "project"
    uri, text = open_doc(client, project / "rules" / "overheat.json")
    await wait_published(client, uri, version=1)

    async def definition(offset: int):
        line, character = utf16_position(text, offset)
        return await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )

    found = await definition(text.index("JOIN limits") + len("JOIN l"))
    sql_path = project / "streams" / "sensors.sql"
    sql = sql_path.read_text(encoding="utf-8")
    assert found.uri == sql_path.as_uri()
    line, character = utf16_position(sql, sql.index("TABLE limits") + len("TABLE "))
    assert found.range == rng(line, character, line, character + len("limits"))

    found = await definition(text.index('"alerts"') + 2)
    yaml_path = project / "etc" / "sinks" / "mqtt.yaml"
    assert found.uri == yaml_path.as_uri()
    yaml = yaml_path.read_text(encoding="utf-8")
    line, character = utf16_position(yaml, yaml.index("alerts:"))
    assert found.range.start == types.Position(line=line, character=character)
