//! A page seen by the mapper: ruled cells with their lines of text, the
//! lines outside any cell, and label look-up.

use crate::geometry::{BBox, Rule, union_all};
use crate::layout::{self, Line, TextPage, Word};
use crate::tables::{self, Cell};

use crate::ocr::{CellRequest, Charset, PageImages};

use super::values::{join_lines, label_key, parse_date, split_marks};

/// Least label similarity (0–1) for a line to count as a printed label.
pub const MIN_LABEL_MATCH: f64 = 0.8;
/// Horizontal gap that splits a line outside the cells into separate
/// phrases (side-by-side columns of text), as a multiple of the font size.
const PHRASE_GAP: f64 = 1.5;
/// The same for OCR words, as a multiple of their height: their boxes hug
/// the ink (shorter than the font size), and a misread letter may be
/// dropped, widening a gap.
const OCR_PHRASE_GAP: f64 = 2.0;

/// Text taken from the page for one value, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub page: u32,
    pub bbox: BBox,
    pub text: String,
    /// Lowest reader confidence of its words.
    pub reading: f64,
    /// Whether a second, restricted reading of a scanned box gave the
    /// same value; `None` when it was read once.
    pub second_reading: Option<bool>,
}

impl Span {
    /// A place on the page with no text of its own (a check box, a label).
    pub fn place(page: u32, bbox: BBox) -> Span {
        Span { page, bbox, text: String::new(), reading: 1.0, second_reading: None }
    }

    /// The span of some lines (joined as wrapped text); `None` if no words.
    pub fn of_lines(page: u32, lines: &[&Line]) -> Option<Span> {
        let words: Vec<&Word> = lines.iter().flat_map(|l| l.words.iter()).collect();
        let bbox = union_all(words.iter().map(|w| &w.bbox))?;
        let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
        let reading = words.iter().map(|w| w.confidence).fold(1.0, f64::min);
        Some(Span { page, bbox, text: join_lines(&texts), reading, second_reading: None })
    }

    /// The date in `bbox` of a scanned page, read again alone and
    /// restricted to a date's characters, when the first reading was no
    /// date: its text is the date without footnote marks. `None` when this
    /// reading is no date either.
    pub fn date_read_again(images: &PageImages, page: u32, bbox: BBox) -> Option<Span> {
        let read = images.reread(&[CellRequest { page, bbox, charset: Charset::Date }]).pop().flatten()?;
        let text = split_marks(&read.text()).text;
        parse_date(&text)?;
        Some(Span { page, bbox, text, reading: read.confidence(), second_reading: Some(false) })
    }

    /// The span of some words on one line.
    pub fn of_words(page: u32, words: &[&Word]) -> Option<Span> {
        let bbox = union_all(words.iter().map(|w| &w.bbox))?;
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let reading = words.iter().map(|w| w.confidence).fold(1.0, f64::min);
        Some(Span { page, bbox, text, reading, second_reading: None })
    }
}

/// A cell and the lines of text inside it.
#[derive(Debug, Clone)]
pub struct CellText {
    pub bbox: BBox,
    pub lines: Vec<Line>,
}

impl CellText {
    pub fn text(&self) -> String {
        let texts: Vec<String> = self.lines.iter().map(Line::text).collect();
        join_lines(&texts)
    }
}

/// One page ready for mapping.
#[derive(Debug, Clone)]
pub struct PageView {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub cells: Vec<CellText>,
    /// Lines of the words outside every cell.
    pub loose: Vec<Line>,
    /// Every line of the page, cells or not, top to bottom.
    pub lines: Vec<Line>,
    /// The ruling lines, for the borders of cells left open by a page break.
    pub rules: Vec<Rule>,
    /// The words were read by OCR (so misread punctuation is to be expected).
    pub ocr: bool,
    /// Per line of `lines`: its label keys, computed once.
    label_keys: Vec<LineKeys>,
}

/// A label found on a page.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub page: usize,
    /// Cell holding the label, if it is in one.
    pub cell: Option<usize>,
    pub bbox: BBox,
    /// How well it matched, 0–1.
    pub score: f64,
}

