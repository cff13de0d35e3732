//! A weighted-average price's footnote found by the range it gives. Such a
//! note ("… sold in multiple transactions at prices ranging from $37.10 to
//! $37.99, inclusive") belongs to the row whose price falls in its range;
//! on a scan the small mark after the price is often lost or misread while
//! the note's text and the price are read well.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Filing, FootnoteIds};

use super::values::printed_marks;
use super::{Evidence, FieldKind, Recorder};

/// How far a price may sit outside its note's range and still fall in it,
/// in dollars: half a cent, the rounding of a price printed to the cent.
const RANGE_SLACK: f64 = 0.005;

/// One dollar amount of a note: `$1,234.56` or `$ 7`.
const DOLLARS: &str = r"\$\s?(\d[\d,]*(?:\.\d+)?)";

/// A range of prices: two amounts, the first with its dollar sign, joined
/// by "to", "through", "and" or a dash.
static PRICE_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{DOLLARS}\s*(?:to|through|and|-|–)\s*\$?\s?(\d[\d,]*(?:\.\d+)?)")).unwrap());

/// The price ranges a note gives, each low to high.
fn ranges(text: &str) -> Vec<(f64, f64)> {
    let amount = |s: &str| s.replace(',', "").parse::<f64>().ok();
    PRICE_RANGE
        .captures_iter(text)
        .filter_map(|c| Some((amount(&c[1])?, amount(&c[2])?)))
        .filter(|(low, high)| low <= high)
        .collect()
}

/// The digits of a footnote id ("F13" → "13").
fn number(id: &str) -> &str {
    id.trim_start_matches('F')
}

/// On a scan, set each transaction's price mark to the one range note its
/// price falls in, where what was read says otherwise: a mark naming a
/// range note the price is outside of, or the note's number with a digit
/// lost ("F1" for "F13"), is replaced; a price with no mark gets one when
/// the note is not marked elsewhere in the row. Only in a filing where
/// most prices read with a range note's mark fall in its range: there the
/// notes are seen to give the ranges of the prices they mark. Each change
/// is told in a warning, and its evidence marked inferred. Nothing
/// changes where no one note's range holds the price (notes garbled, or
/// ranges that overlap).
pub fn marks_by_price_range(filing: &mut Filing, rec: &mut Recorder) {
    let notes: Vec<(String, Vec<(f64, f64)>)> =
        filing.footnotes.iter().map(|n| (n.id.clone(), ranges(&n.text))).filter(|(_, r)| !r.is_empty()).collect();
    if notes.is_empty() {
        return;
    }
    let ranges_of = |id: &str| notes.iter().find(|(n, _)| n == id).map(|(_, r)| r);
    let table = &mut filing.non_derivative_table.transactions;
    let derivative = &mut filing.derivative_table.transactions;
    let mut rows: Vec<(String, Option<f64>, &mut FootnoteIds)> = table
        .iter_mut()
        .enumerate()
        .map(|(i, r)| (format!("/nonDerivativeTable/transactions/{i}"), r.price_per_share.map(|p| p.0), &mut r.footnote_ids))
        .chain(
            derivative
                .iter_mut()
                .enumerate()
                .map(|(i, r)| (format!("/derivativeTable/transactions/{i}"), r.price_per_share.map(|p| p.0), &mut r.footnote_ids)),
        )
        .collect();
    let holds = |price: f64, ranges: &Vec<(f64, f64)>| ranges.iter().any(|(low, high)| price >= low - RANGE_SLACK && price <= high + RANGE_SLACK);
    // Each price read with a range note's mark, whether the note's range
    // holds it: the filing's own evidence that its notes give the ranges of
    // the prices they mark.
    let read_marks: Vec<bool> = rows
        .iter()
        .filter_map(|(_, price, ids)| {
            let ranges: Vec<&Vec<(f64, f64)>> = ids.get("pricePerShare")?.iter().filter_map(|id| ranges_of(id)).collect();
            (!ranges.is_empty()).then(|| price.is_some_and(|p| ranges.iter().any(|r| holds(p, r))))
        })
        .collect();
    if read_marks.iter().filter(|&&held| held).count() * 2 <= read_marks.len() {
        return;
    }
    for (row, price, ids) in rows.iter_mut() {
        let Some(price) = *price else { continue };
        let holds = |ranges: &Vec<(f64, f64)>| holds(price, ranges);
        let holding: Vec<&String> = notes.iter().filter(|(_, r)| holds(r)).map(|(id, _)| id).collect();
        let [note] = holding[..] else { continue };
        let read = ids.get("pricePerShare").cloned().unwrap_or_default();
        if read.contains(note) {
            continue;
        }
        let misread = |id: &String| {
            ranges_of(id).is_some_and(|r| !holds(r)) || (number(note).starts_with(number(id)) || number(note).ends_with(number(id)))
        };
        let replaces = !read.is_empty() && read.iter().all(misread);
        let elsewhere = ids.iter().any(|(field, marks)| field != "pricePerShare" && marks.contains(note));
        let adds = read.is_empty() && !elsewhere;
        if !(replaces || adds) {
            continue;
        }
        ids.insert("pricePerShare".into(), vec![note.clone()]);
        let path = format!("{row}/footnoteIds/pricePerShare");
        let was = if read.is_empty() { "no mark".to_string() } else { read.join(", ") };
        rec.warn(format!("{path}: the price falls in the range of note {note}, read as {was}; taken as {note}"));
        record(rec, row, &path, note);
    }
}

