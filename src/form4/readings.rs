//! Two readings of scanned text merged word by word: where they differ,
//! the words tesseract was surer of are kept; specks read as letters or
//! punctuation in one reading only are dropped.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::geometry::BBox;
use crate::layout::{Line, Word};
use crate::ocr::{CellRequest, Charset, PageImages, Reading};

use super::page::Span;
use super::values::join_lines;

/// A line's box is tight on its glyphs, and a box read again is cropped
/// inside its edges: lines are read again with this margin, in points.
const LINE_MARGIN: f64 = 1.5;
/// A scanned line's box ends at its letters' foot (the words' median
/// bottom), above the descenders: it is read again with this much more
/// below it, as a share of its height.
const DESCENDER_MARGIN: f64 = 0.35;

/// A line as read (on a scan, twice and merged).
pub struct ReadLine {
    /// Whether the two readings agreed (`None`: not read again, as on a text layer).
    pub agreed: Option<bool>,
    /// Its words, each with the reader's confidence in it (0–1).
    pub words: Vec<(String, f64)>,
}

impl ReadLine {
    pub fn text(&self) -> String {
        joined(&self.words)
    }
}

/// Words, each with its confidence, as text.
fn joined(words: &[(String, f64)]) -> String {
    words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ")
}

/// Lines of scanned pages read again, alone and restricted to text, and
/// merged with their first reading.
pub fn lines_read_again(images: &PageImages, lines: &[(u32, &Line)]) -> Vec<ReadLine> {
    let again: Vec<usize> = (0..lines.len()).filter(|&i| images.has_page(lines[i].0)).collect();
    let requests: Vec<CellRequest> = again
        .iter()
        .map(|&i| {
            let (page, line) = lines[i];
            let b = line.bbox;
            CellRequest { page, bbox: BBox::new(b.x0 - LINE_MARGIN, b.y0 - LINE_MARGIN, b.x1 + LINE_MARGIN, b.y1 + LINE_MARGIN.max(DESCENDER_MARGIN * b.height())), charset: Charset::Text }
        })
        .collect();
    let mut out: Vec<ReadLine> = lines.iter().map(|(_, line)| ReadLine { agreed: None, words: word_confidences([*line]) }).collect();
    for (i, reading) in again.into_iter().zip(images.reread(&requests)) {
        let Some(reading) = reading else {
            out[i].agreed = Some(false);
            continue;
        };
        let words = &out[i].words;
        let least = words.iter().map(|w| w.1).fold(1.0, f64::min);
        // Raised marks the second reading took apart are no footnote
        // marks in running text: its words alone are compared.
        let second = Reading { marks: String::new(), ..reading };
        let second_text = second.text();
        let merged = merged_words(&weighed(&out[i].text(), words, least), &weighed(&second_text, &second.words, second.confidence()));
        out[i] = ReadLine { agreed: Some(merged.agreed), words: merged.words };
    }
    out
}

/// The line with its box cut short so that reading it again
/// (`lines_read_again`) stays above `floor`, a page height in points
/// where other print starts: a speck can stretch a scanned word's box
/// down into the line below.
pub fn kept_above(line: &Line, floor: f64) -> Line {
    let b = line.bbox;
    // The lowest bottom whose reading region ends at `floor`, with either margin.
    let bottom = (floor - LINE_MARGIN).min((floor + DESCENDER_MARGIN * b.y0) / (1.0 + DESCENDER_MARGIN));
    if bottom >= b.y1 || bottom <= b.y0 {
        return line.clone();
    }
    Line { bbox: BBox::new(b.x0, b.y0, b.x1, bottom), ..line.clone() }
}

/// The span of some lines of page number `page`: on a scan read again
/// and merged with the first reading (its text, its least confidence and
/// whether the readings agreed), else as printed.
pub fn span_read_again(images: &PageImages, page: u32, lines: &[&Line]) -> Option<Span> {
    let span = Span::of_lines(page, lines)?;
    if !images.has_page(page) {
        return Some(span);
    }
    let read = lines_read_again(images, &lines.iter().map(|l| (page, *l)).collect::<Vec<_>>());
    let texts: Vec<String> = read.iter().map(ReadLine::text).collect();
    let agreed = read.iter().all(|r| r.agreed == Some(true));
    let reading = read.iter().flat_map(|r| &r.words).map(|w| w.1).fold(1.0, f64::min);
    Some(Span { text: join_lines(&texts), reading, second_reading: Some(agreed), ..span })
}

/// The words of some lines, each with the reader's confidence in it (0–1).
pub fn word_confidences<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Vec<(String, f64)> {
    lines.into_iter().flat_map(|l| &l.words).map(|w| (w.text.clone(), w.confidence)).collect()
}

/// The words of `text` (a reading's words, lines joined and footnote
/// marks taken out), each with the confidence of the word read that it
/// starts or that starts it; `fallback` for any not found in order.
pub fn weighed<'a>(text: &'a str, words: &[(String, f64)], fallback: f64) -> Vec<(&'a str, f64)> {
    let mut rest = words.iter();
    text.split_whitespace()
        .map(|token| {
            let mut ahead = rest.clone();
            match ahead.find(|(w, _)| !w.is_empty() && (w.starts_with(token) || token.starts_with(w.as_str()))) {
                Some((_, confidence)) => {
                    rest = ahead;
                    (token, *confidence)
                }
                None => (token, fallback),
            }
        })
        .collect()
}

/// Least mean confidence (0–1) for words one reading found and the other
/// did not (or read as specks only) to be kept.
const MIN_LONE_WORDS_CONFIDENCE: f64 = 0.5;

/// Two readings merged word by word.
#[derive(Debug, PartialEq)]
pub struct Merged {
    /// They differed in specks only.
    pub agreed: bool,
    /// The words kept, each with its confidence (0–1).
    pub words: Vec<(String, f64)>,
}

impl Merged {
    pub fn text(&self) -> String {
        joined(&self.words)
    }

    /// The least confidence of the words kept (0–1).
    pub fn reading(&self) -> f64 {
        self.words.iter().map(|w| w.1).fold(1.0, f64::min)
    }
}

