//! Table I (non-derivative) and Table II (derivative): header columns found
//! by fuzzy label matching, rows read cell by cell, holdings split from
//! transactions, tables followed onto the next page.

use regex::Regex;
use serde_json::{Map, Value, json};
use std::sync::LazyLock;

use crate::geometry::BBox;
use crate::geometry::{Rule, union_all};
use crate::layout::{Line, Word};
use crate::model::Filing;

use super::notes::OWNER_BOX_LABEL;
use super::page::{CellText, PageView, Span, find_labels, label_score, strip_number, MIN_LABEL_MATCH};
use super::values::{join_lines, label_key, parse_amount, parse_choice, parse_code, parse_date, split_marks};
use super::{FieldKind, FormType, Recorder};

/// Least token-set similarity (Dice, 0–1) for a header cell to name a column.
const MIN_HEADER_MATCH: f64 = 0.6;
/// Least similarity (Jaro-Winkler) for two header words to count as equal
/// (absorbs OCR slips).
const MIN_WORD_MATCH: f64 = 0.9;
/// Cells whose tops differ by less than this share a row, in points.
const ROW_ALIGN: f64 = 2.0;
/// Share of a cell's width that must fall inside a column to belong to it.
const MIN_COLUMN_OVERLAP: f64 = 0.5;
/// A cell wider than this multiple of its column's width spans several
/// columns and is not a row cell.
const MAX_CELL_TO_COLUMN: f64 = 1.5;
/// A cell wider than this share of the table is a title or note, not a row cell.
const MAX_ROW_CELL_SHARE: f64 = 0.6;
/// Least number of column borders and filled columns of a row left open
/// by a page break.
const MIN_OPEN_ROW_COLUMNS: usize = 2;
/// Largest vertical gap between consecutive rows of one table, in points.
const MAX_ROW_GAP: f64 = 3.0;

static INSTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\binstr\b[ 0-9a-z]*?(?:\d+ and \d+|\d+)").unwrap());

/// The column groups of the two tables' top header rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Title,
    ConversionPrice,
    TransactionDate,
    Deemed,
    Code,
    AcquiredDisposed,
    DerivativeAcquiredDisposed,
    ExerciseDates,
    Underlying,
    DerivativePrice,
    Owned,
    Ownership,
    Nature,
}

const GROUPS: &[(&str, Group)] = &[
    ("title of security", Group::Title),
    ("title of derivative security", Group::Title),
    ("conversion or exercise price of derivative security", Group::ConversionPrice),
    ("transaction date month day year", Group::TransactionDate),
    ("deemed execution date if any month day year", Group::Deemed),
    ("transaction code", Group::Code),
    ("securities acquired a or disposed of d", Group::AcquiredDisposed),
    ("number of derivative securities acquired a or disposed of d", Group::DerivativeAcquiredDisposed),
    ("date exercisable and expiration date month day year", Group::ExerciseDates),
    ("title and amount of securities underlying derivative security", Group::Underlying),
    ("title and amount of underlying securities", Group::Underlying),
    ("price of derivative security", Group::DerivativePrice),
    ("amount of securities beneficially owned following reported transaction s", Group::Owned),
    ("number of derivative securities beneficially owned following reported transaction s", Group::Owned),
    ("amount of securities beneficially owned at end of issuer s fiscal year", Group::Owned),
    ("amount of securities beneficially owned", Group::Owned),
    ("ownership form direct d or indirect i", Group::Ownership),
    ("ownership form of derivative security direct d or indirect i", Group::Ownership),
    ("ownership form of derivative securities direct d or indirect i", Group::Ownership),
    ("nature of indirect beneficial ownership", Group::Nature),
];

/// What a leaf column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Field(&'static str),
    /// Table II column 5's "(A)" and "(D)" halves: the amount, with the side.
    SharesSide(&'static str),
}

