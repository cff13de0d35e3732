//! OCR of image-only pages with tesseract, into the same words and rules
//! that the text layer gives.
//!
//! Per page: the pixels (the page's full-page image taken out of the PDF,
//! or a 300 dpi rendering by pdftoppm) → enlarged to about 300 dpi when
//! scanned coarser → straightened (skew estimate, rotation) → ruling lines
//! found in the straightened image, then painted over (letters crossing
//! them keep their strokes) → words read by tesseract (TSV) → ink left
//! without words read again as blocks (lines the page layout analysis
//! dropped) → specks and border remnants dropped, each line's words given
//! the line's height. Word boxes and rules are in the straightened image's
//! frame, scaled to page points: positions relative to each other are
//! right, and on a page turned by a degree or two absolute positions are
//! off by at most a few points near the page edges. Pages run in parallel
//! (rayon), each tesseract on one thread.
//!
//! The straightened images are kept ([`PageImages`]) so that the mapping
//! stage can read cells again with a restricted character set, ask
//! whether a cell without words holds ink, and compare the shape of a
//! lone letter with the letters read elsewhere in the document.

mod glyphs;
mod process;
pub mod raster;
mod recover;
mod reread;
pub mod rules;
pub mod skew;
pub mod source;
pub mod tesseract;
mod words;

use std::path::{Path, PathBuf};
use std::time::Duration;

use image::GrayImage;
use rayon::prelude::*;

pub use glyphs::{LetterVotes, Shape, letter_votes};
pub use reread::{CellRequest, Charset, PageImages, Reading, Separator};
pub use rules::RuleSettings;

use crate::error::Error;
use crate::geometry::{BBox, Rule};
use crate::layout::{TextPage, Word};
use crate::pdf::Page;
use source::PageSource;

/// Points per inch.
const POINTS_PER_INCH: f64 = 72.0;
/// Smallest skew corrected, in degrees; below it rotating only blurs.
const MIN_SKEW_CORRECTED: f64 = 0.05;

/// Tunables of the OCR stage.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The tesseract program: a name looked up on `PATH`, or a path.
    pub tesseract: PathBuf,
    /// Tesseract language(s), as for its `-l` option.
    pub language: String,
    /// Tesseract page segmentation mode (`--psm`) for whole pages.
    pub page_segmentation: u32,
    /// Resolution pages are read at, in dots per inch: pages without a
    /// usable image are rendered at it, coarse scans enlarged to it.
    pub dpi: f64,
    /// Scans coarser than this, in dots per inch, are enlarged to `dpi`
    /// before reading (tesseract reads small type better); 0 never enlarges.
    pub upscale_below_dpi: f64,
    /// Largest skew straightened, in degrees either way.
    pub max_skew_degrees: f64,
    /// Most pixels a page image may have (as scanned or rendered).
    pub max_pixels: u64,
    /// Longest one run of tesseract or pdftoppm may take, in seconds.
    pub timeout_seconds: f64,
    /// How ruling lines are found in the page image.
    pub rules: RuleSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tesseract: PathBuf::from("tesseract"),
            language: "eng".into(),
            page_segmentation: 3,
            dpi: 300.0,
            upscale_below_dpi: 250.0,
            max_skew_degrees: 3.0,
            // A legal page at 600 dpi.
            max_pixels: 5100 * 8400,
            timeout_seconds: 120.0,
            rules: RuleSettings::default(),
        }
    }
}

impl Settings {
    fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout_seconds.max(0.0))
    }
}

/// What OCR gives: one page of words and rules per input page, in order,
/// and the page images for re-reading cells.
#[derive(Debug, Clone, Default)]
pub struct OcrOutput {
    pub pages: Vec<TextPage>,
    pub images: PageImages,
}

/// A page with no text to speak of, but an image: a scan.
pub fn needs_ocr(page: &Page) -> bool {
    page.glyphs.is_empty() && !page.images.is_empty()
}

/// OCR the given pages (in parallel); one `TextPage` per input page, in order.
pub fn read_pages(document: &pdf_extract::Document, pages: &[&Page], settings: &Settings) -> Result<OcrOutput, Error> {
    if pages.is_empty() {
        return Ok(OcrOutput::default());
    }
    tesseract::check_installed(settings)?;
    let sources = pages
        .iter()
        .map(|page| PageSource::of(document, page, settings.max_pixels))
        .collect::<Result<Vec<_>, Error>>()?;
    let rendered = if sources.iter().any(|s| matches!(s, PageSource::Render)) {
        Some(source::save_for_rendering(document)?)
    } else {
        None
    };
    let results = pages
        .par_iter()
        .zip(sources)
        .map(|(page, source)| read_page(page, source, rendered.as_ref().map(|f| f.path()), settings))
        .collect::<Result<Vec<_>, Error>>()?;
    let (pages, pixels): (Vec<TextPage>, Vec<PagePixels>) = results.into_iter().unzip();
    Ok(OcrOutput {
        pages,
        images: PageImages::new(pixels, settings),
    })
}

