//! Table I (non-derivative) and Table II (derivative): header columns found
//! by fuzzy label matching (misread ones by the form's column order), rows
//! read cell by cell, scanned cells of dates, amounts and codes read a
//! second time, holdings split from transactions, tables followed onto the
//! next page.

use regex::Regex;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::geometry::BBox;
use crate::geometry::{Rule, union_all};
use crate::layout::{Line, Word};
use crate::model::Filing;
use crate::ocr::{CellRequest, Charset, PageImages, Reading, Separator, Shape, letter_votes};

use super::notes::OWNER_BOX_LABEL;
use super::readings::{merged_words, weighed, without_stray_marks, word_confidences, LOWER_LIKE_CAPITAL};
use super::titles::title_read;
use super::page::{CellText, Found, PageView, Span, find_labels, label_score, strip_number, MIN_LABEL_MATCH};
use super::values::{Marked, join_lines, label_key, parse_amount, parse_choice, parse_code, parse_date, printed_marks, repaired_date, split_marks};
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

/// A number whose only separator is a point before three digits.
static COMMA_OR_POINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\$?\d{1,3}\.\d{3}$").unwrap());
/// A share count in thousands groups followed by what is left of its
/// footnote marks ("69,0642x0x4" for "69,064⁽²⁾⁽³⁾⁽⁴⁾"): a group has
/// three digits, so what follows the last is no part of the count. A
/// speck before it ("-74,213000K)") is no minus sign: counts are never
/// negative.
static COUNT_BEFORE_GARBLED_MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-'.]?(\d{1,3}(?:, ?\d{3})+)([^,.]{1,12})$").unwrap());
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

/// What a row holds in one column.
#[derive(Debug, Clone)]
struct RowCell {
    column: LeafColumn,
    /// Page number and box of the cell (of an open row: the column's
    /// share of the row); `None` when the row has no cell there.
    area: Option<(u32, BBox)>,
    /// What was read, and its text (a fragment's text may be joined on).
    read: Option<(Span, String)>,
    /// The words read there, each with the reader's confidence (0–1), to
    /// weigh against a second reading word by word.
    words: Vec<(String, f64)>,
    /// Nothing was read and the scanned cell holds no ink.
    paper_only: bool,
}

impl RowCell {
    /// A row's cell holding `lines` (none when the row has no cell there).
    fn of_lines(column: &LeafColumn, page: u32, area: Option<BBox>, lines: &[&Line]) -> RowCell {
        let read = Span::of_lines(page, lines).map(|s| {
            let text = s.text.clone();
            (s, text)
        });
        let words = word_confidences(lines.iter().copied());
        RowCell { column: column.clone(), area: area.map(|bbox| (page, bbox)), read, words, paper_only: false }
    }
}

/// One table row: per leaf column, the cell read.
type Row = Vec<RowCell>;

/// The printed titles of the two tables.
pub const TABLE_I_TITLE: &str = "Table I - Non-Derivative Securities";
pub const TABLE_II_TITLE: &str = "Table II - Derivative Securities";
/// What a table's row cell never holds: box 1's label (a further owner's
/// box below the table), Table II's title and its first column's header.
const TABLE_ENDS: &[&str] = &[OWNER_BOX_LABEL, TABLE_II_TITLE, "Title of Derivative Security"];

/// Read both tables into the filing.
pub fn tables(pages: &[PageView], images: &PageImages, form: FormType, filing: &mut Filing, rec: &mut Recorder) {
    const TITLES: [(&str, bool); 2] = [(TABLE_I_TITLE, false), (TABLE_II_TITLE, true)];
    let mut titles = TITLES.map(|(label, _)| find_labels(pages, label));
    keep_the_better_title(&mut titles);
    garbled_titles(pages, form, &mut titles);
    for found in &mut titles {
        found.sort_by(|a, b| a.page.cmp(&b.page).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
    }
    // Every table title ends the table above it, whether or not rules
    // close that table off.
    let title_tops: Vec<(usize, f64)> = titles.iter().flatten().map(|t| (t.page, t.bbox.y0)).collect();
    let mut tables = Vec::new();
    for ((_, derivative), found) in TITLES.into_iter().zip(&titles) {
        let base = if derivative { "/derivativeTable" } else { "/nonDerivativeTable" };
        // Browsers repeat a table's title and header on each page it runs onto.
        let mut rows = Vec::new();
        for title in found {
            match header(&pages[title.page], title.bbox, group_order(form, derivative)) {
                Some((columns, header_bottom)) => {
                    let continued = !rows.is_empty();
                    if let Some(last) = rows.last_mut()
                        && let Some(carried) = carried_row(&pages[title.page], title.bbox, &columns, header_bottom)
                    {
                        finish_row(last, carried);
                    }
                    table_rows(pages, title.page, header_bottom, &columns, continued, &title_tops, &mut rows);
                }
                None => rec.warn(format!("{base}: the column headers on page {} could not be read", pages[title.page].number)),
            }
        }
        tables.push((base, derivative, rows));
    }
    read_again(tables.iter_mut().flat_map(|(_, _, rows)| rows.iter_mut()), images);
    spell_titles_alike(tables.iter_mut().flat_map(|(_, _, rows)| rows.iter_mut()));
    let prices_dollared = tables
        .iter()
        .flat_map(|(_, _, rows)| rows.iter().flatten())
        .any(|c| matches!(c.column.column, Column::Field(f) if PRICE_FIELDS.contains(&f)) && c.read.as_ref().is_some_and(|(_, t)| t.contains('$')));
    for (base, derivative, rows) in tables {
        let (mut transactions, mut holdings) = (Vec::new(), Vec::new());
        for row in rows {
            let is_holding = form == FormType::Three || is_holding(&row);
            let list = if is_holding { &mut holdings } else { &mut transactions };
            let path = format!("{base}/{}/{}", if is_holding { "holdings" } else { "transactions" }, list.len());
            list.push(read_row(&row, &path, Layout { derivative, holding: is_holding, prices_dollared }, rec));
        }
        let table = json!({"transactions": transactions, "holdings": holdings});
        if derivative {
            filing.derivative_table = serde_json::from_value(table).unwrap_or_default();
        } else {
            filing.non_derivative_table = serde_json::from_value(table).unwrap_or_default();
        }
    }
}

/// A line found as both tables' title is the title it matches better: a
/// scan that loses Table I's "I" ("Table - Non-Derivative Securities")
/// leaves a line near enough to Table II's title too.
fn keep_the_better_title(titles: &mut [Vec<Found>; 2]) {
    let same = |a: &Found, b: &Found| a.page == b.page && a.bbox == b.bbox;
    let [first, second] = titles;
    let beaten = |found: &Found, others: &[Found]| others.iter().any(|o| same(found, o) && o.score > found.score);
    let (first_kept, second_kept): (Vec<Found>, Vec<Found>) = (
        first.iter().filter(|f| !beaten(f, second)).copied().collect(),
        second.iter().filter(|f| !beaten(f, first)).copied().collect(),
    );
    *first = first_kept;
    *second = second_kept;
}

/// Least label score (0–1) of a table title OCR garbled, taken only on a
/// scanned page where no title was found and the table's column headers
/// read under it.
const MIN_GARBLED_TITLE_MATCH: f64 = 0.6;

/// Add to `titles` (Table I's, Table II's) the titles OCR garbled past
/// finding on scanned pages where that table's title was not found, as a
/// title repeated on a page the table runs onto often is: a line that
/// matches one title better than the other, with that table's column
/// headers under it.
fn garbled_titles(pages: &[PageView], form: FormType, titles: &mut [Vec<Found>; 2]) {
    for (p, page) in pages.iter().enumerate().filter(|(_, page)| page.ocr) {
        for line in &page.lines {
            let text = line.text();
            let scores = [label_score(&text, TABLE_I_TITLE), label_score(&text, TABLE_II_TITLE)];
            let table = usize::from(scores[1] > scores[0]);
            let score = scores[table];
            let found_on_page = titles[table].iter().any(|t| t.page == p);
            let garbled = !found_on_page && (MIN_GARBLED_TITLE_MATCH..MIN_LABEL_MATCH).contains(&score) && scores[1 - table] < score;
            if garbled && header(page, line.bbox, group_order(form, table == 1)).is_some() {
                titles[table].push(Found { page: p, cell: page.cell_at(&line.bbox), bbox: line.bbox, score });
            }
        }
    }
}

/// Least ink in a cell where OCR found no words for the cell to be read
/// again, in square points (about a small capital letter).
const MIN_CELL_INK: f64 = 2.0;

/// The characters a column's values are printed with, for columns whose
/// values have a checkable shape.
fn charset(column: &Column) -> Option<Charset> {
    match column {
        Column::SharesSide(_) => Some(Charset::Number),
        Column::Field(field) if DATE_FIELDS.contains(field) => Some(Charset::Date),
        Column::Field(field) if AMOUNT_FIELDS.contains(field) => Some(Charset::Number),
        Column::Field(field) if CODE_FIELDS.contains(field) => Some(Charset::Code),
        Column::Field(field) if TEXT_FIELDS.contains(field) => Some(Charset::Text),
        Column::Field(_) => None,
    }
}

/// Read the scanned cells of checkable columns a second time, alone and
/// restricted to their characters (tesseract often misses a lone letter
/// or misreads small type in context), and keep the reading that fits.
fn read_again<'a>(rows: impl Iterator<Item = &'a mut Row>, images: &PageImages) {
    if images.is_empty() {
        return;
    }
    let mut cells: Vec<&mut RowCell> = Vec::new();
    let mut requests = Vec::new();
    for cell in rows.flat_map(|row| row.iter_mut()) {
        let Some((page, bbox)) = cell.area else { continue };
        // The ink of a cell nothing was read in, measured once: it says
        // both whether the cell is blank paper and whether to read it again.
        let inked = cell.read.is_none() && images.ink(page, bbox).is_some_and(|ink| ink >= MIN_CELL_INK);
        cell.paper_only = cell.read.is_none() && images.has_page(page) && !inked;
        let Some(charset) = charset(&cell.column.column) else { continue };
        // Free text is read again where it was read once, but not when a
        // page break's fragment was joined on (the cell holds only part
        // of it), and where the page's reading missed inked words.
        let wanted = match (&cell.read, charset) {
            (Some((span, text)), Charset::Text) => span.text == *text,
            (read, _) => read.is_some() || inked,
        };
        if images.has_page(page) && wanted {
            requests.push(CellRequest { page, bbox, charset });
            cells.push(cell);
        }
    }
    let readings = images.reread(&requests);
    for ((cell, second), request) in cells.iter_mut().zip(readings).zip(&requests) {
        let first = cell.read.take();
        cell.read = two_readings(&cell.column.column, first, &cell.words, second, request);
        if request.charset == Charset::Number {
            separators_as_printed(&cell.column.column, &mut cell.read, images);
        }
    }
    letters_by_shape(&mut cells, &requests, images);
    // A blank date or amount with only its footnote mark: the small mark
    // reads garbled ("a)", "Q2)") or not at all; such cells are read once
    // more as a mark. (A cell read again is inked or was read.)
    let garbled_mark = |cell: &RowCell| {
        let numeric = matches!(charset(&cell.column.column), Some(Charset::Date | Charset::Number));
        let Some((span, text)) = &cell.read else { return numeric };
        let left = split_marks(text).text;
        let printed = left.chars().filter(|c| !c.is_whitespace()).count();
        numeric && span.second_reading.is_some() && checked_value(&cell.column.column, text).is_none() && printed <= MAX_GARBLED_MARK_CHARS
    };
    let (marked, requests): (Vec<&mut RowCell>, Vec<CellRequest>) = cells
        .into_iter()
        .zip(requests)
        .filter(|(cell, _)| garbled_mark(cell))
        .map(|(cell, request)| (cell, CellRequest { charset: Charset::Mark, ..request }))
        .unzip();
    for ((cell, reading), request) in marked.into_iter().zip(images.reread(&requests)).zip(&requests) {
        let lone = |(text, confidence): &(String, f64)| is_lone_mark(text) && *confidence >= MIN_LONE_MARK_CONFIDENCE;
        let Some((mark, confidence)) = reading.map(|r| (r.text().replace(' ', ""), r.confidence())).filter(lone) else { continue };
        let span = match cell.read.take() {
            Some((span, _)) => Span { text: mark.clone(), reading: confidence, second_reading: Some(false), ..span },
            None => Span { page: request.page, bbox: request.bbox, text: mark.clone(), reading: confidence, second_reading: Some(false) },
        };
        cell.read = Some((span, mark));
    }
}