impl PageView {
    pub fn new(page: &TextPage, layout: &layout::Settings, table: &tables::Settings) -> PageView {
        let cells = tables::cells(&page.rules, table);
        let mut by_cell: Vec<Vec<Word>> = vec![Vec::new(); cells.len()];
        let mut loose = Vec::new();
        for word in &page.words {
            match tables::cell_of(&cells, word) {
                Some(i) => by_cell[i].push(word.clone()),
                None => loose.push(word.clone()),
            }
        }
        let cells: Vec<CellText> = cells
            .iter()
            .zip(by_cell)
            .map(|(Cell { bbox }, words)| CellText { bbox: *bbox, lines: layout::lines(&words, layout) })
            .collect();
        let mut lines: Vec<Line> = cells.iter().flat_map(|c| c.lines.iter().cloned()).collect();
        // OCR word heights vary with the letters, so only a text layer's
        // font sizes can tell phrases apart.
        let loose: Vec<Line> = layout::lines(&loose, layout).into_iter().flat_map(|l| split_phrases(l, page.ocr)).collect();
        lines.extend(loose.iter().cloned());
        lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
        let mut view = PageView { number: page.number, width: page.width, height: page.height, cells, loose, lines, rules: page.rules.clone(), ocr: page.ocr, label_keys: Vec::new() };
        view.label_keys = view.line_keys();
        view
    }

    fn line_keys(&self) -> Vec<LineKeys> {
        let cells: Vec<Option<usize>> = self.lines.iter().map(|l| self.cell_at(&l.bbox)).collect();
        let texts: Vec<String> = self.lines.iter().map(Line::text).collect();
        (0..self.lines.len())
            .map(|i| {
                let line = &self.lines[i];
                // Lines run top to bottom: the wrapped part is among the next few.
                let reach = WRAP_REACH * line.bbox.height();
                let next = (i + 1..self.lines.len()).take_while(|&j| self.lines[j].bbox.y0 - line.bbox.y1 < reach).find(|&j| {
                    let n = &self.lines[j];
                    n.bbox.y0 > line.bbox.center_y() && cells[j] == cells[i] && n.bbox.x_overlap(&line.bbox) > 0.0
                });
                let key = strip_number(&label_key(&texts[i]));
                let joined = next.map(|j| strip_number(&label_key(&format!("{} {}", texts[i], texts[j]))));
                // On a scan, a word lost to a streak or a speck leaves a
                // gap that splits a label into two phrases of one line.
                let beside = (self.ocr)
                    .then(|| {
                        (0..self.lines.len())
                            .filter(|&j| {
                                let n = &self.lines[j];
                                let gap = n.bbox.x0 - line.bbox.x1;
                                cells[j] == cells[i] && gap > 0.0 && gap <= BESIDE_REACH * line.bbox.height() && n.bbox.y_overlap(&line.bbox) >= 0.5 * n.bbox.height().min(line.bbox.height())
                            })
                            .min_by(|&a, &b| self.lines[a].bbox.x0.total_cmp(&self.lines[b].bbox.x0))
                    })
                    .flatten()
                    .map(|j| strip_number(&label_key(&format!("{} {}", texts[i], texts[j]))));
                // OCR runs a label together with text beside it that a
                // text layer keeps apart: the label may start mid-line.
                let inner = if self.ocr { inner_keys(line) } else { Vec::new() };
                LineKeys { key, joined, beside, inner }
            })
            .collect()
    }

    /// Index of the smallest cell containing the centre of `bbox`.
    pub fn cell_at(&self, bbox: &BBox) -> Option<usize> {
        let (x, y) = (bbox.center_x(), bbox.center_y());
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.bbox.contains_point(x, y))
            .min_by(|a, b| (a.1.bbox.width() * a.1.bbox.height()).total_cmp(&(b.1.bbox.width() * b.1.bbox.height())))
            .map(|(i, _)| i)
    }
}

