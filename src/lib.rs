//! zoneplan: a zone & conduit designer for industrial plants under IEC 62443.
//!
//! The layers, each using only those to its left:
//!
//! ```text
//! model  <-  catalog  <-  analysis  <-  diagram  <-  report  <-  cli
//!   ^  ^         ^
//!   |  +---------+---- persistence (RON files), edit (model edits the editor builds)
//!   |  layout (automatic layout, beside diagram), interop (import/export: uses all above)
//!   +-- ui (egui/eframe, feature "gui") uses all of them
//! ```
//!
//! Only `ui` knows egui, and only `cli` calls into it (to open the editor, with the `gui`
//! feature): `cargo build --no-default-features` builds the command line without any GUI crate.
//! See ARCHITECTURE.md.

/// `write!` into a `String`, which cannot fail (the SVG and draw.io writers).
macro_rules! w {
    ($dst:expr, $($arg:tt)*) => {
        $dst.write_fmt(format_args!($($arg)*)).unwrap_or(())
    };
}

/// `writeln!` into a `String`.
macro_rules! wl {
    ($dst:expr, $($arg:tt)*) => {{
        w!($dst, $($arg)*);
        $dst.push('\n');
    }};
}

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod diagram;
pub mod edit;
pub mod interop;
pub mod layout;
pub mod model;
pub mod persistence;
pub mod report;
pub mod samples;
#[cfg(feature = "gui")]
pub mod ui;
