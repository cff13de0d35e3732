//! The boxes above the tables: form type, check boxes, issuer, dates and
//! the relationship box.

use regex::Regex;
use std::sync::LazyLock;

use crate::error::Error;
use crate::geometry::{union_all, BBox};
use crate::ocr::PageImages;
use crate::layout::{Line, Word};
use crate::model::{Filing, Relationship};

use super::page::{Found, PageView, Span, find_label, starts_label, MIN_LABEL_MATCH};
use super::readings::{legal_form_read, opening_capital_kept, span_read_again};
use super::values::{is_check_mark, label_key, parse_date};
use super::table::{TABLE_I_TITLE, TABLE_II_TITLE};
use super::{FieldKind, FormType, Recorder};

/// How far left of its label a check box may sit, in multiples of the label's font size.
const CHECK_BOX_REACH: f64 = 6.0;
/// How far above the label's top a check box may start, in font sizes.
const CHECK_BOX_ABOVE: f64 = 1.5;
/// How far below the label's top a check box may end, in font sizes.
const CHECK_BOX_BELOW: f64 = 2.5;
/// Paper between a check box and its label, in label heights: the ink
/// test of a scanned box stops this far short of the label.
const CHECK_BOX_GAP: f64 = 0.3;
/// Words of the option labels that wrap under the options ("(give title
/// below)", "(specify below)"), as label keys.
const OPTION_LABEL_WORDS: &[&str] = &["give", "below", "specify"];
/// How far a check mark may sit from the centre line of the option it marks,
/// in font sizes (the mark is centred on a label that may wrap to two lines).
const CHECK_MARK_ROW_REACH: f64 = 1.6;
/// How much a check mark's vertical offset from an option label counts
/// against the label, per unit of their horizontal gap (a mark sits level
/// with its option, beside it).
const MARK_ROW_WEIGHT: f64 = 3.0;

const NO_LONGER_SUBJECT: &str = "Check this box if no longer subject";
const RULE_10B5_1: &str = "Check this box to indicate that a";
const RULE_10B5_1_OLD: &str = "Rule 10b5-1(c) Transaction Indication";
const FORM3_HOLDINGS: &str = "Form 3 Holdings Reported";
const FORM4_TRANSACTIONS: &str = "Form 4 Transactions Reported";
/// Labels of the check boxes above the boxes, stacked one below another.
const CHECK_BOX_LABELS: &[&str] = &[NO_LONGER_SUBJECT, RULE_10B5_1, RULE_10B5_1_OLD, FORM3_HOLDINGS, FORM4_TRANSACTIONS];

