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

/// Split words at table borders read as `|` (each piece's box is its
/// share of the word's box, by character count), read a lone `|` as `I`,
/// drop words that are only noise characters, and level each line.
pub fn clean(words: Vec<TsvWord>) -> Vec<TsvWord> {
    let words = words
        .into_iter()
        .flat_map(split_at_borders)
        .filter(|w| !w.text.chars().all(|c| NOISE.contains(&c)) && !is_rule_remnant(w))
        .map(|w| TsvWord { text: straight_quotes(&initial_period(w.text)), ..w })
        .collect();
    level_lines(words)
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
        if let Some(&(top, bottom)) = levels.get(&w.line) {
            if bottom > top {
                w.top = top;
                w.height = bottom - top;
            }
        }
    }
    words
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
        let words = clean(vec![word("IN", 100, 20), word("BENEFICIAL", 130, 120), speckled]);
        assert!(words.iter().all(|w| (w.top, w.height) == (10, 20)), "{words:?}");
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
        let cleaned = clean(words);
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