/// Reading confidence (0–1) of an I told by its upright stroke alone, no
/// print in the document like it: what a lone reading of a letter is
/// worth, no second reading agreeing.
const STROKE_ONLY_READING: f64 = 0.75;

/// Columns of one-letter values.
const LETTER_FIELDS: &[&str] = &["transactionCode", "acquiredDisposedCode", "directOrIndirectOwnership"];

/// One-letter cells told by the shape of their ink, against the prints
/// of letters read in the document's letter columns (see
/// [`crate::ocr::letter_votes`]): a cell both readings left unread (an
/// `s` in small type, a speckled `D`) takes the letter its ink matches,
/// a letter read where most prints of its shape were read as another
/// (an `I` among `S`s) is taken for that other, and one read where its
/// look-alikes are split between letters (a `P` beside an `M` of the same
/// shape) keeps its share of their votes as its reading's confidence.
fn letters_by_shape(cells: &mut [&mut RowCell], requests: &[CellRequest], images: &PageImages) {
    let letter_column = |cell: &RowCell| matches!(cell.column.column, Column::Field(field) if LETTER_FIELDS.contains(&field));
    let letter = |cell: &RowCell| {
        let (span, text) = cell.read.as_ref()?;
        checked_value(&cell.column.column, text)?;
        let value = split_marks(text).text;
        let mut chars = value.chars();
        let letter = chars.next().filter(char::is_ascii_uppercase)?;
        (chars.next().is_none() && span.second_reading.is_some()).then_some(letter)
    };
    let shapes: Vec<Option<Shape>> = cells
        .iter()
        .zip(requests)
        .map(|(cell, at)| letter_column(cell).then(|| images.letter_shape(at.page, at.bbox)).flatten())
        .collect();
    let known: Vec<(Shape, char)> = cells.iter().zip(&shapes).filter_map(|(cell, shape)| Some((shape.clone()?, letter(cell)?))).collect();
    for ((cell, at), shape) in cells.iter_mut().zip(requests).zip(shapes) {
        let Some(shape) = shape else { continue };
        let column = &cell.column.column;
        let read = letter(cell);
        let unread = cell.read.as_ref().is_none_or(|(_, text)| checked_value(column, text).is_none());
        if read.is_none() && !unread {
            continue;
        }
        let fits = known.iter().filter(|(_, l)| checked_value(column, &l.to_string()).is_some());
        let votes = letter_votes(&shape, fits);
        let (letter, reading) = match (votes.winner(), read) {
            (Some((winner, similarity)), _) if Some(winner) != read => (winner, similarity),
            // Prints of its shape were read as other letters too, none by
            // a clear majority: the reading is only as sure as its share.
            (None, Some(read)) if votes.share(read) < 1.0 => (read, votes.share(read)),
            // No print like it: in the D/I column an upright stroke is an I.
            (None, None) if votes.is_empty() && upright_is_i(column) && shape.is_upright_stroke() => ('I', STROKE_ONLY_READING),
            _ => continue,
        };
        // The footnote marks read after the letter stay; where the
        // readings garbled them too, they are read on their own.
        let (span, marks) = match cell.read.take() {
            Some((span, text)) => (span, printed_marks(&split_marks(&text).footnotes)),
            None => (Span::place(at.page, at.bbox), String::new()),
        };
        let marks = if marks.is_empty() { images.raised_marks(at.page, at.bbox) } else { marks };
        let text = format!("{letter}{marks}");
        cell.read = Some((Span { text: text.clone(), reading, second_reading: None, ..span }, text));
    }
}

/// A scanned number with its separators as the image shows them: OCR
/// takes a comma for a point and back ("61.386" for 61,386 shares), and
/// both readings may make the same slip. Where the image shows as many
/// separators as the text holds, each takes its printed shape, if the
/// number still has its column's shape; the reading then counts as
/// disputed.
fn separators_as_printed(column: &Column, read: &mut Option<(Span, String)>, images: &PageImages) {
    let Some((span, text)) = read.as_mut() else { return };
    let Some(shapes) = images.separators(span.page, span.bbox) else { return };
    let Some(printed) = with_separators(text, &shapes).filter(|p| checked_value(column, p).is_some()) else { return };
    *text = printed;
    *span = Span { text: text.clone(), second_reading: Some(false), ..span.clone() };
}

/// `text` with its number's separators (commas and points, left to right,
/// footnote marks left out) made `shapes`; `None` when it holds another
/// count of them or they have those shapes already.
fn with_separators(text: &str, shapes: &[Separator]) -> Option<String> {
    let Marked { text: value, footnotes } = split_marks(text);
    let is_separator = |c: char| matches!(c, ',' | '.');
    if value.chars().filter(|&c| is_separator(c)).count() != shapes.len() {
        return None;
    }
    let mut shapes = shapes.iter();
    let printed: String = value
        .chars()
        .map(|c| match is_separator(c).then(|| shapes.next()).flatten() {
            Some(Separator::Comma) => ',',
            Some(Separator::Point) => '.',
            None => c,
        })
        .collect();
    (printed != value).then(|| printed + &printed_marks(&footnotes))
}

/// Least confidence of the reader (0–1) in a footnote mark read alone in
/// a cell: below it, the mark's digits are as often misread (a digit of
/// "(28)" lost) as right.
const MIN_LONE_MARK_CONFIDENCE: f64 = 0.5;
/// Most characters, spaces aside, a garbled footnote mark alone in a cell
/// is read as ("a)", "Q2)", "q) 1", "@").
const MAX_GARBLED_MARK_CHARS: usize = 3;

