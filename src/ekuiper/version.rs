//! eKuiper versions: one type, [`Version`], a release with its patch level (some changes came in a
//! patch release: `sendError`'s default and config durations in 2.0.1), and [`VersionRange`], a
//! set of consecutive releases (`2.4` on the command line is every 2.4.x).

use std::fmt;
use std::str::FromStr;

/// One eKuiper release, `major.minor.patch`. Ordered by release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u16,
    pub minor: u16,
    pub patch: u16,
}

/// Patch number standing for "the last patch release of the line".
const ANY_PATCH: u16 = u16::MAX;

impl Version {
    /// The first release of a line, `major.minor.0`.
    pub const fn new(major: u16, minor: u16) -> Self {
        Version::release(major, minor, 0)
    }

    pub const fn release(major: u16, minor: u16, patch: u16) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The release lines whose bundle format we describe: the data bundle first appears in 1.8.
    pub const KNOWN: &'static [Version] = &[
        Version::new(1, 8),
        Version::new(1, 9),
        Version::new(1, 10),
        Version::new(1, 11),
        Version::new(1, 12),
        Version::new(1, 13),
        Version::new(1, 14),
        Version::new(2, 0),
        Version::new(2, 1),
        Version::new(2, 2),
        Version::new(2, 3),
        Version::new(2, 4),
    ];

    /// The default target: the newest release (v2.4.0), not eKuiper's unreleased main.
    pub const NEWEST: Version = Version::release(2, 4, 0);

    pub fn newest() -> Version {
        Version::NEWEST
    }

    /// The release line, `major.minor`, for messages.
    pub fn line(self) -> Line {
        Line(self)
    }

    pub fn known_list() -> String {
        Version::KNOWN
            .iter()
            .map(|v| v.line().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A version shown as its release line (`2.4`).
#[derive(Clone, Copy, Debug)]
pub struct Line(Version);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0.major, self.0.minor)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == ANY_PATCH {
            write!(f, "{}.{}.x", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

impl FromStr for Version {
    type Err = String;

    /// Accepts `2.4` (its first release), `v2.4`, `2.4.1` and `1.12.8-plus.4` style tags, of a
    /// known release line.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches(['v', 'V']);
        let mut parts = t.split(['.', '-', '+']);
        let number = |p: Option<&str>| p.and_then(|p| p.parse::<u16>().ok());
        let (Some(major), Some(minor)) = (number(parts.next()), number(parts.next())) else {
            return Err(format!(
                "`{s}` is not a version: expected MAJOR.MINOR such as 2.4"
            ));
        };
        let line = Version::new(major, minor);
        if !Version::KNOWN.contains(&line) {
            return Err(format!(
                "eKuiper {} is not a version kuiperlint knows the bundle format of (known: {})",
                line.line(),
                Version::known_list()
            ));
        }
        match parts.next() {
            None => Ok(line),
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|&p| p != ANY_PATCH)
                .map(|patch| Version::release(major, minor, patch))
                .ok_or_else(|| format!("`{s}`: `{p}` is not a patch number")),
        }
    }
}

/// A set of consecutive releases: `2.0` on the command line means every 2.0.x release, `2.0.1`
/// exactly that one; a guessed source version can span several lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionRange {
    pub lo: Version,
    pub hi: Version,
}

impl VersionRange {
    /// Every release of the line of `v`.
    pub fn line(v: Version) -> Self {
        VersionRange {
            lo: Version::release(v.major, v.minor, 0),
            hi: Version::release(v.major, v.minor, ANY_PATCH),
        }
    }

    /// Every release we know of.
    pub fn all() -> Self {
        VersionRange {
            lo: Version::KNOWN[0],
            hi: VersionRange::line(Version::newest()).hi,
        }
    }

    /// Every release from `lo` on.
    pub fn since(lo: Version) -> Self {
        VersionRange {
            lo,
            hi: VersionRange::all().hi,
        }
    }

    pub fn intersect(&self, other: &VersionRange) -> Option<VersionRange> {
        let r = VersionRange {
            lo: self.lo.max(other.lo),
            hi: self.hi.min(other.hi),
        };
        (r.lo <= r.hi).then_some(r)
    }

    /// Whether every release of the range is at least `r`.
    pub fn all_at_least(&self, r: Version) -> bool {
        self.lo >= r
    }

    /// Whether every release of the range is older than `r`.
    pub fn all_before(&self, r: Version) -> bool {
        self.hi < r
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let same_line = self.lo.major == self.hi.major && self.lo.minor == self.hi.minor;
        if self.lo == self.hi {
            write!(f, "{}", self.lo)
        } else if same_line && self.lo.patch == 0 && self.hi.patch == ANY_PATCH {
            write!(f, "{}", self.lo.line())
        } else {
            write!(f, "{} … {}", self.lo, self.hi)
        }
    }
}

impl FromStr for VersionRange {
    type Err = String;

    /// `2.4` (the line), `v2.0.1` (one release), `1.12.8-plus.4` (one release).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let v: Version = s.parse()?;
        let t = s.trim().trim_start_matches(['v', 'V']);
        Ok(if t.split(['.', '-', '+']).nth(2).is_some() {
            VersionRange { lo: v, hi: v }
        } else {
            VersionRange::line(v)
        })
    }
}

/// Whether going from `from` to `to` crosses release `at` (the first release with the new
/// behaviour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crossing {
    /// Certainly: every source release is older, every target release has it.
    Yes,
    /// Perhaps: the ranges straddle `at` (a guessed source version, `--to 2.0` for a 2.0.1
    /// change, ...). Auto migrations warn instead of rewriting.
    Maybe,
    /// Certainly not.
    No,
}

pub fn crossing(from: VersionRange, to: VersionRange, at: Version) -> Crossing {
    if to.all_before(at) || from.all_at_least(at) {
        Crossing::No
    } else if from.all_before(at) && to.all_at_least(at) {
        Crossing::Yes
    } else {
        Crossing::Maybe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_and_releases() {
        assert_eq!("2.4".parse(), Ok(Version::new(2, 4)));
        assert_eq!("v1.14.0".parse(), Ok(Version::new(1, 14)));
        assert_eq!("1.12.8-plus.4".parse(), Ok(Version::release(1, 12, 8)));
        assert!("1.7".parse::<Version>().unwrap_err().contains("known: 1.8"));
        assert!("two".parse::<Version>().is_err());
        assert!("2.4.x".parse::<Version>().is_err());
    }

    #[test]
    fn ranges_read_a_line_as_every_patch() {
        let line: VersionRange = "2.0".parse().unwrap();
        assert_eq!(line.to_string(), "2.0");
        assert!(line.all_at_least(Version::new(2, 0)));
        assert!(!line.all_at_least(Version::release(2, 0, 1)));
        let one: VersionRange = "v2.0.1".parse().unwrap();
        assert_eq!(one.to_string(), "2.0.1");
        assert_eq!(
            crossing(line, one, Version::release(2, 0, 1)),
            Crossing::Maybe
        );
        assert_eq!(Version::newest().to_string(), "2.4.0");
        assert_eq!(Version::newest().line().to_string(), "2.4");
    }
}
