//! `form4 from-xml` against the corpus's own XML → truth converter
//! (`corpus/tools/truth.py`), and the XML writer against the dev truth files.

use std::path::{Path, PathBuf};
use std::process::Command;

use form4::model::Filing;
use form4::xml::{document_from_xml, parse_filing, to_ownership_xml};
use serde_json::Value;

/// The shared test corpus.
const CORPUS: &str = "/work/shared/corpus";
/// Relative tolerance for comparing numbers read two ways (f64 vs Decimal).
const NUMBER_TOLERANCE: f64 = 1e-12;

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    out
}

/// JSON equality with numbers compared numerically (1 == 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= NUMBER_TOLERANCE * x.abs().max(y.abs())
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        _ => a == b,
    }
}

/// The data part of an output document: everything but `extraction`.
fn data_part(document: &form4::Document) -> Value {
    let mut value = serde_json::to_value(document).unwrap();
    value.as_object_mut().unwrap().remove("extraction");
    value
}

#[test]
fn from_xml_equals_truth_py_on_every_real_xml() {
    let xmls = files(&Path::new(CORPUS).join("real/xml"), ".xml");
    assert_eq!(xmls.len(), 36, "the corpus holds 36 real XMLs");
    let mut mismatches = Vec::new();
    for xml in &xmls {
        let out = Command::new("python3")
            .arg(Path::new(CORPUS).join("tools/truth.py"))
            .arg(xml)
            .output()
            .expect("python3 runs");
        assert!(out.status.success(), "truth.py failed on {}", xml.display());
        let truth: Value = serde_json::from_slice(&out.stdout).unwrap();
        let document = document_from_xml(&std::fs::read(xml).unwrap(), &xml.display().to_string()).unwrap();
        let ours = data_part(&document);
        if !same(&truth, &ours) {
            mismatches.push(format!("{}\n truth: {truth}\n ours:  {ours}", xml.display()));
        }
        // Every leaf has its field entry, at confidence 1 and without a location.
        assert_eq!(document.extraction.method, form4::model::Method::Xml);
        assert!(document.extraction.fields.iter().all(|f| f.confidence == 1.0 && f.page.is_none() && f.bbox.is_none()));
        assert!(document.extraction.fields.iter().any(|f| f.path == "/issuer/name"));
    }
    assert!(mismatches.is_empty(), "{} of {} differ:\n{}", mismatches.len(), xmls.len(), mismatches.join("\n"));
}

#[test]
fn from_xml_equals_truth_py_on_every_dev_source_xml() {
    let out_dir = std::env::temp_dir().join(format!("form4-xml-truth-{}", std::process::id()));
    let mut compared = 0;
    for family in ["real-modern", "real-old", "real-html", "synth-modern", "synth-old", "scan"] {
        let dir = Path::new(CORPUS).join("dev").join(family);
        let status = Command::new("python3")
            .arg(Path::new(CORPUS).join("tools/truth.py"))
            .arg("--dir")
            .args([&dir, &out_dir])
            .stderr(std::process::Stdio::null())
            .status()
            .expect("python3 runs");
        assert!(status.success(), "truth.py --dir failed on {family}");
        for xml in files(&dir, ".xml") {
            let id = xml.file_stem().unwrap().to_string_lossy().to_string();
            let truth: Value =
                serde_json::from_slice(&std::fs::read(out_dir.join(format!("{id}.truth.json"))).unwrap()).unwrap();
            let ours = data_part(&document_from_xml(&std::fs::read(&xml).unwrap(), &id).unwrap());
            assert!(same(&truth, &ours), "{id}\n truth: {truth}\n ours:  {ours}");
            compared += 1;
        }
    }
    std::fs::remove_dir_all(&out_dir).ok();
    assert_eq!(compared, 230);
}

#[test]
fn every_dev_truth_survives_an_xml_round_trip() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(Path::new(CORPUS).join("dev/manifest.json")).unwrap()).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for item in manifest["items"].as_array().unwrap() {
        let pdf = item["pdf"].as_str().unwrap();
        let truth_path = Path::new(CORPUS).join("dev").join(pdf.replace(".pdf", ".truth.json"));
        let filing: Filing = serde_json::from_slice(&std::fs::read(&truth_path).unwrap()).unwrap();
        let xml = to_ownership_xml(&filing);
        let (back, warnings) = parse_filing(xml.as_bytes()).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", truth_path.display());
        if back != filing {
            failures.push(format!("{}\n{xml}", truth_path.display()));
        }
        checked += 1;
    }
    assert_eq!(checked, 230);
    assert!(failures.is_empty(), "{} of {checked} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn written_xml_escapes_markup_and_keeps_footnote_only_cells() {
    let truth = Path::new(CORPUS).join("real/xml/dgunning_374WaterForm4.xml");
    let (mut filing, _) = parse_filing(&std::fs::read(truth).unwrap()).unwrap();
    filing.issuer.name = Some("A & B <Holdings> \"Inc\"".into());
    let row = &mut filing.derivative_table.transactions[0];
    row.exercise_date = None;
    row.footnote_ids.insert("exerciseDate".into(), vec!["F1".into()]);
    let xml = to_ownership_xml(&filing);
    assert!(xml.contains("<issuerName>A &amp; B &lt;Holdings&gt; &quot;Inc&quot;</issuerName>"));
    assert!(xml.contains("<exerciseDate>\n"));
    let (back, _) = parse_filing(xml.as_bytes()).unwrap();
    assert_eq!(back, filing);
    assert_eq!(back.derivative_table.transactions[0].footnote_ids["exerciseDate"], vec!["F1".to_string()]);
}