/// The leaf column a (group, sub-header) pair names.
fn leaf(group: Group, sub: Option<&str>) -> Option<Column> {
    use Column::*;
    Some(match (group, sub) {
        (Group::Title, _) => Field("securityTitle"),
        (Group::ConversionPrice, _) => Field("conversionOrExercisePrice"),
        (Group::TransactionDate, _) => Field("transactionDate"),
        (Group::Deemed, _) => Field("deemedExecutionDate"),
        (Group::Code, Some("v")) => Field("equitySwapInvolved"),
        (Group::Code, _) => Field("transactionCode"),
        (Group::AcquiredDisposed, Some("a or d")) => Field("acquiredDisposedCode"),
        (Group::AcquiredDisposed, Some("price")) => Field("pricePerShare"),
        (Group::AcquiredDisposed, Some("amount")) => Field("shares"),
        (Group::DerivativeAcquiredDisposed, Some("a")) => SharesSide("A"),
        (Group::DerivativeAcquiredDisposed, Some("d")) => SharesSide("D"),
        (Group::ExerciseDates, Some("date exercisable")) => Field("exerciseDate"),
        (Group::ExerciseDates, Some("expiration date")) => Field("expirationDate"),
        (Group::Underlying, Some("title")) => Field("underlyingSecurityTitle"),
        (Group::Underlying, Some("amount or number of shares")) => Field("underlyingSecurityShares"),
        (Group::DerivativePrice, _) => Field("pricePerShare"),
        (Group::Owned, _) => Field("sharesOwnedFollowingTransaction"),
        (Group::Ownership, _) => Field("directOrIndirectOwnership"),
        (Group::Nature, _) => Field("natureOfOwnership"),
        _ => return None,
    })
}

/// Sub-header texts, matched like labels.
const SUBS: &[&str] = &["code", "v", "amount", "a or d", "price", "a", "d", "date exercisable", "expiration date", "title", "amount or number of shares"];

/// A column of a table: its x-extent and what it holds.
#[derive(Debug, Clone)]
struct LeafColumn {
    x0: f64,
    x1: f64,
    column: Column,
    label_match: f64,
}

/// One table row: per leaf column, the cell read.
type Row = Vec<(LeafColumn, Option<(Span, String)>)>;

/// Read both tables into the filing.
pub fn tables(pages: &[PageView], form: FormType, filing: &mut Filing, rec: &mut Recorder) {
    let titles = |label: &str| {
        let mut found = find_labels(pages, label);
        found.sort_by(|a, b| a.page.cmp(&b.page).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
        found
    };
    for (label, derivative) in [("Table I - Non-Derivative Securities", false), ("Table II - Derivative Securities", true)] {
        let base = if derivative { "/derivativeTable" } else { "/nonDerivativeTable" };
        // Browsers repeat a table's title and header on each page it runs onto.
        let mut rows = Vec::new();
        for title in titles(label) {
            match header(&pages[title.page], title.bbox) {
                Some((columns, header_bottom)) => {
                    let continued = !rows.is_empty();
                    table_rows(pages, title.page, header_bottom, &columns, continued, &mut rows);
                }
                None => rec.warn(format!("{base}: the column headers on page {} could not be read", pages[title.page].number)),
            }
        }
        let (mut transactions, mut holdings) = (Vec::new(), Vec::new());
        for row in rows {
            let is_holding = form == FormType::Three || is_holding(&row);
            let list = if is_holding { &mut holdings } else { &mut transactions };
            let path = format!("{base}/{}/{}", if is_holding { "holdings" } else { "transactions" }, list.len());
            list.push(read_row(&row, &path, derivative, is_holding, rec));
        }
        let table = json!({"transactions": transactions, "holdings": holdings});
        if derivative {
            filing.derivative_table = serde_json::from_value(table).unwrap_or_default();
        } else {
            filing.non_derivative_table = serde_json::from_value(table).unwrap_or_default();
        }
    }
}

/// Header key: label key without the column number and "(Instr. n)" notes.
fn header_key(text: &str) -> String {
    let key = strip_number(&label_key(text));
    super::values::collapse(&INSTR.replace_all(&key, " "))
}

/// Dice similarity of two texts' word sets, words compared fuzzily.
fn token_similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let hits = |x: &[&str], y: &[&str]| x.iter().filter(|t| y.iter().any(|u| t == &u || crate::similarity::jaro_winkler_reaches(t, u, MIN_WORD_MATCH))).count();
    (hits(&a, &b) + hits(&b, &a)) as f64 / (a.len() + b.len()) as f64
}

