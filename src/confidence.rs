//! Confidence: evidence and cross-field checks → calibrated probabilities.
//!
//! Each field starts from how often fields of its kind were right on the
//! dev corpus when the evidence is clean (on scans: also by whether a
//! second reading of its cell agreed), and loses probability for each
//! piece of doubtful evidence: OCR word confidence, a failed format check,
//! a weak label match, an inferred split. Cross-field checks (owned after =
//! owned before ± amount, A/D against the code) raise or lower amounts.

use std::collections::{HashMap, HashSet};

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

/// The same for a field read by OCR, by whether a second, restricted
/// reading of its box agreed (`Some(true)`), disagreed (`Some(false)`) or
/// was not made (measured on the dev corpus scans and a held-out set the
/// corpus generator built with another seed).
fn ocr_base(kind: FieldKind, second_reading: Option<bool>) -> f64 {
    use FieldKind::*;
    match (second_reading, kind) {
        (Some(true), Code | Date) => 0.995,
        (Some(true), Amount) => 0.985,
        (Some(true), Flag) => 0.98,
        // Both readings may misread a mark's small digit alike ("2" for "1").
        (Some(true), Footnotes) => 0.94,
        (Some(true), Empty) => 0.9,
        // Text is priced per word (see `TEXT_AGREED_PER_WORD` and
        // `DISAGREED_TEXT_FLOOR`).
        (Some(true), Text) => 1.0,
        (Some(false), Code | Footnotes) => 0.985,
        (Some(false), Date) => 0.95,
        (Some(false), Amount) => 0.9,
        (Some(false), Flag) => 0.8,
        (Some(false), Empty) => 0.6,
        (Some(false), Text) => 0.85,
        (None, Code | Date) => 0.98,
        (None, Text) => 0.95,
        (None, Flag) => 0.97,
        (None, Amount) => 0.89,
        (None, Empty) => 0.96,
        (None, Footnotes) => 0.85,
    }
}

/// Probability that a scanned field decided empty is right when its box
/// holds no ink (measured on the dev corpus scans).
const BLANK_ON_PAPER: f64 = 0.995;

/// Probability that one word of scanned free text read twice, the
/// readings agreeing, is right: a text of n words is right with this to
/// the n (measured on the dev corpus scans: one-word titles to footnotes).
const TEXT_AGREED_PER_WORD: f64 = 0.991;

/// Probability that scanned free text whose two readings disagreed is
/// right falls with its length from the one-word value's
/// (`ocr_base(Text, Some(false))`) towards this: the longer the text, the
/// likelier the difference is a misread word of it, not a speck beside it
/// (measured on the dev corpus scans: ~0.8 for one to three words, ~0.4
/// for notes of twenty and more).
const DISAGREED_TEXT_FLOOR: f64 = 0.35;
/// Share of the one-word value's excess over `DISAGREED_TEXT_FLOOR` that
/// each further word keeps.
const DISAGREED_TEXT_PER_WORD: f64 = 0.85;

/// Share of a once-read OCR field's probability that does not depend on
/// tesseract's word confidence: even words it rates near 0 are right
/// about this often.
const READING_FLOOR: f64 = 0.25;

/// Factor for a value that failed its format check (it is null or suspect).
const FORMAT_FAILED: f64 = 0.3;
/// Factor for a value split or joined by inference where the page is ambiguous.
const INFERRED: f64 = 0.95;
/// Probability lost per unit of label mismatch: a label that matched at all
/// found the right place; a weaker match leaves a little doubt.
const LABEL_DOUBT: f64 = 0.02;
/// How OCR word confidence `r` scales a once-read field:
/// p × (floor + (1 − floor) × r^this).
const READING_WEIGHT: f64 = 2.0;
/// Factor for an amount confirmed by the running balance of its security.
const BALANCE_CONFIRMED: f64 = 1.004;
/// Factor for an amount contradicted by the running balance.
const BALANCE_CONTRADICTED: f64 = 0.8;
/// Factor for an A/D code that contradicts its transaction code.
const SIDE_CONTRADICTED: f64 = 0.7;
/// Transaction codes that make up nearly all Table I rows (sales,
/// purchases, exercises, grants, tax withholding, gifts, conversions,
/// other acquisitions and dispositions).
const COMMON_TABLE_I_CODES: [&str; 10] = ["S", "P", "M", "A", "F", "G", "C", "X", "J", "D"];
/// Factor for any other code read on a scan: on the dev and held-out scans
/// every such code read ("E", "I", "K") was a common code misread.
const RARE_CODE_READ: f64 = 0.5;
/// Highest confidence given to any field.
const MAX_CONFIDENCE: f64 = 0.998;
/// Factor for a footnote mark in the tables whose note the filing lacks
/// (OCR reads "(1)" as "(4)" or "(11)" as "(41)").
const NOTE_MISSING: f64 = 0.3;

