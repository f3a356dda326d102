//! Unit tests of the SQL layer.
