//! Snapshots of `zoneplan check --format json` for every sample plant, so any change in the
//! analysis (deltas, culprits, findings) shows up in review as a snapshot diff.
//! Update with `INSTA_UPDATE=always cargo test --test check_snapshots` and review the diff.

use std::process::Command;

fn check_json(sample: &str) -> String {
    let path = format!("{}/sample-models/{sample}.ron", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_zoneplan"))
        .args(["check", "--format", "json", "--fail-on", "never", &path])
        .output()
        .expect("the zoneplan binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("JSON is UTF-8")
}

macro_rules! snapshot_tests {
    ($($name:ident => $file:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!($file, check_json($file));
        }
    )*};
}

snapshot_tests! {
    quickstart => "quickstart",
    water_treatment => "water-treatment",
    substation_iec61850 => "substation-iec61850",
    refinery_hydrocracker => "refinery-hydrocracker",
    pharma_batch => "pharma-batch",
}

/// Every sample in `sample-models/` has a snapshot test above.
#[test]
fn every_sample_is_snapshotted() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-models"))
            .expect("sample-models exists")
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".ron").map(str::to_owned)
            })
            .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "pharma-batch",
            "quickstart",
            "refinery-hydrocracker",
            "substation-iec61850",
            "water-treatment"
        ]
    );
}
