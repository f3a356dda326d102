//! When eKuiper's importer started reading each bundle section. The sections themselves are
//! `SectionKind` of the bundle layer; this is the one place their versions are written.

use super::version::Version;

/// The first release whose bundle has any sections at all: the data bundle appears in 1.8.
pub const BUNDLE: Version = Version::new(1, 8);
/// `uploads` (files the server stores before it imports the rest).
pub const UPLOADS: Version = Version::new(1, 11);
/// `scripts` (JavaScript functions).
pub const SCRIPTS: Version = Version::new(1, 13);
