//! When eKuiper's importer started reading each bundle section. The sections themselves are
//! `SectionKind` of the bundle layer; this is the one place their versions are written.

use super::version::Version;

/// The first release whose bundle has any sections at all: the data bundle appears in 1.8.
pub const BUNDLE: Version = Version::new(1, 8);
/// `uploads` (files the server stores before it imports the rest).
pub const UPLOADS: Version = Version::new(1, 11);
/// `scripts` (JavaScript functions).
pub const SCRIPTS: Version = Version::new(1, 13);

/// Uploads are written through an `os.Root` of the upload folder, which refuses a name that is
/// absolute or climbs out of it ("path escapes from parent"): `internal/server/rest.go:295@v2.2.0`,
/// `internal/server/rest.go:337@v2.4.0`. Before, the name was joined to the folder and written
/// wherever it led (`internal/server/rest.go:247@v1.14.0`).
pub const UPLOADS_CONFINED: Version = Version::new(2, 2);
