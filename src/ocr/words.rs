//! Tidying tesseract's words: specks and rule remnants read as
//! punctuation go, words joined across a table border are split, and the
//! words of one text line share its height.

use std::collections::HashMap;

use super::tesseract::TsvWord;

/// Characters that, alone, are specks or rule remnants: a word made only
/// of these carries nothing a form field needs. (Dashes stay: "Table I - …".)
const NOISE: &[char] = &[
    '.', ',', ':', ';', '\'', '"', '`', '‘', '’', '“', '”', '!', '~', '_', '^', '*', '°', '=', '«', '»', '¢',
];
/// A table border read as a character; never part of a Form 4 value
/// inside a word.
const BORDER: char = '|';
/// What a `|` standing alone is on a form once its rules are painted
/// over: a capital I ("Table I", the "I" of indirect ownership).
const LONE_BAR: &str = "I";

/// Height in points below which a doubtful word (but a dash) is a speck or
/// the edge of a rule: the x-height of the smallest print on a form is above it.
const MIN_TEXT_HEIGHT: f64 = 2.0;
/// Widest box, in pixels, of a sliver no glyph makes: a streak or a rule's
/// edge read as "I" (every stroke of print is wider, blur included).
const MAX_SLIVER_WIDTH: u32 = 1;
/// Tesseract confidence (0–100) below which a word is doubtful: a flat one
/// is dropped (a sure one's box is off, not its reading: "CHARLES" boxed 6
/// pixels high at 300 dpi), its phrase is read again (`recover`).
pub(super) const DOUBTFUL_CONFIDENCE: f64 = 60.0;

/// Split words at table borders read as `|` (each piece's box is its
/// share of the word's box, by character count), read a lone `|` as `I`,
/// drop words that are only noise characters, too flat or too thin to be print
/// (`points_per_pixel` sizes the pixels), and level each line.
pub fn clean(words: Vec<TsvWord>, points_per_pixel: f64) -> Vec<TsvWord> {
    let tall_enough = |w: &TsvWord| {
        f64::from(w.height) * points_per_pixel >= MIN_TEXT_HEIGHT
            || w.confidence >= DOUBTFUL_CONFIDENCE
            || w.text.chars().all(|c| DASHES.contains(&c))
    };
    let words = words
        .into_iter()
        .flat_map(split_at_borders)
        .filter(|w| !w.text.chars().all(|c| NOISE.contains(&c)) && !is_rule_remnant(w) && tall_enough(w) && w.width > MAX_SLIVER_WIDTH)
        .map(|w| TsvWord { text: straight_quotes(&initial_period(w.text)), ..w })
        .collect();
    level_lines(without_tail_readings(without_double_readings(words)))
}

/// Tesseract sometimes gives a word a box that ends inside it ("Class"
/// over the "C" alone), and reading the phrase again reads the rest once
/// more ("lass"): a word that starts inside another's box, ends past it,
/// level with it, and reads as that word's end is that word's tail. It
/// goes, and the whole word's box takes its right edge.
fn without_tail_readings(mut words: Vec<TsvWord>) -> Vec<TsvWord> {
    let right = |w: &TsvWord| w.left + w.width;
    let reads_tail = |tail: &TsvWord, whole: &TsvWord| {
        let (t, w) = (tail.text.to_lowercase(), whole.text.to_lowercase());
        t.chars().count() >= MIN_PART_READING
            && w.len() > t.len()
            && w.ends_with(&t)
            && (whole.left..=right(whole)).contains(&tail.left)
            && right(tail) > right(whole)
            && f64::from(overlap(tail, whole).1) >= MIN_TWIN_OVERLAP * f64::from(tail.height.min(whole.height))
    };
    let mut tails = vec![false; words.len()];
    for i in 0..words.len() {
        if let Some(j) = (0..words.len()).find(|&j| j != i && !tails[j] && reads_tail(&words[i], &words[j])) {
            tails[i] = true;
            words[j].width = right(&words[i]) - words[j].left;
        }
    }
    words.into_iter().zip(tails).filter(|(_, t)| !t).map(|(w, _)| w).collect()
}

