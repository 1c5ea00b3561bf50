//! Feeds arbitrary bytes to the model loader, which must never panic: as text when they are
//! UTF-8, otherwise lossily converted (as a file read with replacement characters would be).
//!
//! A model that loads must also save, and the saved text must load back to the same model
//! (what the editor opens, it can save and reopen).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zoneplan::persistence::{from_str, to_string};

fn check(src: &str) {
    let Ok(model) = from_str(src, "fuzz.ron") else {
        return;
    };
    let saved = match to_string(&model) {
        Ok(s) => s,
        Err(e) => panic!("a loaded model does not save: {e}"),
    };
    match from_str(&saved, "saved.ron") {
        Ok(again) => assert!(again == model, "the saved model loads back different"),
        Err(e) => panic!("a saved model does not load: {e}\n{saved}"),
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(src) => check(src),
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