/// Split a line where a gap wider than `PHRASE_GAP` em separates its words
/// (or, from a text layer, a narrower gap between two font sizes).
fn split_phrases(line: Line, ocr: bool) -> Vec<Line> {
    let (max_gap, by_size) = if ocr { (OCR_PHRASE_GAP, false) } else { (PHRASE_GAP, true) };
    let mut out: Vec<Line> = Vec::new();
    let mut last: Option<&Word> = None;
    for word in &line.words {
        let gap = last.map_or(0.0, |l| word.bbox.x0 - l.bbox.x1);
        let size = last.map_or(word.font_size, |l| l.font_size.min(word.font_size));
        // Text in another size, set apart by more than a space, is another
        // column's (a title beside small print).
        let ratio = last.map_or(1.0, |l| size / l.font_size.max(word.font_size));
        let other_size = by_size && ratio < PHRASE_SIZE_RATIO && gap > PHRASE_SIZE_GAP * size;
        match out.last_mut() {
            Some(current) if gap <= max_gap * size && !other_size => {
                current.bbox = current.bbox.union(&word.bbox);
                current.words.push(word.clone());
            }
            _ => out.push(Line { words: vec![word.clone()], bbox: word.bbox }),
        }
        last = Some(word);
    }
    out
}

/// Font sizes whose ratio is below this belong to different phrases when a
/// gap separates them.
const PHRASE_SIZE_RATIO: f64 = 0.75;
/// That gap, as a multiple of the smaller font size (wider than a space).
const PHRASE_SIZE_GAP: f64 = 0.5;

/// Widest gap between a label's line and its wrapped part below, as a
/// multiple of the line's height: a title's leading leaves about one
/// height between lines, and OCR boxes may hug the ink of a line's
/// letters only ("OWNERSHIP" boxed from below its cap tops).
const WRAP_REACH: f64 = 1.5;

/// Fewest characters of a line's own text for it to start a label that
/// runs on into the line below or the phrase beside it.
const MIN_JOINED_START: usize = 4;

/// Widest gap between two phrases of one line joined to find a label
/// split by a lost word, as a multiple of the line's height.
const BESIDE_REACH: f64 = 4.0;

/// The label keys of one line.
#[derive(Debug, Clone)]
struct LineKeys {
    /// The line's text.
    key: String,
    /// The line joined with the line below in the same cell (a wrapped label).
    joined: Option<String>,
    /// On OCR pages: the line joined with the next phrase to its right.
    beside: Option<String>,
    /// On OCR pages: the line from each of its later words on, with the
    /// box of those words.
    inner: Vec<(BBox, String)>,
}

/// Factor on the score of a label found mid-line, so that a line that
/// starts with the label wins over one that merely holds it.
const INNER_LABEL_DOUBT: f64 = 0.97;

/// The keys of a line from each of its words after the first on.
fn inner_keys(line: &Line) -> Vec<(BBox, String)> {
    (1..line.words.len())
        .filter_map(|k| {
            let words = &line.words[k..];
            let bbox = union_all(words.iter().map(|w| &w.bbox))?;
            let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            Some((bbox, strip_number(&label_key(&text))))
        })
        .collect()
}

/// How well `text` begins with `label`, 0–1, compared on label keys
/// (case, punctuation and the box number ignored).
pub fn label_score(text: &str, label: &str) -> f64 {
    key_score(&strip_number(&label_key(text)), &label_key(label))
}

/// `label_score` on keys already made.
fn key_score(have: &str, want: &str) -> f64 {
    if want.is_empty() || have.len() + 2 < want.len() / 2 {
        return 0.0;
    }
    let prefix: String = have.chars().take(want.chars().count()).collect();
    crate::similarity::normalized_levenshtein(&prefix, want)
}

/// Whether `text` reads as the start of `label` (a label wrapped after its
/// first line): their keys agree over the shorter one's length.
pub fn starts_label(text: &str, label: &str) -> bool {
    /// Fewest characters compared, so that one word does not count as a label.
    const MIN_PREFIX: usize = 12;
    let (have, want) = (strip_number(&label_key(text)), label_key(label));
    let n = have.chars().count().min(want.chars().count());
    if n < MIN_PREFIX {
        return false;
    }
    let prefix = |s: &str| s.chars().take(n).collect::<String>();
    crate::similarity::normalized_levenshtein(&prefix(&have), &prefix(&want)) >= MIN_LABEL_MATCH
}