/// Factor for an owner's street, city or state left null while another
/// part of the address was read: the form prints them together, and on
/// the dev and held-out scans all 13 such nulls were misses. Not applied
/// to the postal code, which addresses abroad may lack (3 of 9 were
/// right).
const ADDRESS_PART_MISSING: f64 = 0.2;

/// Factor for every field of a Table I transaction row that holds neither
/// its amount nor the shares owned after it: every transaction prints
/// both, so the row itself is misread (a Table II row read into Table I
/// on a scan that lost its title). About half the fields of such rows were
/// wrong on held-out scans; none occurs in the dev corpus.
const ROW_INCOMPLETE: f64 = 0.5;

/// Fields EDGAR's ownership schema requires of every filing, reporting
/// owner and table row (pointers without their indices): the form prints
/// them all, so one left null was missed on the page, not left blank.
const REQUIRED_FIELDS: &[&str] = &[
    "/issuer/name",
    "/issuer/tradingSymbol",
    "/periodOfReport",
    "/reportingOwners/name",
    "/nonDerivativeTable/transactions/securityTitle",
    "/nonDerivativeTable/transactions/transactionDate",
    "/nonDerivativeTable/transactions/transactionCode",
    "/nonDerivativeTable/transactions/directOrIndirectOwnership",
    "/nonDerivativeTable/holdings/securityTitle",
    "/nonDerivativeTable/holdings/directOrIndirectOwnership",
    "/derivativeTable/transactions/securityTitle",
    "/derivativeTable/transactions/transactionDate",
    "/derivativeTable/transactions/transactionCode",
    "/derivativeTable/transactions/directOrIndirectOwnership",
    "/derivativeTable/holdings/securityTitle",
    "/derivativeTable/holdings/directOrIndirectOwnership",
];
/// Factor for a required field left null: on the dev and held-out scans
/// every one was a miss (the corpus's filings all print them).
const REQUIRED_MISSING: f64 = 0.1;

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
    let mut checks = cross_checks(&mapped.filing, mapped.ocr);
    for path in missing_required(&mapped) {
        checks
            .entry(path)
            .and_modify(|check| check.0 *= REQUIRED_MISSING)
            .or_insert((REQUIRED_MISSING, "is required of every filing but was not found"));
    }
    let incomplete = incomplete_rows(&mapped.filing);
    let mut warnings = mapped.warnings;
    let fields: Vec<FieldEntry> = mapped
        .evidence
        .iter()
        .map(|e| {
            let in_incomplete_row = incomplete.iter().any(|row| e.path.strip_prefix(row.as_str()).is_some_and(|rest| rest.starts_with('/')));
            let factor = checks.get(e.path.as_str()).map_or(1.0, |c| c.0) * if in_incomplete_row { ROW_INCOMPLETE } else { 1.0 };
            FieldEntry {
                path: e.path.clone(),
                confidence: round(field_confidence(e, mapped.ocr) * factor).min(MAX_CONFIDENCE),
                page: e.page,
                bbox: e.bbox.map(|b| b.to_array()),
                text: e.text.clone(),
            }
        })
        .collect();
    for (path, (factor, why)) in &checks {
        if *factor < 1.0 {
            warnings.push(format!("{path}: {why}"));
        }
    }
    warnings.extend(incomplete.iter().map(|row| format!("{row}: holds neither its amount nor the shares owned after it")));
    warnings.sort();
    let confidence = round(fields.iter().map(|f| f.confidence).product::<f64>());
    Scored { filing: mapped.filing, fields, confidence, warnings }
}

fn round(p: f64) -> f64 {
    (p * 10_000.0).round() / 10_000.0
}

