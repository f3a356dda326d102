//! `check --fix`: applying the fixes of findings to the files, to a fixed point.
//!
//! A fix is data on a finding ([`crate::diagnostic::Fix`]): edits of the outer file, made through
//! every level of string escaping by the one edit engine of fixes and migrations
//! ([`crate::source::edit`]). A round applies every fix that may be applied and overlaps no
//! other (the first one in the file wins), then checks the fixed texts again: a fix can only be
//! trusted against the findings of the text it was made for. Rounds repeat until no fix is left,
//! for at most [`MAX_ROUNDS`]. A round that brings a code the file did not have before, or more
//! errors of a code, is undone for that file, which keeps its text of the round before
//! (docs/fixes.md).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::config::Selection;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::ekuiper::version::Version;
use crate::engine::{check_inputs_as, read_input, ConfigChoice, FileReport, Input, InputError};
use crate::source::edit::{apply, Edit};
use crate::source::span::Span;

/// Rounds of fixing and checking again, at most.
pub const MAX_ROUNDS: usize = 10;

/// The fixes of `diagnostics` one round applies: those of the allowed applicability, first in
/// the file first, each only when none of its edits overlaps an edit already taken (two
/// insertions at one place overlap too) and every edit lies on character boundaries of `text`.
/// A fix equal to one already taken (two findings, one cure) is taken once, and counted for
/// both findings.
pub fn select<'d>(
    text: &str,
    diagnostics: &'d [Diagnostic],
    unsafe_fixes: bool,
) -> (Vec<Edit>, Vec<&'d Diagnostic>) {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|f| {
                !f.edits.is_empty()
                    && (unsafe_fixes || f.applicability == Applicability::Safe)
                    && f.edits.iter().all(|e| {
                        e.span.start <= e.span.end
                            && e.span.end <= text.len()
                            && text.is_char_boundary(e.span.start)
                            && text.is_char_boundary(e.span.end)
                    })
            })
        })
        .collect();
    let first = |d: &Diagnostic| {
        let e = &d.fix.as_ref().expect("filtered").edits[0];
        (e.span.start, e.span.end)
    };
    candidates.sort_by_key(|d| first(d));
    // The edits taken, by start: they do not overlap one another, so an edit overlaps one of
    // them only if it overlaps the last one starting at or before it, or the first after it.
    let mut taken: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut fixed: Vec<&Diagnostic> = Vec::new();
    let mut taken_fixes: HashSet<&[Edit]> = HashSet::new();
    let overlaps = |a: &Edit, b: &Edit| {
        (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
    };
    for d in candidates {
        let edits = &d.fix.as_ref().expect("filtered").edits;
        if taken_fixes.contains(edits.as_slice()) {
            fixed.push(d);
            continue;
        }
        let within = edits
            .iter()
            .enumerate()
            .any(|(i, a)| edits[i + 1..].iter().any(|b| overlaps(a, b)));
        let clashes = |a: &Edit| {
            let before = taken.range(..=a.span.start).next_back();
            let after = taken.range(a.span.start..).next();
            before.into_iter().chain(after).any(|(_, b)| overlaps(a, b))
        };
        if within || edits.iter().any(clashes) {
            continue;
        }
        for e in edits {
            taken.insert(e.span.start, e);
        }
        taken_fixes.insert(edits);
        fixed.push(d);
    }
    let taken: Vec<Edit> = taken.into_values().cloned().collect();
    (taken, fixed)
}

/// Where fixing one file stands.
#[derive(Default)]
struct Progress {
    /// Rounds applied.
    rounds: usize,
    /// Hashes of the texts the file had: a fix that brings one back loops.
    seen: HashSet<u64>,
    /// No more fixes for this file.
    frozen: bool,
    /// One code's fixes a round (after a round of several codes brought new codes).
    by_code: bool,
    /// Codes whose fixes brought new codes: not applied again.
    refused: HashSet<&'static str>,
}