fn best_group(text: &str) -> Option<(Group, f64)> {
    let key = header_key(text);
    GROUPS
        .iter()
        .map(|(phrase, g)| (*g, token_similarity(&key, phrase)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s >= MIN_HEADER_MATCH)
}

fn best_sub(text: &str) -> Option<(&'static str, f64)> {
    let key = label_key(text);
    SUBS.iter()
        .map(|s| (*s, if key == *s { 1.0 } else { crate::similarity::normalized_levenshtein(&key, s) }))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s >= MIN_HEADER_MATCH)
}

/// The leaf columns under a table title (top header cells, split by the
/// sub-header cells beneath them) and the bottom of the header.
fn header(page: &PageView, title: BBox) -> Option<(Vec<LeafColumn>, f64)> {
    let below: Vec<&CellText> = page.cells.iter().filter(|c| c.bbox.y0 >= title.y1 - ROW_ALIGN && !c.lines.is_empty()).collect();
    // The header is the first row of cells under the title.
    let top_y = below.iter().map(|c| c.bbox.y0).fold(f64::MAX, f64::min);
    if top_y == f64::MAX {
        return None;
    }
    let tops: Vec<(&CellText, Group, f64)> = below
        .iter()
        .filter(|c| (c.bbox.y0 - top_y).abs() < ROW_ALIGN)
        .filter_map(|c| best_group(&c.text()).map(|(g, s)| (*c, g, s)))
        .collect();
    let header_bottom = tops.iter().map(|t| t.0.bbox.y1).fold(top_y, f64::max);
    let mut columns = Vec::new();
    for (top, group, score) in &tops {
        let subs: Vec<(&CellText, &'static str, f64)> = below
            .iter()
            .filter(|c| c.bbox.y0 >= top.bbox.y1 - ROW_ALIGN && c.bbox.y1 <= header_bottom + ROW_ALIGN)
            .filter(|c| c.bbox.x0 >= top.bbox.x0 - ROW_ALIGN && c.bbox.x1 <= top.bbox.x1 + ROW_ALIGN)
            .filter_map(|c| best_sub(&c.text()).map(|(s, m)| (*c, s, m)))
            .collect();
        if subs.is_empty() {
            if let Some(column) = leaf(*group, None) {
                columns.push(LeafColumn { x0: top.bbox.x0, x1: top.bbox.x1, column, label_match: *score });
            }
        }
        for (cell, sub, sub_score) in subs {
            if let Some(column) = leaf(*group, Some(sub)) {
                columns.push(LeafColumn { x0: cell.bbox.x0, x1: cell.bbox.x1, column, label_match: score.min(sub_score) });
            }
        }
    }
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    (!columns.is_empty()).then_some((columns, header_bottom))
}

/// The data rows of a table, from below its header, onto following pages
/// while the rows there line up with the same columns.
///
/// Rows go onto `out`; `continued` says the table already had rows on an
/// earlier page (so the first row here may finish the last one there).
fn table_rows(pages: &[PageView], first_page: usize, header_bottom: f64, columns: &[LeafColumn], continued: bool, out: &mut Vec<Row>) {
    let table_x0 = columns.first().map_or(0.0, |c| c.x0);
    let table_x1 = columns.iter().map(|c| c.x1).fold(0.0, f64::max);
    let width = table_x1 - table_x0;
    let mut start_y = header_bottom;
    for (p, page) in pages.iter().enumerate().skip(first_page) {
        let mut cells: Vec<&CellText> = page
            .cells
            .iter()
            .filter(|c| c.bbox.y0 >= start_y - ROW_ALIGN && c.bbox.x1 > table_x0 && c.bbox.x0 < table_x1)
            .collect();
        cells.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
        let mut last_bottom: Option<f64> = None;
        let mut ended = false;
        let mut first_on_page = continued || p > first_page;
        let mut i = 0;
        while i < cells.len() {
            let y0 = cells[i].bbox.y0;
            let row_cells: Vec<&CellText> = cells[i..].iter().take_while(|c| (c.bbox.y0 - y0).abs() < ROW_ALIGN).copied().collect();
            i += row_cells.len();
            // A cell spanning the table, or holding a box label, is past its end.
            let spans_table = row_cells.iter().any(|c| c.bbox.width() > MAX_ROW_CELL_SHARE * width || label_score(&c.text(), OWNER_BOX_LABEL) >= MIN_LABEL_MATCH);
            let aligned = row_cells.iter().filter(|c| column_of(columns, &c.bbox).is_some()).count();
            let contiguous = last_bottom.is_none_or(|b| y0 - b <= MAX_ROW_GAP);
            if spans_table || aligned * 2 < row_cells.len() || !contiguous {
                ended = true;
                break;
            }
            last_bottom = Some(row_cells.iter().map(|c| c.bbox.y1).fold(y0, f64::max));
            if row_cells.iter().all(|c| c.lines.is_empty()) {
                continue;
            }
            let row = read_cells(page.number, columns, &row_cells);
            match out.last_mut() {
                Some(last) if first_on_page && is_fragment(&row) => finish_row(last, row),
                _ => out.push(row),
            }
            first_on_page = false;
        }
        // A row cut by the page break has no bottom rule, so no cells: its
        // words stand loose under the last ruled row.
        if !ended {
            if let Some(row) = open_row(page, columns, last_bottom.unwrap_or(start_y)) {
                match out.last_mut() {
                    Some(last) if first_on_page && is_fragment(&row) => finish_row(last, row),
                    _ => out.push(row),
                }
            }
        }
        // A table ends on its page unless its rows run to the page's end.
        if ended || (p > first_page && last_bottom.is_none()) {
            break;
        }
        start_y = 0.0;
    }
}

/// The words below `top` that stand in the table's columns, read as one
/// row; `None` when there are none or something else follows the table.
fn open_row(page: &PageView, columns: &[LeafColumn], top: f64) -> Option<Row> {
    // The row's column borders run down from the last closed row.
    let (x0, x1) = (columns.first()?.x0, columns.iter().map(|c| c.x1).fold(f64::MIN, f64::max));
    let borders: Vec<&Rule> = page
        .rules
        .iter()
        .filter(|r| !r.is_horizontal() && (r.y0.min(r.y1) - top).abs() <= ROW_ALIGN && r.x0 >= x0 - ROW_ALIGN && r.x0 <= x1 + ROW_ALIGN)
        .collect();
    if borders.len() < MIN_OPEN_ROW_COLUMNS {
        return None;
    }
    let bottom = borders.iter().map(|r| r.y0.max(r.y1)).fold(top, f64::max);
    let lines: Vec<&Line> = page.loose.iter().filter(|l| l.bbox.y0 >= top - ROW_ALIGN && l.bbox.y1 <= bottom + ROW_ALIGN).collect();
    // Each column's share of each line, so wrapped text keeps its lines.
    let mut by_column: Vec<Vec<Line>> = vec![Vec::new(); columns.len()];
    for line in &lines {
        let mut parts: Vec<Vec<Word>> = vec![Vec::new(); columns.len()];
        for word in &line.words {
            let x = word.bbox.center_x();
            // A word outside every column means the table is over.
            let i = columns.iter().position(|c| x >= c.x0 && x <= c.x1)?;
            parts[i].push(word.clone());
        }
        for (i, words) in parts.into_iter().enumerate().filter(|(_, w)| !w.is_empty()) {
            let bbox = union_all(words.iter().map(|w| &w.bbox)).unwrap_or(line.bbox);
            by_column[i].push(Line { words, bbox });
        }
    }
    if by_column.iter().filter(|l| !l.is_empty()).count() < MIN_OPEN_ROW_COLUMNS {
        return None;
    }
    Some(
        columns
            .iter()
            .zip(by_column)
            .map(|(col, lines)| {
                let read = Span::of_lines(page.number, &lines.iter().collect::<Vec<_>>()).map(|s| {
                    let text = s.text.clone();
                    (s, text)
                });
                (col.clone(), read)
            })
            .collect(),
    )
}

/// Columns of free text, which a page break may split between two pages.
const TEXT_FIELDS: &[&str] = &["securityTitle", "underlyingSecurityTitle", "natureOfOwnership"];

fn is_text_column(column: &Column) -> bool {
    matches!(column, Column::Field(f) if TEXT_FIELDS.contains(f))
}

/// A row holding nothing but free text: the rest of a row that a page
/// break cut, printed at the top of the next page.
fn is_fragment(row: &Row) -> bool {
    let filled: Vec<&LeafColumn> = row.iter().filter(|(_, r)| r.is_some()).map(|(c, _)| c).collect();
    !filled.is_empty() && filled.iter().all(|c| is_text_column(&c.column))
}

/// Append a fragment's text to the row it finishes.
fn finish_row(row: &mut Row, fragment: Row) {
    for ((_, read), (_, rest)) in row.iter_mut().zip(fragment) {
        match (read.as_mut(), rest) {
            (Some((_, text)), Some((_, more))) => *text = join_lines(&[text.as_str(), more.as_str()]),
            (None, Some(rest)) => *read = Some(rest),
            _ => {}
        }
    }
}

/// Index of the column that holds most of `bbox`'s width.
fn column_of(columns: &[LeafColumn], bbox: &BBox) -> Option<usize> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| (i, (bbox.x1.min(c.x1) - bbox.x0.max(c.x0)).max(0.0)))
        .filter(|(i, overlap)| {
            *overlap >= MIN_COLUMN_OVERLAP * bbox.width().max(f64::EPSILON) && bbox.width() <= MAX_CELL_TO_COLUMN * (columns[*i].x1 - columns[*i].x0)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

fn read_cells(page: u32, columns: &[LeafColumn], cells: &[&CellText]) -> Row {
    columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let cell = cells.iter().find(|c| column_of(columns, &c.bbox) == Some(i));
            let read = cell.and_then(|c| {
                let lines: Vec<&Line> = c.lines.iter().collect();
                Span::of_lines(page, &lines).map(|s| {
                    let text = s.text.clone();
                    (s, text)
                })
            });
            (col.clone(), read)
        })
        .collect()
}

