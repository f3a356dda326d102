//! The summary of a batch: files changed / unchanged / failed, and changes and warnings per
//! migration code. One [`Summary`] per file is computed where the file is migrated (on a worker
//! thread) and they are [merged](Summary::merge) in input order, so the totals do not depend on
//! the number of threads.

use super::{Action, Migrated, MIGRATIONS};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files whose output differs from the input.
    pub changed: usize,
    /// Files migrated with nothing to change (warnings do not count).
    pub unchanged: usize,
    /// Inputs that could not be read, migrated or written.
    pub failed: usize,
    /// Files of a directory that are not bundles (rule files, `etc/` configs), left alone.
    pub skipped: usize,
    /// (applied, warned) per migration, in [`MIGRATIONS`] order.
    per_migration: Vec<(usize, usize)>,
}

impl Summary {
    /// The summary of one migrated file.
    pub fn of(outcome: &Migrated) -> Self {
        let mut s = Summary {
            changed: usize::from(outcome.changed()),
            unchanged: usize::from(!outcome.changed()),
            ..Summary::default()
        };
        for c in &outcome.changes {
            let Some(i) = MIGRATIONS.iter().position(|m| m.code == c.migration.code) else {
                continue;
            };
            s.grow();
            match c.action {
                Action::Applied => s.per_migration[i].0 += 1,
                Action::Warned => s.per_migration[i].1 += 1,
            }
        }
        s
    }

    /// The summary of a file of a directory that is not a bundle.
    pub fn skip() -> Self {
        Summary {
            skipped: 1,
            ..Summary::default()
        }
    }

    /// The summary of one input that failed.
    pub fn failure() -> Self {
        Summary {
            failed: 1,
            ..Summary::default()
        }
    }

    fn grow(&mut self) {
        self.per_migration.resize(MIGRATIONS.len(), (0, 0));
    }

    pub fn merge(&mut self, other: &Summary) {
        self.changed += other.changed;
        self.unchanged += other.unchanged;
        self.failed += other.failed;
        self.skipped += other.skipped;
        if !other.per_migration.is_empty() {
            self.grow();
            for (a, b) in self.per_migration.iter_mut().zip(&other.per_migration) {
                a.0 += b.0;
                a.1 += b.1;
            }
        }
    }

    pub fn files(&self) -> usize {
        self.changed + self.unchanged + self.failed + self.skipped
    }

    /// (code, name, applied, warned) of every migration that did something, in code order.
    pub fn rows(&self) -> Vec<(&'static str, &'static str, usize, usize)> {
        self.per_migration
            .iter()
            .zip(MIGRATIONS)
            .filter(|((a, w), _)| a + w > 0)
            .map(|(&(a, w), m)| (m.code, m.name, a, w))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::{migrate_text, MigrateOptions};

    fn outcome(text: &str, from: &str) -> Migrated {
        let options = MigrateOptions {
            from: Some(from.parse().unwrap()),
            to: "2.4".parse().unwrap(),
            output_format: None,
        };
        migrate_text("b.json", text.to_string(), &options).unwrap()
    }

    #[test]
    fn counts_per_code_add_up_across_files() {
        let old = r#"{"streams": {}, "rules": {"r": "{\"id\":\"x\",\"sql\":\"SELECT * FROM s\",\"actions\":[{\"log\":{}}]}"}}"#;
        let a = outcome(old, "1.14");
        let b = outcome(&a.output, "2.4");
        let mut total = Summary::default();
        for s in [Summary::of(&a), Summary::of(&b), Summary::failure()] {
            total.merge(&s);
        }
        assert_eq!((total.changed, total.unchanged, total.failed), (1, 1, 1));
        let applied: usize = total.rows().iter().map(|r| r.2).sum();
        assert_eq!(applied, a.applied());
        assert!(total.rows().iter().any(|r| r.0 == "M012" && r.2 == 1));
        // Merging in another order gives the same totals.
        let mut other = Summary::failure();
        other.merge(&Summary::of(&b));
        other.merge(&Summary::of(&a));
        assert_eq!(other, total);
    }

    #[test]
    fn renders_a_table_only_when_something_happened() {
        let mut s = Summary::default();
        s.merge(&Summary::failure());
        assert_eq!(
            crate::report::migrate::summary(&s, "changed"),
            "1 file: 0 changed, 0 unchanged, 1 failed\n"
        );
        let old = r#"{"rules": {"r": "{\"id\":\"x\",\"sql\":\"SELECT * FROM s\",\"actions\":[{\"log\":{}}]}"}}"#;
        s.merge(&Summary::of(&outcome(old, "1.14")));
        let text = crate::report::migrate::summary(&s, "would change");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2 files: 1 would change, 0 unchanged, 1 failed");
        assert!(lines[1].starts_with("code  migration"), "{text}");
        assert!(lines.last().unwrap().starts_with("total "), "{text}");
        // Columns line up: every row is as wide as the header.
        assert!(
            lines[1..].iter().all(|l| l.len() == lines[1].len()),
            "{text}"
        );
    }
}
