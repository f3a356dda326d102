//! Nothing is lost when `migrate` cannot write: a failure at any step of writing a file leaves
//! the original byte-identical (and its permissions), no temporary file behind, and — through
//! the command — exit code 2 with a message that names the file, the reason and that the
//! original is unchanged.
//!
//! In-process, each step of the atomic write (create, write, permissions, fsync, rename) is made
//! to fail through [`WriteSteps`]; the write fails half-way, as on a disk that fills up. Through
//! the binary, the failures are real: a file-size limit (`ulimit -f`: the write fails with
//! EFBIG), a rename over a folder, a file name too long for a temporary name, a read-only folder
//! (not for root, who writes there anyway) and an output folder that cannot be created.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use kuiperlint::migrate::output::{write_atomic_via, Disk, WriteSteps};

const EVERYTHING: &str = "fixtures/migrate/v1.10-everything.json";
const EVERYTHING_2_4: &str = "fixtures/migrate/v1.10-everything.2.4.json";

/// The step of an atomic write that fails.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Create,
    Write,
    Permissions,
    Sync,
    Rename,
}

/// The real file system, except that the step `fail` returns an error (a write first writes
/// half of the bytes, as a disk does when it fills up). Records the steps taken.
struct FailAt {
    fail: Option<Step>,
    taken: Vec<Step>,
}

impl FailAt {
    fn step(&mut self, step: Step) -> io::Result<()> {
        self.taken.push(step);
        if Some(step) == self.fail {
            let kind = match step {
                Step::Write => io::ErrorKind::StorageFull,
                Step::Permissions => io::ErrorKind::PermissionDenied,
                _ => io::ErrorKind::Other,
            };
            return Err(io::Error::new(
                kind,
                format!("injected failure at {step:?}"),
            ));
        }
        Ok(())
    }
}

