"""The real `kuiperlint server` binary, started as an editor starts it (stdio), by pytest-lsp.

The binary is `$KUIPERLINT` (default: `target/debug/kuiperlint` of this repository). Each test
gets its own server whose workspace folder is the test's `tmp_path`: fixtures are copied there,
so nothing a test or a code action writes touches the tree.
"""
from __future__ import annotations

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
KUIPERLINT = os.environ.get("KUIPERLINT", str(REPO / "target" / "debug" / "kuiperlint"))
KUIPERLINT = str(pathlib.Path(KUIPERLINT).resolve())

# What a plain editor declares: UTF-16 positions (no `positionEncodings`: the default), markdown
# hovers, code action literals (an action's edit resolved when chosen), workspace edits with document changes and file creation.
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        hover=types.HoverClientCapabilities(
            content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
        ),
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(
                    value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
                )
            ),
            is_preferred_support=True,
            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]),
        ),
    ),
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(
            document_changes=True,
            resource_operations=[types.ResourceOperationKind.Create],
        ),
        workspace_folders=True,
    ),
)


def _record_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams):
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _make_client() -> LanguageClient:
    """pytest-lsp's test client, keeping every publication (with its version), in order."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_diagnostics
    register_lsp_features(client, features)
    client.published = []
    return client


class ServerSilent(AssertionError):
    """The server did not answer `initialize`."""


INITIALIZE_TIMEOUT = 10.0
# Set once the binary failed to answer: later tests fail at once instead of waiting again.
_silent: list[str] = []


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[KUIPERLINT, "server"], client_factory=_make_client),
)
async def client(lsp_client: LanguageClient, tmp_path: pathlib.Path):
    root = tmp_path.as_uri()
    lsp_client.root = tmp_path
    try:
        if _silent:
            raise TimeoutError
        lsp_client.init_result = await asyncio.wait_for(
            lsp_client.initialize_session(
                types.InitializeParams(
                    capabilities=CAPABILITIES,
                    root_uri=root,
                    workspace_folders=[types.WorkspaceFolder(uri=root, name="ws")],
                )
            ),
            INITIALIZE_TIMEOUT,
        )
    except TimeoutError:
        # pytest-lsp stops the client only after a fixture that yielded: end the server here.
        lsp_client.capabilities = None
        if lsp_client._server is not None:
            lsp_client._server.kill()
            await lsp_client._server.wait()
        if not _silent:
            _silent.append(f"`{KUIPERLINT} server` did not answer initialize in {INITIALIZE_TIMEOUT} s")
        raise ServerSilent(_silent[0]) from None
    yield
    await lsp_client.shutdown_session()


def copy_fixture(client: LanguageClient, rel: str, as_name: str | None = None) -> pathlib.Path:
    """Copies `fixtures/REL` (a file or a folder) into the workspace folder; its new path."""
    src = FIXTURES / rel
    dst = client.root / (as_name or src.name)
    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return dst


def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None, version=1):
    """didOpen of `path` with `text` (default: the file's content); returns (uri, text)."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    language = {".sql": "sql", ".yaml": "yaml", ".yml": "yaml"}.get(path.suffix, "json")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=text
            )
        )
    )
    return uri, text


def change_doc(client: LanguageClient, uri: str, version: int, text: str):
    """didChange with the full text (a change without a range, still served under
    textDocumentSync 2)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def edit_doc(client: LanguageClient, uri: str, version: int, changes: list[tuple[types.Range, str]]):
    """didChange with ranged changes, applied in order, as an editor sends them
    (textDocumentSync 2)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=r, text=t) for r, t in changes
            ],
        )
    )


async def wait_published(
    client: LanguageClient,
    uri: str,
    *,
    since: int = 0,
    version: int | None = None,
    until=lambda diagnostics: True,
    timeout: float = 10.0,
) -> types.PublishDiagnosticsParams:
    """The first publication for `uri` after the `since`-th one received, of `version` if
    given, whose diagnostics satisfy `until`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen = since
    while True:
        published = client.published
        for p in published[seen:]:
            if p.uri == uri and (version is None or p.version == version) and until(p.diagnostics):
                return p
        seen = len(published)
        if loop.time() > deadline:
            mine = [(p.version, [d.code for d in p.diagnostics]) for p in published if p.uri == uri]
            raise AssertionError(f"no matching publication for {uri}; got {mine}")
        await asyncio.sleep(0.01)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def utf16_position(text: str, offset: int) -> tuple[int, int]:
    """(line, character in UTF-16 units) of the code point at `offset` of `text`."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, utf16_len(text[start:offset])


def offset_of(text: str, position: types.Position) -> int:
    """The index in `text` of an LSP position counted in UTF-16 units (clamped to its line)."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            assert units == position.character, f"{position} is inside a surrogate pair"
            return start + i
        units += utf16_len(ch)
    return start + len(line)


def apply_edits(text: str, edits) -> str:
    """`text` with the TextEdits applied (UTF-16 positions, all against the original text)."""
    spans = sorted(
        ((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits),
        key=lambda s: s[0],
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def rng(l1: int, c1: int, l2: int, c2: int) -> types.Range:
    return types.Range(
        start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)
    )