/// Merge two readings of a text, each word with its confidence (0–1).
/// Words are matched by a longest common subsequence of their keys (edge
/// punctuation and case aside). Between matches, specks (a lone lower-case
/// letter but "a", a lone "I", punctuation) are dropped; where real words
/// differ, the run with the greater mean confidence is kept.
pub fn merged_words(first: &[(&str, f64)], second: &[(&str, f64)]) -> Merged {
    let key = |w: &str| trimmed(w).to_lowercase();
    let (ka, kb): (Vec<String>, Vec<String>) = (first.iter().map(|w| key(w.0)).collect(), second.iter().map(|w| key(w.0)).collect());
    let same = |i: usize, j: usize| ka[i] == kb[j] && (!ka[i].is_empty() || (first[i].0 == second[j].0 && LONE_PUNCTUATION.contains(&first[i].0)));
    // Longest common subsequence of the keys, by dynamic programming.
    let mut common = vec![vec![0usize; kb.len() + 1]; ka.len() + 1];
    for i in (0..ka.len()).rev() {
        for j in (0..kb.len()).rev() {
            common[i][j] = if same(i, j) { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let mut agreed = true;
    let mut kept: Vec<(&str, f64)> = Vec::new();
    // The words of each reading since the last match.
    let (mut run_a, mut run_b): (Vec<(&str, f64)>, Vec<(&str, f64)>) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < ka.len() || j < kb.len() {
        if i < ka.len() && j < kb.len() && same(i, j) {
            agreed &= settle(&mut run_a, &mut run_b, &mut kept);
            kept.push(spelling(first[i], second[j]));
            (i, j) = (i + 1, j + 1);
        } else if j == kb.len() || (i < ka.len() && common[i + 1][j] >= common[i][j + 1]) {
            run_a.push(first[i]);
            i += 1;
        } else {
            run_b.push(second[j]);
            j += 1;
        }
    }
    agreed &= settle(&mut run_a, &mut run_b, &mut kept);
    let mut words: Vec<(String, f64)> = kept.iter().map(|&(w, c)| (w.to_string(), c)).collect();
    pair_quotes(&mut words);
    Merged { agreed, words }
}

/// Double quotes as OCR reads them: straight, curly, or doubled.
const DOUBLE_QUOTES: &[char] = &['"', '\u{201c}', '\u{201d}'];

/// Double quotes made straight and single (`""NACM"` → `"NACM"`), and
/// kept only where they pair up: one opening a word (after any bracket),
/// the next closing the same or a later word (before any bracket or
/// punctuation). Others are specks, dropped (with words left empty).
fn pair_quotes(words: &mut Vec<(String, f64)>) {
    static QUOTE_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new("[\"\u{201c}\u{201d}]+").unwrap());
    for (word, _) in words.iter_mut() {
        if word.contains(DOUBLE_QUOTES) {
            *word = QUOTE_RUN.replace_all(word, "\"").into_owned();
        }
    }
    let opens = |w: &str| w.trim_start_matches('(').starts_with('"');
    let closes = |w: &str| w.trim_end_matches([')', '.', ',', ';', ':']).ends_with('"');
    let mut paired = vec![false; words.len()];
    let mut open: Option<usize> = None;
    for (i, (word, _)) in words.iter().enumerate() {
        if opens(word) {
            open = Some(i);
        }
        if let Some(start) = open.filter(|&start| closes(word) && (start < i || word.matches('"').count() >= 2)) {
            paired[start] = true;
            paired[i] = true;
            open = None;
        }
    }
    for ((word, _), paired) in words.iter_mut().zip(paired) {
        if !paired && word.contains('"') {
            *word = word.replace('"', "");
        }
    }
    words.retain(|(word, _)| !word.is_empty());
}

/// Settle the runs of words two readings differ in between two matched
/// words: specks are dropped; runs of as many real words are settled word
/// by word, others as a whole, keeping what has the greater (mean)
/// confidence (a run the other reading lacks only when sure enough).
/// Whether the runs held specks only.
fn settle<'a>(run_a: &mut Vec<(&'a str, f64)>, run_b: &mut Vec<(&'a str, f64)>, kept: &mut Vec<(&'a str, f64)>) -> bool {
    run_a.retain(|w| !is_speck(w.0));
    run_b.retain(|w| !is_speck(w.0));
    let mean = |run: &[(&str, f64)]| run.iter().map(|w| w.1).sum::<f64>() / run.len().max(1) as f64;
    let (a, b) = (mean(run_a), mean(run_b));
    let chosen = match (run_a.is_empty(), run_b.is_empty()) {
        (true, true) => return true,
        (false, true) => (a >= MIN_LONE_WORDS_CONFIDENCE).then_some(&*run_a),
        (true, false) => (b >= MIN_LONE_WORDS_CONFIDENCE).then_some(&*run_b),
        _ if run_a.len() == run_b.len() => {
            kept.extend(run_a.iter().zip(run_b.iter()).map(|(x, y)| spelling(*x, *y)));
            None
        }
        _ => Some(if b > a { &*run_b } else { &*run_a }),
    };
    kept.extend(chosen.into_iter().flatten());
    run_a.clear();
    run_b.clear();
    false
}

/// Punctuation a word may end or start with in a filing's text; other
/// marks at its edges (quotes, stars, strokes) are specks on a scan.
const EDGE_PUNCTUATION: &str = ".,;:()%$&#-/";

/// One word as two readings spelled it: of the same letters and digits,
/// the first reading's spelling (read in context, it keeps case and
/// punctuation better) unless specks stick to it; where the second is
/// the first cut short, the first; of different ones, the surer reading's.
fn spelling<'a>(first: (&'a str, f64), second: (&'a str, f64)) -> (&'a str, f64) {
    let specked = |w: &str| {
        let edges = w.chars().take_while(|c| !c.is_alphanumeric()).chain(w.chars().rev().take_while(|c| !c.is_alphanumeric()));
        edges.into_iter().any(|c| !EDGE_PUNCTUATION.contains(c))
    };
    let confidence = first.1.max(second.1);
    let (once, again) = (letters(first.0), letters(second.0));
    // A box read alone may lose letters at its edge ("Corp" → "Cor").
    if once.len() > again.len() && once.starts_with(&again) && !again.is_empty() {
        return first;
    }
    if once == again {
        // The second reading's characters hold no quotes: where they are
        // all that tells the readings apart, they are the first's to keep.
        let quoted = first.0.replace(DOUBLE_QUOTES, "") == second.0;
        (if specked(first.0) && !specked(second.0) && !quoted { second.0 } else { first.0 }, confidence)
    } else if second.1 > first.1 {
        second
    } else {
        first
    }
}

/// A word's letters and digits, lower-cased.
fn letters(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A word without the punctuation specks stick to its ends (brackets kept).
fn trimmed(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')')
}

/// Fewest letters of a word a scanned name or title prints with a period
/// inside the text: shorter ones are abbreviations ("Inc.", "Corp.").
const MIN_UNABBREVIATED_LETTERS: usize = 5;
/// Abbreviations at least `MIN_UNABBREVIATED_LETTERS` long that names print.
const LONG_ABBREVIATIONS: &[&str] = &["Assoc", "Admin", "ASSOC", "ADMIN"];

/// Whether `word`, not the last of a scanned name, title or signature,
/// ends in a speck read as a period: a whole word ("Stock." in "Stock.
/// Option", "MOUNTAIN." in "MOUNTAIN. VIEW") takes none there, only an
/// abbreviation does.
fn ends_in_speck_point(word: &str) -> bool {
    word.strip_suffix('.').is_some_and(|stem| {
        stem.chars().count() >= MIN_UNABBREVIATED_LETTERS && stem.chars().all(char::is_alphabetic) && !LONG_ABBREVIATIONS.contains(&stem)
    })
}

/// A scanned name, title or signature without the specks read as periods
/// after its whole words (see [`ends_in_speck_point`]); its last word keeps its own.
pub fn without_speck_points(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let kept: Vec<&str> = words.iter().enumerate().map(|(i, w)| if i < last && ends_in_speck_point(w) { &w[..w.len() - 1] } else { w }).collect();
    kept.join(" ")
}

/// Marks no address line opens with, read from specks before it ('#'
/// opens some: "#500").
const ADDRESS_OPENING_SPECKS: &[char] = &['.', ',', '-', '\'', '`', ':', ';', '"'];
/// Marks no address line or city ends with, read from specks after it
/// ("CORPORATION:", "SUITE 100°"); a period or comma may end one.
const ADDRESS_CLOSING_SPECKS: &[char] = &[':', ';', '°', '\'', '"', '`', '-'];

/// A scanned street or city line without the specks read at its ends:
/// marks none opens or closes with, and a period after a whole last word
/// ("CORPORATION.", see [`ends_in_speck_point`]; "INC." keeps its own).
pub fn address_read(text: &str) -> String {
    let text = text.trim_start_matches(ADDRESS_OPENING_SPECKS).trim_end_matches(ADDRESS_CLOSING_SPECKS).trim();
    match text.rsplit_once(' ').map_or(text, |(_, last)| last) {
        last if ends_in_speck_point(last) => text[..text.len() - 1].to_string(),
        _ => text.to_string(),
    }
}

