//! Replays the fuzzer's minimised corpus (`fuzz/corpus/load/`, see `fuzz/README.md`) through
//! the loader on stable Rust, without cargo-fuzz: every input must load or be refused, never
//! panic. The check is the fuzz target's (`fuzz/fuzz_targets/load.rs`): bytes that are not
//! UTF-8 are read lossily, and a model that loads must save and load back unchanged.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use zoneplan::persistence::check_round_trip;

fn check(src: &str) {
    if let Err(e) = check_round_trip(src) {
        panic!("{e}");
    }
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/load");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: the fuzz corpus is missing: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("the corpus folder is readable").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_input_loads_or_is_refused_without_a_panic() {
    let files = corpus();
    assert!(
        files.len() >= 10,
        "the fuzz corpus holds only {} files",
        files.len()
    );
    let mut panicked = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let src = String::from_utf8_lossy(&bytes);
        if catch_unwind(AssertUnwindSafe(|| check(&src))).is_err() {
            panicked.push(path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ));
        }
    }
    assert!(
        panicked.is_empty(),
        "{} of {} corpus inputs panicked (messages above): {panicked:?}",
        panicked.len(),
        files.len()
    );
}
