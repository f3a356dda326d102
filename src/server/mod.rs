//! `kuiperlint server`: a Language Server over stdio (lsp-server + lsp-types, synchronous, as
//! rust-analyzer; docs/editors.md).
//!
//! The open documents and the workspace's files are checked together, by the engine `check`
//! uses (same codes, messages, severities, `kuiperlint.toml` settings), on a thread of its own
//! ([`checks::whole`]): the server goes on reading messages meanwhile, and a check whose
//! documents changed since it started is thrown away and started again. An edit inside one rule
//! of a large bundle is answered first by checking that rule alone ([`checks::after_edit`]).
//! Each check runs under `catch_unwind`: a panic becomes a finding at 0:0 and the server goes
//! on.

mod assist;
mod checks;
mod navigate;
pub mod position;
mod uri;

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, CodeActionResolveRequest, Completion, GotoDefinition, HoverRequest,
    Request as _, Shutdown,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionItem, CompletionItemKind, CompletionOptions,
    CompletionParams, CompletionResponse, CompletionTextEdit, CreateFile,
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentChangeOperation,
    DocumentChanges, Documentation, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent,
    MarkupKind, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier,
    PublishDiagnosticsParams, ResourceOp, ServerCapabilities, ServerInfo, TextDocumentEdit,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::bundle::{LoadedFile, SourceFile};
use crate::config::{Selection, Settings};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::ekuiper::version::Version;
use crate::engine::{self, ConfigChoice, FileReport, Input, InputError, CHECKED_EXTENSIONS};
use crate::lints;
use crate::report::catalog;
use crate::source::span::Span;
use assist::CompletionKind;
use position::{Encoding, Lines};

type BoxError = Box<dyn Error + Send + Sync>;

/// What checks a set of inputs, `contents[i]` standing for the bytes of `inputs[i]` when given:
/// [`check`] in the server; a test may pass one that panics.
pub type Checker = fn(&[Input], &[Option<Vec<u8>>]) -> Vec<Result<FileReport, InputError>>;

/// The engine as `check` runs it on these files: each file's nearest `kuiperlint.toml`, the
/// target it sets (else the newest), the kind detected.
pub fn check(
    inputs: &[Input],
    contents: &[Option<Vec<u8>>],
) -> Vec<Result<FileReport, InputError>> {
    engine::check_inputs_as(
        inputs,
        contents,
        None,
        &ConfigChoice::Discover,
        &Selection::default(),
        None,
    )
}

/// Serves on standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), BoxError> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection, check)?;
    io_threads.join()?;
    Ok(())
}

/// Serves one client on `connection`: the initialize handshake, then messages until `exit`.
pub fn serve(connection: Connection, checker: Checker) -> Result<(), BoxError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
            resolve_provider: Some(true),
            ..CodeActionOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    let result = lsp_types::InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "kuiperlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    // A client that can resolve an action's edit later is offered "fix all" beside the quick
    // fixes, its edit computed only if it is chosen: the fix rounds are too slow for every
    // cursor move.
    let resolves_edits = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.code_action.as_ref())
        .and_then(|c| c.resolve_support.as_ref())
        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
    let mut server = Server {
        connection: &connection,
        encoding,
        resolves_edits,
        root: root_of(&params),
        docs: BTreeMap::new(),
        dirty: false,
        generation: 0,
        running: false,
        shut_down: false,
        done: crossbeam_channel::unbounded(),
        pool: Arc::new(rayon::ThreadPoolBuilder::new().num_threads(1).build()?),
        edited: BTreeSet::new(),
        checker,
    };
    if watch {
        server.watch_files()?;
    }
    server.main_loop()
}

#[allow(deprecated)] // `root_uri`: older clients send only that.
fn root_of(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())?;
    uri::file_path(folder)
}

/// An open document.
struct Doc {
    uri: Uri,
    version: i32,
    text: String,
    /// The file it stands for (for `kuiperlint.toml` discovery and per-file ignores).
    path: PathBuf,
    /// The findings of the last check.
    findings: Vec<Diagnostic>,
    /// How `text` changed since the text the findings are on; None before the first check.
    since_check: Option<checks::Changes>,
}

