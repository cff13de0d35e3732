//! `form4::eval` against `corpus/tools/score.py` on perturbed truth files:
//! the full JSON reports and the text reports must agree.

use std::path::{Path, PathBuf};
use std::process::Command;

use form4::eval::{self, Predictions, Spec};
use serde_json::{Value, json};

const CORPUS: &str = "/work/shared/corpus";
/// Absolute difference allowed between the two scorers' figures (they do the
/// same float operations; this only absorbs summation order).
const FIGURE_TOLERANCE: f64 = 1e-9;

/// A small deterministic generator (xorshift64*), so the sample is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Change one leaf the way an extractor gets things wrong.
fn perturb_leaf(v: &mut Value, rng: &mut Rng) {
    *v = match v.take() {
        Value::Number(n) => match rng.below(3) {
            0 => json!(n.as_f64().unwrap() + 1.0),
            1 => json!(format!("{n}")),
            _ => Value::Null,
        },
        Value::String(s) => match rng.below(4) {
            0 => json!(s.to_uppercase()),
            1 => json!(format!("{s} x")),
            2 => json!(format!("  {s}\n")),
            _ => Value::Null,
        },
        Value::Bool(b) => json!(!b),
        Value::Null => match rng.below(2) {
            0 => json!("stray"),
            _ => json!(0),
        },
        other => other,
    };
}

fn perturb(value: &mut Value, rng: &mut Rng, rate: f64) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "footnoteIds" {
                    if rng.chance(rate)
                        && let Some(notes) = v.as_object_mut()
                    {
                        match notes.keys().next().cloned() {
                            Some(k) if rng.chance(0.5) => {
                                notes.remove(&k);
                            }
                            _ => {
                                notes.insert("shares".into(), json!(["F9"]));
                            }
                        }
                    }
                } else {
                    perturb(v, rng, rate);
                }
            }
        }
        Value::Array(rows) => {
            if !rows.is_empty() && rng.chance(rate) {
                let k = rng.below(rows.len());
                if rng.chance(0.5) {
                    rows.remove(k);
                } else {
                    let copy = rows[k].clone();
                    rows.insert(k, copy);
                }
            }
            for row in rows {
                perturb(row, rng, rate);
            }
        }
        leaf => {
            if rng.chance(rate) {
                perturb_leaf(leaf, rng);
            }
        }
    }
}

/// JSON Pointers of every leaf (footnote lists as a whole).
fn leaves(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{pointer}/{k}");
                if k == "footnoteIds" {
                    for (note, ids) in v.as_object().into_iter().flatten() {
                        out.push(format!("{p}/{note}"));
                        if ids.as_array().is_some_and(|a| a.len() > 1) {
                            out.push(format!("{p}/{note}/1")); // an item pointer: counts for the list
                        }
                    }
                } else {
                    leaves(v, &p, out);
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, &format!("{pointer}/{i}"), out)),
        _ => out.push(pointer.to_string()),
    }
}

