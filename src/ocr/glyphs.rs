//! Letters told by their shape. Tesseract misses some lone letters a scan
//! prints small or breaks (an `s` in small type, a speckled `D`); the same
//! letters read with certainty elsewhere in the document are printed in
//! the same font at the same size, so the unread one is compared with
//! them, pixel by pixel.

use image::GrayImage;
use image::imageops::FilterType;

use super::PagePixels;
use super::recover::components;
use super::reread::{CELL_INSET, PageImages, split_raised};
use crate::geometry::BBox;

/// Side of the square grid a letter is scaled to for comparing, in cells.
const GRID: u32 = 16;
/// Least height of a blob that is part of the letter, as a share of the
/// largest blob's height: smaller ones are specks.
const MIN_PART_HEIGHT: f64 = 0.35;
/// Least height of a letter, in points: less is a speck, not type.
const MIN_LETTER_HEIGHT: f64 = 2.5;
/// Most ratio between the heights (and between the width-to-height
/// ratios) of two prints of one letter in one font.
const MAX_SIZE_RATIO: f64 = 1.3;
/// Least similarity (correlation of the scaled grids, −1 to 1) of a
/// known print to a letter for the print to vote on what the letter is
/// (prints of one letter on the dev scans: 0.77–1, median 0.98; of two
/// different letters: at most 0.69).
const MIN_SIMILARITY: f64 = 0.8;
/// Least share of the votes of the prints like a letter that the letter
/// taken must have: a misread print among many right ones is outvoted.
const MIN_VOTE_SHARE: f64 = 0.75;
/// Widest upright stroke, as a share of its height: an I's stem with its
/// serifs spans under half its height, a D (or any round or two-stemmed
/// capital) about its height.
const MAX_STROKE_ASPECT: f64 = 0.6;

/// A letter's ink, scaled to the grid, with its printed size.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Darkness per grid cell, less its mean, scaled to length 1.
    grid: Vec<f64>,
    /// Height, in points.
    height: f64,
    /// Width over height.
    aspect: f64,
}

impl Shape {
    /// Correlation of two shapes' grids: 1 for the same ink, about 0 for
    /// unrelated ink.
    fn similarity(&self, other: &Shape) -> f64 {
        self.grid.iter().zip(&other.grid).map(|(a, b)| a * b).sum()
    }

    /// Whether the letter is one upright stroke, as an I is.
    pub fn is_upright_stroke(&self) -> bool {
        self.aspect <= MAX_STROKE_ASPECT
    }

    /// Whether two shapes are of one size and build, as two prints of one
    /// letter in one font are.
    fn alike_in_size(&self, other: &Shape) -> bool {
        let within = |a: f64, b: f64| a.max(b) <= MAX_SIZE_RATIO * a.min(b);
        within(self.height, other.height) && within(self.aspect, other.aspect)
    }
}

impl PageImages {
    /// The shape of the one letter printed in `bbox` on page `page` (its
    /// raised footnote marks, specks and the cell's rule remnants left
    /// out); `None` when the page was not OCR'd or the box holds no
    /// letter-sized ink.
    pub fn letter_shape(&self, page: u32, bbox: BBox) -> Option<Shape> {
        let pixels = self.page(page)?;
        let crop = pixels.crop(bbox, -CELL_INSET, 0)?;
        let (value, _) = split_raised(&crop, pixels.ink_below);
        let marks_cut_off = value.width() < crop.width();
        shape(&value, marks_cut_off, pixels)
    }
}

