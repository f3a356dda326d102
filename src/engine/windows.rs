//! Running the lints over one file: its outline, then its rules a window at a time.

use rayon::prelude::*;

use crate::analysis::dependencies::{BundleGraph, Edges, NodeKind, RuleEdges};
use crate::analysis::pass::{OutlineContext, Pass, PassContext, Run, Window, WindowContext};
use crate::analysis::project::{Definitions, Project};
use crate::bundle::{rules_window, Bundle, HeldStrings, LoadedFile, SectionKind};
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::ekuiper::version::Version;
use crate::lints::{Check, REGISTRY};
use crate::source::span::Span;

/// Runs on the pool the lints of a pass (all but those of [`Check::Window`] in the outline pass,
/// all but those of [`Check::Outline`] in a window); their findings are gathered in registry
/// order.
fn run_lints(pass: Pass) -> Vec<Diagnostic> {
    // One lint per task: a few lints walk every tree of the pass and most take no time, so
    // halving the registry between workers would leave one of them waiting.
    let found: Vec<Vec<Diagnostic>> = REGISTRY
        .par_iter()
        .with_max_len(1)
        .filter_map(|lint| {
            let mut found = Vec::new();
            match (lint.check, pass) {
                (Check::Outline(check), Pass::Outline(cx)) => check(cx, &mut found),
                (Check::Window(check), Pass::Window(cx)) => check(cx, &mut found),
                (Check::Outline(_), Pass::Window(_)) | (Check::Window(_), Pass::Outline(_)) => {
                    return None
                }
                (Check::Everywhere(check), pass) => check(&pass, &mut found),
                (Check::EachPass(check), pass) => check(pass, &mut found),
            }
            Some(found)
        })
        .collect();
    found.concat()
}

/// What checking one window of rules found.
struct Checked {
    found: Vec<Diagnostic>,
    masked: Vec<String>,
    rules_unanalysed: usize,
    edges: RuleEdges,
}

/// What checking one file found.
pub struct Outcome {
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values of the file: renderers mask them wherever they would appear.
    pub masked: Vec<String>,
    /// What the file defines, for the other files of a run.
    pub definitions: Definitions,
}

/// Rules decoded at once (by one worker; with more, two windows of half this size): enough to
/// keep every worker busy, few enough that the trees of a large bundle's rules are never all
/// held (docs/performance.md).
pub const RULES_PER_WINDOW: usize = 4096;

/// Runs every lint over one loaded file, with the project's settings: selection, ignores and
/// severities apply to what the lints found.
pub fn run(file: &LoadedFile, target: Version, settings: &Settings) -> Outcome {
    run_in(file, target, settings, &Project::default())
}

/// Like [`run`], for a file of a run whose other files define `project`.
pub fn run_in(
    file: &LoadedFile,
    target: Version,
    settings: &Settings,
    project: &Project,
) -> Outcome {
    // Two windows side by side (see `run_windowed`) hold what one window of twice their size
    // would.
    let rules_per_window = match rayon::current_num_threads() {
        1 => RULES_PER_WINDOW,
        _ => RULES_PER_WINDOW / 2,
    };
    run_windowed(file, target, settings, project, rules_per_window)
}

/// Like [`run_in`], decoding `rules_per_window` rules at a time, two windows side by side when
/// the pool has more than one worker. The findings depend on neither (a test checks that with
/// windows of one rule, on one worker and on two).
pub fn run_windowed(
    file: &LoadedFile,
    target: Version,
    settings: &Settings,
    project: &Project,
    rules_per_window: usize,
) -> Outcome {
    let run = Run {
        target,
        declared: &settings.declared,
        project,
    };
    let outline = file.outline();
    let cx = PassContext::of_outline(file, &outline, &run);
    let rules: usize = outline
        .iter()
        .map(|b| b.section_entries(SectionKind::Rules).count())
        .sum();
    // Each window is decoded, analysed, linted and freed in one go. A window's analyses and
    // lints each spread over the pool and wait for each other, so with more than one worker
    // two windows are checked side by side, and the one fills the other's waits.
    let at_once = if rayon::current_num_threads() > 1 {
        2
    } else {
        1
    };
    // Windows of equal size, in pairs when side by side: a last window alone, or a short one
    // beside a full one, would leave a worker waiting.
    let count = rules
        .div_ceil(rules_per_window.max(1))
        .next_multiple_of(at_once);
    let per_window = rules.div_ceil(count.max(1)).max(1);
    let windows: Vec<std::ops::Range<usize>> = (0..rules)
        .step_by(per_window)
        .map(|start| start..rules.min(start + per_window))
        .collect();
    let decode = |range: &std::ops::Range<usize>| {
        HeldStrings::of(&outline, range.clone(), &file.source.text)
    };
    let mut groups = windows.chunks(at_once);
    // The streams and tables first: rules are checked against them. Meanwhile the first
    // windows' strings are decoded, which needs neither.
    let first = groups.next().unwrap_or_default();
    let (mut graph, first_held) = rayon::join(
        || BundleGraph::outline(&outline, cx.sql(), &project.nodes, Edges::Unresolved),
        || first.par_iter().map(decode).collect::<Vec<_>>(),
    );
    let check = |graph: &BundleGraph, range: &std::ops::Range<usize>, held: HeldStrings| {
        let window = Window {
            sql: cx.sql(),
            graph,
        };
        check_window(file, &outline, &run, window, range.clone(), held)
    };
    let mut found = Vec::new();
    let mut masked = Vec::new();
    let mut rules_unanalysed = cx.sql().rules_unanalysed;
    let mut decoded = Some(first_held);
    for group in std::iter::once(first).chain(groups) {
        let checked: Vec<Checked> = match decoded.take() {
            Some(held) => group
                .par_iter()
                .zip(held)
                .map(|(range, held)| check(&graph, range, held))
                .collect(),
            None => group
                .par_iter()
                .map(|range| check(&graph, range, decode(range)))
                .collect(),
        };
        for window in checked {
            found.extend(window.found);
            masked.extend(window.masked);
            rules_unanalysed += window.rules_unanalysed;
            // What the window's rules refer to joins the graph now.
            graph.add_rules(window.edges);
        }
    }
    let graph = graph.finish(&outline, Vec::new(), rules_unanalysed);
    let cx = OutlineContext::new(cx, graph);
    cx.analyse();
    found.extend(run_lints(Pass::Outline(&cx)));
    masked.extend(crate::analysis::secrets::mask_list(
        cx.secrets(),
        &file.source.text,
    ));
    settle(&mut found, settings, &file.source.name);
    // Longest first, so a secret that contains another is masked whole.
    masked.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    masked.dedup();
    Outcome {
        diagnostics: found,
        masked,
        definitions: definitions(&cx),
    }
}