/// A prediction made from a truth file: values perturbed, confidences added.
fn prediction(truth: &Value, rng: &mut Rng, rate: f64) -> Value {
    let mut pred = truth.clone();
    perturb(&mut pred, rng, rate);
    let mut pointers = Vec::new();
    leaves(&pred, "", &mut pointers);
    let mut fields: Vec<Value> = pointers
        .into_iter()
        .filter_map(|path| {
            // Some fields without a confidence; the rest on a coarse grid, so ties occur.
            let confidence = (rng.unit() * 20.0).round() / 20.0;
            (!rng.chance(0.05)).then(|| json!({"path": path, "confidence": confidence}))
        })
        .collect();
    fields.push(json!({"path": "no-slash", "confidence": 0.5}));
    fields.push(json!({"path": "/issuer/name", "confidence": 1.5}));
    fields.push(json!({"path": "/unscored/thing", "confidence": 0.3}));
    fields.push(json!("not an object"));
    pred["extraction"] = json!({"fields": fields});
    pred
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("form4-eval-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compare two reports; numbers within the tolerance, everything else exactly.
fn diff(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() > FIGURE_TOLERANCE {
                out.push(format!("{path}: {x} vs {y}"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => diff(v, w, &format!("{path}/{k}"), out),
                    _ => out.push(format!("{path}/{k}: only on one side")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(v, w, &format!("{path}/{i}"), out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}

fn score_py(truth: &Path, pred: &Path, json_out: &Path, extras: bool) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(Path::new(CORPUS).join("tools/score.py"))
        .args(["--truth".as_ref(), truth.as_os_str(), "--pred".as_ref(), pred.as_os_str()])
        .args(["--json".as_ref(), json_out.as_os_str()])
        .args(["--by-family".as_ref(), Path::new(CORPUS).join("dev/manifest.json").as_os_str()]);
    if extras {
        cmd.arg("--extras");
    }
    let out = cmd.output().expect("python3 runs");
    assert!(out.status.success(), "score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Perturb every dev truth file at `rate`, then score with both tools.
fn compare_with_score_py(name: &str, seed: u64, rate: f64, extras: bool) {
    let pred_dir = temp_dir(name);
    let truth_dir = Path::new(CORPUS).join("dev");
    let mut rng = Rng(seed);
    for (i, (id, file)) in eval::list_json(&truth_dir, true).iter().enumerate() {
        let truth: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let path = pred_dir.join(format!("{id}.json"));
        match i % 50 {
            7 => continue, // no prediction
            8 => std::fs::write(&path, "{ not json").unwrap(),
            9 => std::fs::write(&path, "[1, 2]").unwrap(),
            10 => {
                // the tolerated {"data": …, "extraction": …} wrapping
                let mut pred = prediction(&truth, &mut rng, rate);
                let extraction = pred.as_object_mut().unwrap().remove("extraction").unwrap();
                std::fs::write(&path, json!({"data": pred, "extraction": extraction}).to_string()).unwrap();
            }
            _ => std::fs::write(&path, prediction(&truth, &mut rng, rate).to_string()).unwrap(),
        }
    }
    std::fs::write(pred_dir.join("no-such-truth.json"), "{}").unwrap();

    let py_json_path = pred_dir.with_extension("report.json");
    let py_text = score_py(&truth_dir, &pred_dir, &py_json_path, extras);
    let mut py_report: Value = serde_json::from_slice(&std::fs::read(&py_json_path).unwrap()).unwrap();

    let manifest = eval::load_manifest(&truth_dir.join("manifest.json")).unwrap();
    let report = eval::run(&truth_dir, Predictions::Path(pred_dir.clone()), &Spec::new(extras), Some(&manifest));
    let mut ours = serde_json::to_value(&report).unwrap();
    // Parse errors are worded by each language's JSON library.
    for r in [&mut ours, &mut py_report] {
        for u in r["unparsable_predictions"].as_array_mut().unwrap() {
            u["error"] = json!("…");
        }
    }
    let mut differences = Vec::new();
    diff(&py_report, &ours, "", &mut differences);
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(20)]
    );

    let mut text = Vec::new();
    eval::print_report(&report, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let strip = |t: &str| t.lines().filter(|l| !l.starts_with("unparsable prediction:")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&py_text), strip(&text));
    assert!(text.lines().last().unwrap().starts_with("field_f1="));
    // The sample really exercises the scorer: errors of every kind, calibration data.
    let s = &report.summary.metrics;
    assert!(s.wrong > 0 && s.missed > 0 && s.fp > 0 && s.correct > 0, "{s:?}");
    assert!(report.summary.exact_docs < report.summary.docs);
    assert_eq!(report.calibration["available"], json!(true));
    std::fs::remove_dir_all(&pred_dir).ok();
    std::fs::remove_file(&py_json_path).ok();
}

#[test]
fn agrees_with_score_py_on_lightly_perturbed_predictions() {
    compare_with_score_py("light", 0x5eed_0001, 0.02, false);
}

#[test]
fn agrees_with_score_py_on_heavily_perturbed_predictions_with_extras() {
    compare_with_score_py("heavy", 0x5eed_0002, 0.2, true);
}

#[test]
fn truth_against_itself_is_perfect() {
    let truth_dir = Path::new(CORPUS).join("dev/real-html");
    let report = eval::run(&truth_dir, Predictions::Path(truth_dir.clone()), &Spec::new(false), None);
    assert_eq!(report.summary.docs, 8);
    assert_eq!(report.summary.exact_docs, 8);
    assert_eq!(report.summary.metrics.scores.f1, 1.0);
    assert_eq!(report.calibration["available"], json!(false));
}