/// Whether `text` is footnote marks and nothing else: `(1)`, `(2)(3)`.
fn is_lone_mark(text: &str) -> bool {
    let Marked { text: rest, footnotes } = split_marks(text);
    rest.is_empty() && !footnotes.is_empty()
}

/// Least similarity (normalized Levenshtein, 0–1) of two words of scanned
/// security titles for them to be one word read two ways ("Steck",
/// "Stock"); shorter words, and words whose digits differ, must be equal.
const MIN_SAME_TITLE_WORD: f64 = 0.75;
/// Shortest word of a security title that may be read two ways.
const MIN_FUZZY_TITLE_WORD: usize = 4;

/// Scanned security titles spelled alike where OCR garbled some of the
/// filing's repeats of one title: a title read like another (word by word,
/// see `MIN_SAME_TITLE_WORD`) that more cells hold, or as many and read the
/// same twice where it was not, takes that spelling; its footnote marks stay.
fn spell_titles_alike<'a>(rows: impl Iterator<Item = &'a mut Row>) {
    let titled = |cell: &RowCell| matches!(cell.column.column, Column::Field("securityTitle" | "underlyingSecurityTitle"));
    let mut cells: Vec<&mut RowCell> = rows.flat_map(|row| row.iter_mut()).filter(|c| titled(c)).collect();
    // Per cell: its title without marks, and whether two readings agreed on it.
    let titles: Vec<Option<(String, bool)>> = cells
        .iter()
        .map(|c| c.read.as_ref().filter(|(span, _)| span.second_reading.is_some()).map(|(span, text)| (split_marks(text).text, span.second_reading == Some(true))))
        .collect();
    // Per title: how many cells hold it, and how many of them read it twice alike.
    let mut weights: HashMap<&str, (usize, usize)> = HashMap::new();
    for (title, agreed) in titles.iter().flatten() {
        let weight = weights.entry(title.as_str()).or_default();
        weight.0 += 1;
        weight.1 += usize::from(*agreed);
    }
    let weight = |title: &str| weights[title];
    for (cell, title) in cells.iter_mut().zip(&titles) {
        let Some((title, _)) = title else { continue };
        let own = weight(title);
        let better = titles.iter().flatten().map(|(t, _)| t).filter(|t| *t != title && weight(t) > own && same_title(title, t)).max_by_key(|t| weight(t));
        let (Some(better), Some((span, text))) = (better, cell.read.as_mut()) else { continue };
        *text = format!("{better}{}", printed_marks(&split_marks(text).footnotes));
        span.text = text.clone();
    }
}

/// Whether two scanned titles are one title read two ways: as many words,
/// each pair equal or, long enough and with the same digits, alike. Words
/// that differ only in case or a plural "s" are printed so ("Unit",
/// "Units"; "Right", "right"), not misread.
fn same_title(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
    let digits = |w: &str| w.chars().filter(char::is_ascii_digit).collect::<String>();
    let stem = |w: &str| w.to_lowercase().trim_end_matches('s').to_string();
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let long = x.chars().count().min(y.chars().count()) >= MIN_FUZZY_TITLE_WORD;
            let misread = long && digits(x) == digits(y) && stem(x) != stem(y);
            x == y || (misread && crate::similarity::normalized_levenshtein(x, y) >= MIN_SAME_TITLE_WORD)
        })
}

/// The value a column's text stands for, when it has the column's shape.
fn checked_value(column: &Column, text: &str) -> Option<Value> {
    let Marked { text, footnotes } = split_marks(text);
    if text.is_empty() {
        // Only footnote marks: a blank value with a note.
        return (!footnotes.is_empty()).then_some(Value::Null);
    }
    match column {
        Column::SharesSide(_) => parse_amount(&text).map(Value::from),
        Column::Field(field) => match convert(field, &text) {
            (value, _, Some(true)) => Some(value),
            _ => None,
        },
    }
}

/// Choose between a cell's first reading (with its words) and its second.
fn two_readings(
    column: &Column, first: Option<(Span, String)>, first_words: &[(String, f64)], second: Option<Reading>, at: &CellRequest,
) -> Option<(Span, String)> {
    let bbox = first.as_ref().map_or(at.bbox, |(s, _)| s.bbox);
    let second_span = |(text, confidence): (String, f64), agreed: Option<bool>| {
        let span = Span { page: at.page, bbox, text: text.clone(), reading: confidence, second_reading: agreed };
        Some((span, text))
    };
    if is_text_column(column) {
        let titled = matches!(column, Column::Field("securityTitle" | "underlyingSecurityTitle"));
        let read = match first {
            Some(first) => Some(two_text_readings(first, first_words, second)),
            // Text only the second reading found rests on it alone.
            None => second.and_then(|read| second_span((read.text(), read.confidence()), None)),
        };
        return read.map(|(span, text)| {
            if titled {
                let text = title_read(&text);
                (Span { text: text.clone(), ..span }, text)
            } else {
                (span, text)
            }
        });
    }
    let second = second.map(|r| (r.text(), r.confidence()));
    let first_value = first.as_ref().and_then(|(_, t)| checked_value(column, t));
    let second_value = second.as_ref().and_then(|(t, _)| checked_value(column, t));
    match (first_value, second_value) {
        (Some(a), Some(b)) if a == b => {
            let (mut span, text) = first?;
            span.second_reading = Some(true);
            // The restricted reading catches footnote marks small type loses,
            // and reads them on their own, enlarged.
            let marked = |t: &str| !split_marks(t).footnotes.is_empty();
            match second {
                Some((more, _)) if marked(&more) => Some((span, more)),
                _ => Some((span, text)),
            }
        }
        (Some(_), Some(_)) => {
            let (span, text) = first?;
            let (more, confidence) = second?;
            // A count of shares carries no dollar sign unless both readings
            // see it (a note's principal): one reading's is a misread 5 or S.
            let share_count = is_share_count(column);
            let dollar = |t: &str| t.contains('$');
            // Of a price read with and without its decimal point, digits
            // alike, the point is the scan's (small type loses it).
            let price = matches!(column, Column::Field(field) if PRICE_FIELDS.contains(field));
            let pointed = |t: &str| split_marks(t).text.contains('.');
            let second_surer = if share_count && dollar(&text) != dollar(&more) {
                dollar(&text)
            } else if price && digits_of(&text) == digits_of(&more) && pointed(&text) != pointed(&more) {
                pointed(&more)
            } else {
                confidence > span.reading
            };
            if second_surer {
                second_span((more, confidence), Some(false))
            } else {
                Some((Span { second_reading: Some(false), ..span }, text))
            }
        }
        // Only the second reading has the column's shape. A number or date
        // the first holds among specks disagrees with it only in those;
        // any other rests on the second reading alone.
        (None, Some(_)) => {
            let (text, confidence) = second?;
            let holds_digits = first.as_ref().is_some_and(|(_, t)| digits_of(t).contains(&digits_of(&text)));
            let read_once = matches!(at.charset, Charset::Number | Charset::Date) && !holds_digits;
            second_span((text, confidence), (first.is_some() && !read_once).then_some(false))
        }
        (Some(_), None) => {
            let (span, text) = first?;
            let agreed = second.map(|_| false);
            Some((Span { second_reading: agreed, ..span }, text))
        }
        // Twice nothing of the column's shape: a code with specks round
        // it, or in small type read lower-case ("s"), rests on the first
        // reading alone; a date may have lost its slashes; else noise on
        // the scan, or a value too damaged to read. A share count with garbled marks after its last
        // thousands group is the count. A transaction code is one letter:
        // where both readings start with the same one, what follows it is
        // a garbled footnote mark.
        (None, None) => {
            let (span, text) = first?;
            if let Some(date) = mended_date(column, &text, second.as_ref().map(|(t, _)| t.as_str())) {
                return Some((Span { text: date.clone(), second_reading: Some(false), ..span }, date));
            }
            if let Some(count) = count_before_garbled_marks(column, &text) {
                return Some((Span { text: count.clone(), second_reading: Some(false), ..span }, count));
            }
            let marks = printed_marks(&split_marks(&text).footnotes);
            let upright_is_i = upright_is_i(column);
            let is_code = |code: &String| checked_value(column, code).is_some();
            if let Some(code) = lone_letter(&text, upright_is_i).map(|letter| letter + &marks).filter(is_code) {
                return Some((Span { text: code.clone(), second_reading: None, ..span }, code));
            }
            let both_start = second.as_ref().and_then(|(t, _)| leading_letter(&text).filter(|l| Some(l) == leading_letter(t).as_ref()));
            let marks = match (marks.is_empty(), &second) {
                (true, Some((t, _))) => printed_marks(&split_marks(t).footnotes),
                _ => marks,
            };
            match both_start.filter(|_| matches!(column, Column::Field("transactionCode"))).map(|letter| letter + &marks).filter(is_code) {
                Some(code) => Some((Span { text: code.clone(), second_reading: Some(false), ..span }, code)),
                None => Some((Span { second_reading: Some(false), ..span }, text)),
            }
        }
    }
}