/// A scanned line without the specks read as words after its last real
/// word ("Haruto M i", "SUITE 200 ©"): bare punctuation, a lone
/// lower-case letter but "a", or a doubtful stroke standing off the text
/// (see [`is_stray_stroke`]); and without a quote opening it that nothing
/// closes ("\"C/O"), nor specks read as periods after whole words (see
/// [`ends_in_speck_point`]), and with a roman numeral's I read as a bracket
/// made an I again (see [`is_bracketed_numeral`]). (A lone capital stays: names
/// end in initials and "Fund I".) `None` when nothing else is left.
pub fn without_edge_specks(line: &Line) -> Option<Line> {
    const QUOTES: [char; 2] = ['"', '\''];
    let mut words = line.words.clone();
    while words.last().is_some_and(|w| is_mark_or_letter_speck(&w.text)) || is_stray_stroke(&words) || ends_in_lower_speck(&words) {
        words.pop();
    }
    let last = words.len().saturating_sub(1);
    for word in words[..last].iter_mut().filter(|w| ends_in_speck_point(&w.text)) {
        word.text.pop();
    }
    let brackets: usize = words.iter().map(|w| w.text.matches(['[', ']']).count()).sum();
    if brackets == 1 {
        for word in words.iter_mut().filter(|w| is_bracketed_numeral(&w.text)) {
            word.text = word.text.replace(['[', ']'], "I");
        }
    }
    let quotes: usize = words.iter().map(|w| w.text.matches(QUOTES).count()).sum();
    if let Some(first) = words.first_mut().filter(|w| quotes == 1 && w.text.starts_with(QUOTES) && w.text.len() > 1) {
        first.text = first.text[1..].to_string();
    }
    let bbox = crate::geometry::union_all(words.iter().map(|w| &w.bbox))?;
    Some(Line { words, bbox })
}

/// Most letters of a word OCR makes of specks after a line in capitals.
const MAX_LOWER_SPECK_LETTERS: usize = 2;

/// Whether the last of `words` is a short lower-case word ("ai", "ie")
/// after words in capitals: specks, as no capitals line ends in one.
fn ends_in_lower_speck(words: &[Word]) -> bool {
    let [before @ .., last] = words else { return false };
    let capitals = |w: &Word| w.text.chars().any(char::is_uppercase) && !w.text.chars().any(char::is_lowercase);
    !before.is_empty()
        && before.iter().all(capitals)
        && last.text.chars().count() <= MAX_LOWER_SPECK_LETTERS
        && last.text.chars().all(|c| c.is_lowercase())
}

/// A roman numeral ("Fund II") with a serifed I read as a square bracket
/// ("I]", "X[I", a comma after it or not); taken so only when the line
/// holds no other bracket.
fn is_bracketed_numeral(text: &str) -> bool {
    let numeral = text.trim_end_matches(',');
    numeral.contains(['[', ']']) && numeral.chars().any(|c| c == 'I' || c == 'V' || c == 'X') && numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | '[' | ']'))
}

/// Most confidence (0–1) tesseract gives an upright stroke after a
/// line's words for it to be a speck, not the capital I it reads.
const MAX_STRAY_STROKE_CONFIDENCE: f64 = 0.75;
/// Least gap before it, as a multiple of the widest gap between the
/// words before it: an initial or "Fund I" stands a word space after the
/// word before.
const MIN_STRAY_STROKE_GAP: f64 = 1.4;

/// Whether the last of `words` is a stroke OCR read as "I" that stands
/// off the words before it and that it doubted: a crease or a rule's
/// remnant after the text.
fn is_stray_stroke(words: &[Word]) -> bool {
    let [.., before, last] = words else { return false };
    let spaces = words[..words.len() - 1].windows(2).map(|p| p[1].bbox.x0 - p[0].bbox.x1);
    let Some(widest) = spaces.reduce(f64::max) else { return false };
    matches!(last.text.as_str(), "I" | "l" | "|")
        && last.confidence < MAX_STRAY_STROKE_CONFIDENCE
        && last.bbox.x0 - before.bbox.x1 >= MIN_STRAY_STROKE_GAP * widest.max(0.0)
}

/// Scanned cell text without the marks at its end that nothing opened: a
/// closing bracket with the specks stuck before it, what is left of a
/// raised footnote mark OCR garbled ("Trust)", "By GRAT °)"), or quotes
/// where no quote opened ("Common Stock''").
pub fn without_stray_marks(text: &str) -> String {
    const QUOTES: [char; 2] = ['\'', '"'];
    let unquoted = text.trim_end_matches(QUOTES);
    let text = if unquoted.contains(QUOTES) { text } else { unquoted };
    let opened = text.matches('(').count();
    if !text.ends_with(')') || text.matches(')').count() <= opened {
        return text.to_string();
    }
    let stem = text[..text.len() - 1].trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '.');
    stem.trim_end().to_string()
}

/// "Rule 10b5-1", the trading plans footnotes and remarks cite, as OCR
/// garbles it: 1, l and L, 0 and O, 5 and S look alike in small type.
static RULE_10B5_1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[1lIL][0oO]b[5S]-[1lI]\b").unwrap());

/// A speck read as a period in the space between two words
/// ("reflect.adjustments", "Corp,.or"): lower-case letters either side.
static SPECK_BETWEEN_WORDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z]*[a-z]{2})(,?)\.([a-z]{2,})\b").unwrap());
/// A dollar amount's decimal point read as a colon ("$2:50"), or as a
/// comma or (after a thousands group) a space where it cannot be a
/// thousands comma: thousands groups have three digits, cents two or four
/// ("$2,559,69", "$2,591 46"). Its thousands commas may be read as points
/// ("$2.583,85").
static AMOUNT_POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$(\d{1,3}(?:[,.]\d{3})*)(?:[:;](\d{2,4})|,(\d{2}|\d{4})|( )(\d{2}|\d{4}))\b").unwrap());
/// A date's last slash read as a colon ("12/29:2020").
static DATE_COLON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,2}/\d{1,2})[:;](\d{4})\b").unwrap());
/// The "to" of a price range ("from $1.00 to $2.00", which every weighted
/// average price note prints) read as "10" (undone before the amounts'
/// points, which would take "$150,300 10" for $150,300.10).
static RANGE_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\$\d[\d,.:;]*\d) 10 (\$\d)").unwrap());
/// A speck read as a hyphen after a sentence's opening "The" ("The-shares
/// were sold"): no compound starts so.
static OPENING_THE_HYPHEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(^|[.;:] )The-([a-z])").unwrap());
/// A sentence's period read as a comma before the next sentence's opening
/// word ("a weighted average price, The shares were"): prose puts no comma
/// between a lower-case word and these.
static SENTENCE_COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z]{2,}), (The|These|This|Such|Each|All) ").unwrap());
/// A comma read as a point before a lower-case word ("upon request. full
/// information"); the word before is judged by [`printed_point`].
static POINT_BEFORE_LOWER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\S+)\. ([a-z])").unwrap());
/// Words prose abbreviates with a point, lower-cased, besides legal forms.
const PROSE_ABBREVIATIONS: &[&str] = &["etc", "approx", "no", "nos", "vs", "st", "mr", "mrs", "ms", "dr"];
/// Short words that link a phrase, which no two-part compound ends in
/// ("one-for-one" has three parts): a hyphen or an apostrophe before one
/// is a speck in the space ("holder-of", "as'to").
const LINKING_WORDS: &[&str] = &["of", "at", "an", "the", "a", "and", "or", "to", "by", "for", "from", "with"];
/// Words that open a phrase after a linking word, which OCR runs into it
/// where the space is narrow ("tothe", "atthe"): no word is spelled so.
const PHRASE_OPENINGS: &[&str] = &["the", "this", "such", "its"];
/// A share class's letter run into the next word ("Class ACommon Stock").
static CLASS_LETTER_JOINED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bClass ([A-Z])([A-Z][a-z]{2,})\b").unwrap());
/// Marks OCR reads a speck in a word space as.
const SPECK_JOINS: &[char] = &['-', '\'', '\u{2019}'];
/// Parts of web and mail addresses, whose periods stand between letters.
const ADDRESS_PARTS: &[&str] = &["www", "http", "@", "/", ".com", ".gov", ".org", ".net"];

/// Lower-case letters drawn like their capitals, which small type on a
/// scan leaves OCR unable to tell apart.
pub const LOWER_LIKE_CAPITAL: &str = "cosuvwxz";

/// Scanned text whose opening word OCR read lower-case where its letter
/// looks like its capital, capitalised when the next word is ("see
/// Remarks"): box text opens with a capital.
pub fn opening_capital_kept(text: &str) -> String {
    let mut words = text.split(' ');
    let (Some(first), Some(next)) = (words.next(), words.next()) else { return text.to_string() };
    let look_alike = first.chars().next().is_some_and(|c| LOWER_LIKE_CAPITAL.contains(c));
    if !look_alike || !next.chars().next().is_some_and(char::is_uppercase) {
        return text.to_string();
    }
    format!("{}{}", capitalised(first), &text[first.len()..])
}