/// What `--fix` did to one file.
#[derive(Debug, Default)]
pub struct FileFixes {
    /// The text before any fix (None: nothing was fixed).
    pub original: Option<String>,
    /// The text after the last applied round.
    pub fixed: Option<String>,
    /// Findings fixed, per code.
    pub applied: BTreeMap<&'static str, usize>,
    /// The edits that made `fixed` of `original`, when one round did (later rounds' edits are
    /// of the text before them).
    pub edits: Option<Vec<Edit>>,
    /// Why fixing this file stopped early: a fix that keeps re-applying, or a round that
    /// brought new codes and was undone.
    pub notes: Vec<String>,
}

impl FileFixes {
    pub fn changed(&self) -> bool {
        matches!((&self.original, &self.fixed), (Some(a), Some(b)) if a != b)
    }

    pub fn count(&self) -> usize {
        self.applied.values().sum()
    }
}

/// A whole `--fix` run: the findings that remain (as `check_inputs` gives them) and what was
/// fixed in each input.
pub struct FixRun {
    pub reports: Vec<Result<FileReport, InputError>>,
    pub files: Vec<FileFixes>,
    /// The bytes of standard input as read, when it was an input (`check --fix -` writes the
    /// fixed text, or these bytes when nothing was fixed).
    pub stdin: Option<Vec<u8>>,
    /// Secret values seen in any round, which no diff may show.
    pub masked: Vec<String>,
    /// Findings that have a fix `--unsafe-fixes` would apply (when it was not given).
    pub unsafe_available: usize,
}

/// How the files of a run are checked (as [`crate::engine::check_inputs`]).
pub struct CheckSetup<'a> {
    pub target: Option<Version>,
    pub config: &'a ConfigChoice,
    pub selection: &'a Selection,
    pub kind: Option<crate::bundle::FileKind>,
}

/// Checks `inputs`, applies their fixes and checks again, until no fix is left (or
/// [`MAX_ROUNDS`]). Nothing is written: the fixed texts are in [`FixRun::files`].
pub fn fix_inputs(inputs: &[Input], setup: &CheckSetup, unsafe_fixes: bool) -> FixRun {
    fix_inputs_as(inputs, vec![None; inputs.len()], setup, unsafe_fixes)
}

/// Fixes one text as a file named `name` would be (no `kuiperlint.toml`): what `check --fix`
/// would write is `files[0].fixed` when `files[0].changed()`.
pub fn fix_bytes(
    name: &str,
    bytes: Vec<u8>,
    target: Option<Version>,
    unsafe_fixes: bool,
) -> FixRun {
    let setup = CheckSetup {
        target,
        config: &ConfigChoice::Isolated,
        selection: &Selection::default(),
        kind: None,
    };
    fix_inputs_as(
        &[Input::File(name.into())],
        vec![Some(bytes)],
        &setup,
        unsafe_fixes,
    )
}

/// [`fix_inputs`], where `contents[i]`, when there is one, is the text of `inputs[i]`.
pub fn fix_inputs_as(
    inputs: &[Input],
    mut contents: Vec<Option<Vec<u8>>>,
    setup: &CheckSetup,
    unsafe_fixes: bool,
) -> FixRun {
    contents.resize(inputs.len(), None);
    // Standard input is read here, once: every round checks it again.
    let mut stdin = None;
    if let Some(i) = inputs.iter().position(|i| *i == Input::Stdin) {
        if contents[i].is_none() {
            if let Ok(bytes) = read_input(&Input::Stdin) {
                contents[i] = Some(bytes);
            }
        }
        stdin = contents[i].clone();
    }
    let check = |contents: &[Option<Vec<u8>>]| {
        check_inputs_as(
            inputs,
            contents,
            setup.target,
            setup.config,
            setup.selection,
            setup.kind,
        )
    };
    let mut run = fix_loop(inputs.len(), contents, check, unsafe_fixes);
    run.stdin = stdin;
    run
}

