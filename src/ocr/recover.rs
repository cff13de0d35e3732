//! A second pass over ink the page read left without words: tesseract's
//! page layout analysis drops some lines outright (underlined or dotted
//! signature lines, sparse text it takes for a picture). Such ink is
//! found on a coarse grid, grouped into regions, and each region is read
//! again as a plain block of text.

use image::GrayImage;

use super::raster::{STACK_BORDER, stack};
use super::tesseract::TsvWord;

/// Side of a square of the coarse ink grid, in points.
const GRID: f64 = 1.5;
/// Least share of a grid square's pixels that are ink for it to count as inked.
const MIN_SQUARE_INK: f64 = 0.04;
/// Paper kept around the words already read, in points: their own ink
/// (strokes beyond a tight box) must not count as unread.
const WORD_MARGIN: f64 = 2.0;
/// Squares this far apart across, in points, join one region (the gaps
/// between letters and words of a line).
const JOIN_ACROSS: f64 = 6.0;
/// Squares this far apart down, in points, join one region (lines of one
/// block).
const JOIN_DOWN: f64 = 3.0;
/// Smallest region worth reading, in points across and down: a short word
/// of small type; smaller ones are specks.
const MIN_REGION: (f64, f64) = (12.0, 4.0);
/// Paper added around a region before reading it, in points.
const REGION_MARGIN: f64 = 2.0;

/// A region of the page image to read again, in pixels: left, top, width, height.
pub type Region = (u32, u32, u32, u32);