impl WriteSteps for FailAt {
    fn create(&mut self, tmp: &Path) -> io::Result<fs::File> {
        self.step(Step::Create)?;
        Disk.create(tmp)
    }
    fn write(&mut self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        if self.fail == Some(Step::Write) {
            Disk.write(file, &bytes[..bytes.len() / 2])?;
        }
        self.step(Step::Write)?;
        Disk.write(file, bytes)
    }
    fn set_permissions(&mut self, file: &fs::File, p: fs::Permissions) -> io::Result<()> {
        self.step(Step::Permissions)?;
        Disk.set_permissions(file, p)
    }
    fn sync(&mut self, file: &fs::File) -> io::Result<()> {
        self.step(Step::Sync)?;
        Disk.sync(file)
    }
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.step(Step::Rename)?;
        Disk.rename(from, to)
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A failure at each step of replacing a file, durable or not: the error comes back, the
/// original is byte-identical with its permissions, and the folder holds nothing else.
#[test]
fn a_failure_at_any_step_leaves_the_original() {
    let original = fs::read(EVERYTHING).unwrap();
    let migrated = fs::read(EVERYTHING_2_4).unwrap();
    for durable in [true, false] {
        for fail in [
            Step::Create,
            Step::Write,
            Step::Permissions,
            Step::Sync,
            Step::Rename,
        ] {
            if fail == Step::Sync && !durable {
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("b.json");
            fs::write(&path, &original).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
            }
            let mut steps = FailAt {
                fail: Some(fail),
                taken: Vec::new(),
            };
            let err = write_atomic_via(&path, &migrated, durable, &mut steps).unwrap_err();
            assert_eq!(err.to_string(), format!("injected failure at {fail:?}"));
            assert_eq!(
                steps.taken.last(),
                Some(&fail),
                "{fail:?}: stopped at the failure"
            );
            assert_eq!(
                fs::read(&path).unwrap(),
                original,
                "{fail:?} durable={durable}"
            );
            #[cfg(unix)]
            assert_eq!(mode(&path), 0o640);
            assert_eq!(
                names_in(dir.path()),
                ["b.json"],
                "{fail:?}: a temporary file is left"
            );
        }
    }
}

/// Without a failure every step is taken, in order (the sync only when durable), and the file is
/// replaced with its permissions kept.
#[test]
fn the_steps_of_a_write() {
    for (durable, expected) in [
        (
            true,
            vec![
                Step::Create,
                Step::Write,
                Step::Permissions,
                Step::Sync,
                Step::Rename,
            ],
        ),
        (
            false,
            vec![Step::Create, Step::Write, Step::Permissions, Step::Rename],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let mut steps = FailAt {
            fail: None,
            taken: Vec::new(),
        };
        write_atomic_via(&path, b"new", durable, &mut steps).unwrap();
        assert_eq!(steps.taken, expected);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        assert_eq!(names_in(dir.path()), ["b.json"]);
    }
}

fn kuiperlint() -> Command {
    Command::cargo_bin("kuiperlint").unwrap()
}

/// Runs `sh -c SCRIPT` with the binary as `$0` and `args` after it, in `dir`.
fn sh(script: &str, args: &[&str], dir: &Path) -> Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("kuiperlint"))
        .args(args)
        .current_dir(dir);
    Command::from_std(cmd)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn copy_to(dir: &Path, name: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    fs::copy(EVERYTHING, &p).unwrap();
    p
}

#[track_caller]
fn assert_failed(out: &Output, message: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(message), "no `{message}` in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[track_caller]
fn assert_no_temporary_file(dir: &Path) {
    let names = names_in(dir);
    assert!(
        names.iter().all(|n| !n.contains(".kuiperlint-")),
        "temporary file left in {}: {names:?}",
        dir.display()
    );
}

/// The disk is full, for real: a file-size limit makes the write of the temporary file fail
/// half-way (EFBIG; the signal that would kill the process is ignored, as `ulimit` users do).
/// Exit 2, the reason, the original unchanged, nothing left; and the other file of the batch
/// (small enough) is still written.
#[cfg(unix)]
#[test]
fn in_place_write_fails_on_a_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    let big = copy_to(dir.path(), "b.json");
    let small = dir.path().join("small.json");
    fs::write(&small, r#"{"streams": {}, "tables": {}, "rules": {}}"#).unwrap();
    let out = sh(
        r#"trap "" XFSZ; ulimit -f 2 && exec "$0" "$@""#,
        &[
            "migrate",
            "--from",
            "1.10",
            "--to",
            "2.4",
            "--in-place",
            "b.json",
            "small.json",
        ],
        dir.path(),
    );
    assert_failed(
        &out,
        "kuiperlint: b.json: cannot write b.json: File too large (os error 27); the original is unchanged",
    );
    assert_eq!(fs::read(&big).unwrap(), fs::read(EVERYTHING).unwrap());
    assert!(fs::read_to_string(&small).unwrap().contains("\"uploads\""));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2 files: 1 changed, 0 unchanged, 1 failed")
    );
    assert_no_temporary_file(dir.path());
}

/// The rename fails, for real: under `-o` the output path is a folder that is not empty.
#[test]
fn output_rename_fails_over_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_to(dir.path(), "b.json");
    let out_dir = dir.path().join("out");
    fs::create_dir_all(out_dir.join("b.json")).unwrap();
    fs::write(out_dir.join("b.json/keep"), "x").unwrap();
    let out = kuiperlint()
        .args([
            "migrate", "--from", "1.10", "--to", "2.4", "-o", "out", "b.json",
        ])
        .current_dir(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_failed(&out, "kuiperlint: b.json: cannot write out/b.json: ");
    assert_failed(&out, "; the original is unchanged");
    assert_eq!(fs::read(&input).unwrap(), fs::read(EVERYTHING).unwrap());
    assert_eq!(
        fs::read_to_string(out_dir.join("b.json/keep")).unwrap(),
        "x"
    );
    assert_no_temporary_file(&out_dir);
}

/// The temporary file cannot be created: its name (the file's name and a suffix) is too long
/// for the file system, or the folder is read-only (not for root, who may write anyway).
#[test]
fn in_place_create_fails() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{}.json", "x".repeat(240));
    let mut cases = vec![copy_to(dir.path(), &long)];
    let ro = dir.path().join("ro");
    let p = copy_to(&ro, "b.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(ro.join("probe"), "").is_err() {
            cases.push(p.clone());
        }
    }
    for path in &cases {
        let out = kuiperlint()
            .args(["migrate", "--from", "1.10", "--to", "2.4", "--in-place"])
            .arg(path)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_failed(&out, "; the original is unchanged");
        assert_failed(&out, &format!("cannot write {}: ", path.display()));
        assert_eq!(fs::read(path).unwrap(), fs::read(EVERYTHING).unwrap());
        assert_no_temporary_file(path.parent().unwrap());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The output folder cannot be created (a file stands where it should be): exit 2, nothing
/// written, the input unchanged.
#[test]
fn output_folder_cannot_be_created() {
    let dir = tempfile::tempdir().unwrap();
    let input = copy_to(dir.path(), "b.json");
    fs::write(dir.path().join("out"), "a file").unwrap();
    let out = kuiperlint()
        .args([
            "migrate", "--from", "1.10", "--to", "2.4", "-o", "out/sub", "b.json",
        ])
        .current_dir(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_failed(&out, "kuiperlint: b.json: cannot write out/sub/b.json: ");
    assert_eq!(fs::read(&input).unwrap(), fs::read(EVERYTHING).unwrap());
    assert_eq!(
        fs::read_to_string(dir.path().join("out")).unwrap(),
        "a file"
    );
    assert_no_temporary_file(dir.path());
}
