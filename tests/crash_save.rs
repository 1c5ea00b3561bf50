//! A save killed with SIGKILL at any moment leaves the model file whole: the old model or the
//! new one, byte for byte, never a mixture, a truncated file or nothing.
//!
//! The saver has to be a real process that dies mid-write, so this test binary re-executes
//! itself (`std::env::current_exe()`) to run the ignored test [`saving_child`], with
//! [`CHILD_ENV`] naming the file to save to. This needs no extra binary, example or hidden
//! CLI command, and the child uses exactly the library code under test. Run normally (or with
//! `--include-ignored`), `saving_child` returns at once.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zoneplan::model::Model;
use zoneplan::persistence::{load, save, to_string};

/// Set for the child process: the path of the model file it saves to, over and over.
const CHILD_ENV: &str = "ZONEPLAN_CRASH_SAVE_CHILD";
/// What the child prints once it has saved model B over A for the first time.
const READY: &str = "zoneplan-crash-save-child: ready";
/// How many times a saving child is killed.
const KILLS: usize = 100;
/// Kills land 0..MAX_DELAY_MS milliseconds after the child's first complete save.
const MAX_DELAY_MS: u64 = 30;
/// A child whose parent is gone stops by itself after this long (a safeguard, not a test).
const CHILD_LIFETIME: Duration = Duration::from_secs(120);

fn sample(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-models")
        .join(name);
    load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Two different models of different sizes: a killed save of the larger one over the smaller
/// one (or the other way round) that went wrong would show as a truncated or mixed file.
fn models() -> (Model, Model) {
    (sample("quickstart.ron"), sample("water-treatment.ron"))
}

fn text(model: &Model) -> String {
    to_string(model).unwrap_or_else(|e| panic!("{e}"))
}

/// xorshift64: reproducible delays without another crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// Temporary files `save` left beside `file`, and anything else that is neither.
fn leftovers(dir: &Path, file: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
        panic!("{} has no plain file name", file.display());
    };
    let prefix = format!(".{name}.");
    let mut temps = Vec::new();
    let mut other = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the folder is readable") {
        let path = entry.expect("the folder is readable").path();
        if path == file {
            continue;
        }
        let entry_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if entry_name.starts_with(&prefix) && entry_name.ends_with(".tmp") {
            temps.push(path);
        } else {
            other.push(path);
        }
    }
    (temps, other)
}

/// The saving child: saves B, says so, then saves A and B alternately until it is killed.
/// Does nothing unless started by [`killed_saves_leave_the_old_or_the_new_file`].
#[test]
#[ignore = "the saving child of `killed_saves_leave_the_old_or_the_new_file`, run only by it"]
fn saving_child() {
    let Some(path) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    let (a, b) = models();
    save(&b, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").expect("stdout is open");
    out.flush().expect("stdout is open");
    let started = Instant::now();
    while started.elapsed() < CHILD_LIFETIME {
        save(&a, &path).unwrap_or_else(|e| panic!("{e}"));
        save(&b, &path).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file() {
    let (a, b) = models();
    let (a_text, b_text) = (text(&a), text(&b));
    assert_ne!(a_text, b_text, "the two models must differ");

    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("model.ron");
    save(&a, &file).unwrap_or_else(|e| panic!("{e}"));

    let exe = std::env::current_exe().expect("the test binary's path");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut seen_a, mut seen_b) = (0, 0);
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["saving_child", "--exact", "--ignored", "--nocapture"])
            .env(CHILD_ENV, &file)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the test binary starts again as the saving child");
        // Wait for the child's first complete save (past process start-up and the loading of
        // the samples), so that the delay below is spent saving.
        let stdout = child.stdout.take().expect("the child's stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) if line == READY => break,
                Some(Ok(_)) => {}
                Some(Err(e)) => panic!("round {round}: reading the child's output: {e}"),
                None => panic!(
                    "round {round}: the saving child ended before saving: {:?}",
                    child.wait()
                ),
            }
        }
        std::thread::sleep(Duration::from_micros(
            rng.next() % (MAX_DELAY_MS * 1000 + 1),
        ));
        child.kill().expect("SIGKILL is delivered");
        let status = child.wait().expect("the killed child is reaped");
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the child was to be killed while saving, but ended with {status}"
        );

        let bytes = std::fs::read(&file)
            .unwrap_or_else(|e| panic!("round {round}: the model file is gone: {e}"));
        let loaded = load(&file).unwrap_or_else(|e| panic!("round {round}: {e}"));
        if bytes == a_text.as_bytes() {
            assert!(
                loaded == a,
                "round {round}: A's bytes load as another model"
            );
            seen_a += 1;
        } else if bytes == b_text.as_bytes() {
            assert!(
                loaded == b,
                "round {round}: B's bytes load as another model"
            );
            seen_b += 1;
        } else {
            panic!(
                "round {round}: the file is neither A nor B ({} bytes; A has {}, B {})",
                bytes.len(),
                a_text.len(),
                b_text.len()
            );
        }
    }

    // Saves killed before their rename leave their temporary files behind. They are hidden
    // (`.model.ron.XXXXXX.tmp`), never mistaken for the model, and do not get in the way of
    // later saves, which use fresh names.
    let (temps, other) = leftovers(dir.path(), &file);
    assert!(other.is_empty(), "unexpected files: {other:?}");
    eprintln!(
        "crash_save: {KILLS} kills, file held A {seen_a} and B {seen_b} times; {} temporary files left behind",
        temps.len()
    );
    for model in [&b, &a] {
        save(model, &file).unwrap_or_else(|e| panic!("saving after the kills: {e}"));
        let loaded = load(&file).unwrap_or_else(|e| panic!("loading after the kills: {e}"));
        assert!(
            loaded == *model,
            "a save after the kills does not load back"
        );
    }
    let (after, other) = leftovers(dir.path(), &file);
    assert!(other.is_empty(), "unexpected files: {other:?}");
    assert_eq!(
        after.len(),
        temps.len(),
        "a completed save must not leave a temporary file"
    );
}
