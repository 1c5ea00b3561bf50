//! The sample plants bundled into the binary for the editor's start page.

use crate::model::Model;
use crate::persistence::{self, LoadError};

/// A bundled sample model.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub file_name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub source: &'static str,
}

/// Every bundled sample.
pub const SAMPLES: &[Sample] = &[];

/// Parses a bundled sample.
pub fn load(sample: &Sample) -> Result<Model, LoadError> {
    persistence::from_str(sample.source, sample.file_name)
}