/// The rounds of fixing and checking again, with `check` checking the inputs as the given
/// contents (None: as the file holds it).
fn fix_loop(
    n: usize,
    mut contents: Vec<Option<Vec<u8>>>,
    check: impl Fn(&[Option<Vec<u8>>]) -> Vec<Result<FileReport, InputError>>,
    unsafe_fixes: bool,
) -> FixRun {
    let mut reports = check(&contents);
    let mut masked: BTreeSet<String> = BTreeSet::new();
    let mut collect_masked = |reports: &[Result<FileReport, InputError>]| {
        for r in reports.iter().flatten() {
            masked.extend(r.masked.iter().cloned());
        }
    };
    collect_masked(&reports);
    // The codes each file had before any fix, with how many of their findings were errors: a
    // round that brings another code, or more errors of one, is undone.
    let before: Vec<HashMap<&'static str, usize>> = reports
        .iter()
        .map(|r| r.as_ref().map(|r| errors_per_code(r)).unwrap_or_default())
        .collect();
    let mut files: Vec<FileFixes> = (0..n).map(|_| FileFixes::default()).collect();
    let mut state: Vec<Progress> = (0..n).map(|_| Progress::default()).collect();
    // Every round either applies fixes (at most MAX_ROUNDS per file), or refuses a code of a
    // file, or splits a file's fixes by code: the loop ends.
    loop {
        // One round: the fixes of every file that still takes them.
        let mut round: Vec<(usize, String, Vec<&'static str>, Vec<Edit>)> = Vec::new();
        for (i, r) in reports.iter().enumerate() {
            let Ok(r) = r else { continue };
            let st = &mut state[i];
            if st.frozen {
                continue;
            }
            let allowed: Vec<Diagnostic> = {
                let fixable = r.diagnostics.iter().filter(|d| {
                    d.fix.is_some()
                        && !st.refused.contains(d.code)
                        && (unsafe_fixes
                            || d.fix
                                .as_ref()
                                .is_some_and(|f| f.applicability == Applicability::Safe))
                });
                // After a round that brought new codes, one code's fixes a round.
                let first = fixable.clone().map(|d| d.code).min();
                fixable
                    .filter(|d| !st.by_code || Some(d.code) == first)
                    .cloned()
                    .collect()
            };
            let (edits, fixed) = select(&r.source.text, &allowed, unsafe_fixes);
            if edits.is_empty() {
                continue;
            }
            let codes: Vec<&'static str> = fixed.iter().map(|d| d.code).collect();
            let text = apply(&r.source.text, &edits);
            if text == r.source.text {
                continue;
            }
            st.seen.insert(hash(&r.source.text));
            if st.rounds == MAX_ROUNDS || !st.seen.insert(hash(&text)) {
                // The fixes keep changing the file (back to a text it had, or round after
                // round): stop here, with the findings as they are.
                let codes: BTreeSet<&str> = codes.into_iter().collect();
                files[i].notes.push(format!(
                    "the fixes of {} keep re-applying; stopped after {} round{}",
                    codes.into_iter().collect::<Vec<_>>().join(", "),
                    st.rounds,
                    if st.rounds == 1 { "" } else { "s" }
                ));
                st.frozen = true;
                continue;
            }
            round.push((i, text, codes, edits));
        }
        if round.is_empty() {
            break;
        }
        let previous: Vec<Option<Vec<u8>>> = contents.clone();
        for (i, text, _, _) in &round {
            if files[*i].original.is_none() {
                files[*i].original = reports[*i].as_ref().ok().map(|r| r.source.text.clone());
            }
            contents[*i] = Some(text.clone().into_bytes());
        }
        let next = check(&contents);
        collect_masked(&next);
        // Undo, file by file, a round that brought a code the file did not have.
        let mut undone = false;
        for (i, _, codes, edits) in &round {
            let new: BTreeSet<&str> = match &next[*i] {
                Ok(r) => errors_per_code(r)
                    .into_iter()
                    .filter(|(c, errors)| before[*i].get(c).is_none_or(|b| errors > b))
                    .map(|(c, _)| c)
                    .collect(),
                Err(_) => BTreeSet::new(),
            };
            let st = &mut state[*i];
            if new.is_empty() {
                st.rounds += 1;
                for c in codes {
                    *files[*i].applied.entry(c).or_default() += 1;
                }
                // The edits of the original, while they are those of one round.
                files[*i].edits = (st.rounds == 1).then(|| edits.clone());
                files[*i].fixed = contents[*i]
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned());
                continue;
            }
            contents[*i] = previous[*i].clone();
            undone = true;
            let fixes: BTreeSet<&'static str> = codes.iter().copied().collect();
            if !st.by_code && fixes.len() > 1 {
                // Find out which code's fixes do it: one code a round from now on.
                st.by_code = true;
                continue;
            }
            files[*i].notes.push(format!(
                "fixing {} would bring new findings of {}: those fixes were not applied",
                fixes.iter().copied().collect::<Vec<_>>().join(", "),
                new.into_iter().collect::<Vec<_>>().join(", ")
            ));
            st.refused.extend(fixes);
        }
        reports = if undone { check(&contents) } else { next };
    }
    let unsafe_available = if unsafe_fixes {
        0
    } else {
        reports
            .iter()
            .flatten()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Unsafe)
            })
            .count()
    };
    FixRun {
        reports,
        files,
        stdin: None,
        masked: masked.into_iter().collect(),
        unsafe_available,
    }
}