/// `word` with its first letter a capital.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Legal forms printed with a period after each letter, by their letters:
/// on a scan the periods are read as commas, doubled or lost ("L,P.",
/// "1..P.", "LP.") and L as 1 or I.
const DOTTED_FORMS: &[(&str, &str)] = &[("LP", "L.P."), ("NV", "N.V."), ("SA", "S.A.")];
/// Legal forms, lower-cased, that a name prints capitalised (or in
/// capitals when the whole name is), with their capitalised spelling.
const CAPITALISED_FORMS: &[(&str, &str)] = &[("inc", "Inc"), ("corp", "Corp"), ("ltd", "Ltd"), ("co", "Co"), ("llc", "LLC")];
/// Legal forms with one letter misread as a letter of like shape, which
/// is no word a name ends in.
const MISREAD_FORMS: &[(&str, &str)] = &[("Ine", "Inc"), ("lnc", "Inc"), ("Lid", "Ltd")];

/// A scanned company name whose last word is a legal form OCR garbled,
/// with the form as names print it: "L,P." or "1..P." is "L.P.", "inc." in
/// a capitalised name "Inc.", "Ine." "Inc.". Other names are as read.
pub fn legal_form_read(name: &str) -> String {
    let Some((stem, last)) = name.rsplit_once(' ') else { return name.to_string() };
    let core = last.trim_end_matches(['.', ',']);
    let ending = &last[core.len()..];
    let dotted_key: String = last.chars().filter(|c| c.is_alphanumeric()).collect::<String>().replace(['1', 'I'], "L");
    let dotted = DOTTED_FORMS.iter().find(|(key, _)| dotted_key == *key && last.contains(['.', ','])).map(|(_, form)| form.to_string());
    let capitalised_form = || {
        let (_, form) = CAPITALISED_FORMS.iter().find(|(lower, _)| core == *lower)?;
        let letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
        match letters.first() {
            Some(first) if first.is_uppercase() && letters.iter().all(|c| c.is_uppercase()) => Some(format!("{}{ending}", form.to_uppercase())),
            Some(first) if first.is_uppercase() => Some(format!("{form}{ending}")),
            _ => None,
        }
    };
    let misread = || MISREAD_FORMS.iter().find(|(read, _)| core == *read).map(|(_, form)| format!("{form}{ending}"));
    let form = dotted.or_else(capitalised_form).or_else(misread);
    let is_form = form.is_some() || LEGAL_FORMS.contains(&core.replace('.', "").to_lowercase().as_str());
    let stem = if is_form { comma_before_form(stem) } else { stem.to_string() };
    format!("{stem} {}", form.as_deref().unwrap_or(last))
}

/// Characters OCR reads a roman numeral's I as (and I itself).
const ROMAN_I_LOOKALIKES: &str = "Iil1";
/// Longest roman numeral in a name that OCR may have garbled, in characters.
const MAX_GARBLED_ROMAN: usize = 5;

/// A scanned name with its roman numerals as printed where OCR read their
/// I as a digit or a small letter ("Fund V1", "Fund Vil" are "Fund VI",
/// "Fund VII"). A word counts only if it holds a V or an X, a 1 or an l,
/// and nothing else but I's lookalikes: "Xi" and "Vi" are names.
pub fn roman_numerals_read(name: &str) -> String {
    let numeral = |word: &str| {
        let core = word.trim_end_matches([',', '.']);
        let garbled = (2..=MAX_GARBLED_ROMAN).contains(&core.chars().count())
            && core.chars().all(|c| matches!(c, 'V' | 'X') || ROMAN_I_LOOKALIKES.contains(c))
            && core.contains(['V', 'X'])
            && core.contains(['1', 'l']);
        if garbled { core.replace(|c: char| ROMAN_I_LOOKALIKES.contains(c), "I") + &word[core.len()..] } else { word.to_string() }
    };
    name.split(' ').map(numeral).collect::<Vec<_>>().join(" ")
}

/// Legal forms a company name ends in, lower-cased without points.
const LEGAL_FORMS: &[&str] = &["lp", "llp", "llc", "inc", "corp", "ltd", "co", "nv", "sa", "plc", "ag", "gmbh"];
/// Abbreviated words a point ends before a legal form ("Bros. Inc.").
const ABBREVIATED_WORDS: &[&str] = &["co", "corp", "bros", "mfg", "intl", "assoc", "jr", "sr"];

/// A name's part before its legal form with the comma names print there
/// where OCR read a point ("Fund X. L.P.", "Group. Inc."), unless the
/// point ends an abbreviation or an initialism ("A.B.C. Inc.").
fn comma_before_form(stem: &str) -> String {
    let Some(word) = stem.strip_suffix('.') else { return stem.to_string() };
    let last_word = word.rsplit(' ').next().unwrap_or(word);
    if last_word.is_empty() || ABBREVIATED_WORDS.contains(&last_word.to_lowercase().as_str()) || last_word.contains('.') {
        stem.to_string()
    } else {
        format!("{word},")
    }
}

/// Scanned footnote or remark text with the slips OCR makes in it undone
/// where the form's prose shows them: "10bS-1" is Rule 10b5-1; a period
/// between lower-case words (not in a web address) is a speck in a space;
/// colons in amounts and dates are their point or slash; "$1 10 $2" is a
/// price range; a comma ending the text, or before a sentence's opening
/// word, is a period.
pub fn scanned_prose(text: &str) -> String {
    let text = RULE_10B5_1.replace_all(text, "10b5-1");
    let text = SPECK_BETWEEN_WORDS.replace_all(&text, |c: &regex::Captures| {
        let whole = c.get(0).expect("group 0 is the match");
        // The whitespace-delimited token the match stands in.
        let start = text[..whole.start()].char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[whole.end()..].find(char::is_whitespace).map_or(text.len(), |i| whole.end() + i);
        let token = text[start..end].to_lowercase();
        if ADDRESS_PARTS.iter().any(|p| token.contains(p)) { whole.as_str().to_string() } else { format!("{}{} {}", &c[1], &c[2], &c[3]) }
    });
    let text = DATE_COLON.replace_all(&text, "$1/$2");
    let text = RANGE_TO.replace_all(&text, "$1 to $2");
    let text = AMOUNT_POINT.replace_all(&text, |c: &regex::Captures| {
        let (whole, units) = (&c[0], &c[1]);
        let spaced_without_thousands = c.get(4).is_some() && !units.contains([',', '.']);
        match c.get(2).or(c.get(3)).or(c.get(5)) {
            Some(cents) if !spaced_without_thousands => format!("${}.{}", units.replace('.', ","), cents.as_str()),
            _ => whole.to_string(),
        }
    });
    let text = OPENING_THE_HYPHEN.replace_all(&text, "${1}The $2");
    let text = text.split(' ').map(|token| linking_words_parted(&speck_join_parted(token))).collect::<Vec<_>>().join(" ");
    let text = CLASS_LETTER_JOINED.replace_all(&text, "Class $1 $2");
    let text = POINT_BEFORE_LOWER.replace_all(&text, |c: &regex::Captures| {
        let mark = if printed_point(&c[1]) { '.' } else { ',' };
        format!("{}{mark} {}", &c[1], &c[2])
    });
    let text = SENTENCE_COMMA.replace_all(&text, "$1. $2 ");
    match text.strip_suffix(',') {
        Some(stem) => format!("{stem}."),
        None => text.into_owned(),
    }
}

/// Whether a point after `word` is printed before a lower-case word: it
/// ends an abbreviation ("Inc.", "etc."), an initialism ("L.P.", "CORP.")
/// or a single letter; never a number ("at $4.74. inclusive").
fn printed_point(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let core: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    let lower = core.to_lowercase();
    word.contains('.')
        || core.chars().count() == 1
        || !core.is_empty() && core.chars().all(char::is_uppercase)
        || [LEGAL_FORMS, ABBREVIATED_WORDS, PROSE_ABBREVIATIONS].iter().any(|list| list.contains(&lower.as_str()))
}