/// A reading's digits, footnote marks left out.
fn digits_of(text: &str) -> String {
    split_marks(text).text.chars().filter(char::is_ascii_digit).collect()
}

/// The share count a scanned cell's text starts with when its footnote
/// marks were read as garbage (`COUNT_BEFORE_GARBLED_MARKS`): the garbage
/// holds something other than digits, or it could be the count's own.
fn count_before_garbled_marks(column: &Column, text: &str) -> Option<String> {
    let c = COUNT_BEFORE_GARBLED_MARKS.captures(text.trim()).filter(|_| is_share_count(column))?;
    c[2].chars().any(|ch| !ch.is_ascii_digit()).then(|| c[1].replace(' ', ""))
}

/// A column of share counts (not prices).
fn is_share_count(column: &Column) -> bool {
    match column {
        Column::SharesSide(_) => true,
        Column::Field(field) => SHARE_COUNT_FIELDS.contains(field),
    }
}

/// A date cell that neither reading gives as a date but one or both
/// (then alike) give once a scan's slips are undone (`repaired_date`:
/// slashes lost, a month's 0 read as 5–9), printed as the form prints it
/// with the first reading's footnote marks.
fn mended_date(column: &Column, first: &str, second: Option<&str>) -> Option<String> {
    if !matches!(column, Column::Field(field) if DATE_FIELDS.contains(field)) {
        return None;
    }
    let mended = |text: &str| repaired_date(&split_marks(text).text);
    let date = match (mended(first), second.and_then(mended)) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => a.or(b)?,
    };
    Some(format!("{}/{}/{}{}", &date[5..7], &date[8..10], &date[..4], printed_marks(&split_marks(first).footnotes)))
}

/// Upright strokes a scan's lone capital I is read as; taken for I where
/// a cell holds D or I and nothing else can stand.
const I_LIKE: &[char] = &['1', 'l', '|', '!', '[', ']'];
/// Signs a scan's lone capital S is read as (no code is a digit).
const S_LIKE: &[char] = &['5', '$'];

/// Whether the column holds D or I only, so that a lone upright stroke in
/// it is an I.
fn upright_is_i(column: &Column) -> bool {
    matches!(column, Column::Field("directOrIndirectOwnership"))
}

/// The one letter a code cell's text holds among specks ("'D", "I.",
/// "Ss,"), as a capital; `None` when it holds other letters too. A "5"
/// counts as an S; with `upright_is_i`, an upright stroke ("1", "l")
/// alone as an I.
fn lone_letter(text: &str, upright_is_i: bool) -> Option<String> {
    let unmarked = split_marks(text).text;
    // A stroke is taken for an I only when it is all the cell holds.
    let one_stroke = unmarked.chars().filter(|c| c.is_alphanumeric() || I_LIKE.contains(c)).count() == 1;
    let letters: Vec<char> = unmarked
        .chars()
        .map(|c| match c {
            _ if upright_is_i && one_stroke && I_LIKE.contains(&c) => 'I',
            _ if S_LIKE.contains(&c) => 'S',
            c => c,
        })
        .filter(|c| c.is_alphabetic())
        .collect();
    let first = *letters.first()?;
    let one = letters.len() <= 2 && letters.iter().all(|c| c.eq_ignore_ascii_case(&first));
    one.then(|| code_capital(first)).flatten()
}

/// A code cell's character as the capital it stands for: a capital, a
/// lower-case letter drawn like its capital, or a sign an S is read as.
fn code_capital(c: char) -> Option<String> {
    let c = if S_LIKE.contains(&c) { 'S' } else { c };
    (c.is_ascii_uppercase() || LOWER_LIKE_CAPITAL.contains(c)).then(|| c.to_ascii_uppercase().to_string())
}

/// The letter a code cell's text starts with, as a capital (see [`code_capital`]).
fn leading_letter(text: &str) -> Option<String> {
    text.chars().find(|c| !c.is_whitespace()).and_then(code_capital)
}

/// Choose between two readings of a free-text cell: they agree when their
/// words do, specks aside; where they differ, the words tesseract is surer
/// of are kept. Footnote marks come from the second reading (which reads
/// raised marks on their own, enlarged), else from the first.
fn two_text_readings((mut span, text): (Span, String), first_words: &[(String, f64)], second: Option<Reading>) -> (Span, String) {
    let Some(more) = second else {
        span.second_reading = Some(false);
        return (span, text);
    };
    let (once, again) = (split_marks(&text), split_marks(&more.text()));
    let merged = merged_words(&weighed(&once.text, first_words, span.reading), &weighed(&again.text, &more.words, more.confidence()));
    if !merged.agreed {
        span.reading = merged.reading();
    }
    // Marks read on their own, enlarged, beat those read small in the line.
    let footnotes = if again.footnotes.is_empty() { &once.footnotes } else { &again.footnotes };
    let chosen = format!("{}{}", without_stray_marks(&merged.text()), printed_marks(footnotes));
    span.second_reading = Some(merged.agreed);
    span.text = chosen.clone();
    (span, chosen)
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

/// The group each header cell (left to right) names, matched in the form's
/// order: the assignment with the greatest total similarity in which
/// groups rise left to right, so a misread header cannot take a group a
/// later cell names better ("Conversion orExercise Price of Derivative
/// Security" is nearer column 8's "Price of Derivative Security").
fn ordered_groups(texts: &[String], order: &[Group]) -> Vec<Option<(Group, f64)>> {
    let (n, m) = (texts.len(), order.len());
    let keys: Vec<String> = texts.iter().map(|t| header_key(t)).collect();
    let scores: Vec<Vec<f64>> = keys.iter().map(|k| order.iter().map(|g| key_similarity(k, *g)).collect()).collect();
    // best[i][j]: greatest total over the first i cells and first j groups.
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let s = scores[i - 1][j - 1];
            let matched = if s >= MIN_HEADER_MATCH { best[i - 1][j - 1] + s } else { f64::MIN };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(matched);
        }
    }
    let mut groups = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            groups[i - 1] = Some((order[j - 1], scores[i - 1][j - 1]));
            i -= 1;
            j -= 1;
        }
    }
    groups
}

/// How well a sub-header text reads as `sub`, 0–1.
fn sub_similarity(text: &str, sub: &str) -> f64 {
    let key = label_key(text);
    if key == sub { 1.0 } else { crate::similarity::normalized_levenshtein(&key, sub) }
}

fn best_sub(text: &str) -> Option<(&'static str, f64)> {
    SUBS.iter()
        .map(|s| (*s, sub_similarity(text, s)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s >= MIN_HEADER_MATCH)
}

/// The column groups of a table in the order the form prints them (the
/// SEC's form, whoever renders it).
fn group_order(form: FormType, derivative: bool) -> &'static [Group] {
    use Group::*;
    match (form, derivative) {
        (FormType::Three, false) => &[Title, Owned, Ownership, Nature],
        (FormType::Three, true) => &[Title, ExerciseDates, Underlying, ConversionPrice, Ownership, Nature],
        (_, false) => &[Title, TransactionDate, Deemed, Code, AcquiredDisposed, Owned, Ownership, Nature],
        (_, true) => &[
            Title, ConversionPrice, TransactionDate, Deemed, Code, DerivativeAcquiredDisposed, ExerciseDates, Underlying,
            DerivativePrice, Owned, Ownership, Nature,
        ],
    }
}

/// The sub-headers a group's cell is split into, left to right.
fn sub_order(group: Group) -> &'static [&'static str] {
    match group {
        Group::Code => &["code", "v"],
        Group::AcquiredDisposed => &["amount", "a or d", "price"],
        Group::DerivativeAcquiredDisposed => &["a", "d"],
        Group::ExerciseDates => &["date exercisable", "expiration date"],
        Group::Underlying => &["title", "amount or number of shares"],
        _ => &[],
    }
}

/// How well a header text names `group`, 0–1 (its best phrase).
fn group_similarity(text: &str, group: Group) -> f64 {
    key_similarity(&header_key(text), group)
}

/// `group_similarity` on a header key already made.
fn key_similarity(key: &str, group: Group) -> f64 {
    GROUPS.iter().filter(|(_, g)| *g == group).map(|(phrase, _)| token_similarity(key, phrase)).fold(0.0, f64::max)
}

/// Give header cells that matched no group (misread type) the groups
/// their matched neighbours leave for them, where the count fits exactly.
fn fill_group_gaps(tops: &mut [(&CellText, Option<(Group, f64)>)], order: &[Group]) {
    let position = |g: Group| order.iter().position(|o| *o == g);
    let mut i = 0;
    while i < tops.len() {
        if tops[i].1.is_some() {
            i += 1;
            continue;
        }
        let end = (i..tops.len()).find(|&j| tops[j].1.is_some()).unwrap_or(tops.len());
        // Order positions just before and after the gap.
        let before = if i == 0 { Some(0) } else { tops[i - 1].1.and_then(|(g, _)| position(g)).map(|p| p + 1) };
        let after = if end == tops.len() { Some(order.len()) } else { tops[end].1.and_then(|(g, _)| position(g)) };
        if let (Some(from), Some(to)) = (before, after)
            && to >= from && to - from == end - i
        {
            for (top, group) in tops[i..end].iter_mut().zip(&order[from..to]) {
                top.1 = Some((*group, group_similarity(&top.0.text(), *group)));
            }
        }
        i = end;
    }
}

