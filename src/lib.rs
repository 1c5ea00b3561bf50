//! zoneplan: a zone & conduit designer for industrial plants under IEC 62443.
//!
//! The layers, each using only those to its left:
//!
//! ```text
//! model  <-  catalog  <-  analysis  <-  report  <-  cli
//!   ^           ^            ^            ^
//!   +-----------+------------+------------+------  ui (egui/eframe, feature "gui")
//! ```
//!
//! Nothing depends on `ui`, and only `ui` knows egui: `cargo build --no-default-features`
//! builds the command line without any GUI crate.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod diagram;
pub mod model;
pub mod persistence;
pub mod report;
pub mod samples;
#[cfg(feature = "gui")]
pub mod ui;