fn cell_text<'a>(row: &'a Row, field: &str) -> Option<&'a str> {
    row.iter()
        .find(|(c, _)| matches!(c.column, Column::Field(f) if f == field))
        .and_then(|(_, r)| r.as_ref())
        .map(|(_, t)| t.as_str())
}

/// A row with no transaction date, code or amount is a holding.
fn is_holding(row: &Row) -> bool {
    let filled = |field: &str| cell_text(row, field).is_some_and(|t| !split_marks(t).text.is_empty());
    !(filled("transactionDate") || filled("transactionCode") || filled("shares") || filled_side(row).is_some())
}

/// Table II's amount: the side ("A" or "D") whose column holds more than
/// footnote marks, with that column and its cell.
fn filled_side(row: &Row) -> Option<(&'static str, &LeafColumn, &Option<(Span, String)>)> {
    row.iter().find_map(|(c, r)| match c.column {
        Column::SharesSide(side) if r.as_ref().is_some_and(|(_, t)| !split_marks(t).text.is_empty()) => Some((side, c, r)),
        _ => None,
    })
}

/// Fields a holding row keeps.
const HOLDING_FIELDS: &[&str] = &[
    "securityTitle", "conversionOrExercisePrice", "exerciseDate", "expirationDate", "underlyingSecurityTitle",
    "underlyingSecurityShares", "sharesOwnedFollowingTransaction", "directOrIndirectOwnership", "natureOfOwnership",
];
const NON_DERIVATIVE_FIELDS: &[&str] = &[
    "securityTitle", "transactionDate", "deemedExecutionDate", "transactionCode", "equitySwapInvolved", "shares",
    "pricePerShare", "acquiredDisposedCode", "sharesOwnedFollowingTransaction", "directOrIndirectOwnership", "natureOfOwnership",
];
const DERIVATIVE_ONLY_FIELDS: &[&str] =
    &["conversionOrExercisePrice", "exerciseDate", "expirationDate", "underlyingSecurityTitle", "underlyingSecurityShares"];