/// `token` parted where it is a linking word run into a phrase's opening
/// word ("tothe", "atthe,"); other tokens as they are.
fn linking_words_parted(token: &str) -> String {
    let word = token.trim_end_matches(SENTENCE_PUNCTUATION);
    let parted = LINKING_WORDS.iter().find_map(|link| word.strip_prefix(link).filter(|rest| PHRASE_OPENINGS.contains(rest)).map(|rest| (link, rest)));
    match parted {
        Some((link, rest)) => format!("{link} {rest}{}", &token[word.len()..]),
        None => token.to_string(),
    }
}

/// `token` parted where a speck read as a hyphen or an apostrophe joins a
/// word to a linking word or an amount after it ("at-an", "from'$4.75",
/// "L.P.,-of"); other tokens as they are.
fn speck_join_parted(token: &str) -> String {
    let Some((i, mark)) = token.char_indices().find(|(_, c)| SPECK_JOINS.contains(c)) else { return token.to_string() };
    let (head, tail) = (&token[..i], &token[i + mark.len_utf8()..]);
    let word = tail.trim_end_matches(SENTENCE_PUNCTUATION);
    let amount = tail.strip_prefix('$').is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
    let after_word = head.ends_with(|c: char| c.is_alphabetic() || matches!(c, '.' | ',' | ')'));
    if after_word && !tail.contains(SPECK_JOINS) && (LINKING_WORDS.contains(&word) || amount) {
        format!("{head} {tail}")
    } else {
        token.to_string()
    }
}

/// A scanned footnote with its closing period: notes end with one, the
/// smallest mark on the page, which OCR loses in noise or reads among
/// specks ("the trustee", "not applicable...", "on April 1, 2025. j" for
/// "the trustee.", "not applicable.", "on April 1, 2025."). A note ending
/// in a bracket or a quote keeps its end.
pub fn closing_period(text: &str) -> String {
    let mut words: Vec<&str> = text.split(' ').collect();
    while words.len() > 1 && words.last().is_some_and(|w| is_mark_or_letter_speck(w)) {
        words.pop();
    }
    let text = words.join(" ");
    let body = text.trim_end_matches(SENTENCE_PUNCTUATION);
    match body.chars().last() {
        Some(c) if c.is_alphanumeric() => format!("{body}."),
        _ => text,
    }
}

/// Other places, with the same words on either side, that must spell a
/// word alike before it is spelled their way.
const MIN_REPEAT_VOTES: usize = 2;
/// How many times more places must agree on another spelling than spell a
/// word as this one does before it is spelled their way.
const REPEAT_MAJORITY: usize = 3;
/// How alike (normalized Levenshtein, letters and digits lower-cased) a
/// word must be to the spelling of its repeats to be taken for a misreading.
const MIN_REPEAT_LIKENESS: f64 = 0.5;

/// Marks that end a clause or sentence, which OCR mistakes for each other.
const SENTENCE_PUNCTUATION: &[char] = &['.', ',', ';', ':'];
/// Reader's confidence (0–1) from which a word is taken as read.
const MAX_RESPELLED_CONFIDENCE: f64 = 0.95;

/// Scanned notes often repeat a phrase ("The price reported in Column 4 is
/// a weighted average price…"), and OCR garbles each copy in its own
/// places. A word is spelled as its repeats are when at least
/// [`MIN_REPEAT_VOTES`] other places with the same neighbours (letters and
/// digits, case and numbers aside) agree on a like spelling, and
/// [`REPEAT_MAJORITY`] times more than spell it as this one does. Words
/// with digits are left: amounts differ by note.
pub fn spell_repeats_alike(texts: &mut [String], read: &[Vec<(String, f64)>]) {
    let words: Vec<Vec<String>> = texts.iter().map(|t| t.split_whitespace().map(String::from).collect()).collect();
    // A word found in no reading counts as sure.
    let confidences: Vec<Vec<f64>> = texts.iter().zip(read).map(|(t, r)| weighed(t, r, 1.0).into_iter().map(|w| w.1).collect()).collect();
    let key = |w: &str| -> String {
        let core = letters(w);
        if core.chars().any(|c| c.is_ascii_digit()) { "#".into() } else { core }
    };
    let neighbours = |note: &[String], i: usize| (i.checked_sub(1).map(|p| key(&note[p])), note.get(i + 1).map(|n| key(n)));
    let mut places: HashMap<(Option<String>, Option<String>), Vec<(usize, usize)>> = HashMap::new();
    for (n, note) in words.iter().enumerate() {
        for i in 0..note.len() {
            places.entry(neighbours(note, i)).or_default().push((n, i));
        }
    }
    for (n, text) in texts.iter_mut().enumerate() {
        let note = &words[n];
        let mut spelled = note.clone();
        for (i, word) in note.iter().enumerate() {
            if word.chars().any(|c| c.is_ascii_digit()) || confidences[n][i] >= MAX_RESPELLED_CONFIDENCE {
                continue;
            }
            let mut votes: HashMap<&str, usize> = HashMap::new();
            for &(m, j) in &places[&neighbours(note, i)] {
                if (m, j) != (n, i) {
                    *votes.entry(words[m][j].as_str()).or_default() += 1;
                }
            }
            // Twice the same slip in a phrase repeated many times stays a slip.
            let own = votes.remove(word.as_str()).unwrap_or(0);
            let best = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
            if let Some((spelling, count)) = best {
                // Of the same letters, only the case or a closing period or
                // comma is misread; brackets and apostrophes are printed so
                // ("Trust)", "Persons'").
                let stem = |w: &str| w.trim_end_matches(SENTENCE_PUNCTUATION).to_lowercase();
                let alike = if key(word) == key(spelling) {
                    stem(word) == stem(spelling)
                } else {
                    crate::similarity::normalized_levenshtein(&key(word), &key(spelling)) >= MIN_REPEAT_LIKENESS
                };
                if count >= MIN_REPEAT_VOTES.max(REPEAT_MAJORITY * own) && alike && !spelling.chars().any(|c| c.is_ascii_digit()) {
                    spelled[i] = spelling.to_string();
                }
            }
        }
        if spelled != *note {
            *text = spelled.join(" ");
        }
    }
}

/// Reader's confidence (0–1) from which a scanned word counts as spelled
/// as printed, for spelling the filing's doubtful words
/// ([`spell_as_the_filing_does`]).
const MIN_VOCABULARY_CONFIDENCE: f64 = 0.95;
/// Fewest letters of a word spelled as the filing does: shorter words
/// have too many neighbours one letter away ("was" and "way", "any" and
/// "and").
const MIN_RESPELLED_LETTERS: usize = 4;

/// The words (letters only, lower-cased) the filing's scanned pages read
/// surely (`MIN_VOCABULARY_CONFIDENCE`): its own vocabulary, printed form
/// and filer's words alike.
pub fn vocabulary<'a>(words: impl IntoIterator<Item = &'a Word>) -> std::collections::HashSet<String> {
    words
        .into_iter()
        .filter(|w| w.confidence >= MIN_VOCABULARY_CONFIDENCE)
        .map(|w| trimmed(&w.text).to_lowercase())
        .filter(|w| w.chars().count() >= MIN_RESPELLED_LETTERS && w.chars().all(char::is_alphabetic))
        .collect()
}

/// OCR misreads a letter of a doubtful word ("inctudes", "heid",
/// "Repurting"), where the filing prints the word elsewhere and reads it
/// surely.
/// A doubtful word of letters the vocabulary lacks, one letter away
/// from exactly one word of it of the same length, is that word, in its
/// own case and punctuation; any other word stays as read.
pub fn spell_as_the_filing_does(texts: &mut [String], read: &[Vec<(String, f64)>], vocabulary: &std::collections::HashSet<String>) {
    let one_letter_apart = |a: &str, b: &str| a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1;
    for (text, words) in texts.iter_mut().zip(read) {
        let confidences: Vec<f64> = weighed(text, words, 1.0).into_iter().map(|w| w.1).collect();
        let spelled: Vec<String> = text
            .split_whitespace()
            .zip(&confidences)
            .map(|(word, &confidence)| {
                let core = trimmed(word);
                let lower = core.to_lowercase();
                let known = vocabulary.contains(&lower);
                if confidence >= MAX_RESPELLED_CONFIDENCE || known || core.chars().count() < MIN_RESPELLED_LETTERS || !core.chars().all(|c| c.is_ascii_alphabetic()) {
                    return word.to_string();
                }
                let mut near = vocabulary.iter().filter(|v| one_letter_apart(v, &lower));
                match (near.next(), near.next()) {
                    (Some(spelling), None) => word.replacen(core, &in_case_of(spelling, core), 1),
                    _ => word.to_string(),
                }
            })
            .collect();
        let spelled = spelled.join(" ");
        if spelled != text.split_whitespace().collect::<Vec<_>>().join(" ") {
            *text = spelled;
        }
    }
}