static ISSUER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.*?)\s*\[\s*([^\]]*?)\s*\]").unwrap());
/// The same read by OCR: the closing bracket is often misread or lost, and
/// specks or a neighbouring box's words may stand inside, so the symbol is
/// the word after the opening one (specks and a doubled bracket before
/// it aside: "[ [: SCHW ]").
static ISSUER_OCR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.*?)\s*[\[{][^A-Za-z0-9\]]*([A-Za-z][A-Za-z0-9.]{0,6})\b").unwrap());
static FORM_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^form\s*([345])\s*(/\s*a)?\b").unwrap());

/// Tell the form type from the statement title; `NotAForm` if the pages are
/// not a Form 3/4/5.
pub fn form_type(pages: &[PageView], filing: &mut Filing, rec: &mut Recorder) -> Result<FormType, Error> {
    let statements = [
        ("INITIAL STATEMENT OF BENEFICIAL OWNERSHIP", FormType::Three),
        ("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", FormType::Five),
        ("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", FormType::Four),
    ];
    let statement = statements
        .iter()
        .filter_map(|(label, form)| find_label(pages, label).map(|f| (f, *form)))
        .max_by(|a, b| a.0.score.total_cmp(&b.0.score));
    let owner_box = find_label(pages, super::notes::OWNER_BOX_LABEL).is_some();
    let table = find_label(pages, TABLE_I_TITLE).is_some();
    // A scan may garble any label past reading; the statement title and one
    // more of the form's own labels are evidence enough there.
    let ocr = pages.iter().any(|p| p.ocr);
    let corroborated = (owner_box && table) || (ocr && (owner_box || table || find_label(pages, TABLE_II_TITLE).is_some()));
    let (Some((found, form)), true) = (statement, corroborated) else {
        let missing = match (statement.is_some(), owner_box) {
            (false, _) => "no statement title (\"Statement of Changes in Beneficial Ownership\" or the Form 3/5 titles)",
            (true, false) => "no \"Name and Address of Reporting Person\" box",
            _ => "no \"Table I - Non-Derivative Securities\" table",
        };
        return Err(Error::NotAForm(format!("{missing} found on {} page(s)", pages.len())));
    };
    let number = match form {
        FormType::Three => "3",
        FormType::Four => "4",
        FormType::Five => "5",
    };
    // The big "FORM 4" title says whether it is an amendment ("FORM 4/A").
    let title = pages[found.page].lines.iter().filter(|l| l.bbox.y0 <= found.bbox.y1).find_map(|l| {
        let text = l.text();
        let c = FORM_TITLE.captures(&text)?;
        (&c[1] == number).then(|| (l.clone(), c.get(2).is_some()))
    });
    let amended = title.as_ref().is_some_and(|t| t.1);
    filing.document_type = Some(if amended { format!("{number}/A") } else { number.to_string() });
    let span = title.and_then(|(line, _)| Span::of_lines(pages[found.page].number, &[&line]));
    rec.put("/documentType", span.as_ref().or(Some(&statement_span(pages, &found))), FieldKind::Code, Some(true), found.score);
    Ok(form)
}

fn statement_span(pages: &[PageView], found: &Found) -> Span {
    Span::place(pages[found.page].number, found.bbox)
}

/// Check boxes, issuer, dates and amendment date.
pub fn header(pages: &[PageView], images: &PageImages, form: FormType, filing: &mut Filing, rec: &mut Recorder) {
    if form != FormType::Three {
        filing.not_subject_to_section16 = check_box(pages, images, NO_LONGER_SUBJECT, "/notSubjectToSection16", rec);
    }
    filing.aff10b5_one =
        check_box(pages, images, RULE_10B5_1, "/aff10b5One", rec).or_else(|| check_box(pages, images, RULE_10B5_1_OLD, "/aff10b5One", rec));
    if filing.aff10b5_one.is_none() && form != FormType::Three {
        rec.put("/aff10b5One", None, FieldKind::Flag, None, 1.0);
    }
    if form == FormType::Five {
        filing.form3_holdings_reported = check_box(pages, images, FORM3_HOLDINGS, "/form3HoldingsReported", rec);
        filing.form4_transactions_reported = check_box(pages, images, FORM4_TRANSACTIONS, "/form4TransactionsReported", rec);
    }
    issuer(pages, images, filing, rec);
    let period_label = match form {
        // Its tail ("Statement") wraps onto a third line in narrow boxes.
        FormType::Three => "Date of Event Requiring",
        FormType::Four => "Date of Earliest Transaction",
        FormType::Five => "Statement for Issuer's Fiscal Year Ended",
    };
    filing.period_of_report = date_box(pages, images, period_label, "/periodOfReport", rec);
    filing.date_of_original_submission = date_box(pages, images, "If Amendment, Date", "/dateOfOriginalSubmission", rec);
}

/// A check box beside `label`: `Some(true)` when marked, `None` when the
/// label is not on the page.
fn check_box(pages: &[PageView], images: &PageImages, label: &str, path: &str, rec: &mut Recorder) -> Option<bool> {
    let found = find_label(pages, label)?;
    let page = &pages[found.page];
    let size = found.bbox.height().max(1.0);
    // The box may be centred on the whole wrapped label, not its first line.
    let bottom = paragraph_bottom(page, &found);
    // Distance from a mark to a label's paragraph, vertically.
    let distance = |w: &Word, top: f64, bottom: f64| (top - w.bbox.center_y()).max(w.bbox.center_y() - bottom).max(0.0);
    let others: Vec<(f64, f64)> = CHECK_BOX_LABELS
        .iter()
        .filter_map(|l| find_label(pages, l))
        .filter(|f| f.page == found.page && (f.bbox.y0 - found.bbox.y0).abs() > 0.5)
        .map(|f| (f.bbox.y0, paragraph_bottom(page, &f)))
        .collect();
    let mark = all_words(page).find(|w| {
        is_check_mark(&w.text)
            && w.bbox.x1 <= found.bbox.x0 + size * 0.5
            && w.bbox.x0 >= found.bbox.x0 - CHECK_BOX_REACH * size
            && w.bbox.center_y() >= found.bbox.y0 - CHECK_BOX_ABOVE * size
            && w.bbox.center_y() <= bottom.max(found.bbox.y0 + CHECK_BOX_BELOW * size)
            // A mark nearer another box's label is that box's.
            && others.iter().all(|&(t, b)| distance(w, t, b) >= distance(w, found.bbox.y0, bottom))
    });
    let mut span = match mark {
        Some(w) => Span::of_words(page.number, &[w]),
        None => Some(Span::place(page.number, found.bbox)),
    };
    // On a scan the box itself is looked at too: OCR often reads a boxed
    // X as nothing.
    let left_of_label = BBox::new(
        found.bbox.x0 - CHECK_BOX_REACH * size,
        found.bbox.y0 - CHECK_BOX_ABOVE * size,
        found.bbox.x0 - CHECK_BOX_GAP * size,
        bottom.max(found.bbox.y0 + CHECK_BOX_BELOW * size),
    );
    let inked = images.marked(page.number, left_of_label, size);
    if let (Some(inked), Some(span)) = (inked, span.as_mut()) {
        span.second_reading = Some(inked == mark.is_some());
    }
    rec.put(path, span.as_ref(), FieldKind::Flag, Some(true), found.score);
    Some(mark.is_some() || inked == Some(true))
}

/// Bottom of the paragraph a check-box label starts: the lines below it
/// whose text starts at the same left edge with no blank line between, up
/// to the next check box's label. (OCR may set the box's mark at the start
/// of the line beside it.)
fn paragraph_bottom(page: &PageView, found: &Found) -> f64 {
    let height = found.bbox.height().max(1.0);
    let mut bottom = found.bbox.y1;
    let text_start = |line: &Line| line.words.iter().map(|w| w.bbox.x0).find(|&x| x > found.bbox.x0 - height);
    for line in page.lines.iter().filter(|l| l.bbox.y0 > found.bbox.y0 + height / 2.0) {
        if text_start(line).is_some_and(|x| (x - found.bbox.x0).abs() < height) && line.bbox.y0 - bottom < height {
            let text = line.text();
            if CHECK_BOX_LABELS.iter().any(|l| starts_label(&text, l)) {
                break;
            }
            bottom = line.bbox.y1;
        }
    }
    bottom
}

fn all_words(page: &PageView) -> impl Iterator<Item = &Word> {
    page.lines.iter().flat_map(|l| l.words.iter())
}

/// The lines printed inside a labelled box, after its label: the label's
/// cell when the box is ruled, else the lines just below the label.
pub fn box_lines<'a>(pages: &'a [PageView], found: &Found, label: &str) -> Vec<&'a Line> {
    /// Lines taken below an unruled label.
    const UNRULED_LINES: usize = 3;
    let page = &pages[found.page];
    // The rest of a label that wrapped onto the next line is not content.
    let label = label_key(label);
    let lines: Vec<&Line> = match found.cell {
        Some(c) => page.cells[c].lines.iter().filter(|l| l.bbox.center_y() > found.bbox.y1).collect(),
        None => page
            .lines
            .iter()
            .filter(|l| l.bbox.y0 >= found.bbox.y1 - 1.0 && l.bbox.x0 >= found.bbox.x0 - 2.0 && l.bbox.x0 < found.bbox.x1)
            .take(UNRULED_LINES)
            .collect(),
    };
    let wrapped = lines.first().is_some_and(|l| {
        let key = label_key(&l.text());
        !key.is_empty() && label.ends_with(&key)
    });
    lines.into_iter().skip(usize::from(wrapped)).collect()
}