impl Doc {
    /// Whether the findings are on the text as it is now.
    fn settled(&self) -> bool {
        self.since_check
            .is_some_and(|c| c.is_empty(self.text.len()))
    }

    /// Whether `check` would read this file in a folder (`.json`, `.sql`, `.yaml`, `.yml`).
    fn checked(&self) -> bool {
        self.path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| CHECKED_EXTENSIONS.iter().any(|c| e.eq_ignore_ascii_case(c)))
    }
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// The client fills in an action's edit with `codeAction/resolve`.
    resolves_edits: bool,
    root: Option<PathBuf>,
    /// By URI, as the client spells it.
    docs: BTreeMap<String, Doc>,
    /// Something changed since the last whole check started.
    dirty: bool,
    /// Counts changes: a whole check's findings are kept only when nothing changed after it
    /// started.
    generation: u64,
    /// A whole check is running.
    running: bool,
    /// The client asked for `shutdown`: only `exit` is served now.
    shut_down: bool,
    /// Where a whole check sends what it found.
    done: (Sender<checks::Found>, Receiver<checks::Found>),
    /// The whole check's own worker, so that the pool stays free for what an edit needs now.
    pool: Arc<rayon::ThreadPool>,
    /// Documents edited since their findings were last published.
    edited: BTreeSet<String>,
    checker: Checker,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), BoxError> {
        loop {
            crossbeam_channel::select! {
                recv(self.connection.receiver) -> first => {
                    let Ok(first) = first else { return Ok(()) };
                    // Everything queued is handled before checking: of several changes of a
                    // document only the last is checked.
                    let mut batch = vec![first];
                    batch.extend(self.connection.receiver.try_iter());
                    for message in batch {
                        match message {
                            Message::Request(request) => self.request(request)?,
                            Message::Notification(n) if n.method == "exit" => return Ok(()),
                            Message::Notification(n) => self.notification(n),
                            Message::Response(_) => {}
                        }
                    }
                }
                recv(self.done.1) -> found => {
                    self.running = false;
                    if let Ok(found) = found {
                        self.finished(found)?;
                    }
                }
            }
            self.check_edits()?;
            if self.dirty && !self.running && !self.shut_down {
                self.start_whole_check();
            }
        }
    }

    /// Answers the edits of large bundles at once, each by checking the rule it touched.
    fn check_edits(&mut self) -> Result<(), BoxError> {
        for key in std::mem::take(&mut self.edited) {
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            let len = doc.text.len();
            let Some(changes) = doc.since_check.filter(|c| !c.is_empty(len)) else {
                continue;
            };
            if let Some(found) = checks::after_edit(&doc.path, &doc.findings, &doc.text, changes) {
                doc.findings = found;
                doc.since_check = Some(checks::Changes::none(doc.text.len()));
                self.publish_findings(&key)?;
            }
        }
        Ok(())
    }

    /// The open documents that `check` would read, as they are now.
    fn snapshot(&self) -> Vec<checks::Snapshot> {
        self.docs
            .iter()
            .filter(|(_, d)| d.checked())
            .map(|(k, d)| checks::Snapshot {
                key: k.clone(),
                path: d.path.clone(),
                version: d.version,
                text: d.text.clone(),
            })
            .collect()
    }

    /// Starts a whole check of the open documents, as they are now, on its own thread.
    fn start_whole_check(&mut self) {
        self.dirty = false;
        self.running = true;
        let open = self.snapshot();
        let (generation, root, checker) = (self.generation, self.root.clone(), self.checker);
        // A document not checked yet waits for this check: it gets every worker. After that,
        // edits are answered by the pool while the whole check runs on its own worker.
        let first = self.docs.values().any(|d| d.since_check.is_none());
        let pool = (!first).then(|| self.pool.clone());
        let sender = self.done.0.clone();
        std::thread::spawn(move || {
            let check = || checks::whole(generation, open, root.as_deref(), checker);
            let found = match pool {
                Some(pool) => pool.install(check),
                None => check(),
            };
            // The server may have stopped meanwhile; nothing is then waiting for this.
            let _ = sender.send(found);
        });
    }

    /// Keeps and publishes what a whole check found, unless something changed after it
    /// started (then another one starts).
    fn finished(&mut self, found: checks::Found) -> Result<(), BoxError> {
        if found.generation != self.generation {
            return Ok(());
        }
        // Nothing changed since the check started: each document's text is the one it read.
        for (key, version, findings) in found.documents {
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            if doc.version != version {
                continue;
            }
            doc.findings = findings;
            doc.since_check = Some(checks::Changes::none(doc.text.len()));
            self.publish_findings(&key)?;
        }
        Ok(())
    }

    /// A request reads findings on the text as it is now: when a document's findings are on an
    /// older text, it is checked here and now.
    fn settle(&mut self, key: &str) -> Result<(), BoxError> {
        let Some(doc) = self.docs.get(key) else {
            return Ok(());
        };
        if doc.settled() || !doc.checked() {
            return Ok(());
        }
        self.edited.insert(key.to_string());
        self.check_edits()?;
        if self.docs[key].settled() {
            return Ok(());
        }
        let open = self.snapshot();
        let found = checks::whole(self.generation, open, self.root.as_deref(), self.checker);
        self.finished(found)
    }

    /// Asks the client to tell us of changes to files on disk (a `kuiperlint.toml`, a stream's
    /// `.sql`, an ignore written by a code action).
    fn watch_files(&self) -> Result<(), BoxError> {
        let watchers: Vec<_> = ["**/kuiperlint.toml", "**/*.{json,sql,yaml,yml}"]
            .iter()
            .map(|g| serde_json::json!({ "globPattern": g }))
            .collect();
        let params = serde_json::json!({ "registrations": [{
            "id": "kuiperlint-files",
            "method": DidChangeWatchedFiles::METHOD,
            "registerOptions": { "watchers": watchers },
        }]});
        let request = Request::new(
            RequestId::from("kuiperlint-watch".to_string()),
            "client/registerCapability".into(),
            params,
        );
        self.connection.sender.send(request.into())?;
        Ok(())
    }

    /// Takes a notification in. One the server cannot read, or whose handling fails or panics,
    /// is logged, and the server goes on.
    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let message = match catch_unwind(AssertUnwindSafe(|| self.take(n))) {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e.to_string(),
            Err(payload) => checks::panic_text(&payload),
        };
        eprintln!("kuiperlint server: {method}: {message}");
    }

    fn take(&mut self, n: Notification) -> Result<(), BoxError> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let d = p.text_document;
                let path = uri::file_path(&d.uri)
                    .unwrap_or_else(|| PathBuf::from(d.uri.as_str().replace(':', "_")));
                self.docs.insert(
                    d.uri.as_str().to_string(),
                    Doc {
                        uri: d.uri,
                        version: d.version,
                        text: d.text,
                        path,
                        findings: Vec::new(),
                        since_check: None,
                    },
                );
                self.changed();
            }
            DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                // An edit not answered yet is answered first: two edits far apart, taken as
                // one, would touch every rule between them.
                if self.edited.contains(p.text_document.uri.as_str()) {
                    self.check_edits()?;
                }
                let encoding = self.encoding;
                if let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) {
                    doc.version = p.text_document.version;
                    // In order: each change's range is on the text the ones before it left.
                    for change in p.content_changes {
                        let len = doc.text.len();
                        let replaced = match change.range {
                            None => {
                                let (replaced, _) = checks::changed(&doc.text, &change.text);
                                doc.text = change.text;
                                replaced
                            }
                            Some(range) => {
                                let (start, end) = position::offsets(&doc.text, range, encoding);
                                doc.text.replace_range(start..end, &change.text);
                                Span::new(start, end)
                            }
                        };
                        if let Some(changes) = &mut doc.since_check {
                            changes.add(len, replaced);
                        }
                    }
                    self.edited.insert(p.text_document.uri.as_str().to_string());
                    self.changed();
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) {
                    self.publish(doc.uri, Vec::new(), None)?;
                    self.changed();
                }
            }
            // A file saved or changed on disk may be what another file reads (a stream's `.sql`,
            // `kuiperlint.toml`).
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => self.changed(),
            _ => {}
        }
        Ok(())
    }

    /// Something the findings depend on changed: the whole check in flight, if any, is stale.
    fn changed(&mut self) {
        self.dirty = true;
        self.generation += 1;
    }

    /// Answers a request. A request the server cannot read, or whose handling fails or panics,
    /// is answered with an error, and the server goes on.
    fn request(&mut self, request: Request) -> Result<(), BoxError> {
        let (id, method) = (request.id.clone(), request.method.clone());
        let (code, message) = match catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) if e.is::<serde_json::Error>() => (ErrorCode::InvalidParams, e.to_string()),
            Ok(Err(e)) => (ErrorCode::InternalError, e.to_string()),
            Err(payload) => (ErrorCode::InternalError, checks::panic_text(&payload)),
        };
        eprintln!("kuiperlint server: {method}: {message}");
        let response = Response::new_err(id, code as i32, message);
        self.connection.sender.send(response.into())?;
        Ok(())
    }

    fn answer(&mut self, request: Request) -> Result<(), BoxError> {
        // Shutdown is answered here rather than by `Connection::handle_shutdown`: that waits on
        // the channel for `exit`, which the batch in `main_loop` may already have taken from it.
        if self.shut_down {
            let response = Response::new_err(
                request.id,
                lsp_server::ErrorCode::InvalidRequest as i32,
                "kuiperlint is shutting down".into(),
            );
            self.connection.sender.send(response.into())?;
            return Ok(());
        }
        let result = match request.method.as_str() {
            Shutdown::METHOD => {
                self.shut_down = true;
                serde_json::Value::Null
            }
            HoverRequest::METHOD => {
                let p: HoverParams = serde_json::from_value(request.params)?;
                self.settle(p.text_document_position_params.text_document.uri.as_str())?;
                serde_json::to_value(self.hover(&p))?
            }
            GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.definition(&p))?
            }
            Completion::METHOD => {
                let p: CompletionParams = serde_json::from_value(request.params)?;
                serde_json::to_value(self.completion(&p))?
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = serde_json::from_value(request.params)?;
                self.settle(p.text_document.uri.as_str())?;
                let quick_fixes_asked = p.context.only.as_ref().is_none_or(|only| {
                    only.iter()
                        .any(|o| is_kind_within(&CodeActionKind::QUICKFIX, o))
                });
                let mut actions = Vec::new();
                if quick_fixes_asked {
                    actions = self.code_actions(&p);
                }
                actions.extend(self.fix_all_action(&p).map(CodeActionOrCommand::CodeAction));
                serde_json::to_value(actions)?
            }
            CodeActionResolveRequest::METHOD => {
                let mut action: CodeAction = serde_json::from_value(request.params)?;
                if let Some(uri) = action.data.as_ref().and_then(|d| d["uri"].as_str()) {
                    action.edit = self.fix_all_edit(uri);
                }
                serde_json::to_value(action)?
            }
            _ => {
                let response = Response::new_err(
                    request.id,
                    ErrorCode::MethodNotFound as i32,
                    format!("kuiperlint does not serve {}", request.method),
                );
                self.connection.sender.send(response.into())?;
                return Ok(());
            }
        };
        self.connection
            .sender
            .send(Response::new_ok(request.id, result).into())?;
        Ok(())
    }

    /// Publishes the findings of an open document, found in its text as it is now.
    fn publish_findings(&self, key: &str) -> Result<(), BoxError> {
        let doc = &self.docs[key];
        let lines = Lines::new(&doc.text, self.encoding);
        let diagnostics = doc
            .findings
            .iter()
            .map(|d| to_lsp(d, &doc.uri, &lines))
            .collect();
        self.publish(doc.uri.clone(), diagnostics, Some(doc.version))
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), BoxError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let n = Notification::new(PublishDiagnostics::METHOD.into(), params);
        self.connection.sender.send(n.into())?;
        Ok(())
    }

    /// On a finding: the doc of its check, as `kuiperlint explain CODE` prints it.
    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let at = &p.text_document_position_params;
        let doc = self.docs.get(at.text_document.uri.as_str())?;
        let lines = Lines::new(&doc.text, self.encoding);
        let offset = lines.offset(at.position);
        let mut codes: Vec<&'static str> = Vec::new();
        let mut range = None;
        for d in &doc.findings {
            if d.span.start <= offset && offset <= d.span.end && !codes.contains(&d.code) {
                codes.push(d.code);
                range.get_or_insert(lines.range(d.span));
            }
        }
        let docs: Vec<String> = codes
            .iter()
            .filter_map(|c| lints::find(c))
            .map(|lint| catalog::explain_lint(lint, false))
            .collect();
        if docs.is_empty() {
            // No finding here: what the catalog or the schemas say of the place.
            let (file, target) = loaded(doc)?;
            let (value, span) = assist::hover(&file, offset, target)?;
            return Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: Some(lines.range(span)),
            });
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: docs.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    /// Where the entry a reference at the cursor names is defined: in the document, else (for
    /// a project's fragment) in another open document or file of the workspace.
    fn definition(&self, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let at = &p.text_document_position_params;
        let doc = self.docs.get(at.text_document.uri.as_str())?;
        let lines = Lines::new(&doc.text, self.encoding);
        let (file, _) = loaded(doc)?;
        let reference = navigate::reference_at(&file, lines.offset(at.position))?;
        if let Some(span) = reference.here {
            return Some(GotoDefinitionResponse::Scalar(Location::new(
                doc.uri.clone(),
                lines.range(span),
            )));
        }
        if !crate::analysis::project::sees_project(file.kind) {
            return None;
        }
        // Open documents as the editor has them, then the workspace's other files as on disk.
        let open = self
            .docs
            .values()
            .filter(|d| d.uri != doc.uri && d.checked())
            .map(|d| (d.uri.clone(), d.path.clone(), Some(d.text.clone())));
        let on_disk = self.root.iter().flat_map(|root| {
            let (files, _) =
                engine::expand_paths(std::slice::from_ref(root), CHECKED_EXTENSIONS, &[]);
            files.into_iter().filter_map(|input| match input {
                Input::File(path) => Some((uri::from_path(&path)?, path, None)),
                Input::Stdin => None,
            })
        });
        for (uri, path, text) in open.chain(on_disk) {
            if path == doc.path {
                continue;
            }
            let Some(text) = text.or_else(|| fs::read_to_string(&path).ok()) else {
                continue;
            };
            let source = SourceFile::new(path.display().to_string(), text);
            let other = LoadedFile::parse_holding_rules(source, None);
            if let Some(span) = navigate::definition_in(&other, reference.kind, &reference.name) {
                let range = Lines::new(&other.source.text, self.encoding).range(span);
                return Some(GotoDefinitionResponse::Scalar(Location::new(uri, range)));
            }
        }
        None
    }

    /// Function names in rule SQL and property names of rules, from the catalog and schemas.
    fn completion(&self, p: &CompletionParams) -> Option<CompletionResponse> {
        let at = &p.text_document_position;
        let doc = self.docs.get(at.text_document.uri.as_str())?;
        let lines = Lines::new(&doc.text, self.encoding);
        let (file, target) = loaded(doc)?;
        let items = assist::complete(&file, lines.offset(at.position), target)
            .into_iter()
            .map(|c| CompletionItem {
                kind: Some(match c.kind {
                    CompletionKind::Function => CompletionItemKind::FUNCTION,
                    CompletionKind::Property => CompletionItemKind::PROPERTY,
                    CompletionKind::Value => CompletionItemKind::VALUE,
                }),
                detail: (!c.detail.is_empty()).then_some(c.detail),
                documentation: c.documentation.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    lines.range(c.span),
                    c.label.clone(),
                ))),
                label: c.label,
                ..CompletionItem::default()
            })
            .collect();
        Some(CompletionResponse::Array(items))
    }

    /// The fixes of the findings in the range (as `check --fix` and `--unsafe-fixes` apply
    /// them), and for each of their codes an ignore in `kuiperlint.toml`.
    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let lines = Lines::new(&doc.text, self.encoding);
        let (start, end) = (lines.offset(p.range.start), lines.offset(p.range.end));
        let mut actions = Vec::new();
        let mut codes: Vec<&'static str> = Vec::new();
        for d in &doc.findings {
            if d.span.start > end || d.span.end < start {
                continue;
            }
            let diagnostic = to_lsp(d, &doc.uri, &lines);
            if let Some(fix) = &d.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(lines.range(e.span), e.text.clone()))
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: if safe {
                        format!("{}: {}", d.code, fix.message)
                    } else {
                        format!("{}: {} (unsafe)", d.code, fix.message)
                    },
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(std::iter::once((doc.uri.clone(), edits)).collect()),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
            if !codes.contains(&d.code) {
                codes.push(d.code);
                if let Some(edit) = self.ignore_edit(&doc.path, d.code) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("kuiperlint: ignore {} in this file", d.code),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic]),
                        edit: Some(edit),
                        ..CodeAction::default()
                    }));
                }
            }
        }
        actions
    }

    /// "Fix all": every safe fix of the document, as `check --fix` applies them. Offered when
    /// the client asks for `source.fixAll` (on save), with its edit; and in the list of a
    /// range when a finding of the document has a safe fix and the client resolves the edit
    /// later.
    fn fix_all_action(&self, p: &CodeActionParams) -> Option<CodeAction> {
        let uri = p.text_document.uri.as_str();
        let kind = fix_all_kind();
        let asked = match &p.context.only {
            Some(only) => only.iter().any(|o| is_kind_within(&kind, o)),
            None => false,
        };
        let doc = self.docs.get(uri)?;
        let fixable = doc.findings.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        let offered = p.context.only.is_none() && self.resolves_edits && fixable;
        if !asked && !offered {
            return None;
        }
        let mut action = CodeAction {
            title: "kuiperlint: fix all safely fixable problems".into(),
            kind: Some(kind),
            ..CodeAction::default()
        };
        if asked {
            action.edit = Some(self.fix_all_edit(uri)?);
        } else {
            action.data = Some(serde_json::json!({ "uri": uri }));
        }
        Some(action)
    }

    fn fix_all_edit(&self, uri: &str) -> Option<WorkspaceEdit> {
        let open = self.snapshot();
        let which = open.iter().position(|d| d.key == uri)?;
        let (span, text) = checks::fix_all(open, which, self.root.as_deref())?;
        let doc = &self.docs[uri];
        let lines = Lines::new(&doc.text, self.encoding);
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: doc.uri.clone(),
                    version: Some(doc.version),
                },
                edits: vec![OneOf::Left(TextEdit::new(lines.range(span), text))],
            }])),
            ..WorkspaceEdit::default()
        })
    }

    /// The edit that adds `code` to the `[per-file-ignores]` entry of `file` in its
    /// `kuiperlint.toml` (the nearest above it; a new one in the workspace's folder, else the
    /// file's, when there is none). None when the file's entry cannot be edited line-wise (an
    /// inline table, an array over several lines).
    fn ignore_edit(&self, file: &Path, code: &str) -> Option<WorkspaceEdit> {
        let dir = file.parent()?;
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        match Settings::discover(dir) {
            Some(config) => {
                let text = fs::read_to_string(&config).ok()?;
                let glob = relative(file, config.parent()?)?;
                let table: toml::Table = text.parse().ok()?;
                let section = table.get("per-file-ignores").and_then(|v| v.as_table());
                let codes: Vec<String> = section
                    .and_then(|s| s.get(&glob))
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(quote)).collect())
                    .unwrap_or_default();
                let entry = |mut codes: Vec<String>| {
                    codes.push(quote(code));
                    format!("{} = [{}]", quote(&glob), codes.join(", "))
                };
                let header = header_line(&text, "per-file-ignores");
                let (span, new_text) = match (header, codes.is_empty()) {
                    (None, true) if section.is_none() => {
                        let sep = if text.is_empty() || text.ends_with('\n') {
                            ""
                        } else {
                            "\n"
                        };
                        let new = format!("{sep}\n[per-file-ignores]\n{}\n", entry(codes));
                        (Span::empty(text.len()), new)
                    }
                    (Some(after), true) => (Span::empty(after), format!("{}\n", entry(codes))),
                    (Some(after), false) => (entry_line(&text, after, &glob)?, entry(codes)),
                    _ => return None,
                };
                let lines = Lines::new(&text, self.encoding);
                let uri = uri::from_path(&config)?;
                let edit = TextEdit::new(lines.range(span), new_text);
                Some(WorkspaceEdit {
                    changes: Some(std::iter::once((uri, vec![edit])).collect()),
                    ..WorkspaceEdit::default()
                })
            }
            None => {
                let folder = match &self.root {
                    Some(root) if file.starts_with(root) => root.as_path(),
                    _ => dir,
                };
                let config = folder.join(crate::config::FILE_NAME);
                let glob = relative(file, folder)?;
                let uri = uri::from_path(&config)?;
                let text = format!("[per-file-ignores]\n{} = [{}]\n", quote(&glob), quote(code));
                let zero = lsp_types::Range::default();
                Some(WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Operations(vec![
                        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                            uri: uri.clone(),
                            options: None,
                            annotation_id: None,
                        })),
                        DocumentChangeOperation::Edit(TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier {
                                uri,
                                version: None,
                            },
                            edits: vec![OneOf::Left(TextEdit::new(zero, text))],
                        }),
                    ])),
                    ..WorkspaceEdit::default()
                })
            }
        }
    }
}

