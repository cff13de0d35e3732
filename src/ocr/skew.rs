//! Skew estimation: the angle at which the page's ink lines up best in
//! rows (projection-profile method on a reduced image).

use image::GrayImage;

use super::raster::ink_threshold;

/// Width the image is reduced to for the estimate, in pixels (about 100
/// dpi on a letter page: text lines stay apart, and it is quick).
const REDUCED_WIDTH: u32 = 850;
/// Step of the coarse search over angles, in degrees.
const COARSE_STEP: f64 = 0.2;
/// Step of the fine search around the best coarse angle, in degrees.
const FINE_STEP: f64 = 0.02;
/// Least share of ink pixels for an estimate; a blank page has no skew.
const MIN_INK_SHARE: f64 = 0.001;

/// The angle in degrees, within `±max_degrees`, by which the content of the
/// image is turned (positive: clockwise on screen). `raster::rotate(image,
/// angle)` straightens it.
pub fn estimate(image: &GrayImage, max_degrees: f64) -> f64 {
    let ink = ink_points(image);
    let (w, h) = image.dimensions();
    if max_degrees <= 0.0 || (ink.len() as f64) < MIN_INK_SHARE * (w as f64 * h as f64) / reduction(w).powi(2) {
        return 0.0;
    }
    let rows = reduced_size(h, reduction(w));
    let score = |degrees: f64| profile_sharpness(&ink, degrees, rows);
    let best_of = |angles: Vec<f64>| {
        angles
            .into_iter()
            .map(|a| (a, score(a)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(a, _)| a)
            .unwrap_or(0.0)
    };
    let steps = |from: f64, to: f64, step: f64| -> Vec<f64> {
        let n = ((to - from) / step).round() as i64;
        (0..=n).map(|i| from + i as f64 * step).collect()
    };
    let coarse = best_of(steps(-max_degrees, max_degrees, COARSE_STEP));
    let fine_from = (coarse - COARSE_STEP).max(-max_degrees);
    let fine_to = (coarse + COARSE_STEP).min(max_degrees);
    best_of(steps(fine_from, fine_to, FINE_STEP))
}

/// The factor by which an image `width` pixels wide is reduced.
fn reduction(width: u32) -> f64 {
    (width as f64 / REDUCED_WIDTH as f64).max(1.0).round()
}

fn reduced_size(size: u32, factor: f64) -> usize {
    (size as f64 / factor).ceil() as usize
}

/// Least share of ink in a row or column at the image's edge for it to
/// be the scanner's dark border rather than the page: such bands lie
/// square to the image whatever the page's skew, so they are left out.
const MIN_BORDER_INK_SHARE: f64 = 0.5;

/// Ink pixels of the reduced image (a reduced pixel is ink when its
/// block's mean is darker than the page's threshold), centred on the image
/// centre, in reduced pixels; the dark bands a scanner leaves along the
/// image's edges left out.
fn ink_points(image: &GrayImage) -> Vec<(f64, f64)> {
    let (w, h) = image.dimensions();
    let factor = reduction(w);
    let block = factor as u32;
    let (rw, rh) = (reduced_size(w, factor), reduced_size(h, factor));
    let threshold = ink_threshold(image) as u64;
    let mut ink = vec![vec![false; rw]; rh];
    for (ry, row) in ink.iter_mut().enumerate() {
        for (rx, cell) in row.iter_mut().enumerate() {
            let (mut sum, mut count) = (0u64, 0u64);
            for y in ry as u32 * block..((ry as u32 + 1) * block).min(h) {
                for x in rx as u32 * block..((rx as u32 + 1) * block).min(w) {
                    sum += image.get_pixel(x, y).0[0] as u64;
                    count += 1;
                }
            }
            *cell = count > 0 && sum < threshold * count;
        }
    }
    let (rows, columns) = inside_dark_borders(&ink);
    let mut points = Vec::new();
    for ry in rows {
        for rx in columns.clone() {
            if ink[ry][rx] {
                points.push((rx as f64 - rw as f64 / 2.0, ry as f64 - rh as f64 / 2.0));
            }
        }
    }
    points
}

/// The rows and columns of an ink grid inside the dark bands along its
/// edges (rows or columns at least `MIN_BORDER_INK_SHARE` ink, counted
/// inwards from each edge).
fn inside_dark_borders(ink: &[Vec<bool>]) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let (rh, rw) = (ink.len(), ink.first().map_or(0, Vec::len));
    let dark = |inked: usize, length: usize| inked as f64 >= MIN_BORDER_INK_SHARE * length as f64;
    let dark_row = |y: usize| dark(ink[y].iter().filter(|&&c| c).count(), rw);
    let dark_column = |x: usize| dark(ink.iter().filter(|row| row[x]).count(), rh);
    let top = (0..rh).take_while(|&y| dark_row(y)).count();
    let bottom = rh - (top..rh).rev().take_while(|&y| dark_row(y)).count();
    let left = (0..rw).take_while(|&x| dark_column(x)).count();
    let right = rw - (left..rw).rev().take_while(|&x| dark_column(x)).count();
    (top..bottom, left..right)
}

