//! A second look at one cell: the mapping stage can ask to read a box of a
//! scanned page again as one line restricted to the characters it expects.

use std::collections::BTreeMap;

use image::GrayImage;

use super::{PagePixels, Settings, tesseract};
use crate::geometry::BBox;

/// Paper added around the cell, in points, so strokes at its edge stay whole.
const CELL_MARGIN: f64 = 2.0;
/// White border put around the crop, in pixels: tesseract reads a line
/// badly when its ink touches the image edge.
const CROP_BORDER: u32 = 10;
/// Tesseract's page segmentation mode for a single text line.
const SINGLE_LINE_PSM: u32 = 7;

/// The characters a cell may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charset {
    /// Anything.
    Any,
    /// Share counts, prices and amounts: digits, separators, `$`, brackets.
    Number,
    /// Dates as the form prints them (MM/DD/YYYY).
    Date,
    /// Transaction codes and flags: capital letters and digits.
    Code,
    /// Exactly these characters.
    Only(String),
}

impl Charset {
    fn whitelist(&self) -> Option<&str> {
        match self {
            Charset::Any => None,
            Charset::Number => Some("0123456789.,$()-"),
            Charset::Date => Some("0123456789/"),
            Charset::Code => Some("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789()"),
            Charset::Only(chars) => Some(chars),
        }
    }
}

/// The straightened images of a document's OCR'd pages, kept for re-reads.
#[derive(Debug, Clone, Default)]
pub struct PageImages {
    pages: BTreeMap<u32, PagePixels>,
    settings: Settings,
}

impl PageImages {
    pub(super) fn new(pages: impl IntoIterator<Item = PagePixels>, settings: &Settings) -> Self {
        PageImages {
            pages: pages.into_iter().map(|p| (p.number, p)).collect(),
            settings: settings.clone(),
        }
    }

    /// No page was OCR'd.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Read the box `bbox` (page points) of page `page` again as one line
    /// of the characters of `charset`. Returns the text (words joined by
    /// single spaces) and tesseract's confidence (0–1, the least of its
    /// words), or `None` when the page was not OCR'd, the box is off the
    /// page, or nothing could be read.
    pub fn reread(&self, page: u32, bbox: BBox, charset: Charset) -> Option<(String, f64)> {
        let pixels = self.pages.get(&page)?;
        let crop = pixels.crop(bbox, CELL_MARGIN, CROP_BORDER)?;
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("cell.pgm");
        std::fs::write(&path, super::pgm(&crop)).ok()?;
        let request = tesseract::Request {
            psm: SINGLE_LINE_PSM,
            dpi: pixels.dpi,
            whitelist: charset.whitelist(),
        };
        let words = tesseract::read(&path, &request, &self.settings).ok()?;
        if words.is_empty() {
            return None;
        }
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let confidence = words.iter().map(|w| w.confidence).fold(f64::INFINITY, f64::min) / 100.0;
        Some((text, confidence.clamp(0.0, 1.0)))
    }
}

impl PagePixels {
    /// The part of the image under `bbox` (page points) grown by `margin`
    /// points, on a white border of `border` pixels; `None` when it misses the image.
    fn crop(&self, bbox: BBox, margin: f64, border: u32) -> Option<GrayImage> {
        let (w, h) = self.image.dimensions();
        let (x0, y0) = self.to_pixel(bbox.x0 - margin, bbox.y0 - margin);
        let (x1, y1) = self.to_pixel(bbox.x1 + margin, bbox.y1 + margin);
        let clamp = |v: f64, max: u32| v.round().clamp(0.0, max as f64) as u32;
        let (x0, y0, x1, y1) = (clamp(x0, w), clamp(y0, h), clamp(x1, w), clamp(y1, h));
        if x1 <= x0 || y1 <= y0 {
            return None;
        }
        let mut out = GrayImage::from_pixel(x1 - x0 + 2 * border, y1 - y0 + 2 * border, image::Luma([255]));
        image::imageops::replace(
            &mut out,
            &*image::imageops::crop_imm(&self.image, x0, y0, x1 - x0, y1 - y0),
            border as i64,
            border as i64,
        );
        Some(out)
    }
}
