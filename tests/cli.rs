//! The command line end to end: runs the built `zoneplan` binary on the small models in
//! `tests/data/cli/` and checks its output, its JSON and its exit codes. Headless and quick.
#![expect(
    clippy::unwrap_used,
    reason = "the helpers, like the tests, panic on output they did not expect"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cli")
        .join(name)
        .display()
        .to_string()
}

/// Runs `zoneplan ARGS` with colour neither forced nor forbidden by the environment.
fn zoneplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoneplan"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn check_json(model: &str, extra: &[&str]) -> Value {
    let path = data(model);
    let mut args = vec![
        "check",
        path.as_str(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    args.extend_from_slice(extra);
    let out = zoneplan(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

fn levels(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap())
        .collect()
}

#[test]
fn json_zone_slc_is_the_weakest_asset_with_nested_ones() {
    let j = check_json("plant.ron", &[]);
    let ctl = by_id(&j["zones"], "Z-CTL");
    assert_eq!(ctl["name"], "Control network");
    // A-PLC-1 and A-PLC-2 sit in the nested cell Z-CELL and count for Z-CTL too.
    assert_eq!(strs(&ctl["assets"]), ["A-HMI-1", "A-PLC-1", "A-PLC-2"]);
    assert_eq!(levels(&ctl["sl_t"]), [2, 2, 2, 1, 2, 1, 2]);
    // The element-wise minimum over the three assets' SL-C, read back from the JSON itself.
    let mut weakest = vec![u64::MAX; 7];
    for a in strs(&ctl["assets"]) {
        for (w, l) in weakest
            .iter_mut()
            .zip(levels(&by_id(&j["assets"], a)["sl_c"]))
        {
            *w = (*w).min(l);
        }
    }
    assert_eq!(levels(&ctl["sl_c"]), weakest);
    assert_eq!(weakest, [1, 2, 2, 1, 2, 1, 2]);

    let cell = by_id(&j["zones"], "Z-CELL");
    assert_eq!(cell["parent"], "Z-CTL");
    assert_eq!(strs(&cell["assets"]), ["A-PLC-1", "A-PLC-2"]);

    let vendor = by_id(&j["zones"], "Z-VENDOR");
    assert_eq!(vendor["external"], true);
    assert!(vendor["sl_t"].is_null());
    assert!(
        vendor["sl_c"].is_null(),
        "no assessed asset: unknown, not 0"
    );
    assert!(vendor["unmet"].as_array().unwrap().is_empty());
}

#[test]
fn json_unmet_items_culprits_planned_and_covered_by() {
    let j = check_json("plant.ron", &[]);
    let ctl = by_id(&j["zones"], "Z-CTL");
    // FR1: SR 1.8 (PKI) is unmet: no PKI service and the two PLCs (SL-C 1 on FR1) fall short,
    // with CM-2 planned for it.
    let sr18 = by_id(&ctl["unmet"], "SR 1.8");
    assert_eq!(sr18["fr"], 1);
    assert_eq!(sr18["level"], 2);
    assert_eq!(
        strs(&sr18["providers"]),
        ["service", "component", "organisation"]
    );
    assert_eq!(strs(&sr18["culprits"]), ["A-PLC-1", "A-PLC-2"]);
    assert!(strs(&sr18["reasons"]).contains(&"no service: pki"));
    assert_eq!(strs(&sr18["planned"]), ["CM-2"]);
    assert!(sr18.get("text").is_none(), "no --texts, no text");
    // SR 1.2 (component or boundary) is met by the firewall on C-1.
    assert!(
        ctl["unmet"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != "SR 1.2")
    );
    // Every unmet item lies on an FR where SL-A < level <= SL-T.
    for u in ctl["unmet"].as_array().unwrap() {
        let fr = usize::try_from(u["fr"].as_u64().unwrap() - 1).unwrap();
        let level = u["level"].as_u64().unwrap();
        assert!(
            levels(&ctl["sl_a"])[fr] < level && level <= levels(&ctl["sl_t"])[fr],
            "{u}"
        );
    }
    // SR 1.1 RE(1) is covered by two implemented countermeasures: `by` is the first by id.
    let covered = by_id(&ctl["covered"], "SR 1.1 RE(1)");
    assert_eq!(covered["by"], "CM-1");
    assert_eq!(strs(&covered["countermeasures"]), ["CM-1", "CM-3"]);
    assert!(
        ctl["unmet"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != "SR 1.1 RE(1)")
    );
    // The nested cell is not covered by its parent's countermeasures.
    let cell = by_id(&j["zones"], "Z-CELL");
    let re1 = by_id(&cell["unmet"], "SR 1.1 RE(1)");
    assert_eq!(strs(&re1["culprits"]), ["A-PLC-1", "A-PLC-2"]);

    let dmz = by_id(&j["zones"], "Z-DMZ");
    let ids: Vec<&str> = dmz["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"SR 5.1 RE(2)"), "{ids:?}");
    let re2 = by_id(&dmz["unmet"], "SR 5.1 RE(2)");
    assert!(
        strs(&re2["reasons"]).contains(&"no service: infrastructure"),
        "{re2}"
    );
    assert!(re2["culprits"].as_array().unwrap().is_empty());
}

#[test]
fn json_conduits_assets_and_findings() {
    let j = check_json("plant.ron", &[]);
    let c1 = by_id(&j["conduits"], "C-1");
    assert_eq!(strs(&c1["zones"]), ["Z-CTL", "Z-DMZ"]);
    assert_eq!(strs(&c1["boundary_devices"]), ["A-FW-1"]);
    assert_eq!(levels(&c1["sl_c"]), [2, 2, 2, 2, 3, 2, 2]);
    assert!(c1["unmet"].as_array().unwrap().is_empty());
    let c2 = by_id(&j["conduits"], "C-2");
    assert!(c2["boundary_devices"].as_array().unwrap().is_empty());
    assert_eq!(levels(&c2["sl_c"]), [0; 7]);
    let sr51 = by_id(&c2["unmet"], "SR 5.1");
    assert!(sr51["culprits"].as_array().unwrap().is_empty());

    let plc = by_id(&j["assets"], "A-PLC-1");
    assert_eq!(plc["kind"], "plc");
    assert_eq!(strs(&plc["classes"]), ["EDR"]);
    assert_eq!(plc["zone"], "Z-CELL");
    assert!(plc["conduit"].is_null());
    assert!(strs(&plc["unmet_crs"]).contains(&"CR 1.1 RE(1)"));
    let hmi = by_id(&j["assets"], "A-HMI-1");
    assert_eq!(strs(&hmi["classes"]), ["HDR", "SAR"]);
    assert!(hmi["unmet_crs"].as_array().unwrap().is_empty());
    let fw = by_id(&j["assets"], "A-FW-1");
    assert!(fw["zone"].is_null());
    assert_eq!(fw["conduit"], "C-1");
    let ids: Vec<&str> = j["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["A-FW-1", "A-HIS-1", "A-HMI-1", "A-PLC-1", "A-PLC-2"]);

    let spare = by_id(&j["findings"], "empty-zone@Z-SPARE");
    assert_eq!(spare["rule"], "empty-zone");
    assert_eq!(spare["severity"], "info");
    assert_eq!(strs(&spare["elements"]), ["Z-SPARE"]);
    assert_eq!(spare["accepted"], true);
    assert_eq!(spare["justification"], "Reserved for the line extension");
    assert!(spare["message"].as_str().unwrap().contains("\"Spare\""));
    let vendor = by_id(&j["findings"], "empty-zone@Z-VENDOR");
    assert_eq!(vendor["accepted"], false);
    assert!(vendor["justification"].is_null());

    assert_eq!(
        j["heuristic"].as_str().unwrap(),
        zoneplan::analysis::SLC_HEURISTIC
    );
    assert_eq!(j["summary"]["zones"], 5);
    assert_eq!(j["summary"]["accepted"], 1);
    let unmet: u64 = ["zones", "conduits"]
        .iter()
        .flat_map(|k| j[*k].as_array().unwrap())
        .map(|e| u64::try_from(e["unmet"].as_array().unwrap().len()).unwrap())
        .sum();
    assert_eq!(j["summary"]["unmet"], unmet);
}

#[test]
fn json_accepted_error_is_flagged() {
    let j = check_json("accepted.ron", &[]);
    let f = by_id(&j["findings"], "asset-unplaced@A-LOOSE");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["accepted"], true);
    let j = check_json("unplaced.ron", &[]);
    let f = by_id(&j["findings"], "asset-unplaced@A-LOOSE");
    assert_eq!(f["accepted"], false);
    assert_eq!(j["summary"]["open_errors"], 1);
    let loose = by_id(&j["assets"], "A-LOOSE");
    assert!(loose["zone"].is_null() && loose["conduit"].is_null());
    assert!(loose["target"].is_null());
    let office = by_id(&j["zones"], "Z-2");
    assert!(office["sl_t"].is_null());
    assert_eq!(office["external"], false);
    assert!(office["unmet"].as_array().unwrap().is_empty());

    let out = zoneplan(&["check", &data("unplaced.ron")]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "Zone Office [Z-2] (enterprise)\n  SL-T not assessed   SL-A –   SL-C unknown\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  error   asset-unplaced@A-LOOSE\n"),
        "{text}"
    );
}

#[test]
fn text_report_lists_zones_items_and_findings() {
    let out = zoneplan(&["check", &data("plant.ron")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Heuristic of this tool"));
    // The SL-C, SL-A and fix-plan heuristics, once each.
    assert_eq!(text.matches("Heuristic of this tool").count(), 3);
    assert!(text.contains("zoneplan's allocation table"));
    assert!(text.contains("Zone Control network [Z-CTL]"), "{text}");
    assert!(
        text.contains("SL-T {2 2 2 1 2 1 2}   SL-A {1 2 2 1 0 2 0}   SL-C {1 2 2 1 2 1 2}"),
        "{text}"
    );
    assert!(text.contains("SL-T external, not assessed"), "{text}");
    assert!(
        text.contains(
            "FR1 IAC: SR 1.1 RE(1) Unique identification and authentication — components below"
        ),
        "{text}"
    );
    assert!(text.contains("culprits: A-PLC-1, A-PLC-2"), "{text}");
    assert!(text.contains("Fix plan ("), "{text}");
    assert!(
        text.contains("planned: CM-2 \"Device certificates\""),
        "{text}"
    );
    assert!(text.contains("by CM-1 \"Central account"), "{text}");
    // Zones, then conduits, each in id order.
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("no {s} in {text}"));
    assert!(pos("[Z-CELL]") < pos("[Z-CTL]"));
    assert!(pos("[Z-CTL]") < pos("[Z-VENDOR]"));
    assert!(pos("[Z-VENDOR]") < pos("[C-1]"));
    assert!(pos("[C-1]") < pos("[C-2]"));
    // Open findings first, the accepted one after, marked.
    assert!(pos("empty-zone@Z-VENDOR") < pos("empty-zone@Z-SPARE  [accepted]"));
    assert!(text.contains("accepted: Reserved for the line extension (J. Doe, 2026-11-20)"));
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("Summary: "), "{last}");
    assert!(
        // 2 info findings of the model's own, and 6 incomplete specifications (ZCR 6.4).
        last.contains("2 warnings") && last.contains("8 info") && last.contains("1 accepted"),
        "{last}"
    );
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "longer than 100 columns: {line}"
        );
    }
}