/// A page's straightened image and how its pixels map to page points.
#[derive(Clone)]
pub(crate) struct PagePixels {
    number: u32,
    image: GrayImage,
    /// Page point of the image's top left corner.
    origin: (f64, f64),
    /// Points per pixel across and down.
    scale: (f64, f64),
    /// Resolution of the image on the page, dots per inch.
    dpi: f64,
    /// Pixels darker than this are ink (the page's Otsu threshold).
    ink_below: u8,
}

impl std::fmt::Debug for PagePixels {
    /// The image's size, not its pixels.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PagePixels")
            .field("number", &self.number)
            .field("image", &self.image.dimensions())
            .field("origin", &self.origin)
            .field("scale", &self.scale)
            .field("dpi", &self.dpi)
            .finish()
    }
}

impl PagePixels {
    fn new(number: u32, image: GrayImage, bbox: BBox) -> Self {
        let (w, h) = image.dimensions();
        let scale = (bbox.width() / w as f64, bbox.height() / h as f64);
        PagePixels {
            number,
            origin: (bbox.x0, bbox.y0),
            scale,
            dpi: POINTS_PER_INCH / scale.0,
            ink_below: raster::ink_threshold(&image),
            image,
        }
    }

    fn to_point(&self, x: f64, y: f64) -> (f64, f64) {
        (self.origin.0 + x * self.scale.0, self.origin.1 + y * self.scale.1)
    }

    fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.origin.0) / self.scale.0, (y - self.origin.1) / self.scale.1)
    }
}

/// OCR one page: pixels, enlarged and straightened; rules; words.
fn read_page(
    page: &Page,
    source: PageSource,
    rendered: Option<&Path>,
    settings: &Settings,
) -> Result<(TextPage, PagePixels), Error> {
    let (gray, bbox, original) = match source {
        PageSource::Embedded { image, bbox } => (image.to_gray()?, bbox, Some(image)),
        PageSource::Render => {
            let inches = (page.width / POINTS_PER_INCH, page.height / POINTS_PER_INCH);
            source::check_pixels(
                (inches.0 * settings.dpi * inches.1 * settings.dpi) as u64,
                settings.max_pixels,
            )?;
            let path =
                rendered.ok_or_else(|| Error::Internal("a page to render but no file to render it from".into()))?;
            (
                source::render(path, page.number, settings.dpi, settings.timeout())?,
                BBox::new(0.0, 0.0, page.width, page.height),
                None,
            )
        }
    };
    let scanned_dpi = gray.width() as f64 * POINTS_PER_INCH / bbox.width();
    let enlarge = scanned_dpi < settings.upscale_below_dpi && scanned_dpi > 0.0;
    let gray = if enlarge {
        enlarged_within(&gray, settings.dpi / scanned_dpi, settings.max_pixels)?
    } else {
        gray
    };
    let skew = skew::estimate(&gray, settings.max_skew_degrees);
    let straighten = skew.abs() >= MIN_SKEW_CORRECTED;
    let mut gray = if straighten { raster::rotate(&gray, skew) } else { gray };
    let points_per_pixel = bbox.width() / gray.width() as f64;
    // Streaks of the scanner run straight down the unturned image.
    let streak_lean = if straighten { skew.to_radians().tan() } else { 0.0 };
    let rules::Strokes { rules: strokes, streaks } = rules::find(&gray, points_per_pixel, streak_lean, &settings.rules);
    rules::erase(&mut gray, &[strokes.as_slice(), streaks.as_slice()].concat(), settings.rules.erase_margin / points_per_pixel);
    let pixels = PagePixels::new(page.number, gray, bbox);

    let dir = tempfile::tempdir().map_err(|e| Error::Internal(format!("cannot make a temporary directory: {e}")))?;
    // Tesseract reads the image from the PDF as it is when it was not changed.
    let (bytes, extension) = match original {
        Some(image) if !enlarge && !straighten && strokes.is_empty() && streaks.is_empty() => image.to_file()?,
        _ => (pgm(&pixels.image), "pgm"),
    };
    let path = dir.path().join(format!("page.{extension}"));
    std::fs::write(&path, bytes)
        .map_err(|e| Error::Internal(format!("cannot write a page image for tesseract: {e}")))?;
    let request = tesseract::Request {
        psm: settings.page_segmentation,
        dpi: pixels.dpi,
        whitelist: None,
    };
    let mut read = tesseract::read(&path, &request, settings)?;
    read.extend(read_unread_regions(&pixels, &read, points_per_pixel, dir.path(), settings)?);
    let read = read_doubtful_again(&pixels, read, points_per_pixel, dir.path(), settings)?;
    let words = words::clean(read, points_per_pixel)
        .into_iter()
        .map(|w| {
            let (x0, y0) = pixels.to_point(w.left as f64, w.top as f64);
            let (x1, y1) = pixels.to_point((w.left + w.width) as f64, (w.top + w.height) as f64);
            Word {
                text: w.text,
                bbox: BBox::new(x0, y0, x1, y1),
                font_size: y1 - y0,
                confidence: (w.confidence / 100.0).clamp(0.0, 1.0),
            }
        })
        .collect();
    let rules = strokes
        .into_iter()
        .map(|s| {
            let ((x0, y0), (x1, y1)) = if s.horizontal {
                (pixels.to_point(s.from, s.at), pixels.to_point(s.to, s.at))
            } else {
                (pixels.to_point(s.at, s.from), pixels.to_point(s.at, s.to))
            };
            Rule { x0, y0, x1, y1 }
        })
        .collect();
    let text_page = TextPage {
        number: page.number,
        width: page.width,
        height: page.height,
        words,
        rules,
        ocr: true,
    };
    Ok((text_page, pixels))
}