/// The leaf columns under a table title (top header cells, split by the
/// sub-header cells beneath them) and the bottom of the header.
fn header(page: &PageView, title: BBox, order: &[Group]) -> Option<(Vec<LeafColumn>, f64)> {
    let below: Vec<&CellText> = page.cells.iter().filter(|c| c.bbox.y0 >= title.y1 - ROW_ALIGN).collect();
    // The header is the first row of cells under the title.
    let top_y = below.iter().filter(|c| !c.lines.is_empty()).map(|c| c.bbox.y0).fold(f64::MAX, f64::min);
    if top_y == f64::MAX {
        return None;
    }
    let mut cells: Vec<&CellText> = below.iter().filter(|c| (c.bbox.y0 - top_y).abs() < ROW_ALIGN && !c.lines.is_empty()).copied().collect();
    cells.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let texts: Vec<String> = cells.iter().map(|c| c.text()).collect();
    let mut tops: Vec<(&CellText, Option<(Group, f64)>)> = cells.into_iter().zip(ordered_groups(&texts, order)).collect();
    fill_group_gaps(&mut tops, order);
    let tops: Vec<(&CellText, Group, f64)> = tops.into_iter().filter_map(|(c, g)| g.map(|(g, s)| (c, g, s))).collect();
    let header_bottom = tops.iter().map(|t| t.0.bbox.y1).fold(top_y, f64::max);
    let mut columns = Vec::new();
    for (top, group, score) in &tops {
        let mut under: Vec<&CellText> = below
            .iter()
            .filter(|c| c.bbox.y0 >= top.bbox.y1 - ROW_ALIGN && c.bbox.y1 <= header_bottom + ROW_ALIGN)
            .filter(|c| c.bbox.x0 >= top.bbox.x0 - ROW_ALIGN && c.bbox.x1 <= top.bbox.x1 + ROW_ALIGN)
            .copied()
            .collect();
        under.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let expected = sub_order(*group);
        // The form splits the cell into its sub-headers in a fixed order;
        // when the count agrees, a misread one is known by its place.
        let subs: Vec<(&CellText, &'static str, f64)> = if !expected.is_empty() && under.len() == expected.len() {
            under.iter().zip(expected).map(|(c, sub)| (*c, *sub, sub_similarity(&c.text(), sub))).collect()
        } else {
            under.iter().filter_map(|c| best_sub(&c.text()).map(|(s, m)| (*c, s, m))).collect()
        };
        if subs.is_empty()
            && let Some(column) = leaf(*group, None)
        {
            columns.push(LeafColumn { x0: top.bbox.x0, x1: top.bbox.x1, column, label_match: *score });
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

/// Blank space in a repeated header's cell between its label and text
/// below it, in the label's line heights, past which that text is the end
/// of a row cut by the page break (the header was drawn with no rule
/// under it).
const CARRIED_TEXT_GAP: f64 = 1.5;

/// The end of the last row of the page before, printed inside the cells
/// of the header repeated on this page (under the label, past a blank of
/// [`CARRIED_TEXT_GAP`]); `None` when the header holds none, or holds
/// more than the text columns a row's fragment fills.
fn carried_row(page: &PageView, title: BBox, columns: &[LeafColumn], header_bottom: f64) -> Option<Row> {
    let carried = |cell: &CellText| -> Vec<Line> {
        let at = (1..cell.lines.len()).find(|&k| {
            let (above, below) = (&cell.lines[k - 1], &cell.lines[k]);
            below.bbox.y0 - above.bbox.y1 > CARRIED_TEXT_GAP * above.bbox.height()
        });
        at.map_or_else(Vec::new, |k| cell.lines[k..].to_vec())
    };
    let row: Row = columns
        .iter()
        .map(|column| {
            // The column's lowest header cell: its label's or sub-label's.
            let cell = page
                .cells
                .iter()
                .filter(|c| c.bbox.y0 >= title.y1 - ROW_ALIGN && c.bbox.y1 <= header_bottom + ROW_ALIGN)
                .filter(|c| (c.bbox.x0 - column.x0).abs() <= ROW_ALIGN && (c.bbox.x1 - column.x1).abs() <= ROW_ALIGN)
                .max_by(|a, b| a.bbox.y1.total_cmp(&b.bbox.y1));
            let lines = cell.map(carried).unwrap_or_default();
            RowCell::of_lines(column, page.number, None, &lines.iter().collect::<Vec<_>>())
        })
        .collect();
    is_fragment(&row).then_some(row)
}

/// The data rows of a table, from below its header, onto following pages
/// while the rows there line up with the same columns.
///
/// Rows go onto `out`; `continued` says the table already had rows on an
/// earlier page (so the first row here may finish the last one there).
fn table_rows(
    pages: &[PageView], first_page: usize, header_bottom: f64, columns: &[LeafColumn], continued: bool, title_tops: &[(usize, f64)], out: &mut Vec<Row>,
) {
    let table_x0 = columns.first().map_or(0.0, |c| c.x0);
    let table_x1 = columns.iter().map(|c| c.x1).fold(0.0, f64::max);
    let width = table_x1 - table_x0;
    let mut start_y = header_bottom;
    for (p, page) in pages.iter().enumerate().skip(first_page) {
        let next_title = title_tops.iter().filter(|(tp, y)| *tp == p && *y > start_y).map(|(_, y)| *y).fold(f64::MAX, f64::min);
        let mut cells: Vec<&CellText> = page
            .cells
            .iter()
            .filter(|c| c.bbox.y0 >= start_y - ROW_ALIGN && c.bbox.y0 < next_title && c.bbox.x1 > table_x0 && c.bbox.x0 < table_x1)
            .collect();
        cells.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
        // On the header's page the rows start right under it.
        let mut last_bottom: Option<f64> = (p == first_page).then_some(header_bottom);
        let mut ended = false;
        let mut first_on_page = continued || p > first_page;
        let mut i = 0;
        while i < cells.len() {
            let y0 = cells[i].bbox.y0;
            let row_cells: Vec<&CellText> = cells[i..].iter().take_while(|c| (c.bbox.y0 - y0).abs() < ROW_ALIGN).copied().collect();
            i += row_cells.len();
            // A cell spanning the table, or holding a box label or Table II's
            // title or first header (which a scan may not find), is past its end.
            let past_end = |c: &CellText| {
                let text = c.text();
                c.bbox.width() > MAX_ROW_CELL_SHARE * width || TABLE_ENDS.iter().any(|label| label_score(&text, label) >= MIN_LABEL_MATCH)
            };
            let spans_table = row_cells.iter().any(|c| past_end(c));
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
        // The next table's title below ends this one on its page.
        ended |= next_title < f64::MAX;
        if !ended
            && let Some(row) = open_row(page, columns, last_bottom.unwrap_or(start_y))
        {
            match out.last_mut() {
                Some(last) if first_on_page && is_fragment(&row) => finish_row(last, row),
                _ => out.push(row),
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
    // The row's column borders (rules at the columns' edges) run down past
    // the last closed row: from it, or through it when a scan's rules are
    // one line down the table.
    let borders: Vec<&Rule> = page
        .rules
        .iter()
        .filter(|r| !r.is_horizontal() && r.y0.min(r.y1) <= top + ROW_ALIGN && r.y0.max(r.y1) > top + ROW_ALIGN)
        .filter(|r| columns.iter().any(|c| (r.x0 - c.x0).abs() <= ROW_ALIGN || (r.x0 - c.x1).abs() <= ROW_ALIGN))
        .collect();
    if borders.len() < MIN_OPEN_ROW_COLUMNS {
        return None;
    }
    let bottom = borders.iter().map(|r| r.y0.max(r.y1)).fold(top, f64::max);
    let lines: Vec<&Line> = page.loose.iter().filter(|l| l.bbox.y0 >= top - ROW_ALIGN && l.bbox.y1 <= bottom + ROW_ALIGN).collect();
    // A box of the form below the table (a further reporting owner) is no row.
    if lines.iter().any(|l| label_score(&l.text(), OWNER_BOX_LABEL) >= MIN_LABEL_MATCH) {
        return None;
    }
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
            .map(|(col, lines)| RowCell::of_lines(col, page.number, Some(BBox::new(col.x0, top, col.x1, bottom)), &lines.iter().collect::<Vec<_>>()))
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
    let filled: Vec<&LeafColumn> = row.iter().filter(|c| c.read.is_some()).map(|c| &c.column).collect();
    !filled.is_empty() && filled.iter().all(|c| is_text_column(&c.column))
}

/// Append a fragment's text to the row it finishes.
fn finish_row(row: &mut Row, fragment: Row) {
    for (cell, rest) in row.iter_mut().zip(fragment) {
        match (cell.read.as_mut(), rest.read) {
            (Some((_, text)), Some((_, more))) => *text = join_lines(&[text.as_str(), more.as_str()]),
            (None, Some(read)) => {
                cell.read = Some(read);
                cell.words = rest.words;
            }
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
            let lines: Vec<&Line> = cell.map(|c| c.lines.iter().collect()).unwrap_or_default();
            RowCell::of_lines(col, page, cell.map(|c| c.bbox), &lines)
        })
        .collect()
}

/// Whether a cell holds a value: text besides footnote marks, unless two
/// readings of a scanned cell both found nothing of its column's shape
/// (specks read as letters).
fn holds_value(cell: &RowCell) -> bool {
    cell.read.as_ref().is_some_and(|(span, text)| {
        let noise = span.second_reading == Some(false) && checked_value(&cell.column.column, text).is_none();
        !split_marks(text).text.is_empty() && !noise
    })
}

/// A row with no transaction date, code, amount, price or A/D code is a
/// holding (a scan may leave a transaction only its price and A/D code).
fn is_holding(row: &Row) -> bool {
    let transaction_column = |c: &Column| {
        matches!(c, Column::Field("transactionDate" | "transactionCode" | "shares" | "pricePerShare" | "acquiredDisposedCode"))
    };
    !(row.iter().any(|c| transaction_column(&c.column.column) && holds_value(c)) || filled_side(row).is_some())
}

/// Table II's amount: the side ("A" or "D") whose column holds more than
/// footnote marks, with that column and its cell.
fn filled_side(row: &Row) -> Option<(&'static str, &LeafColumn, &Option<(Span, String)>)> {
    row.iter().find_map(|c| match c.column.column {
        Column::SharesSide(side) if holds_value(c) => Some((side, &c.column, &c.read)),
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

/// What a row is and how its filing prints it.
#[derive(Clone, Copy)]
struct Layout {
    /// A Table II row.
    derivative: bool,
    /// A holding (no transaction).
    holding: bool,
    /// Some price of the filing reads with a dollar sign.
    prices_dollared: bool,
}

/// Turn one row into its JSON object, recording evidence under `path`.
fn read_row(row: &Row, path: &str, Layout { derivative, holding, prices_dollared }: Layout, rec: &mut Recorder) -> Value {
    let wanted: Vec<&str> = NON_DERIVATIVE_FIELDS
        .iter()
        .chain(if derivative { DERIVATIVE_ONLY_FIELDS } else { &[] })
        .copied()
        .filter(|f| !holding || HOLDING_FIELDS.contains(f))
        .collect();
    let mut object = Map::new();
    let mut notes: Map<String, Value> = Map::new();
    for field in &wanted {
        let (read, label_match, paper) = match row.iter().find(|c| matches!(c.column.column, Column::Field(f) if f == *field)) {
            Some(cell) => (cell.read.clone(), cell.column.label_match, cell.area.filter(|_| cell.paper_only)),
            None if *field == "shares" => {
                // Table II: the amount sits under (A) or (D).
                filled_side(row).map_or((None, 1.0, None), |(_, col, read)| (read.clone(), col.label_match, None))
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
        let (value, kind, mut format_ok) = convert(field, &text);
        let span = read.as_ref().map(|r| &r.0).filter(|_| !text.is_empty());
        // On a scan a thousands comma and a decimal point look alike: a
        // share count of n.ddd may be n,ddd. A count printed with no digit
        // before its point (".36", "-.0") is what is left of a garbled one.
        let scanned = span.is_some_and(|s| s.second_reading.is_some());
        let leading_digit = text.trim_start_matches(['$', ' ']).starts_with(|c: char| c.is_ascii_digit());
        if scanned && SHARE_COUNT_FIELDS.contains(field) && (COMMA_OR_POINT.is_match(&text) || !leading_digit) {
            format_ok = Some(false);
        }
        // Where the filing prints its prices with a dollar sign, a scanned
        // price read without one had the sign misread ("$0" as "30").
        if scanned && prices_dollared && PRICE_FIELDS.contains(field) && !text.contains('$') {
            format_ok = Some(false);
        }
        object.insert(field.to_string(), value);
        rec.put(format!("{path}/{field}"), span, kind, format_ok, label_match);
        if let Some((page, bbox)) = paper {
            rec.blank_on_paper(page, bbox);
        }
        if let Some(m) = marked.filter(|m| !m.footnotes.is_empty()) {
            rec.put(format!("{path}/footnoteIds/{field}"), read.as_ref().map(|r| &r.0), FieldKind::Footnotes, Some(true), label_match);
            notes.insert(field.to_string(), json!(m.footnotes));
        }
    }
    object.insert("footnoteIds".into(), Value::Object(notes));
    Value::Object(object)
}

const DATE_FIELDS: &[&str] = &["transactionDate", "deemedExecutionDate", "exerciseDate", "expirationDate"];
const AMOUNT_FIELDS: &[&str] = &["shares", "pricePerShare", "sharesOwnedFollowingTransaction", "conversionOrExercisePrice", "underlyingSecurityShares"];
/// Columns of share counts (not prices).
const SHARE_COUNT_FIELDS: &[&str] = &["shares", "sharesOwnedFollowingTransaction", "underlyingSecurityShares"];
/// Fields of prices, which forms print with a dollar sign (or none at all).
const PRICE_FIELDS: &[&str] = &["pricePerShare", "conversionOrExercisePrice"];
/// Columns of one-letter codes and the V flag.
const CODE_FIELDS: &[&str] = &["transactionCode", "acquiredDisposedCode", "directOrIndirectOwnership", "equitySwapInvolved"];

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
        _ if DATE_FIELDS.contains(&field) => checked(parse_date(text).map(Value::from), FieldKind::Date),
        _ if AMOUNT_FIELDS.contains(&field) => checked(parse_amount(text).map(Value::from), FieldKind::Amount),
        "transactionCode" => checked(parse_code(text).map(Value::from), FieldKind::Code),
        "acquiredDisposedCode" => checked(parse_choice(text, &["A", "D"]).map(Value::from), FieldKind::Code),
        "directOrIndirectOwnership" => checked(parse_choice(text, &["D", "I"]).map(Value::from), FieldKind::Code),
        // A title or a nature of ownership is words: a bare number there
        // is another column's value out of place.
        _ => (Value::from(text), FieldKind::Text, parse_amount(text).is_some().then_some(false)),
    }
}

#[cfg(test)]
mod tests {
    use super::{convert, two_readings, Column, FormType, Group, group_order, is_lone_mark, lone_letter, ordered_groups, same_title};
    use crate::geometry::BBox;
    use crate::ocr::{CellRequest, Charset, Reading};
    use super::Span;

    #[test]
    fn a_bare_number_in_a_text_column_fails_its_format_check() {
        assert_eq!(convert("natureOfOwnership", "110,474").2, Some(false));
        assert_eq!(convert("natureOfOwnership", "By 401(k) Plan").2, None);
        assert_eq!(convert("securityTitle", "2.50% Convertible Notes").2, None);
    }

    #[test]
    fn a_code_both_readings_start_with_is_the_code_its_garbled_mark_aside() {
        let at = CellRequest { page: 1, bbox: BBox::new(290.0, 458.0, 310.0, 466.0), charset: Charset::Code };
        let code = |first: &str, second: &str| {
            let read = (Span { text: first.into(), ..Span::place(1, at.bbox) }, first.to_string());
            let again = Reading { words: vec![(second.into(), 0.6)], marks: String::new() };
            two_readings(&Column::Field("transactionCode"), Some(read), &[], Some(again), &at).map(|(span, text)| (text, span.second_reading))
        };
        assert_eq!(code("FS)", "FE(3)"), Some(("F(3)".into(), Some(false))));
        assert_eq!(code("sE)", "SE"), Some(("S".into(), Some(false))));
        // Readings that start differently, or with a letter unlike a
        // capital, leave the cell unread.
        assert_eq!(code("FS)", "EE(3)"), Some(("FS)".into(), Some(false))));
        assert_eq!(code("gs?)", "GS"), Some(("gs?)".into(), Some(false))));
    }

    #[test]
    fn a_title_only_the_second_reading_found_rests_on_that_reading() {
        let at = CellRequest { page: 1, bbox: BBox::new(371.0, 633.0, 400.0, 667.0), charset: Charset::Text };
        let again = Reading { words: vec![("Common".into(), 0.9), ("Shares".into(), 0.8)], marks: "(4)".into() };
        let (span, text) = two_readings(&Column::Field("underlyingSecurityTitle"), None, &[], Some(again), &at).unwrap();
        assert_eq!(text, "Common Shares(4)");
        assert_eq!((span.bbox, span.reading, span.second_reading), (at.bbox, 0.8, None), "read once, as sure as its least word");
        assert_eq!(two_readings(&Column::Field("underlyingSecurityTitle"), None, &[], None, &at), None);
    }

    #[test]
    fn a_number_or_date_only_the_second_reading_shapes_rests_on_it_unless_the_first_holds_its_digits() {
        let at = CellRequest { page: 1, bbox: BBox::new(370.0, 271.0, 409.0, 296.0), charset: Charset::Number };
        let read = |first: &str, second: &str| {
            let read = (Span { text: first.into(), reading: 0.9, ..Span::place(1, at.bbox) }, first.to_string());
            let again = Reading { words: vec![(second.into(), 0.4)], marks: String::new() };
            let (span, text) = two_readings(&Column::Field("sharesOwnedFollowingTransaction"), Some(read), &[], Some(again), &at).unwrap();
            (text, span.reading, span.second_reading)
        };
        assert_eq!(read("oS 109,759 ()", "109,759"), ("109,759".into(), 0.4, Some(false)), "the first reading's specks aside, they agree");
        assert_eq!(read("F0G,G20", "620"), ("620".into(), 0.4, None), "read once, as sure as tesseract is");
        let at = CellRequest { charset: Charset::Date, ..at };
        let first = (Span { text: "}1/1O/20".into(), reading: 0.9, ..Span::place(1, at.bbox) }, "}1/1O/20".to_string());
        let again = Reading { words: vec![("11/10/2038".into(), 0.4)], marks: String::new() };
        let (span, _) = two_readings(&Column::Field("expirationDate"), Some(first), &[], Some(again), &at).unwrap();
        assert_eq!(span.second_reading, None, "a date read once");
    }

    #[test]
    fn a_share_count_read_with_a_dollar_sign_once_is_the_other_reading() {
        let at = CellRequest { page: 1, bbox: BBox::new(480.0, 686.0, 520.0, 693.0), charset: Charset::Number };
        let amount = |field: &'static str, first: &str, second: &str| {
            let read = (Span { text: first.into(), reading: 0.9, ..Span::place(1, at.bbox) }, first.to_string());
            let again = Reading { words: vec![(second.into(), 0.6)], marks: String::new() };
            two_readings(&Column::Field(field), Some(read), &[], Some(again), &at).map(|(_, text)| text)
        };
        assert_eq!(amount("sharesOwnedFollowingTransaction", "$4,445", "54,445").as_deref(), Some("54,445"));
        // Both readings with the sign (a note's principal), or a price:
        // the surer reading.
        assert_eq!(amount("sharesOwnedFollowingTransaction", "$4,445", "$54,445").as_deref(), Some("$4,445"));
        assert_eq!(amount("pricePerShare", "$4.45", "54.45").as_deref(), Some("$4.45"));
        // A count's garbled marks are no part of it.
        assert_eq!(amount("sharesOwnedFollowingTransaction", "69,0642x0x4", "69,0642x0x4").as_deref(), Some("69,064"));
        assert_eq!(amount("sharesOwnedFollowingTransaction", "74, 2132009)", "x").as_deref(), Some("74,213"));
        assert_eq!(amount("sharesOwnedFollowingTransaction", "-74,213000K)", "x").as_deref(), Some("74,213"), "a speck before it");
        assert_eq!(amount("sharesOwnedFollowingTransaction", "69,0642", "69,0642").as_deref(), Some("69,0642"), "digits alone may be the count's");
        assert_eq!(amount("pricePerShare", "$27.61.", "x").as_deref(), Some("$27.61."));
        // A price read once without its point is the reading with it.
        assert_eq!(amount("pricePerShare", "$1223", "$122.3(1)").as_deref(), Some("$122.3(1)"));
        assert_eq!(amount("pricePerShare", "$122.3", "$1223").as_deref(), Some("$122.3"));
    }

    #[test]
    fn scanned_amounts_of_shapes_the_filing_does_not_print_are_doubted() {
        let read = |field: &'static str, text: &str, prices_dollared: bool| {
            let column = super::LeafColumn { x0: 0.0, x1: 40.0, column: Column::Field(field), label_match: 1.0 };
            let span = Span { text: text.into(), second_reading: Some(true), ..Span::place(1, BBox::new(0.0, 0.0, 40.0, 8.0)) };
            let row = vec![super::RowCell { column, area: None, read: Some((span, text.into())), words: Vec::new(), paper_only: false }];
            let mut rec = crate::form4::Recorder::default();
            let layout = super::Layout { derivative: false, holding: false, prices_dollared };
            let value = super::read_row(&row, "/t/0", layout, &mut rec);
            let format_ok = rec.evidence.iter().find(|e| e.path == format!("/t/0/{field}")).and_then(|e| e.format_ok);
            (value[field].clone(), format_ok)
        };
        let price = |text: &str, prices_dollared: bool| read("pricePerShare", text, prices_dollared);
        // "$0" read as "30" where the other prices show their sign.
        assert_eq!(price("30", true), (serde_json::json!(30.0), Some(false)));
        assert_eq!(price("$30", true), (serde_json::json!(30.0), Some(true)));
        // A filing that prints no sign.
        assert_eq!(price("30", false), (serde_json::json!(30.0), Some(true)));
        // A share count with no digit before its point is a garbled one.
        let shares = |text: &str| read("shares", text, true).1;
        assert_eq!((shares(".36"), shares("-.0"), shares("9,136"), shares("0.5")), (Some(false), Some(false), Some(true), Some(true)));
    }

    #[test]
    fn separators_take_the_shapes_the_image_shows() {
        use crate::ocr::Separator::{Comma, Point};
        assert_eq!(super::with_separators("61.386", &[Comma]).as_deref(), Some("61,386"));
        assert_eq!(super::with_separators("$2,571,122(13)", &[Comma, Point]).as_deref(), Some("$2,571.122(13)"));
        assert_eq!(super::with_separators("(1) 158,797.103", &[Comma, Point]), None, "as printed already");
        // Another count of separators: a speck between digits, or a lost one.
        assert_eq!(super::with_separators("61.386", &[Point, Comma]), None);
        assert_eq!(super::with_separators("238257", &[Point]), None);
    }

    #[test]
    fn a_row_with_only_a_price_and_a_d_code_read_is_a_transaction() {
        let row = |cells: &[(&'static str, &str)]| -> super::Row {
            cells
                .iter()
                .map(|(field, text)| {
                    let column = super::LeafColumn { x0: 0.0, x1: 40.0, column: Column::Field(field), label_match: 1.0 };
                    let span = Span { text: text.to_string(), second_reading: Some(true), ..Span::place(1, BBox::new(0.0, 0.0, 40.0, 8.0)) };
                    super::RowCell { column, area: None, read: Some((span, text.to_string())), words: Vec::new(), paper_only: false }
                })
                .collect()
        };
        let title = ("securityTitle", "Class A Common Stock");
        let owned = ("sharesOwnedFollowingTransaction", "653,843");
        assert!(super::is_holding(&row(&[title, owned, ("directOrIndirectOwnership", "D")])));
        assert!(!super::is_holding(&row(&[title, ("pricePerShare", "$39"), owned])));
        assert!(!super::is_holding(&row(&[title, ("acquiredDisposedCode", "D"), owned])));
        // A price cell holding only a footnote mark is no price.
        assert!(super::is_holding(&row(&[title, ("pricePerShare", "(1)"), owned])));
    }

    #[test]
    fn a_date_cell_that_lost_its_slashes_is_mended_where_the_readings_allow() {
        let date = Column::Field("transactionDate");
        assert_eq!(super::mended_date(&date, "O3. 14 2025", Some("03142025")).as_deref(), Some("03/14/2025"));
        assert_eq!(super::mended_date(&date, "142025", Some("03142025")).as_deref(), Some("03/14/2025"));
        assert_eq!(super::mended_date(&date, "08.12.2019.(1)", None).as_deref(), Some("08/12/2019(1)"));
        assert_eq!(super::mended_date(&date, "03 14 2025", Some("03152025")), None, "readings differ");
        assert_eq!(super::mended_date(&Column::Field("shares"), "03142025", None), None);
    }

    #[test]
    fn a_blank_scanned_cell_is_blank_paper_only_without_ink() {
        let blank = |paper_only: bool| {
            let column = super::LeafColumn { x0: 0.0, x1: 40.0, column: Column::Field("deemedExecutionDate"), label_match: 1.0 };
            let row = vec![super::RowCell { column, area: Some((2, BBox::new(0.0, 0.0, 40.0, 8.0))), read: None, words: Vec::new(), paper_only }];
            let mut rec = crate::form4::Recorder::default();
            let layout = super::Layout { derivative: false, holding: false, prices_dollared: false };
            let value = super::read_row(&row, "/t/0", layout, &mut rec);
            let e = rec.evidence.into_iter().find(|e| e.path == "/t/0/deemedExecutionDate").expect("evidence");
            (value["deemedExecutionDate"].clone(), e.on_paper, e.page)
        };
        assert_eq!(blank(true), (serde_json::Value::Null, true, Some(2)));
        assert_eq!(blank(false), (serde_json::Value::Null, false, None));
    }

    #[test]
    fn a_line_matching_both_table_titles_is_the_title_it_matches_better() {
        let found = |y: f64, score: f64| super::Found { page: 0, cell: None, bbox: BBox::new(20.0, y, 500.0, y + 8.0), score };
        // Table I's title without its "I" is near Table II's too.
        let mut titles = [vec![found(320.0, 0.94)], vec![found(320.0, 0.87), found(440.0, 0.97)]];
        super::keep_the_better_title(&mut titles);
        let tops = |f: &[super::Found]| f.iter().map(|f| f.bbox.y0).collect::<Vec<f64>>();
        assert_eq!((tops(&titles[0]), tops(&titles[1])), (vec![320.0], vec![440.0]));
    }

    #[test]
    fn a_code_among_specks_is_its_lone_letter() {
        assert_eq!(lone_letter("s", false).as_deref(), Some("S"));
        assert_eq!(lone_letter("'Ss,", false).as_deref(), Some("S"));
        assert_eq!(lone_letter("I.(2)", false).as_deref(), Some("I"));
        // Other letters, or a lower-case letter unlike its capital: no code.
        assert_eq!(lone_letter("is", false), None);
        assert_eq!(lone_letter("ed", false), None);
        assert_eq!(lone_letter("a", false), None);
        assert_eq!(lone_letter("(1)", false), None);
        // Where only D or I can stand, an upright stroke is an I; its
        // footnote mark stays a mark.
        assert_eq!(lone_letter("1", true).as_deref(), Some("I"));
        assert_eq!(lone_letter("l(1)", true).as_deref(), Some("I"));
        assert_eq!(lone_letter("1", false), None);
        assert_eq!(lone_letter("18)", true), None);
        assert_eq!(lone_letter("5", false).as_deref(), Some("S"));
        assert_eq!(lone_letter("$8", false).as_deref(), Some("S"));
        assert_eq!(lone_letter("(1)", true), None);
    }

    #[test]
    fn titles_read_two_ways_are_one_title() {
        assert!(same_title("Common Steck", "Common Stock"));
        assert!(same_title("Common. Stock", "Common Stock"));
        // Case and plurals are printed so, not misread.
        assert!(!same_title("common Stock", "Common Stock"));
        assert!(!same_title("Restricted Stock Unit", "Restricted Stock Units"));
        // A class letter or a year tells two titles apart.
        assert!(!same_title("Class A Common Stock", "Class B Common Stock"));
        assert!(!same_title("Series 2019 Notes", "Series 2018 Notes"));
        assert!(!same_title("Class ACommon Stock", "Class A Common Stock"));
    }

    #[test]
    fn a_garbled_mark_is_no_lone_mark() {
        assert!(is_lone_mark("(1)"));
        assert!(is_lone_mark("(2)(13)"));
        assert!(!is_lone_mark("2)"));
        assert!(!is_lone_mark("(1)7"));
        assert!(!is_lone_mark(""));
    }

    #[test]
    fn header_cells_take_groups_in_the_forms_order() {
        // As OCR read one scan's Table II header: "orExercise" run together
        // leaves column 2 nearer column 8's phrase than its own.
        let texts: Vec<String> = [
            "1.Titleof Derivative Security (Instr. 3)",
            "2. Conversion orExercise Price of Derivative Security",
            "3. Tr 'ansaction Date (Month/Day/Year)",
            "3A. Di d Execution Date, if any (Month/Day/Year)",
            "4. Transaction Code (Instr. 8)",
            "5. Number of Derivative Securities Acquired (A) or Disposed of (D) (instr. 3, 4 and 5)",
            "6. Date Exercisable and Expiration Date (Month/Day/Year)",
            "7. TitleandAmount of Securities Underlying Derivative Security (Instr. 3 and 4)",
            "8.Priceof Derivative Security (Instr. 5)",
            "9.Numberof derivative Securities Beneficially Owned Following Reported Transaction(s) (Instr. 4)",
            "10. Ownership Form: Direct(D) orindirect (I) (Instr. 4)",
            "11. Nature of Indirect Beneficial I Ownership (Instr. 4)",
        ]
        .map(String::from)
        .to_vec();
        let order = group_order(FormType::Four, true);
        let groups: Vec<Option<Group>> = ordered_groups(&texts, order).into_iter().map(|g| g.map(|(g, _)| g)).collect();
        assert_eq!(groups, order.iter().copied().map(Some).collect::<Vec<_>>());
        // A cell naming no group in its place is left for the gap filling.
        let texts = ["Title of Security", "xx yy", "Ownership Form: Direct (D) or Indirect (I)"].map(String::from);
        let groups: Vec<Option<Group>> = ordered_groups(&texts, group_order(FormType::Four, false)).into_iter().map(|g| g.map(|(g, _)| g)).collect();
        assert_eq!(groups, [Some(Group::Title), None, Some(Group::Ownership)]);
    }

    /// The words of `text` from (`x`, `y`) on, 25 points apart, 6 high.
    fn words_at(text: &str, x: f64, y: f64) -> Vec<crate::layout::Word> {
        text.split(' ')
            .enumerate()
            .map(|(i, t)| {
                let x = x + 25.0 * i as f64;
                crate::layout::Word { text: t.into(), bbox: BBox::new(x, y, x + 22.0, y + 6.0), font_size: 6.0, confidence: 0.95 }
            })
            .collect()
    }

    /// A page of `words` with two columns (x 30–130, 130–230) ruled at
    /// each of `rows` (y, top to bottom), and its view.
    fn two_column_page(words: Vec<crate::layout::Word>, rows: &[f64], ocr: bool) -> (crate::layout::TextPage, crate::form4::page::PageView) {
        use crate::geometry::Rule;
        let (top, bottom) = (rows[0], rows[rows.len() - 1]);
        let across = rows.iter().map(|&y| Rule { x0: 30.0, y0: y, x1: 230.0, y1: y });
        let down = [30.0, 130.0, 230.0].map(|x| Rule { x0: x, y0: top, x1: x, y1: bottom });
        let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: across.chain(down).collect(), ocr };
        let view = crate::form4::page::PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default());
        (page, view)
    }

    /// A column of `field` from `x0` to `x1`, its header matched surely.
    fn column(x0: f64, x1: f64, field: &'static str) -> super::LeafColumn {
        super::LeafColumn { x0, x1, column: Column::Field(field), label_match: 1.0 }
    }

    #[test]
    fn a_rows_end_printed_in_the_header_repeated_on_the_next_page_is_carried_over() {
        use crate::layout::TextPage;
        // Two columns ruled from y 100 to 180; no rule closes the header's
        // labels off from the row's end below them.
        let mut words = words_at("1. Title", 32.0, 102.0);
        words.extend(words_at("7. Nature of", 132.0, 102.0));
        words.extend(words_at("Ownership", 132.0, 110.0));
        words.extend(words_at("Stock Ownership", 132.0, 135.0));
        words.extend(words_at("Plan", 132.0, 143.0));
        words.extend(words_at("Common", 32.0, 165.0));
        let (page, view) = two_column_page(words, &[100.0, 160.0, 180.0], false);
        let columns = [column(30.0, 130.0, "securityTitle"), column(130.0, 230.0, "natureOfOwnership")];
        let title = BBox::new(30.0, 90.0, 200.0, 97.0);
        let row = super::carried_row(&view, title, &columns, 160.0).expect("the row's end");
        let texts: Vec<Option<&str>> = row.iter().map(|c| c.read.as_ref().map(|(_, t)| t.as_str())).collect();
        assert_eq!(texts, [None, Some("Stock Ownership Plan")]);
        // Labels alone: nothing carried over.
        let labels_only = TextPage { words: page.words[..5].to_vec(), ..page.clone() };
        let view = crate::form4::page::PageView::new(&labels_only, &crate::layout::Settings::default(), &crate::tables::Settings::default());
        assert!(super::carried_row(&view, title, &columns, 160.0).is_none());
    }

    #[test]
    fn table_ii_s_header_below_table_i_ends_it_though_its_title_was_not_found() {
        // Two ruled rows under Table I's header (y 100): a holding, then
        // Table II's header, whose title above it OCR garbled.
        let mut words = words_at("Common Stock", 32.0, 110.0);
        words.extend(words_at("12,000", 132.0, 110.0));
        words.extend(words_at("1. Title of Derivative", 32.0, 140.0));
        words.extend(words_at("Security", 32.0, 148.0));
        words.extend(words_at("9. Number", 132.0, 140.0));
        let (_, view) = two_column_page(words, &[100.0, 130.0, 160.0], true);
        let columns = [column(30.0, 130.0, "securityTitle"), column(130.0, 230.0, "sharesOwnedFollowingTransaction")];
        let mut rows = Vec::new();
        super::table_rows(&[view], 0, 100.0, &columns, false, &[], &mut rows);
        let texts: Vec<Vec<Option<&str>>> = rows.iter().map(|r| r.iter().map(|c| c.read.as_ref().map(|(_, t)| t.as_str())).collect()).collect();
        assert_eq!(texts, [[Some("Common Stock"), Some("12,000")]]);
    }
}