/// The shape of the letter in `image`, a cell's crop; `marks_cut_off`
/// when its right edge is where raised marks were cut off.
fn shape(image: &GrayImage, marks_cut_off: bool, pixels: &PagePixels) -> Option<Shape> {
    let (w, h) = image.dimensions();
    let inked: Vec<bool> = image.pixels().map(|p| p.0[0] < pixels.ink_below).collect();
    // Blobs touching the cell's edges are what is left of its rules.
    let inside = |b: &(u32, u32, u32, u32)| b.0 > 0 && b.1 > 0 && (marks_cut_off || b.2 + 1 < w) && b.3 + 1 < h;
    let blobs: Vec<(u32, u32, u32, u32)> = components(&inked, w, h, 1, 1).into_iter().filter(inside).collect();
    let area = |b: &(u32, u32, u32, u32)| (b.2 - b.0 + 1) * (b.3 - b.1 + 1);
    let largest = *blobs.iter().max_by_key(|b| area(b))?;
    let tall = f64::from(largest.3 - largest.1 + 1);
    // The letter: the largest blob and the parts of it a scan broke off,
    // level with it.
    let parts: Vec<&(u32, u32, u32, u32)> = blobs
        .iter()
        .filter(|b| f64::from(b.3 - b.1 + 1) >= MIN_PART_HEIGHT * tall && b.1 <= largest.3 && b.3 >= largest.1)
        .collect();
    let (x0, y0) = (parts.iter().map(|b| b.0).min()?, parts.iter().map(|b| b.1).min()?);
    let (x1, y1) = (parts.iter().map(|b| b.2).max()?, parts.iter().map(|b| b.3).max()?);
    let height = f64::from(y1 - y0 + 1) * pixels.scale.1;
    if height < MIN_LETTER_HEIGHT {
        return None;
    }
    let aspect = f64::from(x1 - x0 + 1) * pixels.scale.0 / height;
    let letter = image::imageops::crop_imm(image, x0, y0, x1 - x0 + 1, y1 - y0 + 1).to_image();
    let scaled = image::imageops::resize(&letter, GRID, GRID, FilterType::Triangle);
    let dark: Vec<f64> = scaled.pixels().map(|p| 255.0 - f64::from(p.0[0])).collect();
    let mean = dark.iter().sum::<f64>() / dark.len() as f64;
    let centred: Vec<f64> = dark.iter().map(|d| d - mean).collect();
    let length = centred.iter().map(|d| d * d).sum::<f64>().sqrt();
    if length == 0.0 {
        return None;
    }
    Some(Shape { grid: centred.iter().map(|d| d / length).collect(), height, aspect })
}

/// How the known prints alike to a letter (same size, similarity at
/// least [`MIN_SIMILARITY`]) were read: per letter, how many and the
/// best similarity among them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterVotes(Vec<(char, usize, f64)>);

impl LetterVotes {
    /// No known print is like the letter.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The share of the votes `letter` has (0 when no print is alike).
    pub fn share(&self, letter: char) -> f64 {
        let total: usize = self.0.iter().map(|v| v.1).sum();
        let votes = self.0.iter().find(|v| v.0 == letter).map_or(0, |v| v.1);
        if total == 0 { 0.0 } else { votes as f64 / total as f64 }
    }

    /// The letter with at least [`MIN_VOTE_SHARE`] of the votes, with its
    /// best print's similarity.
    pub fn winner(&self) -> Option<(char, f64)> {
        self.0.iter().find(|v| self.share(v.0) >= MIN_VOTE_SHARE).map(|v| (v.0, v.2))
    }
}