/// `spelling` (lower case) in the case of `like`: all capitals, a capital
/// first, or lower case.
fn in_case_of(spelling: &str, like: &str) -> String {
    if like.chars().all(|c| c.is_uppercase()) {
        spelling.to_uppercase()
    } else if like.chars().next().is_some_and(char::is_uppercase) {
        capitalised(spelling)
    } else {
        spelling.to_string()
    }
}

/// Punctuation that stands as a word of its own in a filing's text: kept
/// where both readings have it.
const LONE_PUNCTUATION: &[&str] = &["&", "-"];

/// A lone lower-case letter (but "a"), a lone "I", or punctuation (but
/// "&"): a speck or a rule's remnant on a scan.
fn is_speck(word: &str) -> bool {
    (is_mark_or_letter_speck(word) && word != "&") || trimmed(word) == "I"
}

/// Bare punctuation, or a lone lower-case letter but "a".
fn is_mark_or_letter_speck(word: &str) -> bool {
    let t = trimmed(word);
    t.is_empty() || (t.chars().count() == 1 && t.chars().all(|c| c.is_lowercase() && c != 'a'))
}

#[cfg(test)]
mod tests {
    use super::merged_words;

    #[test]
    fn a_scanned_address_loses_the_specks_at_its_ends() {
        use super::address_read;
        for (read, printed) in [
            (".1100 N. WOOD DALE ROAD", "1100 N. WOOD DALE ROAD"),
            ("-BROOKFIELD PLACE 181 BAY ST SUITE 100°", "BROOKFIELD PLACE 181 BAY ST SUITE 100"),
            ("C/O BROOKFIELD CORPORATION:", "C/O BROOKFIELD CORPORATION"),
            ("C/O BROOKFIELD CORPORATION.", "C/O BROOKFIELD CORPORATION"),
            ("TORONTO ONTARIO.", "TORONTO ONTARIO"),
            // Periods and marks addresses print stay.
            ("C/O SNOWFLAKE INC.", "C/O SNOWFLAKE INC."),
            ("100 WEST LIBERTY ST.", "100 WEST LIBERTY ST."),
            ("#500", "#500"),
            ("WASHINGTON D.C.", "WASHINGTON D.C."),
        ] {
            assert_eq!(address_read(read), printed);
        }
    }

    #[test]
    fn a_doubtful_word_one_letter_from_a_word_the_filing_reads_surely_is_that_word() {
        use super::{spell_as_the_filing_does, vocabulary};
        use crate::geometry::BBox;
        use crate::layout::Word;
        let sure: Vec<Word> = ["Includes", "held", "Reporting", "the", "way", "stock", "stack"]
            .iter()
            .map(|t| Word { text: t.to_string(), bbox: BBox::new(0.0, 0.0, 1.0, 1.0), font_size: 1.0, confidence: 0.97 })
            .collect();
        let known = vocabulary(&sure);
        let mut notes = vec!["Inciudes shares heid by the Repurting Person, which was sold.".to_string(), "The Repurting stocks".to_string()];
        let read: Vec<Vec<(String, f64)>> =
            notes.iter().map(|n| n.split(' ').map(|w| (w.to_string(), if w == "stocks" { 0.99 } else { 0.6 })).collect()).collect();
        spell_as_the_filing_does(&mut notes, &read, &known);
        // "was" stays (too short to respell), "shares" has no neighbour,
        // "stocks" was read surely.
        assert_eq!(notes, ["Includes shares held by the Reporting Person, which was sold.", "The Reporting stocks"]);
        // Two words one letter away: neither is taken.
        let mut ambiguous = vec!["stuck".to_string()];
        spell_as_the_filing_does(&mut ambiguous, &[vec![("stuck".into(), 0.6)]], &known);
        assert_eq!(ambiguous, ["stuck"]);
    }

    #[test]
    fn a_line_read_again_stays_above_the_print_under_it() {
        use super::{kept_above, DESCENDER_MARGIN, LINE_MARGIN};
        use crate::geometry::BBox;
        use crate::layout::Line;
        let line = |y0: f64, y1: f64| Line { bbox: BBox::new(351.6, y0, 413.0, y1), words: Vec::new() };
        let region_bottom = |l: &Line| l.bbox.y1 + LINE_MARGIN.max(DESCENDER_MARGIN * l.bbox.height());
        // Seed 777 sc-0013: "Attorney-in-Fact" boxed down to the label at 666.2.
        let kept = kept_above(&line(647.8, 665.3), 666.2);
        assert!((region_bottom(&kept) - 666.2).abs() < 1e-9, "{kept:?}");
        assert_eq!(kept.bbox.y0, 647.8);
        // A line whose reading ends above the label keeps its box.
        assert_eq!(kept_above(&line(647.8, 655.0), 666.2), line(647.8, 655.0));
    }

    #[test]
    fn box_text_opens_with_a_capital() {
        use super::opening_capital_kept;
        assert_eq!(opening_capital_kept("see Remarks"), "See Remarks");
        assert_eq!(opening_capital_kept("Member of Section 13(d) group"), "Member of Section 13(d) group");
        assert_eq!(opening_capital_kept("see below"), "see below");
        assert_eq!(opening_capital_kept("director by deputization"), "director by deputization");
    }

    #[test]
    fn a_scanned_names_roman_numerals_are_spelled_as_printed() {
        use super::roman_numerals_read;
        assert_eq!(roman_numerals_read("Clearwater Ventures Fund V1, LLC"), "Clearwater Ventures Fund VI, LLC");
        assert_eq!(roman_numerals_read("Argent Ventures Fund Vil, LLC"), "Argent Ventures Fund VII, LLC");
        assert_eq!(roman_numerals_read("Harbor Fund Xl L.P."), "Harbor Fund XI L.P.");
        for name in ["Xi Wang", "Vi Nguyen", "Fund VI, LLC", "Fund 1, LP", "Villa Holdings", "Fund IV"] {
            assert_eq!(roman_numerals_read(name), name);
        }
    }

    #[test]
    fn a_legal_form_ending_a_scanned_name_is_spelled_as_names_print_it() {
        use super::legal_form_read;
        assert_eq!(legal_form_read("Sierra Special Situations Fund VI, 1..P."), "Sierra Special Situations Fund VI, L.P.");
        assert_eq!(legal_form_read("BIF V Carry Splitter L,P."), "BIF V Carry Splitter L.P.");
        assert_eq!(legal_form_read("Ember Bioworks LP."), "Ember Bioworks L.P.");
        assert_eq!(legal_form_read("Aster Water N,V."), "Aster Water N.V.");
        assert_eq!(legal_form_read("Apple inc."), "Apple Inc.");
        assert_eq!(legal_form_read("APPLE inc"), "APPLE INC");
        assert_eq!(legal_form_read("Westbrook Genomics, Ine."), "Westbrook Genomics, Inc.");
        assert_eq!(legal_form_read("Stonebridge Global Advisors Lid"), "Stonebridge Global Advisors Ltd");
        // The comma before the form read as a point.
        assert_eq!(legal_form_read("LODESTAR GROWTH EQUITY FUND X. L.P."), "LODESTAR GROWTH EQUITY FUND X, L.P.");
        assert_eq!(legal_form_read("Cardinal Realty Trust Group. Inc."), "Cardinal Realty Trust Group, Inc.");
        // As printed.
        for name in ["BIPC Holding LP", "Apple Inc.", "APPLE ING", "2seventy bio, Inc.", "eBay inc", "Smith Cory", "L.P.", "Smith Bros. Inc.", "A.B.C. Inc."] {
            assert_eq!(legal_form_read(name), name);
        }
    }