/// One field's probability from its own evidence; `ocr` when the document
/// was read by OCR.
pub fn field_confidence(e: &Evidence, ocr: bool) -> f64 {
    let mut p = match (ocr, e.on_paper) {
        (true, true) => BLANK_ON_PAPER,
        (true, false) => ocr_base(e.kind, e.second_reading),
        (false, _) => base(e.kind),
    };
    if ocr && e.kind == FieldKind::Text {
        let words = e.text.as_deref().map_or(1, |t| t.split_whitespace().count().max(1)) as i32;
        match e.second_reading {
            Some(true) => p *= TEXT_AGREED_PER_WORD.powi(words),
            Some(false) => p = DISAGREED_TEXT_FLOOR + (p - DISAGREED_TEXT_FLOOR) * DISAGREED_TEXT_PER_WORD.powi(words - 1),
            None => {}
        }
    }
    if e.format_ok == Some(false) {
        p *= FORMAT_FAILED;
    }
    if e.inferred {
        p *= INFERRED;
    }
    p *= 1.0 - LABEL_DOUBT * (1.0 - e.label_match.clamp(0.0, 1.0));
    // Two agreeing readings outweigh tesseract's own rating of either.
    if e.second_reading.is_none() {
        p *= READING_FLOOR + (1.0 - READING_FLOOR) * e.reading.clamp(0.0, 1.0).powf(READING_WEIGHT);
    }
    p.clamp(0.0, 1.0)
}

/// Pointers of the required fields (`REQUIRED_FIELDS`) the filing leaves null.
fn missing_required(mapped: &Mapped) -> Vec<String> {
    let Ok(data) = serde_json::to_value(&mapped.filing) else { return Vec::new() };
    let unindexed = |path: &str| path.split('/').filter(|part| part.parse::<usize>().is_err()).collect::<Vec<_>>().join("/");
    mapped
        .evidence
        .iter()
        .filter(|e| REQUIRED_FIELDS.contains(&unindexed(&e.path).as_str()))
        .filter(|e| data.pointer(&e.path).is_none_or(serde_json::Value::is_null))
        .map(|e| e.path.clone())
        .collect()
}

/// Pointers of the Table I transaction rows that hold neither their
/// amount nor the shares owned after them (see `ROW_INCOMPLETE`).
fn incomplete_rows(filing: &Filing) -> Vec<String> {
    filing
        .non_derivative_table
        .transactions
        .iter()
        .enumerate()
        .filter(|(_, row)| row.shares.is_none() && row.shares_owned_following_transaction.is_none())
        .map(|(i, _)| format!("/nonDerivativeTable/transactions/{i}"))
        .collect()
}