/// How the `known` prints alike to `unknown` were read.
pub fn letter_votes<'a>(unknown: &Shape, known: impl IntoIterator<Item = &'a (Shape, char)>) -> LetterVotes {
    let mut votes: Vec<(char, usize, f64)> = Vec::new();
    for (shape, letter) in known.into_iter().filter(|(s, _)| s.alike_in_size(unknown)) {
        let similarity = shape.similarity(unknown);
        if similarity < MIN_SIMILARITY {
            continue;
        }
        match votes.iter_mut().find(|v| v.0 == *letter) {
            Some(v) => *v = (v.0, v.1 + 1, v.2.max(similarity)),
            None => votes.push((*letter, 1, similarity)),
        }
    }
    LetterVotes(votes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::Settings;
    use image::Luma;

    /// Five-by-seven bitmaps of three letters.
    const D: [&str; 7] = ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."];
    const I: [&str; 7] = ["###", ".#.", ".#.", ".#.", ".#.", ".#.", "###"];
    const S: [&str; 7] = [".###.", "#...#", "#....", ".###.", "....#", "#...#", ".###."];

    /// A page at 300 dpi with each letter printed in its own 20-point
    /// cell along a row, at `dot` pixels per bitmap dot, a speck beside
    /// the first; the cells' boxes, in points.
    fn page_of_letters(letters: &[([&str; 7], u32)]) -> (PageImages, Vec<BBox>) {
        let scale = 300.0 / 72.0;
        let px = |points: f64| (points * scale).round() as u32;
        let mut image = GrayImage::from_pixel(px(20.0 * letters.len() as f64), px(20.0), Luma([255]));
        let mut cells = Vec::new();
        for (k, (bitmap, dot)) in letters.iter().enumerate() {
            let (left, top) = (px(20.0 * k as f64 + 5.0), px(5.0));
            for (row, line) in bitmap.iter().enumerate() {
                for (col, _) in line.chars().enumerate().filter(|(_, c)| *c == '#') {
                    for (dx, dy) in (0..*dot).flat_map(|dx| (0..*dot).map(move |dy| (dx, dy))) {
                        image.put_pixel(left + col as u32 * dot + dx, top + row as u32 * dot + dy, Luma([0]));
                    }
                }
            }
            cells.push(BBox::new(20.0 * k as f64, 0.0, 20.0 * (k + 1) as f64, 20.0));
        }
        image.put_pixel(px(2.0), px(2.0), Luma([0]));
        let pixels = PagePixels::new(1, image, BBox::new(0.0, 0.0, 20.0 * letters.len() as f64, 20.0));
        (PageImages::new([pixels], &Settings::default()), cells)
    }

    #[test]
    fn a_letter_is_told_by_the_prints_it_looks_like() {
        let (images, cells) = page_of_letters(&[(D, 4), (D, 4), (I, 4), (S, 4), (D, 4), (S, 8), (D, 4)]);
        let shapes: Vec<Shape> = cells.iter().map(|c| images.letter_shape(1, *c).unwrap()).collect();
        let known = |labels: &[(usize, char)]| labels.iter().map(|&(k, l)| (shapes[k].clone(), l)).collect::<Vec<_>>();
        let printed_d = known(&[(0, 'D'), (1, 'D'), (2, 'I')]);
        assert_eq!(letter_votes(&shapes[4], &printed_d).winner().map(|m| m.0), Some('D'), "an unread D");
        assert_eq!(letter_votes(&shapes[3], &printed_d), LetterVotes::default(), "no S is known");
        // A D misread as an I, among three D's read right, is outvoted.
        let misread = known(&[(0, 'D'), (1, 'D'), (6, 'D'), (4, 'I')]);
        assert_eq!(letter_votes(&shapes[4], &misread).winner().map(|m| m.0), Some('D'));
        // One print each way: no telling which reading is right.
        let split = letter_votes(&shapes[4], &known(&[(0, 'D'), (4, 'I')]));
        assert_eq!((split.winner(), split.share('I')), (None, 0.5));
        // Twice the size is other type, not the same letter.
        assert_eq!(letter_votes(&shapes[5], &known(&[(3, 'S')])), LetterVotes::default());
        assert_eq!(letter_votes(&shapes[3], &known(&[(3, 'S')])).winner().map(|m| m.0), Some('S'));
        assert_eq!(images.letter_shape(2, cells[0]).map(|s| s.height), None, "page not read");
        // With no print like it, an I is still told by its upright stroke.
        assert!(shapes[2].is_upright_stroke() && !shapes[0].is_upright_stroke() && !shapes[3].is_upright_stroke());
    }
}