/// Turn one row into its JSON object, recording evidence under `path`.
fn read_row(row: &Row, path: &str, derivative: bool, holding: bool, rec: &mut Recorder) -> Value {
    let wanted: Vec<&str> = NON_DERIVATIVE_FIELDS
        .iter()
        .chain(if derivative { DERIVATIVE_ONLY_FIELDS } else { &[] })
        .copied()
        .filter(|f| !holding || HOLDING_FIELDS.contains(f))
        .collect();
    let mut object = Map::new();
    let mut notes: Map<String, Value> = Map::new();
    for field in &wanted {
        let (read, label_match) = match row.iter().find(|(c, _)| matches!(c.column, Column::Field(f) if f == *field)) {
            Some((col, read)) => (read.clone(), col.label_match),
            None if *field == "shares" => {
                // Table II: the amount sits under (A) or (D).
                filled_side(row).map_or((None, 1.0), |(_, col, read)| (read.clone(), col.label_match))
            }
            None if *field == "acquiredDisposedCode" && derivative => {
                match filled_side(row) {
                    Some((side, col, read)) => {
                        object.insert(field.to_string(), json!(side));
                        rec.put(format!("{path}/{field}"), read.as_ref().map(|r| &r.0), FieldKind::Code, Some(true), col.label_match);
                    }
                    None => {
                        object.insert(field.to_string(), Value::Null);
                        rec.put(format!("{path}/{field}"), None, FieldKind::Code, None, 1.0);
                    }
                }
                continue;
            }
            None => {
                // A column this form does not have (Form 5 has no V, Form 3
                // no transaction columns).
                let value = if *field == "equitySwapInvolved" && !holding { json!(false) } else { Value::Null };
                object.insert(field.to_string(), value);
                rec.put(format!("{path}/{field}"), None, FieldKind::Empty, None, 1.0);
                continue;
            }
        };
        let marked = read.as_ref().map(|(_, t)| split_marks(t));
        let text = marked.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        let (value, kind, format_ok) = convert(field, &text);
        let span = read.as_ref().map(|r| &r.0).filter(|_| !text.is_empty());
        object.insert(field.to_string(), value);
        rec.put(format!("{path}/{field}"), span, kind, format_ok, label_match);
        if let Some(m) = marked.filter(|m| !m.footnotes.is_empty()) {
            rec.put(format!("{path}/footnoteIds/{field}"), read.as_ref().map(|r| &r.0), FieldKind::Footnotes, Some(true), label_match);
            notes.insert(field.to_string(), json!(m.footnotes));
        }
    }
    object.insert("footnoteIds".into(), Value::Object(notes));
    Value::Object(object)
}

