//! Confidence: evidence and cross-field checks → calibrated probabilities.
//!
//! Each field starts from how often fields of its kind were right on the
//! dev corpus when the evidence is clean, and loses probability for each
//! piece of doubtful evidence: OCR word confidence, a failed format check,
//! a weak label match, an inferred split. Cross-field checks (owned after =
//! owned before ± amount, A/D against the code) raise or lower amounts.

use std::collections::HashMap;

use crate::form4::{Evidence, FieldKind, Mapped};
use crate::model::{FieldEntry, Filing};

/// Probability that a field of this kind is right when all evidence is clean
/// (measured on the dev corpus text families).
fn base(kind: FieldKind) -> f64 {
    match kind {
        FieldKind::Empty => 0.997,
        FieldKind::Flag => 0.995,
        FieldKind::Code => 0.998,
        FieldKind::Date => 0.998,
        FieldKind::Amount => 0.998,
        FieldKind::Footnotes => 0.998,
        FieldKind::Text => 0.99,
    }
}

/// Factor for a value that failed its format check (it is null or suspect).
const FORMAT_FAILED: f64 = 0.3;
/// Factor for a value split or joined by inference where the page is ambiguous.
const INFERRED: f64 = 0.95;
/// Probability lost per unit of label mismatch: a label that matched at all
/// found the right place; a weaker match leaves a little doubt.
const LABEL_DOUBT: f64 = 0.02;
/// How strongly OCR word confidence lowers a field: p × reading^this.
const READING_WEIGHT: f64 = 1.5;
/// Factor for an amount confirmed by the running balance of its security.
const BALANCE_CONFIRMED: f64 = 1.004;
/// Factor for an amount contradicted by the running balance.
const BALANCE_CONTRADICTED: f64 = 0.8;
/// Factor for an A/D code that contradicts its transaction code.
const SIDE_CONTRADICTED: f64 = 0.7;
/// Highest confidence given to any field.
const MAX_CONFIDENCE: f64 = 0.998;

/// The filing with a confidence for each field and the document.
#[derive(Debug, Clone)]
pub struct Scored {
    pub filing: Filing,
    pub fields: Vec<FieldEntry>,
    pub confidence: f64,
    pub warnings: Vec<String>,
}

/// Turn evidence into probabilities.
pub fn score(mapped: Mapped) -> Scored {
    let checks = cross_checks(&mapped.filing);
    let mut warnings = mapped.warnings;
    let fields: Vec<FieldEntry> = mapped
        .evidence
        .iter()
        .map(|e| {
            let factor = checks.get(e.path.as_str()).copied().unwrap_or(1.0);
            FieldEntry {
                path: e.path.clone(),
                confidence: round(field_confidence(e) * factor).min(MAX_CONFIDENCE),
                page: e.page,
                bbox: e.bbox.map(|b| b.to_array()),
                text: e.text.clone(),
            }
        })
        .collect();
    for (path, factor) in &checks {
        if *factor < 1.0 {
            warnings.push(format!("{path}: disagrees with the other fields of its row or security"));
        }
    }
    warnings.sort();
    let confidence = round(fields.iter().map(|f| f.confidence).product::<f64>());
    Scored { filing: mapped.filing, fields, confidence, warnings }
}

fn round(p: f64) -> f64 {
    (p * 10_000.0).round() / 10_000.0
}

/// One field's probability from its own evidence.
pub fn field_confidence(e: &Evidence) -> f64 {
    let mut p = base(e.kind);
    if e.format_ok == Some(false) {
        p *= FORMAT_FAILED;
    }
    if e.inferred {
        p *= INFERRED;
    }
    p *= 1.0 - LABEL_DOUBT * (1.0 - e.label_match.clamp(0.0, 1.0));
    p *= e.reading.clamp(0.0, 1.0).powf(READING_WEIGHT);
    p.clamp(0.0, 1.0)
}

/// Factors from cross-field checks, keyed by field pointer.
fn cross_checks(filing: &Filing) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    // Running balance: consecutive transactions in one security.
    let rows = &filing.non_derivative_table.transactions;
    for i in 1..rows.len() {
        let (prev, cur) = (&rows[i - 1], &rows[i]);
        if prev.security_title != cur.security_title || prev.direct_or_indirect_ownership != cur.direct_or_indirect_ownership {
            continue;
        }
        let (Some(before), Some(after), Some(shares)) = (prev.shares_owned_following_transaction, cur.shares_owned_following_transaction, cur.shares) else { continue };
        let sign = match cur.acquired_disposed_code.as_deref() {
            Some("A") => 1.0,
            Some("D") => -1.0,
            _ => continue,
        };
        let expected = before.0 + sign * shares.0;
        let factor = if (expected - after.0).abs() < 0.01 { BALANCE_CONFIRMED } else { BALANCE_CONTRADICTED };
        for field in ["shares", "sharesOwnedFollowingTransaction"] {
            out.insert(format!("/nonDerivativeTable/transactions/{i}/{field}"), factor);
        }
    }
    // A/D against the code: sales and tax withholding dispose, purchases acquire.
    for (i, row) in rows.iter().enumerate() {
        let contradicts = matches!(
            (row.transaction_code.as_deref(), row.acquired_disposed_code.as_deref()),
            (Some("S" | "F"), Some("A")) | (Some("P"), Some("D"))
        );
        if contradicts {
            out.insert(format!("/nonDerivativeTable/transactions/{i}/acquiredDisposedCode"), SIDE_CONTRADICTED);
            out.insert(format!("/nonDerivativeTable/transactions/{i}/transactionCode"), SIDE_CONTRADICTED);
        }
    }
    out
}
