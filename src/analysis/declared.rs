//! What `kuiperlint.toml` declares beyond the files checked: what the target server already has,
//! and which property names hold secrets at this site.

/// Facts the files cannot show, from the `[server]` and `[secrets]` tables of `kuiperlint.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    /// Streams and tables the server has already, which rules may read.
    pub server_streams: Vec<String>,
    /// Plugins (source and sink types) the server has installed.
    pub server_plugins: Vec<String>,
    /// Functions the server has (from plugins, services or UDFs the files do not show).
    pub server_functions: Vec<String>,
    /// Extra property names (globs) that hold secrets.
    pub secret_names: Vec<String>,
}