/// Factors from cross-field checks, each with what a failed one means,
/// keyed by field pointer.
fn cross_checks(filing: &Filing, ocr: bool) -> HashMap<String, (f64, &'static str)> {
    const ROW_DISAGREES: &str = "disagrees with the other fields of its row or security";
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
            out.insert(format!("/nonDerivativeTable/transactions/{i}/{field}"), (factor, ROW_DISAGREES));
        }
    }
    // A/D against the code: sales and tax withholding dispose, purchases acquire.
    for (i, row) in rows.iter().enumerate() {
        let contradicts = matches!(
            (row.transaction_code.as_deref(), row.acquired_disposed_code.as_deref()),
            (Some("S" | "F"), Some("A")) | (Some("P"), Some("D"))
        );
        if contradicts {
            out.insert(format!("/nonDerivativeTable/transactions/{i}/acquiredDisposedCode"), (SIDE_CONTRADICTED, ROW_DISAGREES));
            out.insert(format!("/nonDerivativeTable/transactions/{i}/transactionCode"), (SIDE_CONTRADICTED, ROW_DISAGREES));
        }
    }
    // On a scan, a code Table I seldom holds is likelier a misread of a
    // common one ("E" for "F", "K" for "S") than what was printed.
    if ocr {
        for (i, row) in rows.iter().enumerate() {
            if row.transaction_code.as_deref().is_some_and(|code| !COMMON_TABLE_I_CODES.contains(&code)) {
                out.entry(format!("/nonDerivativeTable/transactions/{i}/transactionCode"))
                    .and_modify(|check: &mut (f64, &str)| check.0 *= RARE_CODE_READ)
                    .or_insert((RARE_CODE_READ, "is a code Table I seldom holds, read on a scan"));
            }
        }
    }
    // An address read in part lost the rest on the page.
    for (i, owner) in filing.reporting_owners.iter().enumerate() {
        let address = &owner.address;
        if [&address.street1, &address.city, &address.state, &address.zip_code].iter().all(|part| part.is_none()) {
            continue;
        }
        for (field, part) in [("street1", &address.street1), ("city", &address.city), ("state", &address.state)] {
            if part.is_none() {
                out.insert(format!("/reportingOwners/{i}/address/{field}"), (ADDRESS_PART_MISSING, "is missing from an address read in part"));
            }
        }
    }
    // Footnote marks point at notes the filing has.
    let notes: HashSet<&str> = filing.footnotes.iter().map(|n| n.id.as_str()).collect();
    for (row, marks) in filing.row_marks() {
        for (field, ids) in marks {
            if !notes.is_empty() && ids.iter().any(|id| !notes.contains(id.as_str())) {
                out.insert(format!("{row}/footnoteIds/{field}"), (NOTE_MISSING, "marks a footnote the filing does not have"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        cross_checks, field_confidence, ocr_base, round, score, ADDRESS_PART_MISSING, BLANK_ON_PAPER, DISAGREED_TEXT_FLOOR, NOTE_MISSING, RARE_CODE_READ, REQUIRED_MISSING, ROW_INCOMPLETE,
    };
    use crate::form4::{Evidence, FieldKind, Mapped};
    use crate::model::{Address, DerivativeHolding, Filing, Footnote, NonDerivativeTransaction, ReportingOwner};

    /// Evidence of a field at `path`: `text` read (or none), its second
    /// reading as given, every other check clean.
    fn evidence(path: &str, kind: FieldKind, text: Option<&str>, second_reading: Option<bool>) -> Evidence {
        Evidence {
            path: path.into(),
            page: None,
            bbox: None,
            text: text.map(String::from),
            reading: 1.0,
            second_reading,
            format_ok: text.map(|_| true).filter(|_| kind != FieldKind::Text),
            label_match: 1.0,
            kind,
            inferred: false,
            on_paper: false,
        }
    }

    /// The fields the cross-field checks doubt, with their factors, by pointer.
    fn doubted(filing: &Filing, ocr: bool) -> Vec<(String, f64)> {
        let mut doubted: Vec<(String, f64)> = cross_checks(filing, ocr).into_iter().map(|(path, (factor, _))| (path, factor)).collect();
        doubted.sort_by(|a, b| a.0.cmp(&b.0));
        doubted
    }

    #[test]
    fn a_scanned_blank_is_surer_where_its_box_holds_no_ink() {
        let blank = |on_paper: bool| Evidence { on_paper, ..evidence("/t/0/deemedExecutionDate", FieldKind::Empty, None, None) };
        assert_eq!(field_confidence(&blank(true), true), BLANK_ON_PAPER);
        assert_eq!(field_confidence(&blank(false), true), ocr_base(FieldKind::Empty, None));
        assert!(BLANK_ON_PAPER > ocr_base(FieldKind::Empty, None));
    }

    #[test]
    fn every_field_of_a_transaction_row_without_amount_or_holding_after_is_doubted() {
        use crate::model::Number;
        let code = |row: usize| evidence(&format!("/nonDerivativeTable/transactions/{row}/transactionCode"), FieldKind::Code, Some("M"), Some(true));
        let coded = NonDerivativeTransaction { transaction_code: Some("M".into()), ..Default::default() };
        let whole = NonDerivativeTransaction { shares: Some(Number(100.0)), shares_owned_following_transaction: Some(Number(500.0)), ..coded.clone() };
        let only_after = NonDerivativeTransaction { shares_owned_following_transaction: Some(Number(500.0)), ..coded.clone() };
        let mut rows = vec![whole; 11];
        rows[1] = coded;
        rows[2] = only_after;
        let mut filing = Filing::default();
        filing.non_derivative_table.transactions = rows;
        let evidence: Vec<Evidence> = [0, 1, 2, 10].into_iter().map(code).collect();
        let scored = score(Mapped { filing, ocr: true, evidence, warnings: Vec::new() });
        let confidence = |row: usize| scored.fields.iter().find(|f| f.path == code(row).path).map(|f| f.confidence);
        let alone = (field_confidence(&code(0), true) * 10_000.0).round() / 10_000.0;
        assert_eq!(confidence(0), Some(alone));
        assert_eq!(confidence(1), Some((field_confidence(&code(1), true) * ROW_INCOMPLETE * 10_000.0).round() / 10_000.0), "neither amount nor holding");
        assert_eq!(confidence(2), Some(alone), "the holding after it is read");
        assert_eq!(confidence(10), Some(alone), "row 10 is not row 1's");
        assert_eq!(scored.warnings, ["/nonDerivativeTable/transactions/1: holds neither its amount nor the shares owned after it"]);
    }

    #[test]
    fn a_mark_whose_note_the_filing_lacks_is_doubted() {
        let marked = |field: &str, id: &str| [(field.to_string(), vec![id.to_string()])].into_iter().collect();
        let mut filing = Filing { footnotes: vec![Footnote { id: "F1".into(), text: "Held by a trust.".into() }], ..Filing::default() };
        filing.non_derivative_table.transactions = vec![
            NonDerivativeTransaction { footnote_ids: marked("shares", "F1"), ..Default::default() },
            NonDerivativeTransaction { footnote_ids: marked("shares", "F4"), ..Default::default() },
        ];
        filing.derivative_table.holdings = vec![DerivativeHolding { footnote_ids: marked("expirationDate", "F11"), ..Default::default() }];
        assert_eq!(
            doubted(&filing, false),
            [("/derivativeTable/holdings/0/footnoteIds/expirationDate".to_string(), NOTE_MISSING), ("/nonDerivativeTable/transactions/1/footnoteIds/shares".to_string(), NOTE_MISSING)]
        );
        // Without notes read at all, nothing is doubted for them.
        filing.footnotes.clear();
        assert!(cross_checks(&filing, false).is_empty());
    }

    #[test]
    fn a_rare_table_i_code_read_on_a_scan_is_doubted() {
        let mut filing = Filing::default();
        filing.non_derivative_table.transactions = ["S", "E", "K"]
            .map(|code| NonDerivativeTransaction { transaction_code: Some(code.into()), ..Default::default() })
            .to_vec();
        let code = |row: usize| format!("/nonDerivativeTable/transactions/{row}/transactionCode");
        assert_eq!(doubted(&filing, true), [(code(1), RARE_CODE_READ), (code(2), RARE_CODE_READ)]);
        // A text layer's letter is what was printed.
        assert!(doubted(&filing, false).is_empty());
    }

    #[test]
    fn a_required_field_left_null_is_doubted_and_warned_of() {
        let empty = |path: &str| evidence(path, FieldKind::Empty, None, None);
        let mut filing = Filing::default();
        filing.issuer.name = Some("Apex Inc.".into());
        filing.derivative_table.holdings = vec![DerivativeHolding::default()];
        let paths = ["/issuer/name", "/issuer/tradingSymbol", "/periodOfReport", "/derivativeTable/holdings/0/directOrIndirectOwnership", "/remarks"];
        let scored = score(Mapped { filing, ocr: true, evidence: paths.iter().map(|p| empty(p)).collect(), warnings: Vec::new() });
        let confidence = |path: &str| scored.fields.iter().find(|f| f.path == path).map(|f| f.confidence);
        let blank = round(field_confidence(&empty("/remarks"), true));
        let missed = round(blank * REQUIRED_MISSING);
        assert_eq!(confidence("/issuer/name"), Some(blank), "read, so not missing");
        assert_eq!(confidence("/issuer/tradingSymbol"), Some(missed));
        assert_eq!(confidence("/periodOfReport"), Some(missed));
        assert_eq!(confidence("/derivativeTable/holdings/0/directOrIndirectOwnership"), Some(missed));
        assert_eq!(confidence("/remarks"), Some(blank), "remarks are optional");
        assert_eq!(
            scored.warnings,
            [
                "/derivativeTable/holdings/0/directOrIndirectOwnership: is required of every filing but was not found",
                "/issuer/tradingSymbol: is required of every filing but was not found",
                "/periodOfReport: is required of every filing but was not found",
            ]
        );
    }

    #[test]
    fn the_parts_missing_from_an_address_read_in_part_are_doubted() {
        let mut filing = Filing::default();
        let owner = |street1: Option<&str>, zip_code: Option<&str>| ReportingOwner {
            name: Some("Doe Jane".into()),
            address: Address { street1: street1.map(String::from), zip_code: zip_code.map(String::from), ..Address::default() },
            ..ReportingOwner::default()
        };
        filing.reporting_owners = vec![owner(Some("1 MAIN ST"), None), owner(None, None), owner(None, Some("89134"))];
        let address = |owner: usize, part: &str| (format!("/reportingOwners/{owner}/address/{part}"), ADDRESS_PART_MISSING);
        // An owner without any address read is left alone, and a missing
        // postal code is never doubted: addresses abroad may have none.
        assert_eq!(
            doubted(&filing, true),
            [address(0, "city"), address(0, "state"), address(2, "city"), address(2, "state"), address(2, "street1")]
        );
    }

    #[test]
    fn scanned_text_whose_readings_disagree_is_doubted_the_more_the_longer_it_is() {
        let text = |words: usize| evidence("/footnotes/0/text", FieldKind::Text, Some(&vec!["word"; words].join(" ")), Some(false));
        assert_eq!(field_confidence(&text(1), true), ocr_base(FieldKind::Text, Some(false)));
        let (two, ten, fifty) = (field_confidence(&text(2), true), field_confidence(&text(10), true), field_confidence(&text(50), true));
        assert!(ocr_base(FieldKind::Text, Some(false)) > two && two > ten && ten > fifty);
        assert!((fifty - DISAGREED_TEXT_FLOOR).abs() < 0.01, "a long note's tends to the floor: {fifty}");
    }
}