/// Decodes, analyses and lints the rules `range` of `outline` (their strings `held`) against
/// `window`, the streams, tables and configs of the file; frees their trees.
fn check_window(
    file: &LoadedFile,
    outline: &[Bundle],
    run: &Run,
    window: Window,
    range: std::ops::Range<usize>,
    held: HeldStrings,
) -> Checked {
    let bundles = rules_window(outline, range, &held);
    let wcx = WindowContext::new(file, &bundles, outline, run, window);
    wcx.analyse();
    let checked = Checked {
        found: run_lints(Pass::Window(&wcx)),
        masked: crate::analysis::secrets::mask_list(wcx.secrets(), &file.source.text),
        rules_unanalysed: wcx.sql().rules_unanalysed,
        edges: wcx.into_rule_edges(),
    };
    // The trees are freed on the pool, as they were built.
    bundles.into_par_iter().for_each(|b| {
        b.sections
            .into_par_iter()
            .for_each(|s| s.entries.into_par_iter().for_each(drop))
    });
    checked
}

/// The project's settings over what the lints found in the file `name`: selection, ignores,
/// severities; then sorted by position, then code.
fn settle(found: &mut Vec<Diagnostic>, settings: &Settings, name: &str) {
    let path = std::path::Path::new(name);
    found.retain(|d| {
        settings.enabled(d.code, path) && !settings.ignored_in_entry(d.code, path, &d.path)
    });
    for d in found.iter_mut() {
        if let Some(&severity) = settings.severity.get(d.code) {
            d.severity = severity;
        }
    }
    found.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
}

/// What checking some rules of a bundle again found ([`run_rules`]).
pub struct RulesOutcome {
    /// The rules' members in the file: the first one's key to the end of the last one's value.
    pub entries: Span,
    /// What the window lints find in them, as a whole check reports them; sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks again only the rules of a JSON bundle that `edited` (a span of the file, starting and
/// ending strictly inside the string values of rules) touches, against the file's streams,
/// tables and configs: what an editor does after an edit there. The outline lints (those that
/// weigh every rule together: unused streams, duplicate ids) are not run; a whole check later
/// brings theirs. None when `edited` does not start and end inside rules' strings.
pub fn run_rules(
    file: &LoadedFile,
    target: Version,
    settings: &Settings,
    edited: Span,
) -> Option<RulesOutcome> {
    let project = Project::default();
    let run = Run {
        target,
        declared: &settings.declared,
        project: &project,
    };
    let outline = file.outline();
    let inside = |e: &crate::bundle::Entry, offset: usize| {
        let value = e.member.value.span;
        matches!(e.member.value.value, crate::bundle::json::Value::String(_))
            && value.start < offset
            && offset < value.end
    };
    let rules = || {
        outline
            .iter()
            .flat_map(|b| b.section_entries(SectionKind::Rules))
            .enumerate()
    };
    let (first, first_entry) = rules().find(|(_, e)| inside(e, edited.start))?;
    let (last, last_entry) = rules().skip(first).find(|(_, e)| inside(e, edited.end))?;
    let entries = Span::new(
        first_entry.member.key_span.start,
        last_entry.member.value.span.end,
    );
    let cx = PassContext::of_outline(file, &outline, &run);
    let graph = BundleGraph::outline(&outline, cx.sql(), &project.nodes, Edges::Unresolved);
    let held = HeldStrings::of(&outline, first..last + 1, &file.source.text);
    let window = Window {
        sql: cx.sql(),
        graph: &graph,
    };
    let mut diagnostics = check_window(file, &outline, &run, window, first..last + 1, held).found;
    settle(&mut diagnostics, settings, &file.source.name);
    Some(RulesOutcome {
        entries,
        diagnostics,
    })
}

/// What the file defines: its streams and tables parsed, and every node of its graph that it
/// defines itself (not built-ins, not what came from the project).
fn definitions(cx: &OutlineContext) -> Definitions {
    let sql = cx.sql();
    let sources = sql
        .sources
        .iter()
        .map(|s| s.stmt.clone())
        .chain(sql.file_sources.iter().cloned())
        .collect::<Vec<_>>();
    let mut nodes: Vec<(NodeKind, String)> = cx
        .graph()
        .nodes
        .iter()
        .filter(|n| n.span.is_some())
        .map(|n| (n.kind, n.name.clone()))
        .collect();
    for s in &sql.file_sources {
        let kind = match s.kind {
            crate::analysis::sql::SourceKind::Table => NodeKind::Table,
            _ => NodeKind::Stream,
        };
        nodes.push((kind, s.name.clone()));
    }
    Definitions {
        sources,
        nodes,
        in_project: crate::analysis::project::sees_project(cx.file.kind),
    }
}
