//! The two ways the server checks: the whole check of the open documents with the workspace
//! (what `check DIR` does, on a thread of its own), and, after an edit inside one rule of a large
//! bundle, that rule alone (a window of one rule) with the rest of the findings carried over the
//! edit until the whole check catches up.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::config::{Selection, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ekuiper::version::Version;
use crate::engine::{self, ConfigChoice, FileReport, Input, InputError, CHECKED_EXTENSIONS};
use crate::fix::{self, CheckSetup};
use crate::source::span::Span;

use super::Checker;

/// Below this size a whole check of a document is quick enough (a few milliseconds) that an
/// edit waits for it; above, an edit inside a rule re-checks that rule first.
pub const FAST_PATH_MIN_BYTES: usize = 64 * 1024;

/// An open document as a whole check reads it.
pub struct Snapshot {
    pub key: String,
    pub path: PathBuf,
    pub version: i32,
    pub text: String,
}

/// What a whole check found in each open document, by key, with the version it checked.
pub struct Found {
    pub generation: u64,
    pub documents: Vec<(String, i32, Vec<Diagnostic>)>,
}

/// Checks the open documents with the workspace's files under `root`, as `check DIR` would
/// (each file's `kuiperlint.toml`, the project resolved across files). A panic in a check is
/// caught: the documents are then checked one at a time, so that only the one that panics says
/// so, as a finding.
pub fn whole(generation: u64, open: Vec<Snapshot>, root: Option<&Path>, checker: Checker) -> Found {
    let keys: Vec<(String, i32)> = open.iter().map(|d| (d.key.clone(), d.version)).collect();
    let (inputs, contents) = project(open, root);
    let findings: Vec<Vec<Diagnostic>> =
        match catch_unwind(AssertUnwindSafe(|| checker(&inputs, &contents))) {
            Ok(reports) => reports
                .into_iter()
                .take(keys.len())
                .map(findings_of)
                .collect(),
            Err(_) => (0..keys.len())
                .map(|i| {
                    let alone = catch_unwind(AssertUnwindSafe(|| {
                        checker(&inputs[i..=i], &contents[i..=i])
                    }));
                    match alone {
                        Ok(mut r) if !r.is_empty() => findings_of(r.remove(0)),
                        Ok(_) => Vec::new(),
                        Err(payload) => vec![panic_finding(&payload)],
                    }
                })
                .collect(),
        };
    Found {
        generation,
        documents: keys
            .into_iter()
            .zip(findings)
            .map(|((key, version), f)| (key, version, f))
            .collect(),
    }
}

/// The open documents (as they are in the editor) and every file of the workspace under `root`
/// (as on disk): what `check DIR` reads, with the contents that stand for each input.
fn project(open: Vec<Snapshot>, root: Option<&Path>) -> (Vec<Input>, Vec<Option<Vec<u8>>>) {
    let (mut inputs, contents): (Vec<Input>, Vec<Option<Vec<u8>>>) = open
        .into_iter()
        .map(|d| (Input::File(d.path), Some(d.text.into_bytes())))
        .unzip();
    if let Some(root) = root {
        let (files, _) = engine::expand_paths(&[root.to_path_buf()], CHECKED_EXTENSIONS, &[]);
        for file in files {
            if !inputs.contains(&file) {
                inputs.push(file);
            }
        }
    }
    (inputs, contents)
}

/// What every safe fix does to `open[which]`, as `check --fix DIR` would write it (rounds of
/// fixing and checking again, in the project of the open documents and `root`): the span of the
/// document's text to replace, and the text to write there. None when nothing changes or a
/// check panics.
pub fn fix_all(open: Vec<Snapshot>, which: usize, root: Option<&Path>) -> Option<(Span, String)> {
    let before = open.get(which)?.text.clone();
    let (inputs, contents) = project(open, root);
    let setup = CheckSetup {
        target: None,
        config: &ConfigChoice::Discover,
        selection: &Selection::default(),
        kind: None,
    };
    let mut run = catch_unwind(AssertUnwindSafe(|| {
        fix::fix_inputs_as(&inputs, contents, &setup, false)
    }))
    .ok()?;
    let fixes = run.files.get_mut(which)?;
    if !fixes.changed() {
        return None;
    }
    let fixed = fixes.fixed.take()?;
    let (old, new) = changed(&before, &fixed);
    Some((old, fixed[new.range()].to_string()))
}