/// Sum of squared differences between neighbouring rows of the histogram
/// of the ink turned back by `degrees` (Postl's criterion): largest when
/// the edges of text lines and rules are sharpest.
fn profile_sharpness(ink: &[(f64, f64)], degrees: f64, rows: usize) -> f64 {
    let (sin, cos) = degrees.to_radians().sin_cos();
    // Rows of slack on either side for points turned past the edges.
    let margin = rows / 2;
    let mut histogram = vec![0.0f64; rows + 2 * margin + 1];
    let centre = (rows / 2 + margin) as f64;
    // Each point is shared between the two rows it falls between, so that
    // angles too small to move a point a whole row still count.
    for &(x, y) in ink {
        let row = -sin * x + cos * y + centre;
        let below = row.floor();
        if below >= 0.0 && (below as usize) + 1 < histogram.len() {
            let share = row - below;
            histogram[below as usize] += 1.0 - share;
            histogram[below as usize + 1] += share;
        }
    }
    histogram.windows(2).map(|pair| (pair[1] - pair[0]).powi(2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::raster::rotate;
    use image::Luma;

    /// A page of text-like dashed lines and two rules.
    fn straight_page() -> GrayImage {
        page_of_lines(60, 1400)
    }

    /// A page of `lines` text-like dashed lines `width` pixels long and two rules.
    fn page_of_lines(lines: u32, width: u32) -> GrayImage {
        let mut page = GrayImage::from_pixel(1700, 2200, Luma([240]));
        for line in 0..lines {
            let y = 200 + line * 30;
            for x in 150..150 + width {
                // Words: 40 px of ink strokes, 12 px of space.
                if x % 52 < 40 && x % 7 < 3 {
                    for dy in 0..(10 + line % 7) {
                        page.put_pixel(x, y + dy, Luma([30]));
                    }
                }
            }
        }
        for y in [180u32, 2020] {
            for x in 100..1600 {
                for dy in 0..3 {
                    page.put_pixel(x, y + dy, Luma([20]));
                }
            }
        }
        page
    }

    #[test]
    fn skew_of_a_turned_page_is_found() {
        let page = straight_page();
        for skew in [-1.7, -0.45, 0.8, 2.3] {
            // Content turned by `skew` is what `rotate` by `-skew` makes.
            let skewed = rotate(&page, -skew);
            let found = estimate(&skewed, 3.0);
            assert!((found - skew).abs() <= 0.06, "skew {skew}: estimated {found}");
        }
    }

    #[test]
    fn a_scanners_dark_borders_do_not_straighten_a_turned_page() {
        // A page with little on it, as a form's last pages.
        let skew = -1.9;
        let mut skewed = rotate(&page_of_lines(6, 500), -skew);
        let (w, h) = skewed.dimensions();
        for (x, y, p) in skewed.enumerate_pixels_mut() {
            if y < 12 || y >= h - 24 || x < 10 || x >= w - 16 {
                *p = Luma([50]);
            }
        }
        let found = estimate(&skewed, 3.0);
        assert!((found - skew).abs() <= 0.06, "estimated {found}");
    }

    #[test]
    fn straight_and_blank_pages_have_no_skew() {
        let straight = estimate(&straight_page(), 3.0);
        assert!(straight.abs() <= 0.04, "estimated {straight}");
        assert_eq!(estimate(&GrayImage::from_pixel(800, 1000, Luma([250])), 3.0), 0.0);
    }
}