    /// The words of `text`, each read with `confidence`.
    fn read(text: &str, confidence: f64) -> Vec<(&str, f64)> {
        text.split_whitespace().map(|w| (w, confidence)).collect()
    }

    fn merged(first: &[(&str, f64)], second: &[(&str, f64)]) -> (String, bool) {
        let m = merged_words(first, second);
        (m.text(), m.agreed)
    }

    #[test]
    fn quotes_the_first_reading_alone_has_are_kept_where_they_pair_up() {
        // The second reading's characters hold no quotes.
        let first = read("LLC (\"\"NACM\") is the \u{201c}Permitted Transfers\u{201d} to Partnership\" and the JS Trust\")", 0.9);
        let second = read("LLC (NACM) is the Permitted Transfers to Partnership, and the JS Trust)", 0.9);
        assert_eq!(
            merged(&first, &second).0,
            "LLC (\"NACM\") is the \"Permitted Transfers\" to Partnership, and the JS Trust)",
            "doubled and curly quotes made one straight quote; a quote where the other reading has a comma is no quote; a closing quote nothing opened is a speck"
        );
        assert_eq!(merged(&read("Common Stock \"", 0.9), &read("Common Stock", 0.9)).0, "Common Stock");
    }

    #[test]
    fn specks_read_as_periods_after_whole_words_go() {
        assert_eq!(super::without_speck_points("Non-Qualified Stock. Option (right to buy)"), "Non-Qualified Stock Option (right to buy)");
        assert_eq!(super::without_speck_points("for Sergey. Brin"), "for Sergey Brin");
        // Abbreviations and initials keep theirs, and so does the last word.
        assert_eq!(super::without_speck_points("Acme Corp. Assoc. Robert B. Holloway Jr."), "Acme Corp. Assoc. Robert B. Holloway Jr.");
        assert_eq!(super::without_speck_points("Class A Common Stock."), "Class A Common Stock.");
    }

    #[test]
    fn marks_nothing_opened_are_specks() {
        assert_eq!(super::without_stray_marks("Trust)"), "Trust");
        assert_eq!(super::without_stray_marks("By GRAT °)"), "By GRAT");
        assert_eq!(super::without_stray_marks("Stock Option (right to buy)"), "Stock Option (right to buy)");
        assert_eq!(super::without_stray_marks("Common Stock''"), "Common Stock");
        assert_eq!(super::without_stray_marks("Units of \"Holdings\""), "Units of \"Holdings\"");
    }

    #[test]
    fn repeated_phrases_are_spelled_as_most_of_their_copies() {
        let mut notes = [
            "The price reported is a weighted average price. The shares were sold at prices ranging from $1.00 to $2.00, inclusive.",
            "The price reported is a weighted average price, The shares were sold at prices ranging trom $3.00 tw $4.00, inclusive.",
            "The price reported is a weighted average price. The shares were sold at prices ranging from $5.00 to $6.00, inclusive.",
            "The price reported is a weighted average price. The shares were sold at prices ranging from $7.00 to $8.00, inclusive,",
            "Held by the Smith Trust for which the Reporting Persons' child is the beneficiary.",
            "Held by the Smith Trust for which the Reporting Person's child is the beneficiary.",
            "Held by the Smith Trust for which the Reporting Person's child is the beneficiary.",
            "Held by the Smith Trust f/b/o Mary.",
            "Held by the Smith Trust f/b/o Mark.",
            "Held by the Smith Trust f/b/o Mark.",
        ]
        .map(String::from);
        // Every word read unsure, but the name.
        let read: Vec<Vec<(String, f64)>> =
            notes.iter().map(|n| n.split_whitespace().map(|w| (w.to_string(), if w == "Mary." { 0.99 } else { 0.5 })).collect()).collect();
        super::spell_repeats_alike(&mut notes, &read);
        assert_eq!(notes[1], notes[0].replace("$1.00", "$3.00").replace("$2.00", "$4.00"));
        // A last word has the end of the note for a neighbour.
        assert!(notes[3].ends_with("inclusive."), "{}", notes[3]);
        // An apostrophe inside a word is no misreading.
        assert!(notes[4].contains("Persons' child"), "{}", notes[4]);
        // Nor is a closing bracket: "(the "Trust")" is printed so once.
        let mut bracketed = ["Held by the Trust) for the child.", "Held by the Trust for the child.", "Held by the Trust for the child."].map(String::from);
        let unsure: Vec<Vec<(String, f64)>> = bracketed.iter().map(|n| n.split_whitespace().map(|w| (w.to_string(), 0.5)).collect()).collect();
        super::spell_repeats_alike(&mut bracketed, &unsure);
        assert_eq!(bracketed[0], "Held by the Trust) for the child.");
        // A word read sure stays as read.
        assert_eq!(notes[7], "Held by the Smith Trust f/b/o Mary.");
        // A slip made twice is outvoted by three times as many other copies, not fewer.
        let copies = |slips: usize, right: usize| -> Vec<String> {
            let mut notes = vec!["Priced in Column 4 ts a weighted average.".to_string(); slips];
            notes.extend(vec!["Priced in Column 4 is a weighted average.".to_string(); right]);
            let unsure: Vec<Vec<(String, f64)>> = notes.iter().map(|n| n.split_whitespace().map(|w| (w.to_string(), 0.5)).collect()).collect();
            super::spell_repeats_alike(&mut notes, &unsure);
            notes
        };
        assert!(copies(2, 3).iter().all(|n| n.contains("4 is a")));
        assert_eq!(copies(2, 2)[0], "Priced in Column 4 ts a weighted average.");
    }

    #[test]
    fn a_scanned_note_ends_with_one_period() {
        use super::closing_period;
        assert_eq!(closing_period("held by the trustee"), "held by the trustee.");
        assert_eq!(closing_period("Not applicable..."), "Not applicable.");
        assert_eq!(closing_period("granted on May 1, 2024,"), "granted on May 1, 2024.");
        assert_eq!(closing_period("held by Acme Inc."), "held by Acme Inc.");
        assert_eq!(closing_period("on April 1, 2025. j"), "on April 1, 2025.");
        assert_eq!(closing_period("under Schedule I"), "under Schedule I.");
        assert_eq!(closing_period("(see Exhibit 99.1)"), "(see Exhibit 99.1)");
        assert_eq!(closing_period(""), "");
    }