/// Regions of ink in `image` (pixels darker than `ink_below`) away from
/// every word of `words`; `points_per_pixel` sizes the grid.
pub fn unread_regions(image: &GrayImage, ink_below: u8, words: &[TsvWord], points_per_pixel: f64) -> Vec<Region> {
    let (w, h) = image.dimensions();
    let square = (GRID / points_per_pixel).round().max(1.0) as u32;
    let (cols, rows) = (w.div_ceil(square), h.div_ceil(square));
    let mut inked = vec![false; (cols * rows) as usize];
    let least = (MIN_SQUARE_INK * (square * square) as f64).ceil() as usize;
    for r in 0..rows {
        for c in 0..cols {
            let (x0, y0) = (c * square, r * square);
            let dark = (y0..(y0 + square).min(h))
                .flat_map(|y| (x0..(x0 + square).min(w)).map(move |x| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0[0] < ink_below)
                .count();
            inked[(r * cols + c) as usize] = dark >= least.max(1);
        }
    }
    let margin = (WORD_MARGIN / points_per_pixel) as u32;
    for word in words {
        let c0 = word.left.saturating_sub(margin) / square;
        let c1 = ((word.left + word.width + margin) / square).min(cols - 1);
        let r0 = word.top.saturating_sub(margin) / square;
        let r1 = ((word.top + word.height + margin) / square).min(rows - 1);
        for r in r0..=r1 {
            for c in c0..=c1 {
                inked[(r * cols + c) as usize] = false;
            }
        }
    }
    let reach = |points: f64| (points / GRID).ceil() as i64;
    let regions = components(&inked, cols, rows, reach(JOIN_ACROSS), reach(JOIN_DOWN));
    let to_px = |squares: u32| squares * square;
    let pad = (REGION_MARGIN / points_per_pixel) as u32;
    regions
        .into_iter()
        .filter(|&(c0, r0, c1, r1)| {
            let (across, down) = (((c1 - c0 + 1) as f64) * GRID, ((r1 - r0 + 1) as f64) * GRID);
            across >= MIN_REGION.0 && down >= MIN_REGION.1
        })
        .map(|(c0, r0, c1, r1)| {
            let (x0, y0) = (to_px(c0).saturating_sub(pad), to_px(r0).saturating_sub(pad));
            let (x1, y1) = ((to_px(c1 + 1) + pad).min(w), (to_px(r1 + 1) + pad).min(h));
            (x0, y0, x1 - x0, y1 - y0)
        })
        .collect()
}

/// Bounding boxes (first column, first row, last column, last row) of the
/// groups of set squares, squares within `across` columns and `down` rows
/// of each other joining one group.
pub(super) fn components(set: &[bool], cols: u32, rows: u32, across: i64, down: i64) -> Vec<(u32, u32, u32, u32)> {
    let mut seen = vec![false; set.len()];
    let mut out = Vec::new();
    for start in 0..set.len() {
        if !set[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let mut todo = vec![start];
        let (mut c0, mut r0, mut c1, mut r1) = (u32::MAX, u32::MAX, 0, 0);
        while let Some(i) = todo.pop() {
            let (c, r) = ((i as u32) % cols, (i as u32) / cols);
            (c0, r0, c1, r1) = (c0.min(c), r0.min(r), c1.max(c), r1.max(r));
            for dr in -down..=down {
                for dc in -across..=across {
                    let (nc, nr) = (c as i64 + dc, r as i64 + dr);
                    if nc < 0 || nr < 0 || nc >= cols as i64 || nr >= rows as i64 {
                        continue;
                    }
                    let j = (nr as u32 * cols + nc as u32) as usize;
                    if set[j] && !seen[j] {
                        seen[j] = true;
                        todo.push(j);
                    }
                }
            }
        }
        out.push((c0, r0, c1, r1));
    }
    out
}

/// The regions cut out of `image` and stacked into one image to read,
/// with a function that maps a word read there back to the page image
/// (`None` for a word between regions).
pub fn stacked(image: &GrayImage, regions: &[Region]) -> (GrayImage, impl Fn(TsvWord) -> Option<TsvWord>) {
    let crops: Vec<GrayImage> = regions.iter().map(|&(x, y, w, h)| image::imageops::crop_imm(image, x, y, w, h).to_image()).collect();
    let (image, tops) = stack(&crops);
    let border = STACK_BORDER;
    let placed: Vec<(Region, u32)> = regions.iter().copied().zip(tops).collect();
    let back = move |word: TsvWord| {
        let middle = word.top + word.height / 2;
        let &((x, y, _, h), top) = placed.iter().find(|((_, _, _, h), top)| (*top..top + h).contains(&middle))?;
        let left = (word.left + x).checked_sub(border)?;
        let top = (word.top + y).checked_sub(top)?;
        Some(TsvWord { left, top, height: word.height.min(h), ..word })
    };
    (image, back)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn word(left: u32, top: u32, width: u32, height: u32) -> TsvWord {
        TsvWord { text: "read".into(), left, top, width, height, confidence: 90.0, line: (1, 1, 1) }
    }

    #[test]
    fn ink_away_from_words_is_a_region() {
        // 300 dpi: a point is 300/72 pixels.
        let points_per_pixel = 72.0 / 300.0;
        let mut image = GrayImage::from_pixel(1000, 600, Luma([255]));
        let mut ink = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in (x0..x1).step_by(7) {
                    for dx in 0..4 {
                        image.put_pixel(x + dx, y, Luma([0]));
                    }
                }
            }
        };
        ink(100, 100, 400, 130); // a line tesseract read
        ink(500, 400, 800, 430); // a line it dropped
        ink(50, 550, 53, 553); // a speck
        let regions = unread_regions(&image, 128, &[word(100, 100, 300, 30)], points_per_pixel);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let (x, y, w, h) = regions[0];
        assert!(x <= 500 && x + w >= 800 && y <= 400 && y + h >= 430, "{:?}", regions[0]);
        assert!(x >= 480 && y >= 380 && w <= 340 && h <= 70, "tight around the line: {:?}", regions[0]);

        // Words read in the stacked image map back onto the page.
        let (stack_image, back) = stacked(&image, &regions);
        let border = STACK_BORDER;
        assert_eq!(stack_image.width(), w + 2 * border);
        let found = back(word(border + 5, border + 3, 50, 20)).expect("inside the region");
        assert_eq!((found.left, found.top), (x + 5, y + 3));
        assert_eq!(back(word(border, border + h + 15, 50, 2)), None, "between regions");
    }
}