/// `source.fixAll.kuiperlint`: what editors run on save (VS Code's `editor.codeActionsOnSave`).
fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.kuiperlint")
}

/// Whether `kind` is `asked` or one of its sub-kinds (`source.fixAll` takes in
/// `source.fixAll.kuiperlint`; `source.fix` does not).
fn is_kind_within(kind: &CodeActionKind, asked: &CodeActionKind) -> bool {
    let (kind, asked) = (kind.as_str(), asked.as_str());
    kind == asked
        || kind
            .strip_prefix(asked)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// An open document loaded as `check` loads it, with the target its settings name.
fn loaded(doc: &Doc) -> Option<(LoadedFile, Version)> {
    let target = checks::settings_for(&doc.path)
        .and_then(|s| s.target)
        .unwrap_or_else(Version::newest);
    let name = doc.path.display().to_string();
    // Rules are left for the one at the cursor to be decoded (`assist`, `navigate`).
    let file = LoadedFile::parse_holding_rules(SourceFile::new(name, doc.text.clone()), None);
    Some((file, target))
}

/// `file` relative to `folder`, `/`-separated, as a per-file-ignores glob matches it.
fn relative(file: &Path, folder: &Path) -> Option<String> {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let file = match file.parent() {
        Some(parent) => canonical(parent).join(file.file_name()?),
        None => file.to_path_buf(),
    };
    let rel = file.strip_prefix(canonical(folder)).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The byte offset just past the line `[name]` of a TOML text.
fn header_line(text: &str, name: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if line.trim() == format!("[{name}]") {
            return Some(at);
        }
    }
    None
}

/// The span of the line (without its line break) after `from` that holds the key `glob` on one
/// line, before the next table header.
fn entry_line(text: &str, from: usize, glob: &str) -> Option<Span> {
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            return None;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
            .unwrap_or(key);
        if key == glob {
            let value = value.trim();
            // The whole array on this line (no comment after it).
            if !(value.starts_with('[') && value.ends_with(']')) {
                return None;
            }
            let body = line.trim_end_matches(['\n', '\r']);
            return Some(Span::new(start, start + body.len()));
        }
    }
    None
}

/// A finding as the client shows it: the message, then the help on a line of its own; labels
/// as related information.
fn to_lsp(d: &Diagnostic, uri: &Uri, lines: &Lines) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<_> = d
        .labels
        .iter()
        .filter(|l| !l.message.is_empty())
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: lines.range(d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("kuiperlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // Editors fade what is so tagged: an entry nothing uses, a graph node no path reaches.
        tags: matches!(d.code, "X006" | "G003").then(|| vec![DiagnosticTag::UNNECESSARY]),
        ..lsp_types::Diagnostic::default()
    }
}