/// Most of the smaller of two words' boxes that may lie on the other's
/// for them to be readings of different ink.
const MAX_SHARED_INK: f64 = 0.3;

/// The two words' boxes overlap by more than [`MAX_SHARED_INK`]: they are
/// readings of the same ink.
pub(super) fn shares_ink(a: &TsvWord, b: &TsvWord) -> bool {
    let area = |w: &TsvWord| f64::from(w.width) * f64::from(w.height);
    let (across, down) = overlap(a, b);
    f64::from(across) * f64::from(down) > MAX_SHARED_INK * area(a).min(area(b))
}

/// How far the two words' boxes overlap across and down, in pixels.
pub(super) fn overlap(a: &TsvWord, b: &TsvWord) -> (u32, u32) {
    let across = (a.left + a.width).min(b.left + b.width).saturating_sub(a.left.max(b.left));
    let down = (a.top + a.height).min(b.top + b.height).saturating_sub(a.top.max(b.top));
    (across, down)
}

/// Fewest characters of a reading of part of a word ("idl" of "(Middle)"):
/// a letter or two is in many words, and a lone "I" beside one is its own.
const MIN_PART_READING: usize = 3;
/// Least similarity (normalized Levenshtein, 0–1) of two words on the same
/// ink for them to be two readings of it (when neither holds the other's
/// letters in order, as a reading of part of a word does).
const MIN_DOUBLE_READING_MATCH: f64 = 0.5;

/// Least share of the narrower of two words read alike that the other
/// spans across, for the two to be one word read twice.
const MIN_TWIN_SPAN: f64 = 0.8;
/// Least share of the shorter of two words read alike that the other's
/// box covers down the page, for the two to be one word read twice: the
/// boxes of a form's lines that repeat a word ("Form filed by") touch by
/// a descender's stretch at most.
const MIN_TWIN_OVERLAP: f64 = 0.25;

/// `a`, a doubtful word, reads the same as `b`, stands across the same
/// span of the page (`MIN_TWIN_SPAN`) and overlaps it down the page
/// (`MIN_TWIN_OVERLAP`): one ink read twice, on two lines, `a`'s box
/// slipped off it.
fn twins(a: &TsvWord, b: &TsvWord) -> bool {
    let (across, down) = overlap(a, b);
    a.text == b.text
        && a.text.chars().count() >= MIN_PART_READING
        && a.confidence < DOUBTFUL_CONFIDENCE
        && f64::from(across) >= MIN_TWIN_SPAN * f64::from(a.width.min(b.width))
        && f64::from(down) >= MIN_TWIN_OVERLAP * f64::from(a.height.min(b.height))
}

/// Tesseract sometimes reads one ink twice, on two lines (the top half of
/// "(Middle)" as "idl" above the whole word): of words of different lines
/// on the same ink that read alike (or [`twins`]), the surest stays. Words
/// that read differently are different ink a speck's stretched box overlaps.
/// (A region read again reads its words with the very same sureness.)
fn without_double_readings(words: Vec<TsvWord>) -> Vec<TsvWord> {
    let alike = |a: &str, b: &str| {
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        let (short, long) = if a.chars().count() <= b.chars().count() { (&a, &b) } else { (&b, &a) };
        (short.chars().count() >= MIN_PART_READING && is_subsequence(short, long))
            || crate::similarity::normalized_levenshtein(&a, &b) >= MIN_DOUBLE_READING_MATCH
    };
    // Of two readings equally sure (one ink read twice alike, by the page
    // read and again as an unread region), the first stays.
    let surer = |(j, o): (usize, &TsvWord), (i, w): (usize, &TsvWord)| o.confidence > w.confidence || (o.confidence == w.confidence && j < i);
    let doubled: Vec<bool> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            words.iter().enumerate().any(|(j, o)| o.line != w.line && surer((j, o), (i, w)) && (shares_ink(w, o) && alike(&w.text, &o.text) || twins(w, o)))
        })
        .collect();
    words.into_iter().zip(doubled).filter(|(_, d)| !d).map(|(w, _)| w).collect()
}

