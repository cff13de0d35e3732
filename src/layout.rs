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
    let glyphs = dedupe(glyphs);
    let boxes: Vec<BBox> = glyphs.iter().map(|g| g.bbox).collect();
    let mut out = Vec::new();
    for (_, members) in group_lines(&boxes, settings) {
        let mut current: Option<Word> = None;
        for glyph in members.into_iter().map(|i| glyphs[i]) {
            if glyph.text.trim().is_empty() {
                out.extend(current.take());
                continue;
            }
            match current.as_mut() {
                Some(word) if joins(word, glyph, settings) => {
                    word.text.push_str(&glyph.text);
                    word.bbox = word.bbox.union(&glyph.bbox);
                    word.font_size = word.font_size.max(glyph.font_size);
                }
                _ => {
                    let word = Word { text: glyph.text.clone(), bbox: glyph.bbox, font_size: glyph.font_size, confidence: 1.0 };
                    out.extend(current.replace(word));
                }
            }
        }
        out.extend(current);
    }
    out
}

/// Whether `next` continues `word`: close enough and of a similar size
/// (a superscript footnote mark starts a word of its own).
fn joins(word: &Word, next: &Glyph, settings: &Settings) -> bool {
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
    let mut sorted: Vec<(f64, f64, usize)> = glyphs.iter().enumerate().map(|(i, g)| (g.bbox.x0, g.bbox.y0, i)).collect();
    sort_by_position(&mut sorted);
    let mut out: Vec<&Glyph> = Vec::with_capacity(sorted.len());
    for g in sorted.into_iter().map(|(_, _, i)| &glyphs[i]) {
        let twin = out.iter().rev().take(8).any(|o| {
            o.text == g.text && (o.bbox.x0 - g.bbox.x0).abs() < SAME_PLACE && (o.bbox.y0 - g.bbox.y0).abs() < SAME_PLACE
        });
        if !twin {
            out.push(g);
        }
    }
    out
}

/// Sort `(first, second, index)` by the two coordinates, then the index:
/// a total order, so the faster unstable sort gives the order a stable sort
/// by coordinates would.
fn sort_by_position(items: &mut [(f64, f64, usize)]) {
    items.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
}

/// Words → lines: words whose boxes overlap vertically by at least
/// `line_overlap` of the smaller height share a line. Lines run top to
/// bottom, words left to right.
pub fn lines(words: &[Word], settings: &Settings) -> Vec<Line> {
    let boxes: Vec<BBox> = words.iter().map(|w| w.bbox).collect();
    group_lines(&boxes, settings)
        .into_iter()
        .map(|(bbox, members)| Line { words: members.into_iter().map(|i| words[i].clone()).collect(), bbox })
        .collect()
}

/// The lines of some boxes (see [`lines`]): each line's box and the
/// indices of its boxes, left to right; lines top to bottom.
fn group_lines(boxes: &[BBox], settings: &Settings) -> Vec<(BBox, Vec<usize>)> {
    let mut sorted: Vec<(f64, f64, usize)> = boxes.iter().enumerate().map(|(i, b)| (b.center_y(), b.x0, i)).collect();
    sort_by_position(&mut sorted);
    let mut out: Vec<(BBox, Vec<usize>)> = Vec::new();
    // The centre and height of each line's tallest box: joining by distance
    // to it (not to the growing union box) keeps tightly spaced lines apart,
    // and a raised footnote mark does not pull its line upwards.
    let mut centers: Vec<(f64, f64)> = Vec::new();
    for (center_y, _, index) in sorted {
        let bbox = boxes[index];
        let fits = |&(center, height): &(f64, f64)| (center_y - center).abs() <= settings.line_overlap * bbox.height().min(height);
        // Only the last few lines can still take a box, as boxes come by height.
        let found = (out.len().saturating_sub(3)..out.len()).rev().find(|&i| fits(&centers[i]));
        match found {
            Some(i) => {
                let line_box = out[i].0;
                out[i].0 = line_box.union(&bbox);
                out[i].1.push(index);
                // Only a box beside the line's own boxes (a footnote mark's
                // base word) moves it, not one from another column.
                let beside = bbox.x0 <= line_box.x1 + bbox.height() && bbox.x1 >= line_box.x0 - bbox.height();
                if beside && bbox.height() > centers[i].1 {
                    centers[i] = (center_y, bbox.height());
                }
            }
            None => {
                centers.push((center_y, bbox.height()));
                out.push((bbox, vec![index]));
            }
        }
    }
    for (_, members) in &mut out {
        members.sort_by(|&a, &b| boxes[a].x0.total_cmp(&boxes[b].x0));
    }
    out.sort_by(|a, b| a.0.y0.total_cmp(&b.0.y0));
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
