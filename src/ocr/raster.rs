//! Small operations on gray page images: a global ink threshold and rotation.

use image::{GrayImage, Luma};

/// Paper white, the fill of pixels rotated in from outside the image.
pub const PAPER: u8 = 255;

/// Otsu's threshold of the image's histogram: pixels darker than it are ink.
pub fn ink_threshold(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for p in image.pixels() {
        histogram[p.0[0] as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let weighted_total: f64 = histogram.iter().enumerate().map(|(v, n)| v as f64 * *n as f64).sum();
    let (mut below, mut below_weighted) = (0u64, 0.0f64);
    let (mut best, mut best_variance) = (128u8, -1.0f64);
    for (value, count) in histogram.iter().enumerate() {
        below += count;
        below_weighted += value as f64 * *count as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let mean_below = below_weighted / below as f64;
        let mean_above = (weighted_total - below_weighted) / above as f64;
        let variance = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if variance > best_variance {
            best_variance = variance;
            // Ink is strictly darker than the threshold.
            best = (value + 1).min(255) as u8;
        }
    }
    best
}

/// Rotate the image about its centre by `degrees`, keeping its size: the
/// output pixel at `p` takes the (bilinear) value at `c + R(degrees)(p - c)`
/// of the input, `R` turning from +x towards +y (clockwise on screen).
/// Content skewed by `s` degrees comes out straight with `rotate(image, s)`.
pub fn rotate(image: &GrayImage, degrees: f64) -> GrayImage {
    let (w, h) = image.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let at = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            PAPER as f64
        } else {
            image.get_pixel(x as u32, y as u32).0[0] as f64
        }
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
        let sx = cx + cos * dx - sin * dy - 0.5;
        let sy = cy + sin * dx + cos * dy - 0.5;
        let (x0, y0) = (sx.floor(), sy.floor());
        let (fx, fy) = (sx - x0, sy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        Luma([(top * (1.0 - fy) + bottom * fy).round() as u8])
    })
}

/// The image enlarged `factor` times (Catmull-Rom).
pub fn enlarged(image: &GrayImage, factor: f64) -> GrayImage {
    let (w, h) = image.dimensions();
    let (nw, nh) = ((w as f64 * factor).round() as u32, (h as f64 * factor).round() as u32);
    image::imageops::resize(image, nw, nh, image::imageops::FilterType::CatmullRom)
}

/// Paper around images stacked for reading, in pixels: tesseract reads a
/// line badly when its ink touches the image edge.
pub const STACK_BORDER: u32 = 10;
/// Paper between images stacked for reading, in pixels, so that each
/// reads as its own lines.
const STACK_GAP: u32 = 30;

/// Images stacked one under another on paper (`STACK_BORDER` around all,
/// `STACK_GAP` between each), to be read in one run of the reader; with
/// the top row of each image in the stack.
pub fn stack(images: &[GrayImage]) -> (GrayImage, Vec<u32>) {
    let (border, gap) = (STACK_BORDER, STACK_GAP);
    let width = images.iter().map(GrayImage::width).max().unwrap_or(0) + 2 * border;
    let height = images.iter().map(|i| i.height() + gap).sum::<u32>() + 2 * border;
    let mut out = GrayImage::from_pixel(width, height, Luma([PAPER]));
    let mut tops = Vec::with_capacity(images.len());
    let mut y = border;
    for image in images {
        image::imageops::replace(&mut out, image, border as i64, y as i64);
        tops.push(y);
        y += image.height() + gap;
    }
    (out, tops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_splits_ink_from_paper() {
        let image = GrayImage::from_fn(100, 10, |x, _| Luma([if x < 20 { 30 } else { 220 }]));
        let t = ink_threshold(&image);
        assert!(t > 30 && t <= 220, "threshold {t}");
    }

    #[test]
    fn rotation_turns_clockwise_on_screen() {
        // A dot right of the centre, rotated by -90°, ends up below it.
        let mut image = GrayImage::from_pixel(101, 101, Luma([255]));
        image.put_pixel(80, 50, Luma([0]));
        let turned = rotate(&image, -90.0);
        assert_eq!(turned.get_pixel(50, 80).0[0], 0);
        assert_eq!(turned.get_pixel(80, 50).0[0], 255);
    }
}