/// Every code of a report, with how many of its findings are errors.
fn errors_per_code(r: &FileReport) -> HashMap<&'static str, usize> {
    let mut per_code = HashMap::new();
    for d in &r.diagnostics {
        *per_code.entry(d.code).or_default() +=
            usize::from(d.severity == crate::diagnostic::Severity::Error);
    }
    per_code
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The unified diff of what `--fix` changed in a file (`--diff`), with `masked` values hidden.
pub fn diff(name: &str, file: &FileFixes, masked: &[String]) -> String {
    let (Some(original), Some(fixed)) = (&file.original, &file.fixed) else {
        return String::new();
    };
    // From the edits when they are known (no diff algorithm over the whole file), else from
    // the two texts, line by line.
    let edits = match &file.edits {
        Some(edits) => whole_lines(original, edits),
        None => crate::source::edit::line_edits(original, fixed),
    };
    let text = crate::migrate::output::unified_diff(name, name, original, &edits);
    if masked.is_empty() {
        text
    } else {
        crate::analysis::secrets::mask(&text, masked)
    }
}

/// `edits` (sorted, not overlapping) as edits of whole lines, one per run of touching lines:
/// a diff then shows each run of changed lines as one block of removed and added lines.
fn whole_lines(text: &str, edits: &[Edit]) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let line_start = |at: usize| {
        bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let line_end = |at: usize| {
        bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| at + i + 1)
    };
    let mut out: Vec<(Span, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let start = line_start(e.span.start);
        // The line of the last byte replaced (of the insertion point, for an insertion).
        let last = if e.span.is_empty() {
            e.span.start
        } else {
            e.span.end - 1
        };
        let end = line_end(last);
        match out.last_mut() {
            Some((span, group)) if start <= span.end => {
                span.end = span.end.max(end);
                group.push(e);
            }
            _ => out.push((Span::new(start, end), vec![e])),
        }
    }
    out.into_iter()
        .map(|(span, group)| {
            let mut new = String::new();
            let mut at = span.start;
            for e in group {
                new.push_str(&text[at..e.span.start]);
                new.push_str(&e.text);
                at = e.span.end;
            }
            new.push_str(&text[at..span.end]);
            Edit { span, text: new }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::span::Span;

    fn d(
        code: &'static str,
        edits: &[(usize, usize, &str)],
        applicability: Applicability,
    ) -> Diagnostic {
        crate::lints::find(code)
            .unwrap()
            .at(Span::new(0, 0), "x")
            .with_fix_of(
                applicability,
                "fix",
                edits
                    .iter()
                    .map(|&(s, e, t)| Edit {
                        span: Span::new(s, e),
                        text: t.into(),
                    })
                    .collect(),
            )
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let text = "abcdef";
        let ds = vec![
            d("B003", &[(2, 4, "X")], Applicability::Safe),
            d("B002", &[(0, 3, "Y")], Applicability::Safe),
            d("B013", &[(4, 4, "Z")], Applicability::Safe),
            d("B008", &[(5, 6, "")], Applicability::Unsafe),
        ];
        let (edits, fixed) = select(text, &ds, false);
        assert_eq!(apply(text, &edits), "YdZef");
        assert_eq!(
            fixed.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["B002", "B013"]
        );
        let (edits, _) = select(text, &ds, true);
        assert_eq!(apply(text, &edits), "YdZe");
    }

    #[test]
    fn one_fix_of_two_findings_is_applied_once() {
        let ds = vec![
            d("B003", &[(1, 2, "")], Applicability::Safe),
            d("B003", &[(1, 2, "")], Applicability::Safe),
        ];
        let (edits, fixed) = select("a,]", &ds, false);
        assert_eq!(edits.len(), 1);
        assert_eq!(fixed.len(), 2);
    }

    /// A check that finds, in the text of the one input, what `findings` says: each finding a
    /// code and a fix replacing a range by a text.
    fn fake_check(
        findings: impl Fn(&str) -> Vec<(&'static str, usize, usize, String)>,
    ) -> impl Fn(&[Option<Vec<u8>>]) -> Vec<Result<FileReport, InputError>> {
        move |contents| {
            let text = String::from_utf8(contents[0].clone().unwrap()).unwrap();
            let diagnostics = findings(&text)
                .into_iter()
                .map(|(code, s, e, t)| d(code, &[(s, e, t.as_str())], Applicability::Safe))
                .collect();
            vec![Ok(FileReport {
                source: crate::bundle::SourceFile::new(String::from("f.json"), text),
                kind: crate::bundle::FileKind::Bundle,
                definitions: Default::default(),
                diagnostics,
                masked: Vec::new(),
                fail_on: crate::diagnostic::Severity::Error,
            })]
        }
    }

    fn run(
        text: &str,
        check: impl Fn(&[Option<Vec<u8>>]) -> Vec<Result<FileReport, InputError>>,
    ) -> FileFixes {
        let mut run = fix_loop(1, vec![Some(text.as_bytes().to_vec())], check, false);
        run.files.remove(0)
    }

    #[test]
    fn a_fix_that_brings_a_text_back_is_reported() {
        // A → B → A → ...
        let file = run(
            "A",
            fake_check(|t| {
                let to = if t == "A" { "B" } else { "A" };
                vec![("B003", 0, 1, to.into())]
            }),
        );
        assert_eq!(file.fixed.as_deref(), Some("B"));
        assert_eq!(file.count(), 1);
        assert_eq!(
            file.notes,
            ["the fixes of B003 keep re-applying; stopped after 1 round"]
        );
    }

    #[test]
    fn a_fix_that_never_ends_stops_after_the_last_round() {
        let file = run(
            "x",
            fake_check(|t| vec![("B003", t.len(), t.len(), "x".into())]),
        );
        assert_eq!(
            file.fixed.as_deref(),
            Some("x".repeat(1 + MAX_ROUNDS).as_str())
        );
        assert_eq!(
            file.notes,
            ["the fixes of B003 keep re-applying; stopped after 10 rounds"]
        );
    }

    #[test]
    fn a_fix_that_brings_a_new_code_is_undone_and_only_its_code_refused() {
        // B003 turns `A` into `a`, B002 `B` into `b`; a `b` is a new finding, S001.
        let file = run(
            "AB",
            fake_check(|t| {
                let mut f = Vec::new();
                if t.starts_with('A') {
                    f.push(("B003", 0, 1, "a".to_string()));
                }
                if t.ends_with('B') {
                    f.push(("B002", 1, 2, "b".to_string()));
                }
                if t.contains('b') {
                    f.push(("S001", 1, 2, "B".to_string()));
                }
                f
            }),
        );
        assert_eq!(file.fixed.as_deref(), Some("aB"));
        assert_eq!(file.applied.keys().copied().collect::<Vec<_>>(), ["B003"]);
        assert_eq!(
            file.notes,
            ["fixing B002 would bring new findings of S001: those fixes were not applied"]
        );
    }

    #[test]
    fn fixes_off_character_boundaries_are_not_applied() {
        let ds = vec![d("B003", &[(1, 2, "")], Applicability::Safe)];
        assert!(select("é", &ds, false).0.is_empty());
    }
}
