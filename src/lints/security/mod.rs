//! `P`: security — secrets in plaintext, downloads over insecure channels, paths that escape the
//! upload folder, disabled certificate checks, and entries that run code on the server.

pub mod insecure_download;
pub mod insecure_skip_verify;
pub mod masked_secret;
pub mod plaintext_secret;
pub mod runs_code;
pub mod upload_path_escape;

use crate::bundle::json::{Node, Value};
use crate::bundle::Entry;

/// The `file` (download URL) of a plugin, service, schema or upload entry, if a string.
pub(crate) fn file_url<'e>(entry: &'e Entry) -> Option<&'e Node> {
    let m = entry.json_value()?.field("file")?;
    matches!(m.value.value, Value::String(_)).then_some(&m.value)
}
