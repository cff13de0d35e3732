//! Scoring predictions against ground truth: a port of
//! `corpus/tools/score.py`, number for number.
//!
//! Every leaf of the data part that `SCHEMA.md` lists is one field; each
//! non-empty `footnoteIds` entry is one more (compared as a set). Rows of each
//! list are aligned in form order by dynamic programming (maximising equal
//! fields) before comparing. Calibration pairs every predicted field that has
//! an `extraction.fields` confidence with whether it came out right.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

// ------------------------------------------------------------------ field spec

const SCALAR_FIELDS: &[&str] = &[
    "documentType",
    "periodOfReport",
    "dateOfOriginalSubmission",
    "notSubjectToSection16",
    "aff10b5One",
    "issuer.name",
    "issuer.tradingSymbol",
    "remarks",
];
const EXTRA_SCALAR_FIELDS: &[&str] = &["noSecuritiesOwned", "form3HoldingsReported", "form4TransactionsReported"];

const OWNER_FIELDS: &[&str] = &[
    "name",
    "address.street1",
    "address.street2",
    "address.city",
    "address.state",
    "address.zipCode",
    "relationship.isDirector",
    "relationship.isOfficer",
    "relationship.isTenPercentOwner",
    "relationship.isOther",
    "relationship.officerTitle",
    "relationship.otherText",
];
const CODING: &[&str] = &[
    "transactionDate",
    "deemedExecutionDate",
    "transactionCode",
    "equitySwapInvolved",
    "shares",
    "pricePerShare",
    "acquiredDisposedCode",
];
const UNDERLYING: &[&str] = &["exerciseDate", "expirationDate", "underlyingSecurityTitle", "underlyingSecurityShares"];
const OWNED: &[&str] = &["sharesOwnedFollowingTransaction", "directOrIndirectOwnership", "natureOfOwnership"];

/// A scored list: its dotted path, its fields (in groups), and the extra
/// fields scored with `--extras`.
type ListSpec = (&'static str, &'static [&'static [&'static str]], &'static [&'static str]);

/// The scored lists, in report order.
const LISTS: &[ListSpec] = &[
    ("reportingOwners", &[OWNER_FIELDS], &[]),
    ("nonDerivativeTable.transactions", &[&["securityTitle"], CODING, OWNED], &["valueOwnedFollowingTransaction"]),
    ("nonDerivativeTable.holdings", &[&["securityTitle"], OWNED], &["valueOwnedFollowingTransaction"]),
    (
        "derivativeTable.transactions",
        &[&["securityTitle", "conversionOrExercisePrice"], CODING, UNDERLYING, OWNED],
        &["totalValue", "underlyingSecurityValue", "valueOwnedFollowingTransaction"],
    ),
    (
        "derivativeTable.holdings",
        &[&["securityTitle", "conversionOrExercisePrice"], UNDERLYING, OWNED],
        &["underlyingSecurityValue", "valueOwnedFollowingTransaction"],
    ),
    ("footnotes", &[&["id", "text"]], &[]),
    ("signatures", &[&["name", "date"]], &[]),
];
/// Lists whose rows carry `footnoteIds`.
const TABLE_LISTS: &[&str] = &[
    "nonDerivativeTable.transactions",
    "nonDerivativeTable.holdings",
    "derivativeTable.transactions",
    "derivativeTable.holdings",
];
/// Fields never compared leniently (a date is right or wrong).
const DATE_FIELDS: &[&str] = &[
    "periodOfReport",
    "dateOfOriginalSubmission",
    "transactionDate",
    "deemedExecutionDate",
    "exerciseDate",
    "expirationDate",
    "date",
];
const NOTES: &str = "footnoteIds";

/// Relative difference under which two numbers are the same value.
const NUMBER_RELATIVE_TOLERANCE: f64 = 1e-9;
/// Calibration bins over [0, 1] for ECE and the reliability table.
const CALIBRATION_BINS: usize = 10;
/// Confidence levels whose share and accuracy the report gives.
const HIGH_CONFIDENCE: f64 = 0.9;
const VERY_HIGH_CONFIDENCE: f64 = 0.99;
/// Shares of the wrong fields a reviewer should catch (review load).
const REVIEW_SHARES: [(f64, &str); 2] =
    [(0.95, "review_to_catch_95pct_errors"), (0.99, "review_to_catch_99pct_errors")];
/// Slack when turning a share of errors into a count (float rounding).
const COUNT_EPSILON: f64 = 1e-9;
/// How many of the worst fields and first errors the text report lists.
const REPORT_TOP: usize = 15;
/// Characters of a value shown in the text report's error lines.
const REPORT_VALUE_CHARS: usize = 60;

/// Which fields are scored: the `SCHEMA.md` fields, optionally the extras.
#[derive(Debug, Clone)]
pub struct Spec {
    scalars: Vec<&'static str>,
    lists: Vec<(&'static str, Vec<&'static str>)>,
    extras: bool,
}

impl Spec {
    pub fn new(extras: bool) -> Spec {
        let mut scalars = SCALAR_FIELDS.to_vec();
        if extras {
            scalars.extend(EXTRA_SCALAR_FIELDS);
        }
        let lists = LISTS
            .iter()
            .map(|(name, groups, extra)| {
                let mut fields: Vec<&str> = groups.concat();
                if extras {
                    fields.extend(*extra);
                }
                (*name, fields)
            })
            .collect();
        Spec { scalars, lists, extras }
    }
}

// ------------------------------------------------------------------ normalization

/// A leaf in comparable form.
#[derive(Debug, Clone, PartialEq)]
enum Norm {
    Bool(bool),
    /// A number, kept as written (an integer prints without a fraction).
    Num(serde_json::Number),
    Str(String),
    /// A footnote-id list, as a set.
    Notes(BTreeSet<String>),
}

impl Norm {
    fn to_json(&self) -> Value {
        match self {
            Norm::Bool(b) => json!(b),
            Norm::Num(n) => Value::Number(n.clone()),
            Norm::Str(s) => json!(s),
            Norm::Notes(ids) => json!(ids),
        }
    }
}

