//! Writing results: a unified diff computed from the edits, and atomic file replacement.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::source::edit::Edit;

/// Lines of context around each change, as `diff -u`.
const CONTEXT: usize = 3;

/// Start offsets of every line (`\n`-terminated; the last may lack it).
fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if v.len() > 1 && *v.last().expect("not empty") == text.len() {
        v.pop();
    }
    v
}

fn lines(text: &str) -> Vec<&str> {
    let starts = line_starts(text);
    if text.is_empty() {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| &text[s..starts.get(i + 1).copied().unwrap_or(text.len())])
        .collect()
}

/// The unified diff of `old` → `new` where `new` is `old` with the sorted, non-overlapping
/// `edits` applied. The changed lines are known from the edits, so no diff algorithm is needed:
/// each run of edits on touching lines becomes one block of removed and added lines.
pub fn unified_diff(old_name: &str, new_name: &str, old: &str, edits: &[Edit]) -> String {
    if edits.is_empty() {
        return String::new();
    }
    let old_lines = lines(old);
    let starts = line_starts(old);
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    // Blocks: (first old line, last old line (inclusive), new text of those lines).
    let mut blocks: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let first = line_of(e.span.start);
        let last = line_of(e.span.end.saturating_sub(1).max(e.span.start));
        match blocks.last_mut() {
            Some((_, l, es)) if first <= *l => {
                *l = (*l).max(last);
                es.push(e);
            }
            _ => blocks.push((first, last, vec![e])),
        }
    }
    // Each block as (old range, new lines).
    struct Block {
        first: usize,
        last: usize,
        new_lines: Vec<String>,
    }
    let blocks: Vec<Block> = blocks
        .into_iter()
        .map(|(first, last, es)| {
            let start = starts[first];
            let end = starts.get(last + 1).copied().unwrap_or(old.len());
            let mut text = old[start..end].to_string();
            for e in es.iter().rev() {
                text.replace_range(e.span.start - start..e.span.end - start, &e.text);
            }
            Block {
                first,
                last,
                new_lines: lines(&text).into_iter().map(str::to_string).collect(),
            }
        })
        .collect();
    // Group blocks into hunks when their contexts touch.
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let mut delta: isize = 0; // new line number - old line number, before the current hunk
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i;
        while j + 1 < blocks.len() && blocks[j + 1].first <= blocks[j].last + 1 + 2 * CONTEXT {
            j += 1;
        }
        let h_start = blocks[i].first.saturating_sub(CONTEXT);
        let h_end = (blocks[j].last + 1 + CONTEXT).min(old_lines.len()); // exclusive
        let mut body = String::new();
        let mut old_count = 0;
        let mut new_count = 0;
        let mut at = h_start;
        let mut hunk_delta = 0isize;
        for b in &blocks[i..=j] {
            for l in &old_lines[at..b.first] {
                push_line(&mut body, ' ', l);
                old_count += 1;
                new_count += 1;
            }
            for l in &old_lines[b.first..=b.last] {
                push_line(&mut body, '-', l);
                old_count += 1;
            }
            for l in &b.new_lines {
                push_line(&mut body, '+', l);
                new_count += 1;
            }
            hunk_delta += b.new_lines.len() as isize - (b.last + 1 - b.first) as isize;
            at = b.last + 1;
        }
        for l in &old_lines[at..h_end] {
            push_line(&mut body, ' ', l);
            old_count += 1;
            new_count += 1;
        }
        let new_start = (h_start as isize + delta) as usize;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(h_start, old_count),
            range(new_start, new_count)
        ));
        out.push_str(&body);
        delta += hunk_delta;
        i = j + 1;
    }
    out
}

fn range(start0: usize, count: usize) -> String {
    // `diff -u` numbers an empty range by the line before it.
    let start = if count == 0 { start0 } else { start0 + 1 };
    if count == 1 {
        start.to_string()
    } else {
        format!("{start},{count}")
    }
}

fn push_line(out: &mut String, tag: char, line: &str) {
    out.push(tag);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces (or creates) `path` with `bytes` atomically: the bytes go to a new temporary file in
/// the same folder, which is flushed to disk and renamed over `path`. Readers see the old file or
/// the new one, never a half-written one; the permissions of an existing file are kept; on any
/// error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, true)
}

/// [`write_atomic`], with the flushes to disk (`fsync` of the file and of its folder) only when
/// `durable`. Without them the file is still never seen half-written, but a crash soon after may
/// lose it: fine for a new file made from an input that is still there (`-o` into a fresh
/// folder), not for replacing the only copy (`--in-place`). An `fsync` costs about as much as
/// migrating a bundle, and a batch of small files is bound by them.
pub fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    write_atomic_via(path, bytes, durable, &mut Disk)
}

/// The steps of an atomic write, each of which can fail: [`Disk`] does them on the file system.
/// Another implementation can make one of them fail (a disk that fills up half-way through the
/// write, a rename the file system refuses) to show that [`write_atomic_via`] then leaves the
/// original as it was and no temporary file behind.
pub trait WriteSteps {
    fn create(&mut self, tmp: &Path) -> io::Result<fs::File> {
        OpenOptions::new().write(true).create_new(true).open(tmp)
    }
    fn write(&mut self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }
    fn set_permissions(&mut self, file: &fs::File, permissions: fs::Permissions) -> io::Result<()> {
        file.set_permissions(permissions)
    }
    fn sync(&mut self, file: &fs::File) -> io::Result<()> {
        file.sync_all()
    }
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The file system itself.
pub struct Disk;

impl WriteSteps for Disk {}

/// [`write_atomic_with`], doing each step through `steps`.
pub fn write_atomic_via(
    path: &Path,
    bytes: &[u8],
    durable: bool,
    steps: &mut dyn WriteSteps,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let tmp = dir.join(format!(
        ".{}.kuiperlint-{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut file = steps.create(&tmp)?;
    let result = (|| {
        steps.write(&mut file, bytes)?;
        if let Some(p) = &permissions {
            steps.set_permissions(&file, p.clone())?;
        }
        if durable {
            steps.sync(&file)?;
        }
        drop(file);
        steps.rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it (best effort).
        if durable {
            if let Ok(d) = fs::File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::span::Span;

    fn edit(text: &str, find: &str, by: &str) -> Edit {
        let at = text.find(find).unwrap();
        Edit {
            span: Span::new(at, at + find.len()),
            text: by.to_string(),
        }
    }

    #[test]
    fn diff_of_one_line() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let d = unified_diff("x", "y", old, &[edit(old, "e", "E")]);
        assert_eq!(
            d,
            "--- x\n+++ y\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn diff_with_added_lines_and_two_hunks() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let e1 = edit(&old, "l2\n", "l2\nnew\n");
        let e2 = edit(&old, "l18", "L18");
        let d = unified_diff("x", "y", &old, &[e1, e2]);
        assert!(
            d.contains("@@ -1,5 +1,6 @@\n l1\n-l2\n+l2\n+new\n l3\n"),
            "{d}"
        );
        assert!(d.contains("@@ -15,6 +16,6 @@\n"), "{d}");
    }

    #[test]
    fn no_newline_at_end() {
        let old = "{\"a\": 1}";
        let d = unified_diff("x", "y", old, &[edit(old, "1", "2")]);
        assert!(d.ends_with("-{\"a\": 1}\n\\ No newline at end of file\n+{\"a\": 2}\n\\ No newline at end of file\n"), "{d}");
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn failed_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file over a non-empty directory fails after the temporary file is written.
        let target = dir.path().join("b.json");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("b.json")]);
        assert_eq!(fs::read_to_string(target.join("inside")).unwrap(), "x");
    }
}
