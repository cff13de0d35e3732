//! Snapshot of the JSON of every fixture under `fixtures/text` (and
//! `fixtures/scan` when present), stored in `snapshots/`. A change to any
//! value, confidence or location shows up as a snapshot diff to review.
//! Each fixture is also held to its truth file on the fields that matter
//! most, so a snapshot cannot silently pin a wrong value there.

use std::path::{Path, PathBuf};

/// Fixture fields known to differ from the truth file today: each is a bug
/// to fix, listed so that the test fails both when a new one appears and
/// when one is fixed (then remove it here).
const KNOWN_WRONG: &[(&str, &str)] = &[
    ("sm-0010", "periodOfReport"),
];

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect())
        .unwrap_or_default();
    pdfs.sort();
    pdfs
}

fn snapshot(pdf: &Path) -> serde_json::Value {
    let bytes = std::fs::read(pdf).unwrap();
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    let document = form4::extract(&bytes, &name, &form4::Settings::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::to_value(&document).unwrap()
}

fn check_dir(dir: &str) {
    let pdfs = fixtures(dir);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    for pdf in &pdfs {
        let value = snapshot(pdf);
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("truth.json")).unwrap()).unwrap();
        let id = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let mut wrong: Vec<&str> = ["documentType", "periodOfReport", "issuer"].into_iter().filter(|k| value[*k] != truth[*k]).collect();
        let rows = |v: &serde_json::Value| v["nonDerivativeTable"]["transactions"].as_array().map(Vec::len);
        if rows(&value) != rows(&truth) {
            wrong.push("Table I rows");
        }
        let known: Vec<&str> = KNOWN_WRONG.iter().filter(|(f, _)| *f == id).map(|(_, k)| *k).collect();
        assert_eq!(wrong, known, "{id}: fields that differ from the truth file");
        settings.bind(|| insta::assert_json_snapshot!(id, value));
    }
}

#[test]
fn text_fixtures_match_their_snapshots() {
    assert!(fixtures("text").len() >= 15, "the text fixtures are missing");
    check_dir("text");
}