/// Python's `str.split()` whitespace: Unicode white space plus the
/// information separators U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// NFKC, trimmed, inner whitespace collapsed.
fn norm_text(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    nfkc.split(is_py_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Comparable form of a leaf; empty strings count as null.
fn norm_value(v: Option<&Value>) -> Option<Norm> {
    match v? {
        Value::Null => None,
        Value::Bool(b) => Some(Norm::Bool(*b)),
        Value::Number(n) => Some(Norm::Num(n.clone())),
        Value::String(s) => Some(norm_text(s)).filter(|s| !s.is_empty()).map(Norm::Str),
        // A list or object where a leaf belongs: its JSON text, as score.py does.
        other => Some(Norm::Str(py_json(other))),
    }
}

fn norm_notes(v: &Value) -> Option<Norm> {
    let items = match v {
        Value::Null => return None,
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    let ids: BTreeSet<String> =
        items.into_iter().filter(|x| !x.is_null()).map(|x| norm_text(&py_str(x))).filter(|s| !s.is_empty()).collect();
    (!ids.is_empty()).then_some(Norm::Notes(ids))
}

/// Python's `str()` of a JSON value.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        other => py_json(other),
    }
}

/// `json.dumps` text (separators `", "` and `": "`, keys sorted).
fn py_json(v: &Value) -> String {
    match v {
        Value::Array(items) => format!("[{}]", items.iter().map(py_json).collect::<Vec<_>>().join(", ")),
        // serde_json's map keeps its keys sorted.
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, x)| format!("{}: {}", Value::String(k.clone()), py_json(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn as_f64(n: &serde_json::Number) -> f64 {
    n.as_f64().expect("JSON numbers are finite")
}

fn numbers_equal(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= NUMBER_RELATIVE_TOLERANCE * a.abs().max(b.abs())
}

/// Strict equality of two non-null normalized values.
fn same(t: &Norm, p: &Norm) -> bool {
    match (t, p) {
        (Norm::Num(a), Norm::Num(b)) => numbers_equal(as_f64(a), as_f64(b)),
        _ => t == p,
    }
}

fn lenient_key(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// Case-, punctuation- and spacing-insensitive strings; numbers given as text.
fn same_lenient(t: &Norm, p: &Norm, field: &str) -> bool {
    if same(t, p) {
        return true;
    }
    match (t, p) {
        (Norm::Num(a), Norm::Str(s)) => {
            let cleaned: String = s.chars().filter(|c| !matches!(c, ',' | '$' | ' ')).collect();
            cleaned.trim().parse::<f64>().is_ok_and(|b| numbers_equal(as_f64(a), b))
        }
        (Norm::Str(a), Norm::Str(b)) => {
            let last = field.rsplit('.').next().unwrap_or(field);
            !DATE_FIELDS.contains(&last) && lenient_key(a) == lenient_key(b)
        }
        _ => false,
    }
}

// ------------------------------------------------------------------ data access

fn get_path<'a>(obj: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(obj, |o, part| o.as_object()?.get(part))
}

fn get_rows<'a>(data: &'a Value, list: &str) -> Vec<Option<&'a Value>> {
    match get_path(data, list) {
        Some(Value::Array(rows)) => rows.iter().map(|r| r.is_object().then_some(r)).collect(),
        _ => Vec::new(),
    }
}

/// A row's non-null fields; footnote lists become `footnoteIds.<field>` sets.
type FlatRow = HashMap<String, Norm>;

fn flatten_row(row: Option<&Value>, fields: &[&str], with_notes: bool) -> FlatRow {
    let Some(row) = row else { return FlatRow::new() };
    let mut flat: FlatRow =
        fields.iter().filter_map(|f| norm_value(get_path(row, f)).map(|v| (f.to_string(), v))).collect();
    if with_notes && let Some(Value::Object(notes)) = row.get(NOTES) {
        for (key, ids) in notes {
            if let Some(ids) = norm_notes(ids) {
                flat.insert(format!("{NOTES}.{key}"), ids);
            }
        }
    }
    flat
}

fn pointer(list: &str, index: Option<usize>, field: &str) -> String {
    let mut parts: Vec<String> = list.split('.').map(str::to_string).collect();
    parts.extend(index.map(|i| i.to_string()));
    parts.extend(field.split('.').map(str::to_string));
    format!("/{}", parts.join("/"))
}

/// RFC 6901 pointer → canonical form; `footnoteIds/<f>/<k>` → `footnoteIds/<f>`.
fn parse_pointer(ptr: &str) -> Option<String> {
    let rest = ptr.strip_prefix('/')?;
    let mut parts: Vec<String> = rest.split('/').map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
    if let Some(k) = parts.iter().position(|p| p == NOTES)
        && parts.len() == k + 3
        && parts.last().is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        parts.pop();
    }
    Some(format!("/{}", parts.join("/")))
}

// ------------------------------------------------------------------ tallies

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Correct,
    Wrong,
    Missed,
    Fp,
    Empty,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Wrong => "wrong",
            Outcome::Missed => "missed",
            Outcome::Fp => "fp",
            Outcome::Empty => "empty",
        }
    }
}

/// Field outcome counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    correct: u64,
    wrong: u64,
    missed: u64,
    fp: u64,
    empty: u64,
    lenient_correct: u64,
}

