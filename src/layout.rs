//! Layout: glyphs → words → lines. OCR words join here, so everything after
//! this stage is the same for text-layer and scanned pages.

use crate::geometry::{BBox, Rule};
use crate::pdf::Glyph;

/// Tunable tolerances of word and line building.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest gap between two glyphs of one word, as a share of the font size.
    pub word_gap: f64,
    /// Largest distance between the vertical centres of two boxes on one
    /// line, as a share of the smaller height.
    pub line_overlap: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { word_gap: 0.2, line_overlap: 0.5 }
    }
}

/// A run of characters with no space between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Size of the characters in points (their height for OCR words).
    pub font_size: f64,
    /// How sure the reader is of the characters, 0–1 (1 for a text layer;
    /// tesseract's word confidence / 100 for OCR).
    pub confidence: f64,
}

/// One page ready for table building: words and ruling lines in page points.
#[derive(Debug, Clone, Default)]
pub struct TextPage {
    /// Page number, from 1.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
    pub rules: Vec<Rule>,
    /// The words came from OCR.
    pub ocr: bool,
}

/// Words on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub words: Vec<Word>,
    pub bbox: BBox,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// Glyphs → words: characters on one line with gaps under
/// `word_gap` × font size join into one word.
pub fn words(glyphs: &[Glyph], settings: &Settings) -> Vec<Word> {
    let chars: Vec<Word> = dedupe(glyphs)
        .into_iter()
        .map(|g| Word { text: g.text.clone(), bbox: g.bbox, font_size: g.font_size, confidence: 1.0 })
        .collect();
    let mut out = Vec::new();
    for line in lines(&chars, settings) {
        let mut current: Option<Word> = None;
        for ch in line.words {
            if ch.text.trim().is_empty() {
                out.extend(current.take());
                continue;
            }
            match current.as_mut() {
                Some(word) if joins(word, &ch, settings) => {
                    word.text.push_str(&ch.text);
                    word.bbox = word.bbox.union(&ch.bbox);
                    word.font_size = word.font_size.max(ch.font_size);
                }
                _ => out.extend(current.replace(ch)),
            }
        }
        out.extend(current);
    }
    out
}

/// Whether `next` continues `word`: close enough and of a similar size
/// (a superscript footnote mark starts a word of its own).
fn joins(word: &Word, next: &Word, settings: &Settings) -> bool {
    /// Smallest ratio of two font sizes still read as the same text run.
    const SAME_SIZE_RATIO: f64 = 0.85;
    let size = word.font_size.min(next.font_size);
    let gap = next.bbox.x0 - word.bbox.x1;
    let ratio = word.font_size.min(next.font_size) / word.font_size.max(next.font_size);
    gap <= settings.word_gap * size && gap >= -size && ratio >= SAME_SIZE_RATIO
}

/// Drop glyphs drawn twice at the same place (fake bold, shadows).
fn dedupe(glyphs: &[Glyph]) -> Vec<&Glyph> {
    /// Distance under which two equal glyphs are one, in points.
    const SAME_PLACE: f64 = 0.5;
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
    let mut out: Vec<&Glyph> = Vec::with_capacity(sorted.len());
    for g in sorted {
        let twin = out.iter().rev().take(8).any(|o| {
            o.text == g.text && (o.bbox.x0 - g.bbox.x0).abs() < SAME_PLACE && (o.bbox.y0 - g.bbox.y0).abs() < SAME_PLACE
        });
        if !twin {
            out.push(g);
        }
    }
    out
}

/// Words → lines: words whose boxes overlap vertically by at least
/// `line_overlap` of the smaller height share a line. Lines run top to
/// bottom, words left to right.
pub fn lines(words: &[Word], settings: &Settings) -> Vec<Line> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.bbox.center_y().total_cmp(&b.bbox.center_y()).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
    let mut out: Vec<Line> = Vec::new();
    // The centre and height of each line's tallest word: joining by distance
    // to it (not to the growing union box) keeps tightly spaced lines apart,
    // and a raised footnote mark does not pull its line upwards.
    let mut centers: Vec<(f64, f64)> = Vec::new();
    for word in sorted {
        let fits = |&(center, height): &(f64, f64)| {
            (word.bbox.center_y() - center).abs() <= settings.line_overlap * word.bbox.height().min(height)
        };
        // Only the last few lines can still take a word, as words come by height.
        let found = (out.len().saturating_sub(3)..out.len()).rev().find(|&i| fits(&centers[i]));
        match found {
            Some(i) => {
                let line_box = out[i].bbox;
                out[i].bbox = line_box.union(&word.bbox);
                out[i].words.push(word.clone());
                // Only a word beside the line's own words (a footnote mark's
                // base word) moves it, not one from another column.
                let beside = word.bbox.x0 <= line_box.x1 + word.bbox.height() && word.bbox.x1 >= line_box.x0 - word.bbox.height();
                if beside && word.bbox.height() > centers[i].1 {
                    centers[i] = (word.bbox.center_y(), word.bbox.height());
                }
            }
            None => {
                centers.push((word.bbox.center_y(), word.bbox.height()));
                out.push(Line { words: vec![word.clone()], bbox: word.bbox });
            }
        }
    }
    for line in &mut out {
        line.words.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    out.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64, size: f64) -> Glyph {
        Glyph { text: text.into(), bbox: BBox::new(x, y, x + size * 0.5, y + size), font_size: size }
    }

    #[test]
    fn glyphs_group_into_words_at_gaps() {
        let glyphs = vec![glyph("A", 0.0, 0.0, 10.0), glyph("B", 5.0, 0.0, 10.0), glyph("C", 14.0, 0.0, 10.0)];
        let words = words(&glyphs, &Settings::default());
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["AB", "C"]);
        assert_eq!(words[0].bbox, BBox::new(0.0, 0.0, 10.0, 10.0));
    }

    #[test]
    fn superscript_mark_is_its_own_word() {
        let glyphs = vec![glyph("7", 0.0, 0.0, 10.0), glyph("(", 5.0, -1.0, 6.0), glyph("1", 8.0, -1.0, 6.0), glyph(")", 11.0, -1.0, 6.0)];
        let texts: Vec<String> = words(&glyphs, &Settings::default()).into_iter().map(|w| w.text).collect();
        assert_eq!(texts, ["7", "(1)"]);
    }

    #[test]
    fn words_sort_into_lines() {
        let w = |t: &str, x: f64, y: f64| Word { text: t.into(), bbox: BBox::new(x, y, x + 10.0, y + 8.0), font_size: 8.0, confidence: 1.0 };
        let lines = lines(&[w("b", 20.0, 0.5), w("c", 0.0, 20.0), w("a", 0.0, 0.0)], &Settings::default());
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["a b", "c"]);
    }
}