/// The findings of `text`, after `changes` to the text whose findings are `found`: when the
/// changed part starts and ends inside rules' strings of a large JSON bundle (usually one rule),
/// those rules are checked again and every other finding is carried over the edit. None when
/// that does not apply (then only a whole check can say).
pub fn after_edit(
    path: &Path,
    found: &[Diagnostic],
    text: &str,
    changes: Changes,
) -> Option<Vec<Diagnostic>> {
    if text.len() < FAST_PATH_MIN_BYTES {
        return None;
    }
    let (old, new) = changes.spans(text.len());
    let settings = settings_for(path)?;
    let target = settings.target.unwrap_or_else(Version::newest);
    let name = Input::File(path.to_path_buf()).display_name();
    let rules = catch_unwind(AssertUnwindSafe(|| {
        engine::check_rules_at(name, text.to_string(), target, &settings, new)
    }))
    .ok()??;
    // The rules' members before the edit: it starts and ends inside them, so only their end
    // moved.
    let growth = new.len() as isize - old.len() as isize;
    let entries_before = Span::new(
        rules.entries.start,
        rules.entries.end.checked_add_signed(-growth)?,
    );
    let mut carried: Vec<Diagnostic> = found
        .iter()
        .filter(|d| !(entries_before.start <= d.span.start && d.span.end <= entries_before.end))
        .cloned()
        .map(|mut d| {
            shift(&mut d, old, new.len());
            d
        })
        .collect();
    carried.extend(rules.diagnostics);
    carried.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    Some(carried)
}

/// The settings `check` applies to `path`: its nearest `kuiperlint.toml`. None when that file
/// does not load (the whole check reports why).
pub fn settings_for(path: &Path) -> Option<Arc<Settings>> {
    engine::settings_of(
        &[Input::File(path.to_path_buf())],
        &ConfigChoice::Discover,
        &Selection::default(),
    )
    .pop()?
    .ok()
}

/// Where a text differs from the text its findings are on: all of it but a prefix and a suffix
/// that both share. Kept up to date from the edits themselves, so that an edit of a large
/// document neither keeps a copy of the checked text nor compares the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changes {
    prefix: usize,
    suffix: usize,
    /// The checked text's length.
    before: usize,
}

impl Changes {
    /// A text of `len` bytes that is the checked one.
    pub fn none(len: usize) -> Changes {
        Changes {
            prefix: len,
            suffix: len,
            before: len,
        }
    }

    /// The bytes `replaced` of the text, `len` bytes long, were replaced (by anything).
    pub fn add(&mut self, len: usize, replaced: Span) {
        self.prefix = self.prefix.min(replaced.start);
        self.suffix = self.suffix.min(len - replaced.end);
    }

    /// The part of the checked text that changed, and the part of the text, `len` bytes long,
    /// that stands in its place.
    pub fn spans(&self, len: usize) -> (Span, Span) {
        // The suffix only of what the prefix left, as `changed` counts it.
        let suffix = self.suffix.min(self.before.min(len) - self.prefix);
        (
            Span::new(self.prefix, self.before - suffix),
            Span::new(self.prefix, len - suffix),
        )
    }

    /// Whether the text, `len` bytes long, is the checked one.
    pub fn is_empty(&self, len: usize) -> bool {
        let (old, new) = self.spans(len);
        old.is_empty() && new.is_empty()
    }
}

/// The part of `before` that an edit replaced, and the part of `after` it wrote: what lies
/// between their common prefix and common suffix, widened to whole characters.
pub fn changed(before: &str, after: &str) -> (Span, Span) {
    let (a, b) = (before.as_bytes(), after.as_bytes());
    let mut prefix = common(a, b, Side::Start);
    // The two share these bytes, so a character boundary of one is one of the other.
    while !before.is_char_boundary(prefix) {
        prefix -= 1;
    }
    // The suffix only of what the prefix left: "aa" -> "aaa" inserts at the end.
    let room = a.len().min(b.len()) - prefix;
    let mut suffix = common(&a[a.len() - room..], &b[b.len() - room..], Side::End);
    while !before.is_char_boundary(a.len() - suffix) {
        suffix -= 1;
    }
    (
        Span::new(prefix, a.len() - suffix),
        Span::new(prefix, b.len() - suffix),
    )
}

enum Side {
    Start,
    End,
}

/// How many bytes `a` and `b` share at their start or end, compared a block at a time (a
/// document of megabytes is compared on every edit).
fn common(a: &[u8], b: &[u8], side: Side) -> usize {
    const BLOCK: usize = 256;
    let shorter = a.len().min(b.len());
    let block = |n: usize, s: &'_ [u8]| match side {
        Side::Start => n..n + BLOCK,
        Side::End => s.len() - n - BLOCK..s.len() - n,
    };
    let mut n = 0;
    while n + BLOCK <= shorter && a[block(n, a)] == b[block(n, b)] {
        n += BLOCK;
    }
    let rest = match side {
        Side::Start => a[n..]
            .iter()
            .zip(&b[n..])
            .take_while(|(x, y)| x == y)
            .count(),
        Side::End => a[..a.len() - n]
            .iter()
            .rev()
            .zip(b[..b.len() - n].iter().rev())
            .take_while(|(x, y)| x == y)
            .count(),
    };
    n + rest
}

