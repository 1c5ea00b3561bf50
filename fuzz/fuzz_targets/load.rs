//! Feeds arbitrary bytes to the model loader, which must never panic: as text when they are
//! UTF-8, otherwise lossily converted (as a file read with replacement characters would be).
//!
//! A model that loads must also save, and the saved text must load back to the same model
//! (what the editor opens, it can save and reopen).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zoneplan::persistence::check_round_trip;

fn check(src: &str) {
    if let Err(e) = check_round_trip(src) {
        panic!("{e}");
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(src) => check(src),
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