/// Dashes and underscores that, alone and read with little confidence,
/// are what is left of a fill-in line or table rule.
const DASHES: &[char] = &['-', '‐', '–', '—', '_'];
/// Tesseract confidence (0–100) below which a lone dash is a remnant.
const DASH_REMNANT_CONFIDENCE: f64 = 50.0;
/// Width per character above which a word is a stretch of rule read as
/// letters, as a multiple of its height (letters are narrower than tall).
const REMNANT_WIDTH_PER_CHARACTER: f64 = 4.0;

/// A word tesseract made out of a rule's remnant: a faint lone dash, or a
/// few "letters" spread along a line.
fn is_rule_remnant(word: &TsvWord) -> bool {
    let characters = word.text.chars().count().max(1) as f64;
    let dashes = word.text.chars().all(|c| DASHES.contains(&c) || NOISE.contains(&c));
    (dashes && word.confidence < DASH_REMNANT_CONFIDENCE)
        || f64::from(word.width) > REMNANT_WIDTH_PER_CHARACTER * characters * f64::from(word.height)
}

/// Curly quotes as straight ones: tesseract reads every printed quote
/// and apostrophe curly, the filings' text has them straight ("Issuer's").
fn straight_quotes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// A lone capital with a comma is an initial whose period small type
/// blurred into a comma ("Robert B, Holloway").
fn initial_period(text: String) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(c), Some(','), None) if c.is_ascii_uppercase() => format!("{c}."),
        _ => text,
    }
}

/// Give every word of a tesseract text line the line's top and bottom
/// (the medians of its words'): a speck stuck to a word stretches its box,
/// which would otherwise set it off its line.
fn level_lines(mut words: Vec<TsvWord>) -> Vec<TsvWord> {
    let mut extents: HashMap<(u32, u32, u32), (Vec<u32>, Vec<u32>)> = HashMap::new();
    for w in &words {
        let (tops, bottoms) = extents.entry(w.line).or_default();
        tops.push(w.top);
        bottoms.push(w.top + w.height);
    }
    let median = |values: &mut Vec<u32>| {
        values.sort_unstable();
        values[values.len() / 2]
    };
    let levels: HashMap<(u32, u32, u32), (u32, u32)> =
        extents.into_iter().map(|(line, (mut tops, mut bottoms))| (line, (median(&mut tops), median(&mut bottoms)))).collect();
    for w in &mut words {
        if let Some(&(top, bottom)) = levels.get(&w.line)
            && bottom > top
        {
            w.top = top;
            w.height = bottom - top;
        }
    }
    words
}

/// `part`'s characters appear in `whole` in order ("idl" in "middle").
fn is_subsequence(part: &str, whole: &str) -> bool {
    let mut rest = whole.chars();
    part.chars().all(|c| rest.any(|w| w == c))
}

