//! Snapshot of the JSON of every fixture under `fixtures/text` and
//! `fixtures/scan` (scans need tesseract), stored in `snapshots/`. A change
//! to any value, confidence or location shows up as a snapshot diff to
//! review. Each fixture is also held to its truth file on the fields that
//! matter most, so a snapshot cannot silently pin a wrong value there.

use std::path::{Path, PathBuf};

/// Fixture fields known to differ from the truth file today: each is a bug
/// to fix, listed so that the test fails both when a new one appears and
/// when one is fixed (then remove it here).
const KNOWN_WRONG: &[(&str, &str)] = &[];

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

/// Compare each fixture of `dir` with its snapshot and, on `checked`
/// top-level fields and the Table I row count, with its truth file.
fn check_dir(dir: &str, checked: &[&'static str]) {
    let pdfs: Vec<PathBuf> = fixtures(dir).into_iter().filter(|p| p.with_extension("truth.json").exists()).collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    let mut differences: Vec<(String, &str)> = Vec::new();
    for pdf in &pdfs {
        let value = snapshot(pdf);
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("truth.json")).unwrap()).unwrap();
        let id = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let mut wrong: Vec<&str> = checked.iter().copied().filter(|k| value[*k] != truth[*k]).collect();
        let rows = |v: &serde_json::Value| v["nonDerivativeTable"]["transactions"].as_array().map(Vec::len);
        if rows(&value) != rows(&truth) {
            wrong.push("Table I rows");
        }
        differences.extend(wrong.into_iter().map(|w| (id.clone(), w)));
        settings.bind(|| insta::assert_json_snapshot!(id, value));
    }
    let known: Vec<(String, &str)> = KNOWN_WRONG
        .iter()
        .filter(|(id, _)| pdfs.iter().any(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == *id)))
        .map(|(id, field)| (id.to_string(), *field))
        .collect();
    assert_eq!(differences, known, "fixture fields that differ from their truth files");
}

#[test]
fn text_fixtures_match_their_snapshots() {
    assert!(fixtures("text").len() >= 15, "the text fixtures are missing");
    check_dir("text", &["documentType", "periodOfReport", "issuer"]);
}

/// Scans of every severity, light to heavy; OCR misreads names, so only
/// the form and the rows are held to the truth.
#[test]
fn scan_fixtures_match_their_snapshots() {
    assert!(fixtures("scan").len() >= 6, "the scan fixtures are missing");
    check_dir("scan", &["documentType"]);
}