fn issuer(pages: &[PageView], images: &PageImages, filing: &mut Filing, rec: &mut Recorder) {
    const LABEL: &str = "Issuer Name and Ticker or Trading Symbol";
    let Some(found) = find_label(pages, LABEL) else {
        rec.put("/issuer/name", None, FieldKind::Text, None, 0.0);
        rec.put("/issuer/tradingSymbol", None, FieldKind::Text, None, 0.0);
        return;
    };
    let number = pages[found.page].number;
    let ocr = pages[found.page].ocr;
    let lines: Vec<Line> = box_lines(pages, &found, LABEL).into_iter().cloned().collect();
    // OCR may set the brackets, which reach below the letters, on a line of their own.
    let lines = if ocr { with_bracket_lines_joined(lines) } else { lines };
    let lines: Vec<&Line> = lines.iter().collect();
    let span = Span::of_lines(number, &lines);
    let parsed = span.as_ref().and_then(|s| {
        let found = if ocr { ISSUER_OCR.captures(&s.text).or_else(|| ISSUER.captures(&s.text)) } else { ISSUER.captures(&s.text) };
        // Ticker symbols are capitals; OCR confuses the case of s, o, w, x.
        // No name ends in a comma: on a scan that is the period of "Inc.".
        found.map(|c| {
            if ocr {
                (abbreviation_point(&c[1]), c[2].to_uppercase())
            } else {
                (c[1].to_string(), c[2].to_string())
            }
        })
    });
    match (&span, parsed) {
        (Some(span), Some((name, symbol))) => {
            // On a scan the name is read again alone (without the brackets,
            // which the text reading does not know).
            let name_lines = lines_before_bracket(&lines);
            let name_span = span_read_again(images, number, &name_lines.iter().collect::<Vec<_>>()).map(|span| {
                let text = if span.second_reading.is_some() { abbreviation_point(&span.text) } else { name.clone() };
                Span { text, ..span }
            });
            filing.issuer.name = Some(name_span.as_ref().map_or(name, |s| s.text.clone())).filter(|t| !t.is_empty());
            // Specks alone between the brackets are no symbol.
            filing.issuer.trading_symbol = symbol.chars().any(|c| c.is_alphanumeric()).then_some(symbol);
            // A ticker is capitals and digits, maybe with a period or dash
            // ("BRK.B"); on a scan anything else is a misreading.
            let ticker_like = filing.issuer.trading_symbol.as_deref().map(|t| !ocr || t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.' || c == '-'));
            rec.put("/issuer/name", filing.issuer.name.as_ref().and(name_span.as_ref()), FieldKind::Text, None, found.score);
            rec.put("/issuer/tradingSymbol", filing.issuer.trading_symbol.as_ref().and(Some(span)), FieldKind::Text, ticker_like, found.score);
        }
        (span, _) => {
            // No brackets: the whole text is the name, the symbol is missing.
            filing.issuer.name = span.as_ref().map(|s| s.text.clone()).filter(|t| !t.is_empty());
            rec.put("/issuer/name", span.as_ref(), FieldKind::Text, Some(false), found.score);
            rec.put("/issuer/tradingSymbol", None, FieldKind::Text, Some(false), found.score);
        }
    }
}

/// The lines' words before the first opening bracket, a word the
/// bracket is stuck to ("Corp[") cut at it, its box by its share of the
/// characters.
fn lines_before_bracket(lines: &[&Line]) -> Vec<Line> {
    let mut out = Vec::new();
    for line in lines {
        let mut words = Vec::new();
        let mut bracket = false;
        for word in &line.words {
            let Some(at) = word.text.find(['[', '{']) else {
                words.push(word.clone());
                continue;
            };
            if at > 0 {
                let share = word.text[..at].chars().count() as f64 / word.text.chars().count() as f64;
                let bbox = BBox { x1: word.bbox.x0 + share * word.bbox.width(), ..word.bbox };
                words.push(Word { text: word.text[..at].to_string(), bbox, ..word.clone() });
            }
            bracket = true;
            break;
        }
        if let Some(bbox) = union_all(words.iter().map(|w| &w.bbox)) {
            out.push(Line { words, bbox });
        }
        if bracket {
            break;
        }
    }
    out
}

/// Lines of a scanned box with each line of brackets alone joined to the
/// line beside it: brackets reach below the letters, and OCR may set
/// them on a text line of their own.
fn with_bracket_lines_joined(lines: Vec<Line>) -> Vec<Line> {
    let brackets_only = |l: &Line| l.words.iter().all(|w| w.text.chars().all(|c| "[]{}()|".contains(c)));
    let (brackets, mut text): (Vec<Line>, Vec<Line>) = lines.into_iter().partition(brackets_only);
    for line in brackets {
        let overlap = |t: &Line| t.bbox.y1.min(line.bbox.y1) - t.bbox.y0.max(line.bbox.y0);
        match text.iter_mut().max_by(|a, b| overlap(a).total_cmp(&overlap(b))).filter(|t| overlap(t) > 0.0) {
            Some(t) => {
                t.bbox = t.bbox.union(&line.bbox);
                t.words.extend(line.words);
                t.words.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            }
            None => text.push(line),
        }
    }
    text.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    text
}

/// Places of the options (`keys`, in two rows of two) whose labels were
/// not found, from the labels that were: an option sits in its row
/// partner's row, at its column partner's left edge.
fn grid_places<'a>(keys: &[&'a str; 4], found: &[(&str, BBox)]) -> Vec<(&'a str, BBox)> {
    let at = |i: usize| found.iter().find(|(k, _)| *k == keys[i]).map(|(_, b)| *b);
    (0..4)
        .filter(|&i| at(i).is_none())
        .filter_map(|i| {
            let (row, column) = (at(i ^ 1)?, at(i ^ 2)?);
            Some((keys[i], BBox::new(column.x0, row.y0, column.x0 + column.width(), row.y1)))
        })
        .collect()
}