    #[test]
    fn scanned_prose_gets_its_rule_and_last_period_back() {
        assert_eq!(super::scanned_prose("a Rule LObS-1 trading plan adopted on May 1, 2024,"), "a Rule 10b5-1 trading plan adopted on May 1, 2024.");
        assert_eq!(super::scanned_prose("pursuant to a Rule 10bS-1 plan."), "pursuant to a Rule 10b5-1 plan.");
        assert_eq!(super::scanned_prose("Held by the trust."), "Held by the trust.");
        assert_eq!(super::scanned_prose("holdings reflect.adjustments for Corp,.or its"), "holdings reflect adjustments for Corp, or its");
        assert_eq!(super::scanned_prose("see www.sec.gov or i.e. the U.S. rules"), "see www.sec.gov or i.e. the U.S. rules");
        // Each match is judged by its own word, whatever stands elsewhere.
        assert_eq!(super::scanned_prose("filed\u{a0}at sec.gov; the reflect.adjustments"), "filed\u{a0}at sec.gov; the reflect adjustments");
        assert_eq!(super::scanned_prose("exercised at $2:50 on 12/29:2020"), "exercised at $2.50 on 12/29/2020");
        // Cents are two or four digits, thousands groups three.
        assert_eq!(
            super::scanned_prose("from $2,559,69 to $2.583,85, then $2,591 46 or $2,563,7467 each"),
            "from $2,559.69 to $2,583.85, then $2,591.46 or $2,563.7467 each"
        );
        assert_eq!(super::scanned_prose("from $150,300 to $25 46 for $2,559.69, 10 shares"), "from $150,300 to $25 46 for $2,559.69, 10 shares");
        assert_eq!(super::scanned_prose("from $150,300 10 $151,295 and $2:50 10 $3:00"), "from $150,300 to $151,295 and $2.50 to $3.00");
        assert_eq!(super::scanned_prose("from $150.30 10 $151.29, inclusive; 10 shares"), "from $150.30 to $151.29, inclusive; 10 shares");
        assert_eq!(super::scanned_prose("The-shares were sold. The-units vest."), "The shares were sold. The units vest.");
        assert_eq!(super::scanned_prose("traded over-the-counter"), "traded over-the-counter");
        assert_eq!(super::scanned_prose("an average price, The shares were sold, All at once."), "an average price. The shares were sold. All at once.");
        assert_eq!(super::scanned_prose("held by Smith, The Trust and ACME, The Fund"), "held by Smith, The Trust and ACME, The Fund");
        // A speck in a word space read as a hyphen or an apostrophe.
        assert_eq!(super::scanned_prose("any holder-of Acme L.P.,-of which at-an as'to"), "any holder of Acme L.P., of which at an as to");
        assert_eq!(super::scanned_prose("(1)'the shares from'$4.75 to-$5.00."), "(1) the shares from $4.75 to $5.00.");
        for kept in ["one-for-one", "sign-on bonus", "the Issuer's and Persons' shares", "O'Brien-Smith", "10b5-1", "Series-A", "co-trustee"] {
            assert_eq!(super::scanned_prose(kept), kept);
        }
        // Words OCR ran together where the space is narrow.
        assert_eq!(super::scanned_prose("held tothe end atthe, Class ACommon Stock"), "held to the end at the, Class A Common Stock");
        for kept in ["another anthem at these", "Class AB Units", "Class A Common"] {
            assert_eq!(super::scanned_prose(kept), kept);
        }
        // A comma read as a point before a lower-case word.
        assert_eq!(super::scanned_prose("upon request. full information at $4.74. inclusive"), "upon request, full information at $4.74, inclusive");
        for kept in ["Acme Inc. or its staff", "Acme L.P. is", "ACME CORP. any", "Acme plc. or", "rights, etc. and", "Class A. the"] {
            assert_eq!(super::scanned_prose(kept), kept);
        }
    }

    #[test]
    fn readings_agree_when_they_differ_in_specks_only() {
        let agreed = |text: &str| (text.to_string(), true);
        assert_eq!(merged(&read("Common Stock I", 0.9), &read("Common Stock j .", 0.9)), agreed("Common Stock"));
        assert_eq!(merged(&read("Common Stock’", 0.9), &read("Common Stock", 0.9)), agreed("Common Stock"));
        // The first reading keeps its case.
        assert_eq!(merged(&read("By GRAT", 0.9), &read("By GRat", 0.9)), agreed("By GRAT"));
        assert_eq!(merged(&read("", 0.9), &read(".", 0.9)), agreed(""));
    }

    #[test]
    fn where_readings_differ_the_surer_words_are_kept() {
        let differed = |text: &str| (text.to_string(), false);
        // Word by word where the runs are as long: each reading lost a different word.
        let first = [("Option", 0.97), ("to", 0.96), ("purchase", 0.97), ("yoerwuie", 0.0), ("stock", 0.96)];
        let second = [("Option", 0.97), ("to", 0.97), ("Pp", 0.48), ("common", 0.95), ("stock", 0.96)];
        assert_eq!(merged(&first, &second), differed("Option to purchase common stock"));
        // As a whole where they are not; punctuation alone is dropped.
        assert_eq!(
            merged(&read("Common Stock (restricted stock nits i uh i ul", 0.2), &read("Common Stock (restricted stock units) ;", 0.34)),
            differed("Common Stock (restricted stock units)")
        );
        // A word one reading lacks is kept when the other is sure of it.
        assert_eq!(merged(&read("Class A Common Stock", 0.9), &read("Class Common Stock", 0.9)), differed("Class A Common Stock"));
        assert_eq!(merged(&read("By Spouse", 0.3), &read("By Spouse xvq", 0.3)), differed("By Spouse"));
        // A box read alone may lose a letter at its edge, however sure of the rest.
        assert_eq!(merged(&[("Logistics", 0.97), ("Corp", 0.93)], &[("Logistics", 0.97), ("Cor", 0.97)]), differed("Logistics Corp"));
    }

    #[test]
    fn specks_at_a_box_lines_edges_go() {
        use crate::geometry::BBox;
        use crate::layout::{Line, Word};
        // Words at the given left and right edges, read with the given confidence.
        let line = |words: &[(&str, f64, f64, f64)]| {
            let words: Vec<Word> = words.iter().map(|&(text, x0, x1, confidence)| Word { text: text.into(), bbox: BBox::new(x0, 100.0, x1, 107.0), font_size: 7.0, confidence }).collect();
            Line { bbox: crate::geometry::union_all(words.iter().map(|w| &w.bbox)).unwrap(), words }
        };
        let text = |l: Line| super::without_edge_specks(&l).map(|l| l.text());
        // A doubtful stroke standing off the words is a crease, not an I.
        let street = [("6693", 36.0, 52.0, 0.95), ("ENTERPRISE", 55.0, 102.0, 0.96), ("AVENUE", 105.0, 136.0, 0.96), ("I", 141.0, 141.5, 0.71)];
        assert_eq!(text(line(&street)).as_deref(), Some("6693 ENTERPRISE AVENUE"));
        // "Fund I" a word space on, or a stroke tesseract is sure of, stays.
        assert_eq!(text(line(&[("Ventures", 80.0, 121.0, 0.96), ("Fund", 124.0, 149.0, 0.96), ("I", 152.0, 153.0, 0.7)])).as_deref(), Some("Ventures Fund I"));
        assert_eq!(text(line(&[("Ventures", 80.0, 121.0, 0.96), ("Fund", 124.0, 149.0, 0.96), ("I", 156.0, 157.0, 0.9)])).as_deref(), Some("Ventures Fund I"));
        // A quote nothing closes, and a lone lower-case letter.
        assert_eq!(text(line(&[("\"C/O", 43.0, 58.0, 0.9), ("ACME", 60.0, 80.0, 0.95), ("i", 90.0, 91.0, 0.3)])).as_deref(), Some("C/O ACME"));
        assert_eq!(text(line(&[("\"ACME\"", 43.0, 70.0, 0.9)])).as_deref(), Some("\"ACME\""));
        // A roman numeral's I read as a bracket, unless the line brackets something.
        assert_eq!(text(line(&[("Fund", 124.0, 149.0, 0.96), ("I],", 152.0, 160.0, 0.8), ("LLC", 163.0, 180.0, 0.96)])).as_deref(), Some("Fund II, LLC"));
        assert_eq!(text(line(&[("ACME", 124.0, 149.0, 0.96), ("[X]", 152.0, 160.0, 0.8)])).as_deref(), Some("ACME [X]"));
        // A speck read as a period after a whole word, not after the line's last.
        let city = [("MOUNTAIN.", 40.0, 80.0, 0.9), ("VIEW", 83.0, 100.0, 0.95), ("CA", 110.0, 120.0, 0.95), ("94043.", 123.0, 150.0, 0.9)];
        assert_eq!(text(line(&city)).as_deref(), Some("MOUNTAIN VIEW CA 94043."));
        // A short lower-case word after a line in capitals is specks; after
        // mixed case it may be the name's.
        let name = |last: &str| text(line(&[("TRAVERS", 40.0, 80.0, 0.95), ("DAVID", 83.0, 110.0, 0.95), (last, 114.0, 120.0, 0.5)]));
        assert_eq!(name("ai").as_deref(), Some("TRAVERS DAVID"));
        assert_eq!(name("abc").as_deref(), Some("TRAVERS DAVID abc"));
        assert_eq!(text(line(&[("Holdings", 40.0, 80.0, 0.95), ("ok", 83.0, 90.0, 0.5)])).as_deref(), Some("Holdings ok"));
    }
}