/// Words of the ink the page read left without words (lines tesseract's
/// layout analysis dropped), read as blocks in one more run.
fn read_unread_regions(pixels: &PagePixels, read: &[tesseract::TsvWord], points_per_pixel: f64, dir: &Path, settings: &Settings) -> Result<Vec<tesseract::TsvWord>, Error> {
    /// Added to the block numbers of these words, so that their lines
    /// stay apart from the page read's.
    const BLOCK_OFFSET: u32 = 100_000;
    let regions = recover::unread_regions(&pixels.image, pixels.ink_below, read, points_per_pixel);
    let words = read_regions(pixels, &regions, BLOCK_OFFSET, &dir.join("regions.pgm"), settings)?;
    Ok(words.into_iter().map(|(_, w)| w).collect())
}

/// The page's words with each phrase holding a doubtful word read again
/// on its own, all in one more run of tesseract, and the surer reading of
/// each kept (`recover::surer_readings`).
fn read_doubtful_again(pixels: &PagePixels, read: Vec<tesseract::TsvWord>, points_per_pixel: f64, dir: &Path, settings: &Settings) -> Result<Vec<tesseract::TsvWord>, Error> {
    /// Added to the block numbers of words read again, so that their
    /// lines stay apart from the page read's.
    const BLOCK_OFFSET: u32 = 200_000;
    let phrases = recover::doubtful_phrases(&read, pixels.image.dimensions(), points_per_pixel);
    if phrases.is_empty() {
        return Ok(read);
    }
    let regions: Vec<recover::Region> = phrases.iter().map(|p| p.region).collect();
    let mut again: Vec<Vec<tesseract::TsvWord>> = vec![Vec::new(); phrases.len()];
    for (k, word) in read_regions(pixels, &regions, BLOCK_OFFSET, &dir.join("doubtful.pgm"), settings)? {
        again[k].push(word);
    }
    Ok(recover::surer_readings(read, &phrases, again))
}

/// The regions of the page image stacked into one image (written to
/// `path`) and read as blocks in one run: each word with the index of its
/// region, in page pixels, its block number raised by `block_offset`.
fn read_regions(pixels: &PagePixels, regions: &[recover::Region], block_offset: u32, path: &Path, settings: &Settings) -> Result<Vec<(usize, tesseract::TsvWord)>, Error> {
    if regions.is_empty() {
        return Ok(Vec::new());
    }
    let (image, back) = recover::stacked(&pixels.image, regions);
    std::fs::write(path, pgm(&image)).map_err(|e| Error::Internal(format!("cannot write an image for tesseract: {e}")))?;
    let request = tesseract::Request { psm: tesseract::BLOCK_PSM, dpi: pixels.dpi, whitelist: None };
    Ok(tesseract::read(path, &request, settings)?
        .into_iter()
        .filter_map(back)
        .map(|(k, w)| (k, tesseract::TsvWord { line: (w.line.0 + block_offset, w.line.1, w.line.2), ..w }))
        .collect())
}

/// The image enlarged `factor` times, within the pixel cap.
fn enlarged_within(image: &GrayImage, factor: f64, max_pixels: u64) -> Result<GrayImage, Error> {
    let (w, h) = image.dimensions();
    source::check_pixels((w as f64 * factor).round() as u64 * (h as f64 * factor).round() as u64, max_pixels)?;
    Ok(raster::enlarged(image, factor))
}

/// The image as a binary PGM file (leptonica reads it; no encoding cost).
fn pgm(image: &GrayImage) -> Vec<u8> {
    let (w, h) = image.dimensions();
    let mut out = format!("P5\n{w} {h}\n255\n").into_bytes();
    out.extend_from_slice(image.as_raw());
    out
}