/// Drop a leading box or column number (`2`, `2a`, `10`).
pub fn strip_number(key: &str) -> String {
    let mut parts = key.splitn(2, ' ');
    let first = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    let is_number = first.chars().next().is_some_and(|c| c.is_ascii_digit()) && first.len() <= 3;
    if is_number { rest.to_string() } else { key.to_string() }
}

/// The best line on any page starting with `label`, at or above `MIN_LABEL_MATCH`.
pub fn find_label(pages: &[PageView], label: &str) -> Option<Found> {
    find_labels(pages, label).into_iter().next()
}

/// Every line starting with `label`, best first.
pub fn find_labels(pages: &[PageView], label: &str) -> Vec<Found> {
    let want = label_key(label);
    let mut found = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (line, keys) in page.lines.iter().zip(&page.label_keys) {
            // A speck's line joined to a label is no start of it.
            let joins = if keys.key.chars().count() >= MIN_JOINED_START { [keys.joined.as_ref(), keys.beside.as_ref()] } else { [None, None] };
            let score = [Some(&keys.key)].into_iter().chain(joins).flatten().map(|k| key_score(k, &want)).fold(0.0, f64::max);
            let inner = keys.inner.iter().map(|(bbox, key)| (*bbox, INNER_LABEL_DOUBT * key_score(key, &want))).max_by(|a, b| a.1.total_cmp(&b.1));
            let (bbox, score) = match inner {
                Some((bbox, inner)) if inner > score => (bbox, inner),
                _ => (line.bbox, score),
            };
            if score >= MIN_LABEL_MATCH {
                found.push(Found { page: p, cell: page.cell_at(&line.bbox), bbox, score });
            }
        }
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.page.cmp(&b.page)).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
    found
}

#[cfg(test)]
mod tests {
    use super::{find_label, PageView};
    use crate::geometry::BBox;
    use crate::layout::{TextPage, Word};

    /// A scanned page of these words: (text, left, top), each 8 points high.
    fn scanned(words: &[(&str, f64, f64)], ocr: bool) -> [PageView; 1] {
        let words = words
            .iter()
            .map(|&(text, x, y)| Word { text: text.into(), bbox: BBox::new(x, y, x + 6.0 * text.len() as f64, y + 8.0), font_size: 8.0, confidence: 0.9 })
            .collect();
        let page = TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr };
        [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())]
    }

    const TITLE: &str = "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP";

    #[test]
    fn a_scanned_title_split_by_a_lost_word_is_found() {
        // "BEN" lost to a streak leaves 25 points between two phrases.
        let words = [("STATEMENT", 160.0, 80.0), ("OF", 220.0, 80.0), ("CHANGES", 236.0, 80.0), ("IN", 282.0, 80.0), ("EFICIAL", 319.0, 80.0), ("OWNERSHIP", 363.0, 80.0)];
        assert!(find_label(&scanned(&words, true), TITLE).is_some());
        assert!(find_label(&scanned(&words, false), TITLE).is_none(), "a text layer's phrases are apart");
    }

    #[test]
    fn a_speck_above_a_title_does_not_start_it() {
        let words = [("i", 300.0, 110.0), ("STATEMENT", 190.0, 120.0), ("OF", 250.0, 120.0), ("CHANGES", 266.0, 120.0), ("IN", 312.0, 120.0), ("BENEFICIAL", 326.0, 120.0), ("OWNERSHIP", 390.0, 120.0)];
        let found = find_label(&scanned(&words, true), TITLE).expect("the title");
        assert_eq!(found.bbox.y0, 120.0);
        assert_eq!(super::find_labels(&scanned(&words, true), TITLE).len(), 1);
    }

    #[test]
    fn a_title_wrapped_with_its_second_line_boxed_low_is_found() {
        // The second line's box starts 9 points under the first's bottom.
        let words = [("STATEMENT", 190.0, 120.0), ("OF", 250.0, 120.0), ("CHANGES", 266.0, 120.0), ("IN", 312.0, 120.0), ("BENEFICIAL", 326.0, 120.0), ("OWNERSHIP", 270.0, 137.0)];
        assert!(find_label(&scanned(&words, true), TITLE).is_some());
    }
}
