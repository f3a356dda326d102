//! eKuiper versions we know, and what each one imports.

use std::fmt;
use std::str::FromStr;

/// An eKuiper release line (`major.minor`; patch releases of one line share the bundle format).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u16,
    pub minor: u16,
}

impl Version {
    pub const fn new(major: u16, minor: u16) -> Self {
        Version { major, minor }
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

    /// The default target: the newest line we know.
    pub fn newest() -> Version {
        *Version::KNOWN.last().expect("KNOWN is not empty")
    }

    pub fn known_list() -> String {
        Version::KNOWN
            .iter()
            .map(Version::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Version {
    type Err = String;

    /// Accepts `2.4`, `v2.4`, `2.4.1` and `1.12.8-plus.4` style tags; the patch part is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_start_matches(['v', 'V']);
        let mut parts = t.split(['.', '-', '+']);
        let number = |p: Option<&str>| p.and_then(|p| p.parse::<u16>().ok());
        let (Some(major), Some(minor)) = (number(parts.next()), number(parts.next())) else {
            return Err(format!(
                "`{s}` is not a version: expected MAJOR.MINOR such as 2.4"
            ));
        };
        let v = Version::new(major, minor);
        if Version::KNOWN.contains(&v) {
            Ok(v)
        } else {
            Err(format!(
                "eKuiper {v} is not a version kuiperlint knows the bundle format of (known: {})",
                Version::known_list()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags() {
        assert_eq!("2.4".parse(), Ok(Version::new(2, 4)));
        assert_eq!("v1.14.0".parse(), Ok(Version::new(1, 14)));
        assert_eq!("1.12.8-plus.4".parse(), Ok(Version::new(1, 12)));
        assert!("1.7".parse::<Version>().unwrap_err().contains("known: 1.8"));
        assert!("two".parse::<Version>().is_err());
    }
}
