//! The text of a file and positions in it: byte spans, lines and columns, maps from decoded
//! strings back to the file through every level of escaping, and edits of the file.

pub mod edit;
pub mod source_map;
pub mod span;
pub mod suggest;
