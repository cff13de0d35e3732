//! Tidying tesseract's words: specks and rule remnants read as
//! punctuation go, words joined across a table border are split.

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
/// share of the word's box, by character count), read a lone `|` as `I`
/// and drop words that are only noise characters.
pub fn clean(words: Vec<TsvWord>) -> Vec<TsvWord> {
    words
        .into_iter()
        .flat_map(split_at_borders)
        .filter(|w| !w.text.chars().all(|c| NOISE.contains(&c)))
        .collect()
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
    fn borders_split_words_and_noise_goes() {
        let words = vec![
            word("17,500|A", 100, 80),
            word(".", 200, 4),
            word("|", 210, 3),
            word("$", 220, 8),
            word("(1)", 240, 12),
            word("-", 260, 5),
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
                ("-", 260, 5)
            ]
        );
    }
}