/// A scanned name ending in a comma or semicolon, which no name does, with
/// the period OCR took for it ("Snowflake Inc," → "Snowflake Inc."), and
/// its legal form as names print it (`legal_form_read`).
fn abbreviation_point(name: &str) -> String {
    match name.strip_suffix([',', ';']) {
        Some(stem) if stem.ends_with(char::is_alphabetic) => legal_form_read(&format!("{stem}.")),
        _ => legal_form_read(name),
    }
}

/// The date in a labelled box (box 3, box 4…), as `YYYY-MM-DD`.
fn date_box(pages: &[PageView], images: &PageImages, label: &str, path: &str, rec: &mut Recorder) -> Option<String> {
    let Some(found) = find_label(pages, label) else {
        rec.put(path, None, FieldKind::Date, None, 0.0);
        return None;
    };
    let number = pages[found.page].number;
    let lines = box_lines(pages, &found, label);
    // The label may wrap ("(Month/Day/Year)"): take the first line that reads as a date.
    for line in &lines {
        for word in &line.words {
            if let Some(date) = parse_date(&word.text) {
                rec.put(path, Span::of_words(number, &[word]).as_ref(), FieldKind::Date, Some(true), found.score);
                return Some(date);
            }
        }
    }
    let leftover: Vec<&Line> = lines.into_iter().filter(|l| !is_sub_label(&l.text())).collect();
    let span = Span::of_lines(number, &leftover);
    // On a scan, what is there may be a date OCR garbled: read it again alone.
    if let Some(again) = span.as_ref().filter(|_| pages[found.page].ocr).and_then(|s| Span::date_read_again(images, number, s.bbox)) {
        rec.put(path, Some(&again), FieldKind::Date, Some(true), found.score);
        return parse_date(&again.text);
    }
    rec.put(path, span.as_ref(), FieldKind::Date, span.as_ref().map(|_| false), found.score);
    None
}

