//! Tidying tesseract's words: specks and rule remnants read as
//! punctuation go, words joined across a table border are split.

use super::tesseract::TsvWord;

/// Characters that, alone, are specks or rule remnants: a word made only
/// of these carries nothing a form field needs. (Dashes stay: "Table I - …".)
const NOISE: &[char] = &['.', ',', ':', ';', '\'', '"', '`', '‘', '’', '“', '”', '!', '~', '_', '^', '*', '°', '=', '«', '»', '¢'];
/// A table border read as a character; never part of a Form 4 value
/// inside a word.
const BORDER: char = '|';
/// What a `|` standing alone is on a form once its rules are painted
/// over: a capital I ("Table I", the "I" of indirect ownership).
const LONE_BAR: &str = "I";
/// Largest ratio of a text line's height to a word's for the word to take
/// the line's top and height (a taller line mixes type sizes).
const MAX_LINE_TO_WORD_HEIGHT: f64 = 2.5;

/// Split words at table borders read as `|` (each piece's box is its
/// share of the word's box, by character count), read a lone `|` as `I`,
/// drop words that are only noise characters, and give each word the top
/// and height of its text line, so that the words of one line have one
/// height and size, as text-layer words have.
pub fn clean(words: Vec<TsvWord>) -> Vec<TsvWord> {
    words
        .into_iter()
        .flat_map(split_at_borders)
        .filter(|w| !w.text.chars().all(|c| NOISE.contains(&c)))
        .map(|w| {
            let (top, height) = w.line_span;
            if (height as f64) <= MAX_LINE_TO_WORD_HEIGHT * w.height as f64 { TsvWord { top, height, ..w } } else { w }
        })
        .collect()
}

fn split_at_borders(word: TsvWord) -> Vec<TsvWord> {
    if word.text.chars().all(|c| c == BORDER) {
        return vec![TsvWord { text: LONE_BAR.into(), ..word }];
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
            pieces.push(TsvWord { text: chars[start..end].iter().collect(), left, width: right - left, ..word.clone() });
        }
        start = end + 1;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: u32, width: u32) -> TsvWord {
        TsvWord { text: text.into(), left, top: 10, width, height: 20, confidence: 90.0, line: (1, 1, 1), line_span: (10, 20) }
    }

    #[test]
    fn borders_split_words_and_noise_goes() {
        let words = vec![word("17,500|A", 100, 80), word(".", 200, 4), word("|", 210, 3), word("$", 220, 8), word("(1)", 240, 12), word("-", 260, 5)];
        let cleaned = clean(words);
        let texts: Vec<(&str, u32, u32)> = cleaned.iter().map(|w| (w.text.as_str(), w.left, w.width)).collect();
        assert_eq!(texts, [("17,500", 100, 60), ("A", 170, 10), ("I", 210, 3), ("$", 220, 8), ("(1)", 240, 12), ("-", 260, 5)]);
    }

    #[test]
    fn words_take_their_line_height() {
        let short = TsvWord { top: 14, height: 12, line_span: (8, 22), ..word("no", 0, 20) };
        let tall_line = TsvWord { top: 14, height: 8, line_span: (0, 60), ..word("x", 30, 8) };
        let cleaned = clean(vec![short, tall_line]);
        assert_eq!((cleaned[0].top, cleaned[0].height), (8, 22));
        assert_eq!((cleaned[1].top, cleaned[1].height), (14, 8), "a line over 2.5 times taller is not taken");
    }
}