impl Tally {
    fn add(&mut self, outcome: Outcome, lenient_ok: bool) {
        match outcome {
            Outcome::Correct => self.correct += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Missed => self.missed += 1,
            Outcome::Fp => self.fp += 1,
            Outcome::Empty => self.empty += 1,
        }
        if outcome == Outcome::Correct || lenient_ok {
            self.lenient_correct += 1;
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.correct += o.correct;
        self.wrong += o.wrong;
        self.missed += o.missed;
        self.fp += o.fp;
        self.empty += o.empty;
        self.lenient_correct += o.lenient_correct;
    }

    fn errors(&self) -> u64 {
        self.wrong + self.missed + self.fp
    }

    fn metrics(&self) -> Metrics {
        let truth = self.correct + self.wrong + self.missed;
        let pred = self.correct + self.wrong + self.fp;
        Metrics {
            correct: self.correct,
            wrong: self.wrong,
            missed: self.missed,
            fp: self.fp,
            empties: self.empty,
            truth_fields: truth,
            pred_fields: pred,
            scores: Prf::new(self.correct, pred, truth),
            lenient: Lenient { correct: self.lenient_correct, scores: Prf::new(self.lenient_correct, pred, truth) },
        }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(correct: u64, pred: u64, truth: u64) -> Prf {
        let (c, p, t) = (correct as f64, pred as f64, truth as f64);
        let precision = if pred > 0 {
            c / p
        } else if truth == 0 {
            1.0
        } else {
            0.0
        };
        let recall = if truth > 0 {
            c / t
        } else if pred == 0 {
            1.0
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Lenient {
    pub correct: u64,
    #[serde(flatten)]
    pub scores: Prf,
}

/// Counts and scores of a set of fields.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Metrics {
    pub correct: u64,
    pub wrong: u64,
    pub missed: u64,
    pub fp: u64,
    pub empties: u64,
    pub truth_fields: u64,
    pub pred_fields: u64,
    #[serde(flatten)]
    pub scores: Prf,
    pub lenient: Lenient,
}

// ------------------------------------------------------------------ alignment

/// Number of fields both rows fill with equal values.
fn pair_score(t: &FlatRow, p: &FlatRow) -> i64 {
    t.iter().filter(|(k, tv)| p.get(*k).is_some_and(|pv| same(tv, pv))).count() as i64
}

/// Order-preserving alignment maximising matched fields: pairs `(i, j)`, one
/// side `None` for an unmatched row, in form order. Rows sharing no field
/// value are never paired.
fn align(truth: &[FlatRow], pred: &[FlatRow]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (truth.len(), pred.len());
    let score: Vec<Vec<i64>> = truth.iter().map(|t| pred.iter().map(|p| pair_score(t, p)).collect()).collect();
    let mut best = vec![vec![0i64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let s = score[i - 1][j - 1];
            let diag = if s > 0 { best[i - 1][j - 1] + s } else { -1 };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(diag);
        }
    }
    let (mut pairs, mut i, mut j) = (Vec::new(), n, m);
    while i > 0 || j > 0 {
        let s = if i > 0 && j > 0 { score[i - 1][j - 1] } else { 0 };
        if i > 0 && j > 0 && s > 0 && best[i][j] == best[i - 1][j - 1] + s {
            pairs.push((Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || best[i][j] == best[i - 1][j]) {
            pairs.push((Some(i - 1), None));
            i -= 1;
        } else {
            pairs.push((None, Some(j - 1)));
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

// ------------------------------------------------------------------ one document

/// Whether a document had a usable prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Missing,
    Unparsable,
}

/// One wrong, missed or false-positive field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: String,
    pub kind: &'static str,
    pub truth_path: Option<String>,
    pub pred_path: Option<String>,
    pub truth: Value,
    pub pred: Value,
}

/// Row counts of one list in one document.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RowCounts {
    pub truth: usize,
    pub pred: usize,
    pub matched: usize,
}

struct DocScore {
    id: String,
    status: Status,
    tally: Tally,
    by_field: BTreeMap<String, Tally>,
    errors: Vec<FieldError>,
    rows: Vec<(&'static str, RowCounts)>,
    /// Predicted pointer → right, in first-seen order.
    labels: Vec<(String, bool)>,
    label_index: HashMap<String, usize>,
}

impl DocScore {
    fn new(id: &str, status: Status) -> DocScore {
        DocScore {
            id: id.to_string(),
            status,
            tally: Tally::default(),
            by_field: BTreeMap::new(),
            errors: Vec::new(),
            rows: Vec::new(),
            labels: Vec::new(),
            label_index: HashMap::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        name: &str,
        outcome: Outcome,
        t: Option<&Norm>,
        p: Option<&Norm>,
        tpath: Option<String>,
        ppath: Option<String>,
        lenient_ok: bool,
    ) {
        self.tally.add(outcome, lenient_ok);
        self.by_field.entry(name.to_string()).or_default().add(outcome, lenient_ok);
        if let Some(ptr) = &ppath {
            let right = matches!(outcome, Outcome::Correct | Outcome::Empty);
            match self.label_index.get(ptr) {
                Some(&k) => self.labels[k].1 = right,
                None => {
                    self.label_index.insert(ptr.clone(), self.labels.len());
                    self.labels.push((ptr.clone(), right));
                }
            }
        }
        if matches!(outcome, Outcome::Wrong | Outcome::Missed | Outcome::Fp) {
            let to_json = |v: Option<&Norm>| v.map(Norm::to_json).unwrap_or(Value::Null);
            self.errors.push(FieldError {
                field: name.to_string(),
                kind: outcome.name(),
                truth_path: tpath,
                pred_path: ppath,
                truth: to_json(t),
                pred: to_json(p),
            });
        }
    }

    fn exact(&self) -> bool {
        self.status == Status::Ok && self.tally.errors() == 0
    }

    fn compare_field(&mut self, name: &str, t: Option<&Norm>, p: Option<&Norm>, tpath: String, ppath: String) {
        match (t, p) {
            (None, None) => {
                let last = name.rsplit("[].").next().unwrap_or(name);
                if !last.starts_with(NOTES) {
                    self.record(name, Outcome::Empty, None, None, None, Some(ppath), false);
                }
            }
            (Some(_), None) => self.record(name, Outcome::Missed, t, p, Some(tpath), Some(ppath), false),
            (None, Some(_)) => self.record(name, Outcome::Fp, t, p, None, Some(ppath), false),
            (Some(tv), Some(pv)) if same(tv, pv) => {
                self.record(name, Outcome::Correct, t, p, Some(tpath), Some(ppath), false)
            }
            (Some(tv), Some(pv)) => {
                let lenient = same_lenient(tv, pv, name);
                self.record(name, Outcome::Wrong, t, p, Some(tpath), Some(ppath), lenient)
            }
        }
    }

    fn score_list(&mut self, list: &'static str, fields: &[&str], truth: &Value, pred: Option<&Value>) {
        let with_notes = TABLE_LISTS.contains(&list);
        let tflat: Vec<FlatRow> =
            get_rows(truth, list).into_iter().map(|r| flatten_row(r, fields, with_notes)).collect();
        let pflat: Vec<FlatRow> = pred
            .map(|p| get_rows(p, list).into_iter().map(|r| flatten_row(r, fields, with_notes)).collect())
            .unwrap_or_default();
        let pairs = align(&tflat, &pflat);
        let matched = pairs.iter().filter(|(i, j)| i.is_some() && j.is_some()).count();
        self.rows.push((list, RowCounts { truth: tflat.len(), pred: pflat.len(), matched }));
        let empty = FlatRow::new();
        for (i, j) in pairs {
            let tf = i.map_or(&empty, |i| &tflat[i]);
            let pf = j.map_or(&empty, |j| &pflat[j]);
            let notes: BTreeSet<&String> =
                tf.keys().chain(pf.keys()).filter(|k| k.starts_with(&format!("{NOTES}."))).collect();
            let order = fields.iter().map(|f| f.to_string()).chain(notes.into_iter().cloned());
            for f in order {
                let (t, p) = (tf.get(&f), pf.get(&f));
                let name = format!("{list}[].{f}");
                let tpath = i.map(|i| pointer(list, Some(i), &f));
                let ppath = j.map(|j| pointer(list, Some(j), &f));
                match (tpath, ppath) {
                    (Some(tpath), Some(ppath)) => self.compare_field(&name, t, p, tpath, ppath),
                    (tpath, ppath) => {
                        // An unmatched row: its filled fields are missed (truth) or false positives (pred).
                        if t.is_some() {
                            self.record(&name, Outcome::Missed, t, None, tpath, None, false);
                        }
                        if p.is_some() {
                            self.record(&name, Outcome::Fp, None, p, None, ppath, false);
                        }
                    }
                }
            }
        }
    }
}

fn score_document(id: &str, truth: &Value, pred: Option<&Value>, spec: &Spec, status: Status) -> DocScore {
    let mut doc = DocScore::new(id, status);
    for f in &spec.scalars {
        let t = norm_value(get_path(truth, f));
        let path = format!("/{}", f.replace('.', "/"));
        match pred {
            None => {
                if t.is_some() {
                    doc.record(f, Outcome::Missed, t.as_ref(), None, Some(path), None, false);
                }
            }
            Some(pred) => {
                let p = norm_value(get_path(pred, f));
                doc.compare_field(f, t.as_ref(), p.as_ref(), path.clone(), path);
            }
        }
    }
    for (list, fields) in &spec.lists {
        doc.score_list(list, fields, truth, pred);
    }
    doc
}

// ------------------------------------------------------------------ calibration

/// `extraction.fields` → (canonical pointer → confidence, minimum over
/// duplicates; number of unusable entries).
fn confidences(pred: &Value) -> (HashMap<String, f64>, u64) {
    let (mut out, mut bad) = (HashMap::new(), 0);
    let Some(Value::Array(fields)) = get_path(pred, "extraction.fields") else { return (out, bad) };
    for entry in fields {
        let Value::Object(entry) = entry else {
            bad += 1;
            continue;
        };
        let ptr = entry.get("path").and_then(Value::as_str).and_then(parse_pointer);
        let conf = entry.get("confidence").and_then(Value::as_f64).filter(|c| (0.0..=1.0).contains(c));
        match (ptr, conf) {
            (Some(ptr), Some(conf)) => {
                let old = out.get(&ptr).copied().unwrap_or(1.0);
                out.insert(ptr, f64::min(conf, old));
            }
            _ => bad += 1,
        }
    }
    (out, bad)
}

fn bin(conf: f64) -> usize {
    ((conf * CALIBRATION_BINS as f64) as usize).min(CALIBRATION_BINS - 1)
}

/// Expected calibration error over equal-width bins.
fn ece(items: &[(f64, bool)]) -> Option<f64> {
    if items.is_empty() {
        return None;
    }
    let mut sums = [(0usize, 0.0f64, 0usize); CALIBRATION_BINS];
    for &(conf, right) in items {
        let b = &mut sums[bin(conf)];
        b.0 += 1;
        b.1 += conf;
        b.2 += right as usize;
    }
    let total = items.len() as f64;
    Some(
        sums.iter()
            .filter(|(c, _, _)| *c > 0)
            .map(|&(c, s, r)| {
                let c = c as f64;
                c / total * (r as f64 / c - s / c).abs()
            })
            .sum(),
    )
}

fn reliability(items: &[(f64, bool)]) -> Vec<Value> {
    (0..CALIBRATION_BINS)
        .filter_map(|k| {
            let sel: Vec<&(f64, bool)> = items.iter().filter(|(c, _)| bin(*c) == k).collect();
            let n = sel.len() as f64;
            (!sel.is_empty()).then(|| {
                json!({
                    "bin": [k as f64 / CALIBRATION_BINS as f64, (k + 1) as f64 / CALIBRATION_BINS as f64],
                    "n": sel.len(),
                    "mean_confidence": sel.iter().map(|(c, _)| c).sum::<f64>() / n,
                    "accuracy": sel.iter().filter(|(_, r)| *r).count() as f64 / n,
                })
            })
        })
        .collect()
}

fn sorted_by_confidence(items: &[(f64, bool)]) -> Vec<(f64, bool)> {
    let mut ordered = items.to_vec();
    ordered.sort_by(|a, b| a.0.total_cmp(&b.0));
    ordered
}

/// P(confidence of a right field > that of a wrong one); ties count half.
fn auroc(items: &[(f64, bool)]) -> Option<f64> {
    let pos = items.iter().filter(|(_, r)| *r).count() as f64;
    let neg = items.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return None;
    }
    let ordered = sorted_by_confidence(items);
    let (mut rank_sum, mut k) = (0.0, 0);
    while k < ordered.len() {
        let end = k + ordered[k..].iter().take_while(|(c, _)| *c == ordered[k].0).count();
        let avg_rank = (k + 1 + end) as f64 / 2.0;
        rank_sum += avg_rank * ordered[k..end].iter().filter(|(_, r)| *r).count() as f64;
        k = end;
    }
    Some((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

/// Smallest set "all fields with confidence <= c" that holds `share` of the errors.
fn review_load(items: &[(f64, bool)], share: f64) -> Value {
    let errors = items.iter().filter(|(_, r)| !r).count();
    if errors == 0 {
        return json!({"fraction_reviewed": 0.0, "review_confidence_up_to": null});
    }
    let need = (share * errors as f64 - COUNT_EPSILON).ceil() as usize;
    let ordered = sorted_by_confidence(items);
    let (mut caught, mut k) = (0, 0);
    while k < ordered.len() {
        let end = k + ordered[k..].iter().take_while(|(c, _)| *c == ordered[k].0).count();
        caught += ordered[k..end].iter().filter(|(_, r)| !r).count();
        if caught >= need {
            return json!({"fraction_reviewed": end as f64 / ordered.len() as f64, "review_confidence_up_to": ordered[k].0});
        }
        k = end;
    }
    json!({"fraction_reviewed": 1.0, "review_confidence_up_to": ordered.last().map(|x| x.0)})
}

fn level(items: &[(f64, bool)], threshold: f64) -> Value {
    let sel: Vec<bool> = items.iter().filter(|(c, _)| *c >= threshold).map(|(_, r)| *r).collect();
    let accuracy = (!sel.is_empty()).then(|| sel.iter().filter(|r| **r).count() as f64 / sel.len() as f64);
    json!({"share": sel.len() as f64 / items.len() as f64, "n": sel.len(), "accuracy": accuracy})
}

fn calibration_report(items: &[(f64, bool)], stats: &BTreeMap<&'static str, u64>) -> Value {
    let mut report = if items.is_empty() {
        json!({"available": false, "reason": "no usable extraction.fields[].confidence for predicted fields"})
    } else {
        let n = items.len() as f64;
        let right = items.iter().filter(|(_, r)| *r).count();
        let mut r = json!({
            "available": true,
            "n": items.len(),
            "right": right,
            "wrong": items.len() - right,
            "mean_confidence": items.iter().map(|(c, _)| c).sum::<f64>() / n,
            "accuracy": right as f64 / n,
            "ece_10_bins": ece(items),
            "at_or_above_0.9": level(items, HIGH_CONFIDENCE),
            "at_or_above_0.99": level(items, VERY_HIGH_CONFIDENCE),
            "auroc": auroc(items),
            "reliability": reliability(items),
        });
        for (share, key) in REVIEW_SHARES {
            r[key] = review_load(items, share);
        }
        r
    };
    for (k, v) in stats {
        report[*k] = json!(v);
    }
    report
}

// ------------------------------------------------------------------ files

/// `x.truth.json` / `x.json` → `x`.
fn strip_id(path: &Path) -> String {
    let base = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    for suffix in [".truth.json", ".json"] {
        if let Some(id) = base.strip_suffix(suffix) {
            return id.to_string();
        }
    }
    path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or(base)
}

/// Files under `dir` (recursively) whose name ends with `suffix`, sorted.
pub fn find_files(dir: &Path, suffix: &str, recursive: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if recursive {
                    stack.push(path);
                }
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A directory or file → id → file. A truth directory is searched
/// recursively for `*.truth.json` and, when it holds none, read for `*.json`
/// at its top; a prediction directory is read at its top.
pub fn list_json(path: &Path, truth: bool) -> BTreeMap<String, PathBuf> {
    if path.is_file() {
        return BTreeMap::from([(strip_id(path), path.to_path_buf())]);
    }
    if truth {
        let mut nested = BTreeMap::new();
        for f in find_files(path, ".truth.json", true) {
            nested.entry(strip_id(&f)).or_insert(f);
        }
        if !nested.is_empty() {
            return nested;
        }
    }
    find_files(path, ".json", false).into_iter().map(|f| (strip_id(&f), f)).collect()
}

/// A JSON document, or why it cannot be scored.
pub fn load_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("OSError: {e}"))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| format!("JSONDecodeError: {e}"))?;
    document_value(value)
}

/// A parsed prediction as the scorer reads it: an object, `{"data": …,
/// "extraction": …}` tolerated.
pub fn document_value(value: Value) -> Result<Value, String> {
    let Value::Object(mut obj) = value else {
        return Err(format!("top level is {}, not an object", json_type(&value)));
    };
    if !obj.contains_key("documentType")
        && let Some(Value::Object(data)) = obj.get("data").cloned()
    {
        let extraction = obj.remove("extraction").unwrap_or(Value::Null);
        obj = data;
        obj.insert("extraction".into(), extraction);
    }
    Ok(Value::Object(obj))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn manifest_id(key: &str) -> String {
    let base = key.rsplit('/').next().unwrap_or(key);
    for suffix in [".truth.json", ".json", ".pdf", ".xml"] {
        if let Some(id) = base.strip_suffix(suffix) {
            return id.to_string();
        }
    }
    base.to_string()
}

/// id → family from `{id: family}`, `{id: {family}}`, `[{id, family}]`, or
/// build.py's `{"items": [...]}`.
pub fn load_manifest(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut obj: Value = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
    for key in ["documents", "items"] {
        if let Some(inner) = obj.get(key).filter(|v| v.is_array() || v.is_object()) {
            obj = inner.clone();
            break;
        }
    }
    let family = |v: &Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(py_str(other)),
    };
    let mut out = BTreeMap::new();
    match &obj {
        Value::Object(map) => {
            for (key, val) in map {
                let fam = if val.is_object() { val.get("family").cloned().unwrap_or(Value::Null) } else { val.clone() };
                if let Some(fam) = family(&fam) {
                    out.insert(manifest_id(key), fam);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if let (Some(id), Some(fam)) = (item.get("id"), item.get("family").and_then(family)) {
                    out.insert(manifest_id(&py_str(id)), fam);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

// ------------------------------------------------------------------ run

/// Where the predictions come from.
pub enum Predictions {
    /// A directory of `<id>.json` files, or one file (paired with a truth file).
    Path(PathBuf),
    /// Already made: id → the document, or why there is none.
    Loaded(BTreeMap<String, Result<Value, String>>),
}

/// One document's entry in the report.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentEntry {
    pub status: Status,
    pub exact: bool,
    pub rows: Ordered<RowCounts>,
    #[serde(flatten)]
    pub metrics: Metrics,
    pub errors: Vec<FieldError>,
}

/// A map that keeps its order when serialized.
#[derive(Debug, Clone, Default)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<T> Ordered<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub docs: usize,
    pub docs_with_prediction: usize,
    pub exact_docs: usize,
    pub exact_doc_rate: f64,
    pub row_counts_exact_rate: f64,
    pub docs_with_all_row_counts_exact: usize,
    pub scored_extras: bool,
    #[serde(flatten)]
    pub metrics: Metrics,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListEntry {
    pub truth_rows: usize,
    pub pred_rows: usize,
    pub matched_rows: usize,
    pub docs: usize,
    pub count_exact: usize,
    pub count_exact_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldEntry {
    #[serde(flatten)]
    pub metrics: Metrics,
    pub accuracy: Option<f64>,
    pub errors: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyEntry {
    pub docs: usize,
    pub exact_docs: usize,
    pub missing_or_unparsable: usize,
    #[serde(flatten)]
    pub metrics: Metrics,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub id: String,
    pub error: String,
}

/// The full report, as `score.py --json` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub summary: Summary,
    pub per_list: Ordered<ListEntry>,
    pub per_field: Ordered<FieldEntry>,
    pub documents: Ordered<DocumentEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_family: Option<Ordered<FamilyEntry>>,
    pub missing_predictions: Vec<String>,
    pub unparsable_predictions: Vec<Problem>,
    pub unreadable_truth: Vec<Problem>,
    pub extra_predictions: Vec<String>,
    pub calibration: Value,
    pub definitions: Value,
}

/// Score every truth file under `truth` against the predictions.
pub fn run(truth: &Path, predictions: Predictions, spec: &Spec, manifest: Option<&BTreeMap<String, String>>) -> Report {
    let truth_files = list_json(truth, true);
    let mut loaded = match predictions {
        Predictions::Loaded(map) => map,
        Predictions::Path(pred) => {
            let files = if truth.is_file() && pred.is_file() {
                BTreeMap::from([(strip_id(truth), pred)])
            } else {
                list_json(&pred, false)
            };
            files.into_iter().map(|(id, f)| (id, load_json(&f))).collect()
        }
    };
    let extra_predictions: Vec<String> = loaded.keys().filter(|id| !truth_files.contains_key(*id)).cloned().collect();

    let (mut docs, mut bad_truth, mut unparsable) = (Vec::new(), Vec::new(), Vec::new());
    let mut items = Vec::new();
    let mut stats: BTreeMap<&'static str, u64> = BTreeMap::new();
    for (id, file) in &truth_files {
        let truth = match load_json(file) {
            Ok(t) => t,
            Err(error) => {
                bad_truth.push(Problem { id: id.clone(), error });
                continue;
            }
        };
        match loaded.remove(id) {
            None => docs.push(score_document(id, &truth, None, spec, Status::Missing)),
            Some(Err(error)) => {
                unparsable.push(Problem { id: id.clone(), error });
                docs.push(score_document(id, &truth, None, spec, Status::Unparsable));
            }
            Some(Ok(pred)) => {
                let doc = score_document(id, &truth, Some(&pred), spec, Status::Ok);
                let (confs, bad) = confidences(&pred);
                *stats.entry("invalid_entries").or_default() += bad;
                for (ptr, right) in &doc.labels {
                    match confs.get(ptr) {
                        Some(&c) => items.push((c, *right)),
                        None => *stats.entry("predicted_fields_without_confidence").or_default() += 1,
                    }
                }
                let unmatched = confs.keys().filter(|k| !doc.label_index.contains_key(*k)).count() as u64;
                *stats.entry("entries_not_matching_a_scored_field").or_default() += unmatched;
                docs.push(doc);
            }
        }
    }
    build_report(docs, spec, manifest, bad_truth, unparsable, extra_predictions, calibration_report(&items, &stats))
}

fn build_report(
    docs: Vec<DocScore>,
    spec: &Spec,
    manifest: Option<&BTreeMap<String, String>>,
    unreadable_truth: Vec<Problem>,
    unparsable_predictions: Vec<Problem>,
    extra_predictions: Vec<String>,
    calibration: Value,
) -> Report {
    let mut total = Tally::default();
    let mut by_field: BTreeMap<String, Tally> = BTreeMap::new();
    let mut lists: Vec<(String, [usize; 5])> = Vec::new();
    let mut families: BTreeMap<String, (Tally, Vec<&DocScore>)> = BTreeMap::new();
    for d in &docs {
        total.merge(&d.tally);
        for (name, t) in &d.by_field {
            by_field.entry(name.clone()).or_default().merge(t);
        }
        for (name, r) in &d.rows {
            let k = match lists.iter().position(|(n, _)| n == name) {
                Some(k) => k,
                None => {
                    lists.push((name.to_string(), [0; 5]));
                    lists.len() - 1
                }
            };
            let agg = &mut lists[k].1;
            agg[0] += r.truth;
            agg[1] += r.pred;
            agg[2] += r.matched;
            agg[3] += 1;
            agg[4] += (r.truth == r.pred) as usize;
        }
        if let Some(manifest) = manifest {
            let fam = manifest.get(&d.id).cloned().unwrap_or_else(|| "(not in manifest)".into());
            let entry = families.entry(fam).or_default();
            entry.0.merge(&d.tally);
            entry.1.push(d);
        }
    }
    let n_docs = docs.len();
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let list_checks: usize = docs.iter().map(|d| d.rows.len()).sum();
    let lists_exact = docs.iter().flat_map(|d| &d.rows).filter(|(_, r)| r.truth == r.pred).count();
    let exact = docs.iter().filter(|d| d.exact()).count();
    let summary = Summary {
        docs: n_docs,
        docs_with_prediction: docs.iter().filter(|d| d.status == Status::Ok).count(),
        exact_docs: exact,
        exact_doc_rate: ratio(exact, n_docs),
        row_counts_exact_rate: ratio(lists_exact, list_checks),
        docs_with_all_row_counts_exact: docs.iter().filter(|d| d.rows.iter().all(|(_, r)| r.truth == r.pred)).count(),
        scored_extras: spec.extras,
        metrics: total.metrics(),
    };
    let per_list = Ordered(
        lists
            .into_iter()
            .map(|(name, [truth_rows, pred_rows, matched_rows, docs, count_exact])| {
                let count_exact_rate = ratio(count_exact, docs);
                (name, ListEntry { truth_rows, pred_rows, matched_rows, docs, count_exact, count_exact_rate })
            })
            .collect(),
    );
    let mut per_field: Vec<(String, FieldEntry)> = by_field
        .into_iter()
        .map(|(name, t)| {
            let m = t.metrics();
            let scored = m.correct + m.wrong + m.missed + m.fp;
            let accuracy = (scored > 0).then(|| m.correct as f64 / scored as f64);
            (name, FieldEntry { metrics: m, accuracy, errors: t.errors() })
        })
        .collect();
    per_field.sort_by(|a, b| b.1.errors.cmp(&a.1.errors).then_with(|| a.0.cmp(&b.0)));
    let per_family = manifest.map(|_| {
        Ordered(
            families
                .iter()
                .map(|(fam, (tally, ds))| {
                    let entry = FamilyEntry {
                        docs: ds.len(),
                        exact_docs: ds.iter().filter(|d| d.exact()).count(),
                        missing_or_unparsable: ds.iter().filter(|d| d.status != Status::Ok).count(),
                        metrics: tally.metrics(),
                    };
                    (fam.clone(), entry)
                })
                .collect(),
        )
    });
    let missing_predictions = docs.iter().filter(|d| d.status == Status::Missing).map(|d| d.id.clone()).collect();
    let documents = Ordered(
        docs.into_iter()
            .map(|d| {
                let entry = DocumentEntry {
                    status: d.status,
                    exact: d.exact(),
                    rows: Ordered(d.rows.iter().map(|(n, r)| (n.to_string(), *r)).collect()),
                    metrics: d.tally.metrics(),
                    errors: d.errors,
                };
                (d.id, entry)
            })
            .collect(),
    );
    Report {
        summary,
        per_list,
        per_field: Ordered(per_field),
        documents,
        per_family,
        missing_predictions,
        unparsable_predictions,
        unreadable_truth,
        extra_predictions,
        calibration,
        definitions: definitions(),
    }
}

fn definitions() -> Value {
    json!({
        "field": "one SCHEMA.md leaf of the data part, or one non-empty footnoteIds entry (compared as a set)",
        "correct/wrong": "truth and prediction both non-null; equal or not",
        "missed": "truth non-null, prediction null/absent (or its row unmatched, or no usable prediction file)",
        "fp": "truth null/absent (or row unmatched), prediction non-null",
        "empties": "truth and prediction both null; not part of precision/recall/F1",
        "precision": "correct / (correct + wrong + fp)",
        "recall": "correct / (correct + wrong + missed)",
        "lenient": "as above, strings compared casefolded without punctuation/spaces, numbers also accepted as text",
        "per_field.accuracy": "correct / (correct + wrong + missed + fp)",
        "row alignment": "per list, order-preserving DP maximising the number of equal non-null fields",
        "calibration": "over predicted fields (nulls included) that have extraction.fields confidences; right = correct after row alignment",
        "review load": "share of those fields with confidence <= review_confidence_up_to, the lowest cut that contains the wanted share of wrong fields",
    })
}

// ------------------------------------------------------------------ output

fn fmt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "  n/a".to_string(), |x| format!("{x:.digits$}"))
}

fn short(v: &Value) -> String {
    py_json(v).chars().take(REPORT_VALUE_CHARS).collect()
}

/// The text report of `score.py`, ending with the line
/// `field_f1=… docs=… exact_docs=… ece=…`.
pub fn print_report(r: &Report, w: &mut dyn Write) -> std::io::Result<()> {
    let s = &r.summary;
    let m = &s.metrics;
    writeln!(
        w,
        "documents: {}  with prediction: {}  missing: {}  unparsable: {}{}",
        s.docs,
        s.docs_with_prediction,
        r.missing_predictions.len(),
        r.unparsable_predictions.len(),
        if s.scored_extras { "  (extras scored)" } else { "" }
    )?;
    writeln!(
        w,
        "fields: truth {}  pred {}  correct {}  wrong {}  missed {}  false+ {}  empties {}",
        m.truth_fields, m.pred_fields, m.correct, m.wrong, m.missed, m.fp, m.empties
    )?;
    writeln!(
        w,
        "precision {}  recall {}  F1 {}   lenient F1 {}",
        fmt(Some(m.scores.precision), 4),
        fmt(Some(m.scores.recall), 4),
        fmt(Some(m.scores.f1), 4),
        fmt(Some(m.lenient.scores.f1), 4)
    )?;
    writeln!(
        w,
        "exact documents {}/{} ({})   row counts exact {} of lists, {}/{} documents\n",
        s.exact_docs,
        s.docs,
        fmt(Some(s.exact_doc_rate), 3),
        fmt(Some(s.row_counts_exact_rate), 3),
        s.docs_with_all_row_counts_exact,
        s.docs
    )?;
    writeln!(w, "{:34} {:>6} {:>6} {:>7} {:>8}", "list", "truth", "pred", "matched", "count ok")?;
    for (name, c) in &r.per_list.0 {
        writeln!(
            w,
            "{name:34} {:6} {:6} {:7} {:>8}",
            c.truth_rows,
            c.pred_rows,
            c.matched_rows,
            fmt(Some(c.count_exact_rate), 3)
        )?;
    }
    let worst: Vec<_> = r.per_field.0.iter().filter(|(_, v)| v.errors > 0).take(REPORT_TOP).collect();
    if !worst.is_empty() {
        writeln!(w, "\n{:64} {:>6} {:>6} {:>6} {:>6}", "fields with most errors", "acc", "wrong", "missed", "false+")?;
        for (name, v) in worst {
            writeln!(
                w,
                "{name:64} {:>6} {:6} {:6} {:6}",
                fmt(v.accuracy, 3),
                v.metrics.wrong,
                v.metrics.missed,
                v.metrics.fp
            )?;
        }
    }
    let errs: Vec<(&String, &FieldError)> =
        r.documents.0.iter().flat_map(|(id, d)| d.errors.iter().map(move |e| (id, e))).collect();
    if !errs.is_empty() {
        writeln!(
            w,
            "\nfirst {} of {} field errors (all of them in the --json report):",
            REPORT_TOP.min(errs.len()),
            errs.len()
        )?;
        for (id, e) in errs.iter().take(REPORT_TOP) {
            let path = e.pred_path.as_ref().or(e.truth_path.as_ref()).map_or("None", |p| p.as_str());
            writeln!(w, "  {id}  {:6} {path}  truth={}  pred={}", e.kind, short(&e.truth), short(&e.pred))?;
        }
    }
    if let Some(families) = &r.per_family {
        writeln!(w, "\n{:24} {:>5} {:>5} {:>7} {:>7} {:>7}", "family", "docs", "exact", "F1", "recall", "prec")?;
        for (fam, v) in &families.0 {
            let fam: String = fam.chars().take(24).collect();
            writeln!(
                w,
                "{fam:24} {:5} {:5} {:>7} {:>7} {:>7}",
                v.docs,
                v.exact_docs,
                fmt(Some(v.metrics.scores.f1), 4),
                fmt(Some(v.metrics.scores.recall), 4),
                fmt(Some(v.metrics.scores.precision), 4)
            )?;
        }
    }
    let c = &r.calibration;
    write!(w, "\ncalibration: ")?;
    let ece = if c["available"].as_bool() == Some(true) {
        let (hi, top) = (&c["at_or_above_0.9"], &c["at_or_above_0.99"]);
        writeln!(
            w,
            "{} fields  ECE {}  AUROC {}",
            c["n"],
            fmt(c["ece_10_bins"].as_f64(), 3),
            fmt(c["auroc"].as_f64(), 3)
        )?;
        writeln!(
            w,
            "  conf>=0.90: share {} accuracy {}   conf>=0.99: share {} accuracy {}",
            fmt(hi["share"].as_f64(), 3),
            fmt(hi["accuracy"].as_f64(), 3),
            fmt(top["share"].as_f64(), 3),
            fmt(top["accuracy"].as_f64(), 3)
        )?;
        writeln!(
            w,
            "  review load to catch 95% / 99% of errors: {} / {}",
            fmt(c["review_to_catch_95pct_errors"]["fraction_reviewed"].as_f64(), 3),
            fmt(c["review_to_catch_99pct_errors"]["fraction_reviewed"].as_f64(), 3)
        )?;
        c["ece_10_bins"].as_f64()
    } else {
        writeln!(w, "skipped ({})", c["reason"].as_str().unwrap_or(""))?;
        None
    };
    if !r.missing_predictions.is_empty() {
        writeln!(w, "missing predictions: {}", r.missing_predictions.join(", "))?;
    }
    for u in &r.unparsable_predictions {
        writeln!(w, "unparsable prediction: {}: {}", u.id, u.error)?;
    }
    for u in &r.unreadable_truth {
        writeln!(w, "unreadable truth (skipped): {}: {}", u.id, u.error)?;
    }
    if !r.extra_predictions.is_empty() {
        writeln!(w, "predictions without truth (ignored): {}", r.extra_predictions.len())?;
    }
    writeln!(
        w,
        "field_f1={:.4} docs={} exact_docs={} ece={}",
        m.scores.f1,
        s.docs,
        s.exact_docs,
        ece.map_or_else(|| "nan".to_string(), |e| format!("{e:.3}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, Norm)]) -> FlatRow {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn alignment_skips_a_dropped_row() {
        let a = row(&[("x", Norm::Num(1.into()))]);
        let b = row(&[("x", Norm::Num(2.into()))]);
        let c = row(&[("x", Norm::Num(3.into()))]);
        let pairs = align(&[a.clone(), b, c.clone()], &[a, c]);
        assert_eq!(pairs, vec![(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]);
    }

    #[test]
    fn pointers_to_footnote_list_items_name_the_list() {
        assert_eq!(parse_pointer("/a/0/footnoteIds/shares/1").as_deref(), Some("/a/0/footnoteIds/shares"));
        assert_eq!(parse_pointer("/x~1y").as_deref(), Some("/x/y"));
        assert_eq!(parse_pointer("x"), None);
    }

    #[test]
    fn calibration_figures() {
        let items = [(0.95, true), (0.95, false), (0.5, true), (0.2, false)];
        // bins: 9 -> 2 items, mean 0.95, accuracy 0.5; 5 -> 0.5 vs 1; 2 -> 0.2 vs 0.
        let expected = 0.5 * 0.45 + 0.25 * 0.5 + 0.25 * 0.2;
        assert!((ece(&items).unwrap() - expected).abs() < 1e-12);
        assert_eq!(auroc(&items), Some(0.625));
        assert_eq!(review_load(&items, 0.95)["fraction_reviewed"], json!(1.0));
    }

    #[test]
    fn lenient_comparison_ignores_case_and_punctuation_but_not_dates() {
        let (a, b) = (Norm::Str("Common Stock".into()), Norm::Str("COMMON-STOCK".into()));
        assert!(same_lenient(&a, &b, "nonDerivativeTable.transactions[].securityTitle"));
        let (d1, d2) = (Norm::Str("2024-01-02".into()), Norm::Str("20240102".into()));
        assert!(!same_lenient(&d1, &d2, "periodOfReport"));
        assert!(same_lenient(
            &Norm::Num(serde_json::Number::from_f64(1234.5).unwrap()),
            &Norm::Str("$1,234.50".into()),
            "shares"
        ));
    }
}