/// A Form 4 whose box 3 was not read (its label or date garbled on a
/// scan) takes the earliest transaction date of its tables as its period
/// of report: the box gives exactly that date (195 of the dev corpus's 198
/// Form 4s with transactions). The value rests on that date's reading,
/// marked inferred, with a warning.
pub fn period_from_transactions(form: FormType, filing: &mut Filing, rec: &mut Recorder) {
    const PATH: &str = "/periodOfReport";
    if form != FormType::Four || filing.period_of_report.is_some() {
        return;
    }
    let dates = |table: &str, dates: &mut dyn Iterator<Item = &Option<String>>| -> Vec<(String, String)> {
        dates.enumerate().filter_map(|(i, d)| Some((d.clone()?, format!("/{table}/transactions/{i}/transactionDate")))).collect()
    };
    let mut dated = dates("nonDerivativeTable", &mut filing.non_derivative_table.transactions.iter().map(|r| &r.transaction_date));
    dated.extend(dates("derivativeTable", &mut filing.derivative_table.transactions.iter().map(|r| &r.transaction_date)));
    let earliest = dated.into_iter().min();
    let Some((date, source)) = earliest else { return };
    let Some(read) = rec.evidence.iter().find(|e| e.path == source).cloned() else { return };
    rec.evidence.retain(|e| e.path != PATH);
    rec.evidence.push(super::Evidence { path: PATH.into(), inferred: true, ..read });
    rec.warn(format!("{PATH}: its box was not read; taken as the earliest transaction date, {source}"));
    filing.period_of_report = Some(date);
}

/// Printed helper text inside boxes that is never data.
pub fn is_sub_label(text: &str) -> bool {
    const SUB_LABELS: &[&str] = &["month day year", "check all applicable", "check applicable line", "line", "instr"];
    let key = label_key(text);
    SUB_LABELS.iter().any(|s| key == *s || key.starts_with(&format!("{s} "))) || key.starts_with("month day year")
}