/// The evidence of a price mark set by its note's range: the mark read
/// there, or one new beside the price, now naming `note` and inferred.
fn record(rec: &mut Recorder, row: &str, path: &str, note: &str) {
    let price_path = format!("{row}/pricePerShare");
    let at = match rec.evidence.iter().position(|e| e.path == path) {
        Some(at) => at,
        None => {
            let Some(price) = rec.evidence.iter().position(|e| e.path == price_path) else { return };
            let entry = Evidence { path: path.to_string(), kind: FieldKind::Footnotes, format_ok: Some(true), ..rec.evidence[price].clone() };
            let after_row = rec.evidence.iter().rposition(|e| e.path.starts_with(&format!("{row}/"))).map_or(price + 1, |last| last + 1);
            rec.evidence.insert(after_row, entry);
            after_row
        }
    };
    let e = &mut rec.evidence[at];
    e.text = Some(printed_marks(&[note.to_string()]));
    e.second_reading = Some(false);
    e.inferred = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Footnote, NonDerivativeTransaction, Number};

    fn row(price: f64, marks: &[(&str, &str)]) -> NonDerivativeTransaction {
        let mut footnote_ids = FootnoteIds::new();
        for (field, id) in marks {
            footnote_ids.entry(field.to_string()).or_default().push(id.to_string());
        }
        NonDerivativeTransaction { price_per_share: Some(Number(price)), footnote_ids, ..Default::default() }
    }

    fn note(id: &str, text: &str) -> Footnote {
        Footnote { id: id.into(), text: text.into() }
    }

    fn weighted(low: &str, high: &str) -> String {
        format!("The price reported in Column 4 is a weighted average price. These shares were sold in multiple transactions at prices ranging from ${low} to ${high}, inclusive.")
    }

    #[test]
    fn a_price_mark_misread_or_lost_is_the_note_whose_range_holds_the_price() {
        let mut filing = Filing::default();
        filing.footnotes = vec![
            note("F1", "The sales were effected pursuant to a Rule 10b5-1 trading plan."),
            note("F2", &weighted("2,570.65", "2,571.65")),
            note("F3", &weighted("2,572.00", "2,572.98")),
            note("F13", &weighted("2,590.10", "2,591.00")),
        ];
        filing.non_derivative_table.transactions = vec![
            row(2571.1, &[("transactionCode", "F1"), ("pricePerShare", "F2")]),
            // F2's range does not hold the price: a misread 3.
            row(2572.5, &[("transactionCode", "F1"), ("pricePerShare", "F2")]),
            // "F1" is F13 with a digit lost.
            row(2590.5, &[("transactionCode", "F1"), ("pricePerShare", "F1")]),
            // The mark lost.
            row(2572.1, &[("transactionCode", "F1")]),
            // No note's range holds the price: left as read.
            row(2600.0, &[("transactionCode", "F1"), ("pricePerShare", "F2")]),
            row(2570.9, &[("pricePerShare", "F2")]),
            row(2590.2, &[("pricePerShare", "F13")]),
        ];
        let mut rec = Recorder::default();
        marks_by_price_range(&mut filing, &mut rec);
        let price_marks: Vec<Option<&Vec<String>>> =
            filing.non_derivative_table.transactions.iter().map(|r| r.footnote_ids.get("pricePerShare")).collect();
        let f = |id: &str| vec![id.to_string()];
        assert_eq!(price_marks, [Some(&f("F2")), Some(&f("F3")), Some(&f("F13")), Some(&f("F3")), Some(&f("F2")), Some(&f("F2")), Some(&f("F13"))]);
        assert_eq!(rec.warnings.len(), 3);
    }

    #[test]
    fn marks_stay_as_read_where_the_filing_does_not_show_its_notes_hold_their_prices() {
        let price_marks = |rows: Vec<NonDerivativeTransaction>| {
            let mut filing = Filing::default();
            filing.footnotes = vec![note("F1", &weighted("10.00", "11.00")), note("F2", &weighted("12.00", "13.00"))];
            filing.non_derivative_table.transactions = rows;
            marks_by_price_range(&mut filing, &mut Recorder::default());
            filing.non_derivative_table.transactions.iter().map(|r| r.footnote_ids.get("pricePerShare").cloned()).collect::<Vec<_>>()
        };
        // No price read with a range note's mark.
        assert_eq!(price_marks(vec![row(10.5, &[]), row(10.7, &[("shares", "F1")])]), [None, None]);
        // Marks whose notes' ranges do not hold their prices.
        let unheld = price_marks(vec![row(10.5, &[("pricePerShare", "F2")]), row(20.0, &[("pricePerShare", "F1")]), row(12.5, &[])]);
        assert_eq!(unheld, [Some(vec!["F2".to_string()]), Some(vec!["F1".to_string()]), None]);
        assert_eq!(ranges("from $1,234.5 to $1,240 and $7 - $8; $9 to $3"), [(1234.5, 1240.0), (7.0, 8.0)]);
    }
}
