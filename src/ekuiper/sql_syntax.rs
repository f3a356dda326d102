//! SQL syntax eKuiper's parser took up in a given release (`internal/xsql/parser.go`).

use super::version::Version;

/// `INVISIBLE` after a select field (`parseInvisible`, parser.go:1826@v2.4.0; absent at v2.1.0).
pub const SELECT_INVISIBLE: Version = Version::new(2, 2);

/// `OVER ([WHEN cond] [PARTITION BY exprs])` after a GROUP BY window, `OVER ()` included
/// (`ParseOver4Window`, parser.go:1626@v2.4.0); up to 2.3 a window's OVER needs `WHEN`
/// (parser.go:1626@v2.3.0: `Found %q after OVER(, expect WHEN.`).
pub const WINDOW_OVER_PARTITION: Version = Version::new(2, 4);

/// An aggregate call in WHERE, evaluated over the window (`aggFuncChecker` no longer refuses it:
/// `internal/topo/planner/analyzer.go:412@v2.3.0`; refused up to 2.2 at
/// `internal/topo/planner/analyzer.go:426@v2.2.0`).
pub const AGGREGATE_IN_WHERE: Version = Version::new(2, 3);

/// WITH options of CREATE STREAM/TABLE that came after 1.x, with the first release that knows
/// them: an older parser refuses them as unknown keys (`StreamTokens`,
/// `pkg/ast/token.go:250@v2.3.0` adds VERSION and EXTRA, `pkg/ast/token.go:251@v2.4.0` TEMP;
/// `pkg/ast/token.go:248@v2.2.0` has neither).
pub const STREAM_OPTIONS_SINCE: &[(&str, Version)] = &[
    ("VERSION", Version::new(2, 3)),
    ("EXTRA", Version::new(2, 3)),
    ("TEMP", Version::new(2, 4)),
];