/// Box 5: which relationships are checked and the officer title / other text.
pub fn relationship(pages: &[PageView], images: &PageImages, rec: &mut Recorder, base: &str) -> Option<Relationship> {
    const LABEL: &str = "Relationship of Reporting Person(s) to Issuer";
    let found = find_label(pages, LABEL)?;
    let page = &pages[found.page];
    let lines = box_lines(pages, &found, LABEL);
    let words: Vec<&Word> = lines.iter().flat_map(|l| l.words.iter()).collect();
    let options = [("Director", "isDirector"), ("10% Owner", "isTenPercentOwner"), ("Officer", "isOfficer"), ("Other", "isOther")];
    // Each option's label: the first word(s) reading as it.
    let mut anchors: Vec<(&str, BBox)> = Vec::new();
    for (label, key) in options {
        let first = label.split(' ').next().unwrap_or(label);
        let wanted = label_key(first);
        let matches = |w: &Word| crate::similarity::normalized_levenshtein(&label_key(&w.text), &wanted) >= MIN_LABEL_MATCH;
        if let Some(w) = words.iter().find(|w| matches(w) && w.text.chars().next().is_some_and(|c| !c.is_lowercase())) {
            anchors.push((key, w.bbox));
        }
    }
    // The options stand in two rows of two (Director, 10% Owner / Officer,
    // Other): on a scan, a label OCR garbled stands in the row of its row
    // partner and the column of its column partner.
    let inferred: Vec<(&str, BBox)> = if page.ocr { grid_places(&options.map(|(_, key)| key), &anchors) } else { Vec::new() };
    anchors.extend(inferred.iter().copied());
    let mut rel = Relationship::default();
    let mut flags = [false; 4];
    for mark in words.iter().filter(|w| is_check_mark(&w.text) || w.text.starts_with("_X_")) {
        // A mark belongs to the nearest option label on its right, level
        // with it: a mark beside "Director" is not the "Officer" label's
        // below it, though that label starts a little further left.
        let offset = |a: &BBox| (a.center_y() - mark.bbox.center_y()).abs();
        let distance = |a: &BBox| (a.x0 - mark.bbox.x1) + MARK_ROW_WEIGHT * offset(a);
        let owner = anchors
            .iter()
            .filter(|(_, a)| a.x0 >= mark.bbox.x0 && offset(a) <= CHECK_MARK_ROW_REACH * a.height())
            .min_by(|a, b| distance(&a.1).total_cmp(&distance(&b.1)));
        if let Some((key, _)) = owner {
            let i = options.iter().position(|(_, k)| k == key).unwrap_or(0);
            flags[i] = true;
        }
    }
    // On a scan the ink left of each option's label is looked at too: OCR
    // reads an X as "4", or as nothing. Ink where the words hold no mark
    // makes the flag doubtful; no ink where they hold one does not, as a
    // bare X may be smaller than the blobs taken for marks.
    let mut ink_agrees: [Option<bool>; 4] = [None; 4];
    if page.ocr {
        for (key, anchor) in &anchors {
            let i = options.iter().position(|(_, k)| k == key).unwrap_or(0);
            let h = anchor.height().max(1.0);
            let same_row = |w: &&&Word| (w.bbox.center_y() - anchor.center_y()).abs() <= h;
            // The region stops at the text before it on its row (another option's label).
            let left = words
                .iter()
                .filter(|w| w.bbox.x1 <= anchor.x0 && w.text.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
                .filter(same_row)
                .map(|w| w.bbox.x1)
                .fold(anchor.x0 - CHECK_BOX_REACH * h, f64::max);
            let region = BBox::new(left, anchor.y0 - h / 2.0, anchor.x0 - CHECK_BOX_GAP * h, anchor.y1 + h / 2.0);
            let inked = images.marked(page.number, region, h);
            ink_agrees[i] = inked.map(|inked| !inked || flags[i]);
            flags[i] |= inked == Some(true);
        }
    }
    // An option whose label was not found is taken as unchecked, unverified.
    for (i, (_, key)) in options.into_iter().enumerate() {
        let anchored = anchors.iter().any(|(k, _)| *k == key);
        let flag_span = Span { second_reading: ink_agrees[i], ..Span::place(page.number, found.bbox) };
        rec.put(format!("{base}/relationship/{key}"), Some(&flag_span), FieldKind::Flag, Some(anchored), found.score);
        if inferred.iter().any(|(k, _)| *k == key) {
            rec.inferred();
        }
    }
    rel.is_director = Some(flags[0]);
    rel.is_ten_percent_owner = Some(flags[1]);
    rel.is_officer = Some(flags[2]);
    rel.is_other = Some(flags[3]);
    // Title text: lines below the last option row.
    let options_bottom = anchors.iter().map(|(_, a)| a.y1).fold(found.bbox.y1, f64::max);
    let below: Vec<&Line> = lines
        .iter()
        .copied()
        .filter(|l| l.bbox.y0 > options_bottom - 0.5 && !l.words.iter().all(|w| is_check_mark(&w.text)))
        .collect();
    let officer_x = anchors.iter().find(|(k, _)| *k == "isOfficer").map(|(_, a)| a.x0);
    let other_x = anchors.iter().find(|(k, _)| *k == "isOther").map(|(_, a)| a.x0);
    let (mut title_lines, mut other_lines): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let mut after_give = false;
    for line in below {
        // Pieces of the option labels ("(give title", "below)") and check
        // marks that wrapped under the options are not title text.
        let mut words: Vec<Word> = Vec::new();
        for (i, w) in line.words.iter().enumerate() {
            let key = label_key(&w.text);
            // OCR reads a bracket as a brace or square bracket as often as not.
            const CLOSING: [char; 3] = [')', '}', ']'];
            let bracketed = w.text.starts_with(['(', '{', '[']) || w.text.ends_with(CLOSING);
            let before_below = line.words.get(i + 1).is_some_and(|n| n.text.ends_with(CLOSING) && label_key(&n.text) == "below");
            let fragment = (bracketed && OPTION_LABEL_WORDS.contains(&key.as_str())) || (key == "title" && (after_give || before_below));
            after_give = key == "give";
            if !fragment && !is_check_mark(&w.text) {
                words.push(w.clone());
            }
        }
        // On a scan with neither Officer nor Other checked, what is left
        // under the options is the garbled "(give title below)" and
        // "(specify below)" labels or speckle, not a title.
        if words.is_empty() || (page.ocr && !flags[2] && !flags[3]) {
            continue;
        }
        let line = Line { bbox: line.bbox, words };
        // With one of Officer and Other checked, the text is its title; with
        // both (or neither), side-by-side columns tell them apart.
        let nearer_other = match (flags[2], flags[3], officer_x, other_x) {
            (true, false, _, _) => false,
            (false, true, _, _) => true,
            (_, _, Some(o), Some(t)) => (line.bbox.x0 - t).abs() < (line.bbox.x0 - o).abs(),
            _ => false,
        };
        if nearer_other {
            other_lines.push(line);
        } else {
            title_lines.push(line);
        }
    }
    let text_of = |lines: &[Line]| {
        Span::of_lines(page.number, &lines.iter().collect::<Vec<_>>()).map(|s| if page.ocr { Span { text: opening_capital_kept(&s.text), ..s } } else { s })
    };
    let (title, other) = (text_of(&title_lines), text_of(&other_lines));
    rel.officer_title = title.as_ref().map(|s| s.text.clone());
    rel.other_text = other.as_ref().map(|s| s.text.clone());
    rec.put(format!("{base}/relationship/officerTitle"), title.as_ref(), FieldKind::Text, None, found.score);
    rec.put(format!("{base}/relationship/otherText"), other.as_ref(), FieldKind::Text, None, found.score);
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::{abbreviation_point, find_label, grid_places, ISSUER_OCR, lines_before_bracket, paragraph_bottom, with_bracket_lines_joined, PageView, RULE_10B5_1};
    use crate::layout::TextPage;
    use crate::geometry::{union_all, BBox, Rule};
    use crate::layout::{Line, Word};

    fn line(words: &[(&str, f64, f64, f64, f64)]) -> Line {
        let words: Vec<Word> = words.iter().map(|&(text, x0, y0, x1, y1)| Word { text: text.into(), bbox: BBox::new(x0, y0, x1, y1), font_size: y1 - y0, confidence: 0.9 }).collect();
        Line { bbox: union_all(words.iter().map(|w| &w.bbox)).unwrap(), words }
    }

    #[test]
    fn a_form_4_whose_period_box_was_not_read_takes_its_earliest_transaction_date() {
        use super::period_from_transactions;
        use crate::form4::{FieldKind, FormType, Recorder, Span};
        use crate::model::{DerivativeTransaction, Filing, NonDerivativeTransaction};
        let mut filing = Filing::default();
        filing.non_derivative_table.transactions =
            ["2022-05-06", "2022-05-04"].map(|d| NonDerivativeTransaction { transaction_date: Some(d.into()), ..Default::default() }).to_vec();
        filing.derivative_table.transactions = vec![DerivativeTransaction { transaction_date: Some("2022-05-05".into()), ..Default::default() }];
        let mut rec = Recorder::default();
        rec.put("/periodOfReport", None, FieldKind::Date, None, 0.0);
        let cell = Span { page: 1, bbox: BBox::new(188.6, 332.2, 229.0, 338.4), text: "05/04/2022".into(), reading: 0.9, second_reading: Some(true) };
        rec.put("/nonDerivativeTable/transactions/1/transactionDate", Some(&cell), FieldKind::Date, Some(true), 1.0);
        // Form 3 has no transactions to take it from; nor is a period read replaced.
        period_from_transactions(FormType::Three, &mut filing, &mut rec);
        assert_eq!(filing.period_of_report, None);
        period_from_transactions(FormType::Four, &mut filing, &mut rec);
        assert_eq!(filing.period_of_report.as_deref(), Some("2022-05-04"));
        let period: Vec<_> = rec.evidence.iter().filter(|e| e.path == "/periodOfReport").collect();
        assert_eq!(period.len(), 1);
        assert!(period[0].inferred && period[0].text.as_deref() == Some("05/04/2022") && period[0].page == Some(1), "{period:?}");
        assert_eq!(rec.warnings.len(), 1);
        filing.period_of_report = Some("2022-05-01".into());
        period_from_transactions(FormType::Four, &mut filing, &mut rec);
        assert_eq!(filing.period_of_report.as_deref(), Some("2022-05-01"));
    }

    #[test]
    fn a_scanned_issuer_line_gives_the_word_after_the_bracket_as_symbol() {
        let parse = |text: &str| ISSUER_OCR.captures(text).map(|c| (c[1].to_string(), c[2].to_string()));
        let want = |name: &str, symbol: &str| Some((name.to_string(), symbol.to_string()));
        assert_eq!(parse("SCHWAB CORP [ [: SCHW ]"), want("SCHWAB CORP", "SCHW"));
        assert_eq!(parse("GEN PROBE INC {GPRO"), want("GEN PROBE INC", "GPRO"));
        assert_eq!(parse("Apple Inc. [ '. AAPL ]"), want("Apple Inc.", "AAPL"));
        assert_eq!(parse("No bracket at all"), None);
    }

    #[test]
    fn a_check_box_paragraph_runs_past_the_mark_ocr_set_at_a_line_start() {
        let text_line = |text: &str, x: f64, y: f64| {
            let words: Vec<(&str, f64, f64, f64, f64)> = text.split(' ').enumerate().map(|(i, t)| (t, x + 12.0 * i as f64, y, x + 12.0 * i as f64 + 10.0, y + 4.5)).collect();
            line(&words).words
        };
        let mut words = text_line("Check this box to indicate that a", 50.0, 140.0);
        words.extend(text_line("transaction was made pursuant to a", 50.0, 147.0));
        // The box's X read as a word of the paragraph's middle line.
        words.extend(text_line("ix", 35.0, 154.0));
        words.extend(text_line("for the purchase or sale of equity", 50.0, 154.0));
        words.extend(text_line("1(c). See Instruction 10.", 50.0, 161.0));
        let page = TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr: true };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let found = find_label(&pages, RULE_10B5_1).expect("the label");
        assert_eq!(paragraph_bottom(&pages[0], &found), 165.5);
    }

    #[test]
    fn a_mark_beside_an_option_is_not_the_wrapped_option_below_it() {
        // Box 4 as a scan read it: the X level with "Director" ends nearer
        // the "Officer" label below, which starts a little further left.
        let words = [
            ("Relationship", 410.6, 180.2, 445.8, 186.5),
            ("of", 448.0, 180.2, 455.0, 186.5),
            ("Reporting", 457.0, 180.2, 480.0, 186.5),
            ("Person(s)", 482.0, 180.2, 505.0, 186.5),
            ("to", 507.0, 180.2, 512.0, 186.5),
            ("Issuer", 514.0, 180.2, 530.0, 186.5),
            ("X", 413.0, 197.3, 418.5, 205.9),
            ("Director", 428.6, 198.0, 451.8, 203.7),
            ("10%", 490.0, 198.0, 500.0, 203.7),
            ("Owner", 502.0, 198.0, 520.0, 203.7),
            ("Officer", 427.8, 208.3, 446.8, 216.7),
            ("(give", 449.4, 208.3, 461.4, 216.7),
            ("Other", 490.0, 208.3, 505.0, 216.7),
            ("(specify", 507.0, 208.3, 525.0, 216.7),
        ];
        let words = line(&words).words;
        // The box's rules, so all its lines are the box's.
        let (across, down) = (|y: f64| Rule { x0: 400.0, y0: y, x1: 560.0, y1: y }, |x: f64| Rule { x0: x, y0: 175.0, x1: x, y1: 250.0 });
        let rules = vec![across(175.0), across(250.0), down(400.0), down(560.0)];
        let page = TextPage { number: 1, width: 612.0, height: 792.0, words, rules, ocr: false };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let mut rec = crate::form4::Recorder::default();
        let rel = super::relationship(&pages, &crate::ocr::PageImages::default(), &mut rec, "/reportingOwners/0").expect("box 4");
        assert_eq!((rel.is_director, rel.is_officer, rel.is_ten_percent_owner, rel.is_other), (Some(true), Some(false), Some(false), Some(false)));
    }

    #[test]
    fn brackets_set_on_a_line_of_their_own_rejoin_their_line() {
        let name = line(&[("GEN", 228.0, 133.0, 249.0, 140.0), ("PROBE", 252.0, 133.0, 285.0, 140.0), ("INC", 288.0, 133.0, 305.0, 140.0), ("GPRO", 315.0, 133.0, 337.0, 140.0)]);
        let brackets = line(&[("[", 309.0, 137.0, 311.0, 146.0), ("]", 340.0, 137.0, 342.0, 146.0)]);
        let below = line(&[("(Month/Day/Year)", 228.0, 160.0, 300.0, 167.0)]);
        let joined = with_bracket_lines_joined(vec![name, brackets, below]);
        assert_eq!(joined.iter().map(Line::text).collect::<Vec<_>>(), ["GEN PROBE INC [ GPRO ]", "(Month/Day/Year)"]);
        // The name is the words before the bracket; one it is stuck to is cut.
        let stuck = line(&[("Boreal", 218.0, 141.0, 248.0, 150.0), ("Corp[", 252.0, 141.0, 277.0, 150.0), ("BGIL", 280.0, 141.0, 300.0, 150.0)]);
        let name = lines_before_bracket(&[&stuck]);
        assert_eq!(name.len(), 1);
        assert_eq!(name[0].text(), "Boreal Corp");
        assert_eq!(name[0].bbox.x1, 272.0);
    }

    #[test]
    fn a_garbled_option_label_stands_in_its_row_and_column() {
        let keys = ["director", "tenPercent", "officer", "other"];
        let found = [("director", BBox::new(430.0, 160.0, 460.0, 166.0)), ("officer", BBox::new(430.0, 172.0, 450.0, 178.0)), ("other", BBox::new(506.0, 172.0, 520.0, 178.0))];
        assert_eq!(grid_places(&keys, &found), [("tenPercent", BBox::new(506.0, 160.0, 520.0, 166.0))]);
        // Without its row partner an option cannot be placed.
        assert!(grid_places(&keys, &found[1..]).is_empty());
    }

    #[test]
    fn a_scanned_names_last_comma_is_a_period() {
        assert_eq!(abbreviation_point("Snowflake Inc,"), "Snowflake Inc.");
        assert_eq!(abbreviation_point("Larkspur Systems Inc;"), "Larkspur Systems Inc.");
        assert_eq!(abbreviation_point("Apple Inc."), "Apple Inc.");
        assert_eq!(abbreviation_point("GEN PROBE INC"), "GEN PROBE INC");
    }
}