#[test]
fn texts_file_adds_user_texts() {
    let texts = data("texts.csv");
    let out = zoneplan(&["check", &data("plant.ron"), "--texts", &texts]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("SR 1.1 RE(1) Unique identification"))
        .unwrap();
    // Under the item (after its wrapped reason lines).
    let wording = "               Our wording: every operator logs on with a personal account, checked daily.";
    assert!(lines[i + 1..i + 5].contains(&wording), "{text}");

    let j = check_json("plant.ron", &["--texts", &texts]);
    let cell = by_id(&j["zones"], "Z-CELL");
    assert_eq!(
        by_id(&cell["unmet"], "SR 1.1 RE(1)")["text"],
        "Our wording: every operator logs on with a personal account, checked daily."
    );
    assert!(by_id(&cell["unmet"], "SR 1.2").get("text").is_none());
    let dmz = by_id(&j["zones"], "Z-DMZ");
    assert_eq!(
        by_id(&dmz["unmet"], "SR 5.1 RE(2)")["text"],
        "Our wording: no dependency on the office network."
    );
}

#[test]
fn bad_texts_file_is_exit_2_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "SR 1.1,fine\nSR 99.9,unknown id\n").unwrap();
    let out = zoneplan(&[
        "check",
        &data("plant.ron"),
        "--texts",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("bad.csv:2:") && err.contains("SR 99.9"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let missing = dir.path().join("missing.csv");
    let out = zoneplan(&[
        "check",
        &data("plant.ron"),
        "--texts",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.csv"), "{}", stderr(&out));
}

#[test]
fn exit_codes_follow_fail_on() {
    let cases = [
        // An open error.
        ("unplaced.ron", None, 1),
        ("unplaced.ron", Some("error"), 1),
        ("unplaced.ron", Some("warning"), 1),
        ("unplaced.ron", Some("never"), 0),
        // The same error, accepted.
        ("accepted.ron", None, 0),
        ("accepted.ron", Some("error"), 0),
        ("accepted.ron", Some("never"), 0),
        // Only info findings.
        ("plant.ron", None, 0),
        ("plant.ron", Some("error"), 0),
        ("plant.ron", Some("never"), 0),
    ];
    for (model, fail_on, expected) in cases {
        let path = data(model);
        let mut args = vec!["check", path.as_str()];
        if let Some(f) = fail_on {
            args.extend(["--fail-on", f]);
        }
        for format in ["text", "json"] {
            let mut args = args.clone();
            args.extend(["--format", format]);
            let out = zoneplan(&args);
            assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
            assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
            assert!(!out.stdout.is_empty());
        }
    }
}

#[test]
fn exit_code_agrees_with_the_open_findings_at_each_threshold() {
    for model in ["plant.ron", "unplaced.ron", "accepted.ron"] {
        let j = check_json(model, &[]);
        let open = |levels: &[&str]| {
            j["findings"].as_array().unwrap().iter().any(|f| {
                f["accepted"] == false && levels.contains(&f["severity"].as_str().unwrap())
            })
        };
        for (fail_on, levels) in [
            ("error", &["error"][..]),
            ("warning", &["error", "warning"][..]),
            ("never", &[][..]),
        ] {
            let out = zoneplan(&["check", &data(model), "--fail-on", fail_on]);
            let expected = i32::from(open(levels));
            assert_eq!(code(&out), expected, "{model} --fail-on {fail_on}");
        }
    }
}

#[test]
fn malformed_model_names_file_line_and_column() {
    let path = data("malformed.ron");
    for format in ["text", "json"] {
        let out = zoneplan(&["check", &path, "--format", format]);
        assert_eq!(code(&out), 2);
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        // Line 6 lacks its comma; the parser stops at the next field, line 7 column 13.
        assert!(err.contains(&format!("{path}:7:13:")), "{err}");
        assert!(err.to_lowercase().contains("comma"), "{err}");
    }
}

#[test]
fn missing_model_is_exit_2() {
    let out = zoneplan(&["check", "no/such/model.ron"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("no/such/model.ron") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn bad_usage_is_exit_2() {
    let plant = data("plant.ron");
    for args in [
        vec!["check"],
        vec!["check", plant.as_str(), "--format", "xml"],
        vec!["check", plant.as_str(), "--fail-on", "sometimes"],
        vec!["check", plant.as_str(), "--no-such-flag"],
        vec!["check", plant.as_str(), "--texts"],
    ] {
        let out = zoneplan(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = zoneplan(&["check", "--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    assert!(
        help.contains("--fail-on") && help.contains("--texts"),
        "{help}"
    );
}

#[test]
fn catalog_json_lists_every_requirement() {
    let out = zoneplan(&["catalog", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sr = j["system_requirements"].as_array().unwrap();
    let cr = j["component_requirements"].as_array().unwrap();
    assert_eq!(sr.len(), 100);
    assert_eq!(cr.len(), 122);
    for r in sr {
        assert!(r["id"].as_str().unwrap().starts_with("SR "), "{r}");
        assert!((1..=7).contains(&r["fr"].as_u64().unwrap()), "{r}");
        assert!((1..=4).contains(&r["level"].as_u64().unwrap()), "{r}");
        assert!(!r["title"].as_str().unwrap().is_empty(), "{r}");
    }
    for r in cr {
        assert!((1..=7).contains(&r["fr"].as_u64().unwrap()), "{r}");
        assert!((1..=4).contains(&r["level"].as_u64().unwrap()), "{r}");
        assert!(!r["title"].as_str().unwrap().is_empty(), "{r}");
        let applies = r["applies_to"].as_str().unwrap();
        assert!(
            ["all", "SAR", "EDR", "HDR", "NDR"].contains(&applies),
            "{r}"
        );
    }
    let sr11 = sr.iter().find(|r| r["id"] == "SR 1.1").unwrap();
    assert_eq!(sr11["fr"], 1);
    assert_eq!(sr11["level"], 1);
    // The allocation table, labelled as the tool's heuristic.
    assert!(
        j["allocation_heuristic"]
            .as_str()
            .unwrap()
            .contains("heuristic of this tool")
    );
    assert_eq!(strs(&sr11["providers"]), ["component", "service"]);
    assert_eq!(sr11["service"], "iam");
    assert_eq!(sr11["scope"], "zone");
    let sr54 = sr.iter().find(|r| r["id"] == "SR 5.4").unwrap();
    assert_eq!(strs(&sr54["providers"]), ["organisation"]);
    assert!(sr54["counterpart"].as_array().unwrap().is_empty());
    let sr16 = sr.iter().find(|r| r["id"] == "SR 1.6").unwrap();
    assert!(sr16["applicability"].as_str().unwrap().contains("radio"));
    let text = stdout(&zoneplan(&["catalog"]));
    assert!(text.contains("heuristic of this tool"));
}

/// A reader that stops early is not an error (no panic on a closed pipe).
#[test]
fn catalog_into_a_closed_pipe_does_not_panic() {
    use std::io::Read as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zoneplan"))
        .arg("catalog")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_ansi_escapes_when_not_a_tty() {
    // The tests capture stdout through a pipe: never a terminal.
    let plant = data("plant.ron");
    for args in [
        vec!["check", plant.as_str()],
        vec!["check", plant.as_str(), "--format", "json"],
        vec!["catalog"],
    ] {
        let out = zoneplan(&args);
        assert!(!out.stdout.contains(&0x1b), "{args:?}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_zoneplan"))
        .args(["check", plant.as_str()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn output_is_deterministic() {
    let plant = data("plant.ron");
    let texts = data("texts.csv");
    for format in ["text", "json"] {
        let args = [
            "check",
            plant.as_str(),
            "--format",
            format,
            "--texts",
            texts.as_str(),
        ];
        let a = zoneplan(&args);
        let b = zoneplan(&args);
        assert_eq!(code(&a), 0);
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

fn readme() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The first fenced block of `lang` in the README.
fn readme_block(lang: &str) -> String {
    let readme = readme();
    let start = readme.find(&format!("```{lang}\n")).unwrap() + lang.len() + 4;
    let len = readme[start..].find("```").unwrap();
    readme[start..start + len].to_owned()
}

fn collect_keys<'a>(v: &'a Value, out: &mut std::collections::BTreeSet<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k);
                collect_keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

#[test]
fn readme_documents_every_json_field() {
    let readme = readme();
    let j = check_json("plant.ron", &["--texts", &data("texts.csv")]);
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(&j, &mut keys);
    assert!(
        keys.contains("text") && keys.contains("justification"),
        "{keys:?}"
    );
    let undocumented: Vec<&str> = keys
        .into_iter()
        .filter(|k| !readme.contains(&format!("| `{k}`")) && !readme.contains(&format!(", `{k}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from README.md: {undocumented:?}"
    );
    // The example parses.
    let example: Value = serde_json::from_str(&readme_block("json")).unwrap();
    assert_eq!(example["version"], j["version"]);
}

#[test]
fn readme_quick_start_and_file_format_example() {
    // The quick start is two commands, run and test, and CI runs the test command as written.
    let quick = readme_block("sh");
    assert_eq!(
        quick.lines().collect::<Vec<_>>(),
        ["cargo run --release", "cargo test"]
    );
    let ci =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run must call the README's test command"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("readme-example.ron");
    std::fs::write(&path, readme_block("ron")).unwrap();
    let out = zoneplan(&["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Zone Control network [Z-CTL]"));
}

/// A copy of `tests/data/cli/NAME` in a fresh folder, to be rewritten by a command.
fn scratch_copy(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(data(name), &path).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn derive_proposes_with_a_trace_and_applies_only_complete_tailoring() {
    let (_dir, path) = scratch_copy("risk.ron");
    let before = std::fs::read(&path).unwrap();
    let out = zoneplan(&["derive", &path]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    // Z-CTL: TS-1 risk 3 + 4 = 7, two bands above 5 → SL 3; worst consequence Major (4) →
    // SL 3; cybercriminal → SL 2. TS-2 is covered by safeguards and sets nothing.
    assert!(
        text.contains(
            "TS-2 \"Overpressure of the contact tank\": non-hackable safeguards fully cover it"
        ),
        "{text}"
    );
    assert!(text.contains("TS-1: likelihood 3 Possible × consequence 4 Major = risk 7 against tolerable 5: 2 bands above, so SL 3."), "{text}");
    assert!(
        text.contains("DC lowered to 1: Process values only"),
        "{text}"
    );
    assert!(
        text.contains("proposed {3 3 3 1 3 3 3}, current SL-T {2 2 2 2 2 2 2}"),
        "{text}"
    );
    assert!(
        text.contains("RA raised to 3 without a note: a note is needed."),
        "{text}"
    );
    // The conduit takes the highest SL-T of the zones as they are now.
    assert!(text.contains("C-1 \"Office to control\""), "{text}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "no --apply, no write"
    );

    let out = zoneplan(&["derive", &path, "--apply"]);
    assert_eq!(code(&out), 1, "Z-OFF lacks a note: {}", stdout(&out));
    assert!(stdout(&out).contains("not applied (a tailored FR lacks its note): Z-OFF"));
    let j = {
        let out = zoneplan(&["check", &path, "--format", "json", "--fail-on", "never"]);
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let ctl = by_id(&j["zones"], "Z-CTL");
    assert_eq!(levels(&ctl["sl_t"]), [3, 3, 3, 1, 3, 3, 3]);
    assert_eq!(ctl["derived"], true);
    assert_eq!(ctl["risk"]["origin"], "derived");
    assert_eq!(ctl["risk"]["proposed_sl"], 3);
    assert_eq!(
        ctl["risk"]["method"],
        "risk gap, worst credible consequence, threat source"
    );
    let ts1 = &ctl["risk"]["scenarios"][0];
    assert_eq!(
        (ts1["risk"].as_u64(), ts1["tolerable"].as_bool()),
        (Some(7), Some(false))
    );
    assert_eq!(ts1["consequence_category"], "production");
    assert_eq!(ts1["entry"], "C-1");
    let off = by_id(&j["zones"], "Z-OFF");
    assert_eq!(
        (off["derived"].as_bool(), off["risk"]["origin"].as_str()),
        (Some(false), Some("manual"))
    );
    assert!(
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "tailoring-no-note@Z-OFF")
    );
    assert!(
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "slt-no-rationale@Z-OFF")
    );
}

#[test]
fn approve_records_a_baseline_that_a_later_edit_outdates() {
    let (_dir, path) = scratch_copy("risk.ron");
    let j = check_json("risk.ron", &[]);
    assert_eq!(j["approval"]["status"], "none");
    let out = zoneplan(&[
        "approve",
        &path,
        "--approver",
        "R. Ortiz",
        "--date",
        "2026-13-01",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a date as YYYY-MM-DD"),
        "{}",
        stderr(&out)
    );
    let out = zoneplan(&[
        "approve",
        &path,
        "--approver",
        "R. Ortiz",
        "--role",
        "Plant manager",
        "--date",
        "2026-11-02",
        "--decision",
        "approved-with-conditions",
        "--conditions",
        "Close R-01",
        "--accept",
        "spec-incomplete@Z-CTL",
        "--trigger",
        "any new conduit to the SIS",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("recorded \"Approved with conditions\" by R. Ortiz"));
    let status = |path: &str| {
        let out = zoneplan(&["check", path, "--format", "json", "--fail-on", "never"]);
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["approval"].clone()
    };
    let a = status(&path);
    assert_eq!(a["status"], "approved");
    assert_eq!(a["record"]["decision"], "approved_with_conditions");
    assert_eq!(a["record"]["revision"], "B");
    assert_eq!(
        strs(&a["record"]["review_triggers"]),
        ["any new conduit to the SIS"]
    );

    // Moving a zone changes nothing; a new rationale outdates the approval.
    let text = std::fs::read_to_string(&path).unwrap();
    let moved = text.replace(
        "rect: (200.0, 0.0, 100.0, 100.0)",
        "rect: (250.0, 40.0, 100.0, 100.0)",
    );
    std::fs::write(&path, &moved).unwrap();
    assert_eq!(status(&path)["status"], "approved");
    let edited = moved.replace("Set by hand before the workshop", "Raised after the audit");
    std::fs::write(&path, &edited).unwrap();
    let a = status(&path);
    assert_eq!(a["status"], "outdated");
    assert_eq!(strs(&a["changed"]), ["Z-CTL"]);
    let out = zoneplan(&["check", &path, "--fail-on", "warning"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("Approval: OUTDATED"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("approval-outdated@Z-CTL"));
    // A removal alone outdates it too, and still fails --fail-on warning.
    let start = moved.find("    conduits: [").unwrap();
    let end = moved.find("    countermeasures:").unwrap();
    let removed = format!("{}    conduits: [],\n{}", &moved[..start], &moved[end..])
        .replace("entry: Some(\"C-1\"),", "");
    assert_ne!(removed, moved);
    std::fs::write(&path, &removed).unwrap();
    let a = status(&path);
    assert_eq!(
        (a["status"].as_str(), strs(&a["removed"])),
        (Some("outdated"), vec!["C-1"])
    );
    assert_eq!(
        code(&zoneplan(&["check", &path, "--fail-on", "warning"])),
        1
    );
}
