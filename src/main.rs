//! The `zoneplan` binary.
fn main() {}