fn split_at_borders(word: TsvWord) -> Vec<TsvWord> {
    if word.text.chars().all(|c| c == BORDER) {
        return vec![TsvWord {
            text: LONE_BAR.into(),
            ..word
        }];
    }
    if !word.text.contains(BORDER) {
        return vec![word];
    }
    let chars: Vec<char> = word.text.chars().collect();
    let per_char = word.width as f64 / chars.len() as f64;
    let mut pieces = Vec::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || chars[i] == BORDER) {
        if end > start {
            let left = word.left + (start as f64 * per_char).round() as u32;
            let right = word.left + (end as f64 * per_char).round() as u32;
            pieces.push(TsvWord {
                text: chars[start..end].iter().collect(),
                left,
                width: right - left,
                ..word.clone()
            });
        }
        start = end + 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_s_words_share_its_height() {
        let mut speckled = word("OWNER", 300, 60);
        // A speck above the word stretched its box.
        (speckled.top, speckled.height) = (2, 28);
        let words = clean(vec![word("IN", 100, 20), word("BENEFICIAL", 130, 120), speckled], POINTS_PER_PIXEL);
        assert!(words.iter().all(|w| (w.top, w.height) == (10, 20)), "{words:?}");
    }

    /// 300 dpi.
    const POINTS_PER_PIXEL: f64 = 0.24;

    #[test]
    fn a_word_too_flat_for_print_is_a_speck_or_a_rule_edge() {
        // An underline's edge, 5 pixels (1.2 pt) high, read as letters.
        let edge = |text, left, height| TsvWord { height, confidence: 40.0, line: (1, 1, 2), ..word(text, left, 12) };
        // A speck read as a letter on the line of a word.
        let speck = TsvWord { height: 5, confidence: 46.0, ..word("F", 40, 5) };
        // A dash is flat and stays.
        let dash = TsvWord { height: 3, ..word("-", 200, 10) };
        // A sure word tesseract boxed too flat stays.
        let boxed_flat = TsvWord { height: 6, confidence: 96.0, line: (1, 1, 3), ..word("CHARLES", 400, 150) };
        let words = clean(vec![speck, word("Ingram", 100, 60), dash, edge("i", 160, 5), edge("lil", 300, 6), boxed_flat], POINTS_PER_PIXEL);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Ingram", "-", "CHARLES"]);
    }

    #[test]
    fn a_word_one_pixel_wide_is_a_sliver_not_print() {
        // A streak's sliver read as "I" between two words; a real "I" is
        // wider than a pixel.
        let sliver = TsvWord { width: 1, confidence: 70.0, ..word("I", 128, 1) };
        let letter = TsvWord { confidence: 90.0, ..word("I", 300, 3) };
        let words = clean(vec![word("STATEMENT", 20, 100), sliver, word("OF", 135, 25), letter], POINTS_PER_PIXEL);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["STATEMENT", "OF", "I"]);
    }

    #[test]
    fn of_one_ink_read_on_two_lines_the_surer_reading_stays() {
        let top_half = TsvWord { height: 21, confidence: 70.0, line: (1, 1, 2), ..word("idl", 132, 41) };
        let whole = TsvWord { height: 27, confidence: 94.0, line: (1, 1, 3), ..word("(Middle)", 100, 98) };
        let neighbour = TsvWord { confidence: 50.0, line: (1, 1, 3), ..word("Last", 10, 60) };
        // A word whose box a speck stretched over the line below.
        let stretched = TsvWord { top: 10, height: 40, confidence: 96.0, line: (1, 1, 4), ..word("Funded", 400, 60) };
        let below = TsvWord { top: 32, height: 20, confidence: 91.0, line: (1, 1, 5), ..word("Warrants", 400, 70) };
        // A lone letter a surer word's box overlaps, its letter in it.
        let letter = TsvWord { top: 60, confidence: 70.0, line: (1, 1, 6), ..word("I", 600, 8) };
        let over = TsvWord { top: 50, height: 40, confidence: 90.0, line: (1, 1, 7), ..word("Pit", 590, 30) };
        let words = clean(vec![top_half, whole, neighbour, stretched, below, letter, over], POINTS_PER_PIXEL);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["(Middle)", "Last", "Funded", "Warrants", "I", "Pit"]);
    }

    #[test]
    fn one_ink_read_twice_as_sure_stays_once() {
        // The page read and a region read again give the very same word.
        let page = TsvWord { line: (1, 1, 1), ..word("Table", 100, 60) };
        let region = TsvWord { line: (100_001, 1, 1), ..word("Table", 100, 60) };
        let words = clean(vec![page, region, TsvWord { line: (100_001, 1, 1), ..word("II", 170, 20) }], POINTS_PER_PIXEL);
        let texts: Vec<(&str, u32)> = words.iter().map(|w| (w.text.as_str(), w.line.0)).collect();
        assert_eq!(texts, [("Table", 1), ("II", 100_001)]);
    }

    #[test]
    fn a_doubtful_word_read_again_on_the_line_below_is_dropped() {
        // Tesseract's line "/s/ Travis Shrout," took a doubtful copy of the
        // next line's word, its box slipped up a third of its height.
        let slipped = TsvWord { top: 776, height: 33, confidence: 54.0, line: (7, 1, 2), ..word("Attorney-in-Fact", 1505, 277) };
        let real = TsvWord { top: 799, height: 44, confidence: 92.0, line: (7, 1, 3), ..word("Attorney-in-Fact", 1505, 273) };
        // Lines of a form repeating words, boxes touching by a descender.
        let upper = TsvWord { top: 1116, height: 44, confidence: 55.0, line: (8, 1, 1), ..word("Form", 1804, 55) };
        let lower = TsvWord { top: 1152, height: 45, confidence: 97.0, line: (8, 1, 2), ..word("Form", 1804, 57) };
        let words = clean(vec![slipped, real, upper, lower], 0.36);
        let lines: Vec<(&str, (u32, u32, u32))> = words.iter().map(|w| (w.text.as_str(), w.line)).collect();
        assert_eq!(lines, [("Attorney-in-Fact", (7, 1, 3)), ("Form", (8, 1, 1)), ("Form", (8, 1, 2))]);
    }

    #[test]
    fn a_words_end_read_again_past_its_cut_short_box_is_that_word() {
        // Seed 777 sc-0010: "Class" boxed over its "C"; the phrase read
        // again gave "lass" from there on.
        let cut_short = TsvWord { confidence: 92.8, line: (4, 1, 51), ..word("Class", 1204, 35) };
        let tail = TsvWord { confidence: 93.0, line: (200_004, 1, 1), ..word("lass", 1233, 57) };
        // A word that ends as its neighbour does, but beside it, stays.
        let beside = TsvWord { line: (4, 1, 51), ..word("ass", 1300, 30) };
        let words = clean(vec![cut_short, tail, beside], POINTS_PER_PIXEL);
        let boxes: Vec<(&str, u32, u32)> = words.iter().map(|w| (w.text.as_str(), w.left, w.width)).collect();
        assert_eq!(boxes, [("Class", 1204, 86), ("ass", 1300, 30)]);
    }

    fn word(text: &str, left: u32, width: u32) -> TsvWord {
        TsvWord {
            text: text.into(),
            left,
            top: 10,
            width,
            height: 20,
            confidence: 90.0,
            line: (1, 1, 1),
        }
    }

    #[test]
    fn borders_split_words_and_noise_and_rule_remnants_go() {
        let words = vec![
            word("17,500|A", 100, 80),
            word(".", 200, 4),
            word("|", 210, 3),
            word("$", 220, 8),
            word("(1)", 240, 12),
            word("-", 260, 5),
            word("B,", 270, 8),
            TsvWord { confidence: 20.0, ..word("—_", 290, 10) },
            word("rs", 310, 200),
            word("Issuer’s", 520, 40),
        ];
        let cleaned = clean(words, POINTS_PER_PIXEL);
        let texts: Vec<(&str, u32, u32)> = cleaned.iter().map(|w| (w.text.as_str(), w.left, w.width)).collect();
        assert_eq!(
            texts,
            [
                ("17,500", 100, 60),
                ("A", 170, 10),
                ("I", 210, 3),
                ("$", 220, 8),
                ("(1)", 240, 12),
                ("-", 260, 5),
                ("B.", 270, 8),
                ("Issuer's", 520, 40)
            ]
        );
    }
}