/// A cell's text → the field's JSON value, its kind, and whether it had the
/// expected shape (`None` for free text or empty).
fn convert(field: &str, text: &str) -> (Value, FieldKind, Option<bool>) {
    if field == "equitySwapInvolved" {
        return (json!(!text.is_empty()), FieldKind::Flag, Some(text.is_empty() || text == "V"));
    }
    if text.is_empty() {
        return (Value::Null, FieldKind::Empty, None);
    }
    let checked = |v: Option<Value>, kind| match v {
        Some(v) => (v, kind, Some(true)),
        None => (Value::Null, kind, Some(false)),
    };
    match field {
        "transactionDate" | "deemedExecutionDate" | "exerciseDate" | "expirationDate" => checked(parse_date(text).map(Value::from), FieldKind::Date),
        "shares" | "pricePerShare" | "sharesOwnedFollowingTransaction" | "conversionOrExercisePrice" | "underlyingSecurityShares" => {
            checked(parse_amount(text).map(Value::from), FieldKind::Amount)
        }
        "transactionCode" => checked(parse_code(text).map(Value::from), FieldKind::Code),
        "acquiredDisposedCode" => checked(parse_choice(text, &["A", "D"]).map(Value::from), FieldKind::Code),
        "directOrIndirectOwnership" => checked(parse_choice(text, &["D", "I"]).map(Value::from), FieldKind::Code),
        _ => (Value::from(text), FieldKind::Text, None),
    }
}