/// Moves the spans of a finding of the text before an edit that replaced `old` by `written`
/// bytes to where they are after it. A span that encloses the edit grows or shrinks with it.
fn shift(d: &mut Diagnostic, old: Span, written: usize) {
    let at = |offset: usize| {
        if offset <= old.start {
            offset
        } else if offset >= old.end {
            offset - old.len() + written
        } else {
            old.start + written
        }
    };
    let moved = |span: &mut Span| *span = Span::new(at(span.start), at(span.end));
    moved(&mut d.span);
    d.labels.iter_mut().for_each(|l| moved(&mut l.span));
    if let Some(fix) = &mut d.fix {
        fix.edits.iter_mut().for_each(|e| moved(&mut e.span));
    }
}

/// A report's findings; a file that could not be checked at all says why, at 0:0.
fn findings_of(report: Result<FileReport, InputError>) -> Vec<Diagnostic> {
    match report {
        Ok(r) => r.diagnostics,
        Err(e) => vec![internal_finding(format!("{}: {}", e.name, e.message))],
    }
}

fn panic_finding(payload: &Box<dyn std::any::Any + Send>) -> Diagnostic {
    internal_finding(format!(
        "kuiperlint panicked while checking this file: {} (please report it)",
        panic_text(payload)
    ))
}

/// What a caught panic said.
pub fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn internal_finding(message: String) -> Diagnostic {
    Diagnostic {
        code: "kuiperlint",
        severity: Severity::Error,
        message,
        span: Span::empty(0),
        path: String::new(),
        inner: None,
        labels: Vec::new(),
        help: None,
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_part_lies_between_the_common_prefix_and_suffix() {
        assert_eq!(
            changed("abcXdef", "abcYYdef"),
            (Span::new(3, 4), Span::new(3, 5))
        );
        // A repeated letter: the prefix takes what it can, the suffix only what is left.
        assert_eq!(changed("aa", "aaa"), (Span::new(2, 2), Span::new(2, 3)));
        assert_eq!(changed("same", "same"), (Span::new(4, 4), Span::new(4, 4)));
        // Across whole blocks.
        let long = "x".repeat(1000);
        let edited = format!("{}y{}", &long[..600], &long[601..]);
        assert_eq!(
            changed(&long, &edited),
            (Span::new(600, 601), Span::new(600, 601))
        );
        // é → è share their first byte, and í → ĭ their last: whole characters are replaced.
        assert_eq!(changed("aéb", "aèb"), (Span::new(1, 3), Span::new(1, 3)));
        assert_eq!(changed("xíy", "xĭy"), (Span::new(1, 3), Span::new(1, 3)));
    }

    #[test]
    fn changes_kept_from_edits_cover_what_a_comparison_finds() {
        let before = "0123456789abcdefghij".to_string();
        let mut text = before.clone();
        let mut changes = Changes::none(text.len());
        assert!(changes.is_empty(text.len()));
        // (start, end, written), each on the text the edits before it left.
        for (start, end, written) in [(12, 13, "XY"), (3, 3, "+"), (15, 17, ""), (20, 20, "!")] {
            changes.add(text.len(), Span::new(start, end));
            text.replace_range(start..end, written);
            let (old, new) = changes.spans(text.len());
            let (exact_old, exact_new) = changed(&before, &text);
            assert!(old.start <= exact_old.start && exact_old.end <= old.end);
            assert!(new.start <= exact_new.start && exact_new.end <= new.end);
            assert_eq!(before[..old.start], text[..new.start]);
            assert_eq!(before[old.end..], text[new.end..]);
        }
        assert_eq!(
            changes.spans(text.len()),
            (Span::new(3, 20), Span::new(3, 21))
        );
        assert!(!changes.is_empty(text.len()));
    }

    #[test]
    fn spans_after_an_edit_move_and_spans_around_it_stretch() {
        let mut d = internal_finding("x".into());
        d.span = Span::new(10, 12);
        shift(&mut d, Span::new(3, 4), 3);
        assert_eq!(d.span, Span::new(12, 14));
        d.span = Span::new(1, 20);
        shift(&mut d, Span::new(3, 4), 0);
        assert_eq!(d.span, Span::new(1, 19));
        d.span = Span::new(0, 2);
        shift(&mut d, Span::new(3, 4), 9);
        assert_eq!(d.span, Span::new(0, 2));
    }
}
