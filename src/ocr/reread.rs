//! A second look at cells: the mapping stage can ask to read boxes of a
//! scanned page again, each as one line restricted to the characters it
//! expects, and how much ink a box holds.

use std::collections::BTreeMap;

use image::GrayImage;

use super::raster::{enlarged, stack};
use super::recover::components;
use super::{PagePixels, Settings, tesseract};
use crate::geometry::BBox;

/// Paper left out along a cell's edges, in points: remnants of its
/// erased borders stay out of the reading.
pub(super) const CELL_INSET: f64 = 1.0;

/// The characters a cell may hold (footnote marks included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Charset {
    /// Share counts, prices and amounts: digits, separators, `$`, brackets.
    Number,
    /// Dates as the form prints them (MM/DD/YYYY).
    Date,
    /// Transaction codes and flags: capital letters.
    Code,
    /// Security titles and the nature of ownership: words.
    Text,
    /// A footnote mark alone in a cell (a blank date with its note): cut
    /// tight, enlarged, made black on white and read on its own.
    Mark,
}

impl Charset {
    fn whitelist(self) -> &'static str {
        match self {
            Charset::Number => "0123456789.,$()-",
            Charset::Date => "0123456789/()",
            // No digits: S and 5, I and 1, O and 0 look alike, and the
            // footnote marks after a code are read on their own.
            Charset::Code => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            // No curly quotes, dashes or degree signs: on a scan those are
            // specks and garbled footnote marks.
            Charset::Text => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,'&()-/%$:;# ",
            Charset::Mark => MARK_CHARACTERS,
        }
    }
}

/// One box to read again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellRequest {
    pub page: u32,
    /// In page points.
    pub bbox: BBox,
    pub charset: Charset,
}

/// What a box read again holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Its words, each with tesseract's confidence in it (0–1).
    pub words: Vec<(String, f64)>,
    /// Raised footnote marks read apart, as `(n)(m)`.
    pub marks: String,
}

impl Reading {
    /// The words joined by single spaces (a word a line ends with a
    /// hyphen in joins the next unspaced, as wrapped text), the footnote
    /// marks after them.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (word, _) in &self.words {
            let wrapped = text.strip_suffix('-').is_some_and(|t| t.ends_with(char::is_alphabetic));
            if !text.is_empty() && !wrapped {
                text.push(' ');
            }
            text.push_str(word);
        }
        text + &self.marks
    }

    /// A number's reading without the specks round it: separators read
    /// alone as words, a dollar sign read twice, dashes stuck before its
    /// digits (counts and prices are never negative) and separators after
    /// them. Readings with no digit are left as they are.
    fn without_number_specks(mut self) -> Reading {
        let digit = |w: &str| w.contains(|c: char| c.is_ascii_digit());
        if !self.words.iter().any(|(w, _)| digit(w)) {
            return self;
        }
        let words = std::mem::take(&mut self.words);
        self.words = words
            .into_iter()
            .filter_map(|(word, confidence)| {
                let rest = word.trim_start_matches('$');
                let dollar = if rest.len() < word.len() { "$" } else { "" };
                let rest = if digit(rest) {
                    rest.trim_start_matches(LEADING_SPECKS).trim_end_matches(SPECK_CHARACTERS)
                } else {
                    rest.trim_matches(SPECK_CHARACTERS)
                };
                let word = format!("{dollar}{rest}");
                (!word.is_empty()).then_some((word, confidence))
            })
            .collect();
        self
    }

    /// Tesseract's confidence in the reading: the least of its words'.
    pub fn confidence(&self) -> f64 {
        self.words.iter().map(|(_, c)| *c).fold(1.0, f64::min)
    }
}

/// What a speck beside a number reads as: separators and dashes.
const SPECK_CHARACTERS: &[char] = &['.', ',', '-'];
/// Specks that cannot open a number: a point can (`.50`), and a comma
/// before digits is what is left of a lost thousands group.
const LEADING_SPECKS: &[char] = &['-'];

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

    /// The pixels of page `page`, if it was OCR'd.
    pub(super) fn page(&self, page: u32) -> Option<&PagePixels> {
        self.pages.get(&page)
    }

    /// Whether page `page` was OCR'd (so its boxes can be read again).
    pub fn has_page(&self, page: u32) -> bool {
        self.pages.contains_key(&page)
    }

    /// Area of ink inside `bbox` (its edges left out), in square points;
    /// `None` when the page was not OCR'd.
    pub fn ink(&self, page: u32, bbox: BBox) -> Option<f64> {
        let pixels = self.pages.get(&page)?;
        let Some(crop) = pixels.crop(bbox, -CELL_INSET, 0) else { return Some(0.0) };
        let dark = crop.pixels().filter(|p| p.0[0] < pixels.ink_below).count();
        Some(dark as f64 * pixels.scale.0 * pixels.scale.1)
    }

    /// Whether the ink in `bbox` holds a check mark: its largest mark-sized
    /// blob (a box, or a bare X) has ink across its middle, as an X has and
    /// an empty box has not. Blobs count as mark-sized from `MARK_SIZE`
    /// times `text_height` (points). `None` when the page was not OCR'd.
    pub fn marked(&self, page: u32, bbox: BBox, text_height: f64) -> Option<bool> {
        let pixels = self.pages.get(&page)?;
        let Some(crop) = pixels.crop(bbox, 0.0, 0) else { return Some(false) };
        let (least, most) = (MARK_SIZE.0 * text_height, MARK_SIZE.1 * text_height);
        let fits = |b: &(u32, u32, u32, u32)| {
            let (across, down) = (f64::from(b.2 - b.0 + 1) * pixels.scale.0, f64::from(b.3 - b.1 + 1) * pixels.scale.1);
            (least..=most).contains(&across) && (least..=most).contains(&down)
        };
        let inked: Vec<bool> = crop.pixels().map(|p| p.0[0] < pixels.ink_below).collect();
        let Some((x0, y0, x1, y1)) = components(&inked, crop.width(), crop.height(), 1, 1)
            .into_iter()
            .filter(fits)
            .max_by_key(|b| (b.2 - b.0 + 1) * (b.3 - b.1 + 1))
        else {
            return Some(false);
        };
        // The middle third of the blob, both ways.
        let (w, h) = ((x1 - x0 + 1) / 3, (y1 - y0 + 1) / 3);
        let width = crop.width();
        let dark = (y0 + h..y0 + 2 * h).flat_map(|y| (x0 + w..x0 + 2 * w).map(move |x| (y * width + x) as usize)).filter(|&i| inked[i]).count();
        let share = dark as f64 / (w * h).max(1) as f64;
        Some(share >= MIN_MARK_MIDDLE_INK)
    }

    /// Read the requested boxes again, each as one line of its charset's
    /// characters. The boxes of one page and charset are stacked into one
    /// image and read in one run. Per request: what was read, or `None`
    /// when the page was not OCR'd, the box is off the page, or nothing
    /// could be read.
    pub fn reread(&self, requests: &[CellRequest]) -> Vec<Option<Reading>> {
        let mut out = vec![None; requests.len()];
        let mut groups: BTreeMap<(u32, Charset), Vec<usize>> = BTreeMap::new();
        for (i, r) in requests.iter().enumerate() {
            groups.entry((r.page, r.charset)).or_default().push(i);
        }
        for ((page, charset), members) in groups {
            let Some(pixels) = self.pages.get(&page) else { continue };
            if charset == Charset::Mark {
                // Each alone: stacked, tesseract misreads more of them.
                for &i in &members {
                    let Some(crop) = pixels.crop(requests[i].bbox, -CELL_INSET, 0) else { continue };
                    out[i] = self.read_lone_mark(&crop, pixels.ink_below, pixels.dpi);
                }
                continue;
            }
            let (mut values, mut marks) = (Vec::new(), Vec::new());
            for &i in &members {
                let Some(crop) = pixels.crop(requests[i].bbox, -CELL_INSET, 0) else { continue };
                let (value, raised) = split_raised(&crop, pixels.ink_below);
                values.push((i, value));
                marks.extend(raised.into_iter().map(|m| (i, m)));
            }
            for (i, read) in self.read_stacked(pixels.dpi, charset.whitelist(), &values) {
                out[i] = Some(read);
            }
            // Tesseract skips some lone letters in a stack, and whole stacks
            // of faint values on gray paper; those go again, enlarged and
            // black on white at the page's ink threshold.
            let missed: Vec<(usize, GrayImage)> = values
                .iter()
                .filter(|(i, _)| out[*i].is_none())
                .map(|(i, v)| (*i, enlarged_black_on_white(v, RETRY_ENLARGEMENT as f64, pixels.ink_below)))
                .collect();
            for (i, read) in self.read_stacked(pixels.dpi * RETRY_ENLARGEMENT as f64, charset.whitelist(), &missed) {
                out[i] = Some(read);
            }
            if charset == Charset::Number {
                for &i in &members {
                    out[i] = out[i].take().map(Reading::without_number_specks);
                }
            }
            // Footnote marks: small raised type, read enlarged on their own.
            // (Their confidence is not the value's: tesseract rates lone
            // brackets low.)
            for (k, mark) in self.read_raised_marks(&marks, pixels) {
                if let Some(reading) = out[marks[k].0].as_mut() {
                    reading.marks.push_str(&mark_ids(&mark));
                }
            }
        }
        out
    }

    /// Read the raised footnote marks cut off cells' values (each with the
    /// index of its cell), enlarged, black on white, per mark its index in
    /// `marks` and what was read. A mark the page's ink threshold lost the
    /// digits of is read again at its own (see [`light_mark_threshold`]).
    fn read_raised_marks(&self, marks: &[(usize, GrayImage)], pixels: &PagePixels) -> Vec<(usize, Reading)> {
        // Read the marks each at its own ink threshold (a gray level).
        let at = |thresholds: Vec<(usize, u8)>| -> Vec<(usize, Reading)> {
            let images: Vec<(usize, GrayImage)> =
                thresholds.into_iter().map(|(k, threshold)| (k, enlarged_black_on_white(&marks[k].1, MARK_ENLARGEMENT as f64, threshold))).collect();
            self.read_stacked(pixels.dpi * MARK_ENLARGEMENT as f64, MARK_CHARACTERS, &images)
        };
        let mut read = at((0..marks.len()).map(|k| (k, pixels.ink_below)).collect());
        let lost: Vec<(usize, u8)> = (0..marks.len())
            .filter(|k| !read.iter().any(|(r, m)| r == k && has_digit(m)))
            .filter_map(|k| Some((k, light_mark_threshold(&marks[k].1)?)))
            .collect();
        for (k, again) in at(lost).into_iter().filter(|(_, m)| has_digit(m)) {
            read.retain(|(r, _)| *r != k);
            read.push((k, again));
        }
        read.sort_by_key(|(k, _)| *k);
        read
    }

    /// The footnote marks raised after the value printed in `bbox` on page
    /// `page`, read on their own, as `(n)(m)`: for a value told another
    /// way than by reading (a letter by its shape). Empty when there are
    /// none or the page was not OCR'd.
    pub fn raised_marks(&self, page: u32, bbox: BBox) -> String {
        let Some((pixels, crop)) = self.page(page).and_then(|p| Some((p, p.crop(bbox, -CELL_INSET, 0)?))) else { return String::new() };
        let marks: Vec<(usize, GrayImage)> = split_raised(&crop, pixels.ink_below).1.into_iter().map(|m| (0, m)).collect();
        if marks.is_empty() {
            return String::new();
        }
        self.read_raised_marks(&marks, pixels).iter().map(|(_, mark)| mark_ids(mark)).collect()
    }

    /// Read the footnote mark alone in a cell's crop (at `dpi`): cut tight
    /// and enlarged to a height tesseract reads well. Where the page's
    /// ink threshold keeps the brackets but loses the digits (a light
    /// scan's thin strokes), the mark is read again with its own
    /// threshold (see [`light_mark_threshold`]).
    fn read_lone_mark(&self, crop: &GrayImage, ink_below: u8, dpi: f64) -> Option<Reading> {
        let tight = lone_mark(crop, ink_below)?;
        let read = |threshold: u8| {
            let (mark, scale) = mark_to_read(&tight, threshold);
            self.read_stacked(dpi * scale, MARK_CHARACTERS, &[(0, mark)]).pop().map(|(_, read)| read)
        };
        let first = read(ink_below);
        if first.as_ref().is_some_and(has_digit) {
            return first;
        }
        read(light_mark_threshold(&tight)?).or(first)
    }

    /// Stack the crops one under another, read them in one run with only
    /// the characters of `whitelist`, and give each crop the words whose
    /// centre falls in it.
    fn read_stacked(&self, dpi: f64, whitelist: &str, crops: &[(usize, GrayImage)]) -> Vec<(usize, Reading)> {
        if crops.is_empty() {
            return Vec::new();
        }
        let images: Vec<GrayImage> = crops.iter().map(|(_, c)| c.clone()).collect();
        let (stacked, tops) = stack(&images);
        let Ok(dir) = tempfile::tempdir() else { return Vec::new() };
        let path = dir.path().join("cells.pgm");
        if std::fs::write(&path, super::pgm(&stacked)).is_err() {
            return Vec::new();
        }
        let request = tesseract::Request { psm: tesseract::BLOCK_PSM, dpi, whitelist: Some(whitelist) };
        let Ok(mut words) = tesseract::read(&path, &request, &self.settings) else { return Vec::new() };
        words.sort_by_key(|w| (w.line, w.left));
        crops
            .iter()
            .zip(tops)
            .filter_map(|((i, crop), top)| {
                let bottom = top + crop.height();
                let mine: Vec<_> = words.iter().filter(|w| (top..bottom).contains(&(w.top + w.height / 2))).collect();
                if mine.is_empty() {
                    return None;
                }
                let words = mine.iter().map(|w| (w.text.clone(), (w.confidence / 100.0).clamp(0.0, 1.0))).collect();
                Some((*i, Reading { words, marks: String::new() }))
            })
            .collect()
    }
}

/// A mark between a number's digits, told apart by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// Its tail hangs below the digits' baseline.
    Comma,
    /// It sits on the baseline.
    Point,
}

/// Paper taken in above and below a number's box before its separators
/// are looked for, as a share of the box's height: OCR boxes may stop
/// short of a comma's tail.
const SEPARATOR_REACH: f64 = 0.4;
/// Shortest blob, as a share of the tallest in a number's box, that is a
/// digit (or a `$`, or a bracket) rather than a separator or a speck.
const MIN_DIGIT_HEIGHT: f64 = 0.6;
/// Largest separator, across and down, as a share of the digits' height.
const MAX_SEPARATOR_SIZE: f64 = 0.45;
/// Least height of a comma, as a share of the digits' height.
const MIN_COMMA_HEIGHT: f64 = 0.27;
/// Least drop below the digits' baseline of a comma's tail, as a share of
/// the digits' height.
const MIN_COMMA_DROP: f64 = 0.06;
/// Least and most height of a point, as shares of the digits' height
/// (smaller blobs are specks or a broken comma's pieces).
const POINT_HEIGHT: (f64, f64) = (0.11, 0.25);
/// Most drop below the digits' baseline of a point, as a share of the
/// digits' height.
const MAX_POINT_DROP: f64 = 0.05;
/// Least width of a point, as a share of its height: a point is round, a
/// comma's tail tall and narrow.
const MIN_POINT_ROUNDNESS: f64 = 0.8;

impl PageImages {
    /// The separators between the digits of the number printed on one line
    /// in `bbox`, left to right, told by shape: a comma is tall and its tail
    /// drops below the digits' baseline, a point is small, round and sits
    /// on it. Raised footnote marks
    /// after the number are left out. `None` when the page was not OCR'd or
    /// a mark between the digits is of neither shape.
    pub fn separators(&self, page: u32, bbox: BBox) -> Option<Vec<Separator>> {
        let pixels = self.pages.get(&page)?;
        let reach = SEPARATOR_REACH * bbox.height();
        let grown = BBox::new(bbox.x0, bbox.y0 - reach, bbox.x1, bbox.y1 + reach);
        let crop = pixels.crop(grown, 0.0, 0)?;
        let (w, h) = crop.dimensions();
        let inked: Vec<bool> = crop.pixels().map(|p| p.0[0] < pixels.ink_below).collect();
        // Blobs cut by the crop's top or bottom belong to the lines around.
        let blobs: Vec<(u32, u32, u32, u32)> = components(&inked, w, h, 1, 1).into_iter().filter(|b| b.1 > 0 && b.3 + 1 < h).collect();
        let height = |b: &(u32, u32, u32, u32)| f64::from(b.3 - b.1 + 1);
        let tallest = blobs.iter().map(height).fold(0.0, f64::max);
        let mut digits: Vec<&(u32, u32, u32, u32)> = blobs.iter().filter(|b| height(b) >= MIN_DIGIT_HEIGHT * tallest).collect();
        let median = |mut values: Vec<f64>| {
            values.sort_by(f64::total_cmp);
            values.get(values.len() / 2).copied()
        };
        let digit_height = median(digits.iter().map(|b| height(b)).collect())?;
        let baseline = median(digits.iter().map(|b| f64::from(b.3)).collect())?;
        // Raised marks end the number: they sit wholly above the baseline.
        let raised = |b: &(u32, u32, u32, u32)| f64::from(b.3) < baseline - MIN_RAISE * digit_height;
        digits.retain(|b| !raised(b));
        let (first, last) = (digits.iter().map(|b| b.0).min()?, digits.iter().map(|b| b.2).max()?);
        let in_a_gap = |b: &(u32, u32, u32, u32)| b.0 > first && b.2 < last && digits.iter().all(|d| b.2 < d.0 || b.0 > d.2);
        let small = |b: &(u32, u32, u32, u32)| {
            let size = MAX_SEPARATOR_SIZE * digit_height;
            height(b) <= size && f64::from(b.2 - b.0 + 1) <= size
        };
        let mut marks: Vec<&(u32, u32, u32, u32)> = blobs.iter().filter(|b| small(b) && !raised(b) && in_a_gap(b)).collect();
        marks.sort_by_key(|b| b.0);
        marks
            .into_iter()
            .map(|b| {
                let (across, down) = (f64::from(b.2 - b.0 + 1), height(b));
                let drop = (f64::from(b.3) - baseline) / digit_height;
                let tall = down / digit_height;
                if tall >= MIN_COMMA_HEIGHT && drop >= MIN_COMMA_DROP {
                    Some(Separator::Comma)
                } else if (POINT_HEIGHT.0..=POINT_HEIGHT.1).contains(&tall) && drop <= MAX_POINT_DROP && across >= MIN_POINT_ROUNDNESS * down {
                    Some(Separator::Point)
                } else {
                    None
                }
            })
            .collect()
    }
}

/// Sides of a check box or bare check mark, least and most, as multiples
/// of the height of its label's text.
const MARK_SIZE: (f64, f64) = (0.8, 4.0);
/// Least share of inked pixels in the middle third of a check box for it
/// to count as marked: an X's strokes cross there, an empty box's sides
/// do not reach it.
const MIN_MARK_MIDDLE_INK: f64 = 0.1;

/// How many times values the first stacked reading skipped are enlarged
/// for a second try.
const RETRY_ENLARGEMENT: u32 = 2;
/// Characters of footnote marks.
const MARK_CHARACTERS: &str = "0123456789()";
/// How many times footnote marks are enlarged before reading: raised
/// marks are set about half the size of the value. They are made black
/// on white too: blurred small digits enlarged in gray read as other
/// digits.
const MARK_ENLARGEMENT: u32 = 3;
/// A blob is raised when its bottom sits above the value's baseline by
/// more than this share of the value's height.
const MIN_RAISE: f64 = 0.25;
/// Blobs shorter than this share of the value's height are specks or
/// punctuation, left out of the baseline and mark analysis.
const MIN_BLOB_HEIGHT: f64 = 0.25;

/// `image` enlarged `factor` times, then made black where darker than
/// `threshold` and paper elsewhere.
fn enlarged_black_on_white(image: &GrayImage, factor: f64, threshold: u8) -> GrayImage {
    let mut out = enlarged(image, factor);
    for p in out.pixels_mut() {
        p.0[0] = if p.0[0] < threshold { 0 } else { super::raster::PAPER };
    }
    out
}

/// Height a footnote mark alone in a cell is scaled to for reading, in
/// pixels: its small type reads best at about this size.
const LONE_MARK_HEIGHT: u32 = 40;
/// Largest share of a cell's width and height a blob of a lone mark
/// spans; larger blobs are what is left of the cell's rules.
const MAX_LONE_MARK_SHARE: (f64, f64) = (0.6, 0.8);

/// Where between a lone mark's darkest ink (0) and its paper (1) its own
/// ink threshold lies, for a mark whose digits the page's threshold lost.
const LIGHT_MARK_THRESHOLD: f64 = 0.6;
/// Share of a crop's pixels darker than the level taken as its paper.
const PAPER_SHARE: f64 = 0.9;

/// The footnote ids a raised mark's reading holds, as `(n)(m)`: its runs
/// of digits (notes are numbered from 1, so a 0 is a misread digit).
fn mark_ids(read: &Reading) -> String {
    let numbered = |d: &&str| d.len() <= 3 && d.parse::<u32>().is_ok_and(|n| n > 0);
    read.text().split(|c: char| !c.is_ascii_digit()).filter(numbered).map(|d| format!("({d})")).collect()
}

/// Whether a mark's reading holds a digit.
fn has_digit(read: &Reading) -> bool {
    read.text().contains(|c: char| c.is_ascii_digit())
}

/// A mark's own ink threshold, for digits the page's threshold lost: at
/// `LIGHT_MARK_THRESHOLD` between its darkest ink and its paper.
fn light_mark_threshold(mark: &GrayImage) -> Option<u8> {
    let (darkest, paper) = ink_range(mark)?;
    let own = f64::from(darkest) + LIGHT_MARK_THRESHOLD * f64::from(paper.saturating_sub(darkest));
    Some(own.round() as u8)
}

/// The darkest level of a crop and the level of its paper.
fn ink_range(crop: &GrayImage) -> Option<(u8, u8)> {
    let mut levels: Vec<u8> = crop.pixels().map(|p| p.0[0]).collect();
    levels.sort_unstable();
    let paper = *levels.get(((levels.len() as f64) * PAPER_SHARE) as usize)?;
    Some((levels[0], paper))
}

/// The footnote mark alone in a cell's crop, cut tight; `None` when the
/// crop holds no mark-like ink. The mark is the blobs (of ink darker than
/// `ink_below`) level with the tallest one; blobs that touch the crop's
/// edge or span most of it (rules) are left out.
fn lone_mark(crop: &GrayImage, ink_below: u8) -> Option<GrayImage> {
    let (w, h) = crop.dimensions();
    let inked: Vec<bool> = crop.pixels().map(|p| p.0[0] < ink_below).collect();
    let inside = |b: &(u32, u32, u32, u32)| b.0 > 0 && b.1 > 0 && b.2 + 1 < w && b.3 + 1 < h;
    let small = |b: &(u32, u32, u32, u32)| {
        f64::from(b.2 - b.0 + 1) < MAX_LONE_MARK_SHARE.0 * f64::from(w) && f64::from(b.3 - b.1 + 1) < MAX_LONE_MARK_SHARE.1 * f64::from(h)
    };
    let blobs: Vec<(u32, u32, u32, u32)> = components(&inked, w, h, 1, 1).into_iter().filter(|b| inside(b) && small(b)).collect();
    let tallest = blobs.iter().max_by_key(|b| b.3 - b.1)?;
    let middle = (tallest.1 + tallest.3) / 2;
    let level: Vec<&(u32, u32, u32, u32)> = blobs.iter().filter(|b| (b.1..=b.3).contains(&middle)).collect();
    let (x0, y0) = (level.iter().map(|b| b.0).min()? - 1, level.iter().map(|b| b.1).min()? - 1);
    let (x1, y1) = (level.iter().map(|b| b.2).max()? + 1, level.iter().map(|b| b.3).max()? + 1);
    Some(image::imageops::crop_imm(crop, x0, y0, x1 - x0 + 1, y1 - y0 + 1).to_image())
}

/// A mark cut tight, scaled to `LONE_MARK_HEIGHT`, made black on white at
/// `threshold` and set on paper, with the scale it was enlarged by.
fn mark_to_read(tight: &GrayImage, threshold: u8) -> (GrayImage, f64) {
    let scale = f64::from(LONE_MARK_HEIGHT) / f64::from(tight.height());
    let mark = enlarged_black_on_white(tight, scale, threshold);
    let mut out = GrayImage::from_pixel(mark.width() + LONE_MARK_HEIGHT, mark.height() + LONE_MARK_HEIGHT, image::Luma([super::raster::PAPER]));
    image::imageops::replace(&mut out, &mark, i64::from(LONE_MARK_HEIGHT / 2), i64::from(LONE_MARK_HEIGHT / 2));
    (out, scale)
}

/// Split a cell's crop into its value and the raised footnote marks that
/// end its lines (`05/04/2023⁽¹⁾`, `Spouse⁽²⁾`): the value is the crop with
/// the marks painted over, the marks are cut out, top to bottom.
pub(super) fn split_raised(crop: &GrayImage, ink_below: u8) -> (GrayImage, Vec<GrayImage>) {
    let (w, h) = crop.dimensions();
    let mut value = crop.clone();
    let mut marks = Vec::new();
    // Lines of text: runs of rows with ink.
    let inked_row = |y: u32| (0..w).any(|x| crop.get_pixel(x, y).0[0] < ink_below);
    let mut bands: Vec<(u32, u32)> = Vec::new();
    for y in (0..h).filter(|&y| inked_row(y)) {
        match bands.last_mut() {
            Some(last) if last.1 + 1 == y => last.1 = y,
            _ => bands.push((y, y)),
        }
    }
    // The value keeps its full width unless every line ends in marks.
    let mut width = 0;
    for (k, &(top, bottom)) in bands.iter().enumerate() {
        let band = image::imageops::crop_imm(crop, 0, top, w, bottom - top + 1).to_image();
        let Some(split) = raised_mark_start(&band, ink_below) else {
            width = w;
            continue;
        };
        width = width.max(split);
        // A mark is cut with the paper around its line, halfway to the next.
        let above = if k == 0 { 0 } else { (bands[k - 1].1 + top).div_ceil(2) };
        let below = bands.get(k + 1).map_or(h, |next| (bottom + next.0) / 2 + 1);
        marks.push(image::imageops::crop_imm(crop, split, above, w - split, below - above).to_image());
        for y in top..=bottom {
            for x in split..w {
                value.put_pixel(x, y, image::Luma([super::raster::PAPER]));
            }
        }
    }
    if width > 0 && width < w {
        value = image::imageops::crop_imm(&value, 0, 0, width, h).to_image();
    }
    (value, marks)
}

/// Where the raised footnote marks ending a line of text start, by the
/// ink's columns: blobs of inked columns whose ink stays above the
/// value's baseline, at the right end.
fn raised_mark_start(line: &GrayImage, ink_below: u8) -> Option<u32> {
    let (w, h) = line.dimensions();
    // Per column: the top and bottom rows of its ink.
    let extent = |x: u32| {
        let mut rows = (0..h).filter(|&y| line.get_pixel(x, y).0[0] < ink_below);
        let top = rows.next()?;
        Some((top, rows.next_back().unwrap_or(top)))
    };
    let columns: Vec<Option<(u32, u32)>> = (0..w).map(extent).collect();
    // Blobs: runs of inked columns, with their x-range and ink rows.
    let mut blobs: Vec<(u32, u32, u32, u32)> = Vec::new();
    for (x, col) in columns.iter().enumerate() {
        let x = x as u32;
        match (col, blobs.last_mut()) {
            (Some((t, b)), Some(last)) if last.1 + 1 == x => *last = (last.0, x, last.2.min(*t), last.3.max(*b)),
            (Some((t, b)), _) => blobs.push((x, x, *t, *b)),
            (None, _) => {}
        }
    }
    // A blob spanning the whole line is a rule's remnant or a streak
    // through the type (or a `$`): no guide to the baseline unless all are.
    let spans = |b: &(u32, u32, u32, u32)| b.2 == 0 && b.3 + 1 == h;
    let all_span = blobs.iter().all(spans);
    let type_blob = |b: &&(u32, u32, u32, u32)| all_span || !spans(b);
    let tallest = blobs.iter().filter(type_blob).map(|b| b.3 - b.2 + 1).max().unwrap_or(0) as f64;
    blobs.retain(|b| (b.3 - b.2 + 1) as f64 >= MIN_BLOB_HEIGHT * tallest);
    // The value's first full-height blob sets the baseline.
    let reference = blobs.iter().filter(type_blob).find(|b| (b.3 - b.2 + 1) as f64 >= 0.8 * tallest)?;
    let raised = |b: &(u32, u32, u32, u32)| (b.3 as f64) < reference.3 as f64 - MIN_RAISE * tallest;
    let marks = blobs.iter().rev().take_while(|b| raised(b)).count();
    if marks == 0 || marks == blobs.len() {
        return None;
    }
    // Cut halfway between the value's last blob and the first mark, so
    // that the faint edges of both stay whole.
    let first_mark = blobs.len() - marks;
    Some((blobs[first_mark - 1].1 + blobs[first_mark].0).div_ceil(2))
}

impl PagePixels {
    /// The part of the image under `bbox` (page points) grown by `margin`
    /// points (shrunk when negative), on a white border of `border`
    /// pixels; `None` when it misses the image.
    pub(super) fn crop(&self, bbox: BBox, margin: f64, border: u32) -> Option<GrayImage> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// A page of 100 × 100 points at 300 dpi with three 10-point marks:
    /// an empty box, a box with an X, and a bare X.
    fn page_of_boxes() -> PageImages {
        let scale = 300.0 / 72.0;
        let px = |points: f64| (points * scale).round() as u32;
        let mut image = GrayImage::from_pixel(px(100.0), px(100.0), Luma([255]));
        let mut ink = |x: u32, y: u32| {
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                image.put_pixel(x + dx, y + dy, Luma([0]));
            }
        };
        let side = px(10.0);
        for (left, boxed, crossed) in [(px(10.0), true, false), (px(40.0), true, true), (px(70.0), false, true)] {
            let top = px(40.0);
            for k in 0..side {
                if boxed {
                    ink(left + k, top);
                    ink(left + k, top + side);
                    ink(left, top + k);
                    ink(left + side, top + k);
                }
                if crossed {
                    ink(left + k, top + k);
                    ink(left + side - k, top + k);
                }
            }
        }
        let pixels = PagePixels::new(1, image, BBox::new(0.0, 0.0, 100.0, 100.0));
        PageImages::new([pixels], &Settings::default())
    }

    #[test]
    fn a_box_is_marked_when_ink_crosses_its_middle() {
        let images = page_of_boxes();
        // Regions around each mark, with paper to spare; label text 6 points high.
        let around = |left: f64| BBox::new(left - 4.0, 34.0, left + 14.0, 56.0);
        assert_eq!(images.marked(1, around(10.0), 6.0), Some(false), "empty box");
        assert_eq!(images.marked(1, around(40.0), 6.0), Some(true), "boxed X");
        assert_eq!(images.marked(1, around(70.0), 6.0), Some(true), "bare X");
        assert_eq!(images.marked(1, BBox::new(0.0, 0.0, 30.0, 20.0), 6.0), Some(false), "blank paper");
        assert_eq!(images.marked(2, around(10.0), 6.0), None, "page not read");
    }

    /// A page of 100 × 40 points at 300 dpi with one line of "digits"
    /// (blocks 24 pixels high on a baseline at row 100) from x = 40 on,
    /// `marks` (left, top, width, height in pixels) added.
    fn page_with_number(marks: &[(u32, u32, u32, u32)]) -> PageImages {
        let scale = 300.0 / 72.0;
        let mut image = GrayImage::from_pixel((100.0 * scale) as u32, (40.0 * scale) as u32, Luma([255]));
        let digits = (0..6).map(|k| (40 + k * 20, 77, 14, 24));
        for (left, top, width, height) in digits.chain(marks.iter().copied()) {
            ink(&mut image, left, top, left + width, top + height);
        }
        let pixels = PagePixels::new(1, image, BBox::new(0.0, 0.0, 100.0, 40.0));
        PageImages::new([pixels], &Settings::default())
    }

    #[test]
    fn separators_are_told_by_their_shape() {
        // The number's box, as OCR gives it (in points), from its digits' top to their baseline.
        let number = BBox::new(9.0, 18.5, 41.0, 24.0);
        // After the first digit a comma (tall, dropping 3 pixels below the
        // baseline), after the fourth a point (small and round, on it); past
        // the last digit a speck, then a raised footnote mark.
        let comma = (55, 94, 3, 10);
        let point = (115, 96, 4, 4);
        let trailing_speck = (156, 97, 3, 3);
        let raised = (161, 70, 6, 15);
        let images = page_with_number(&[comma, point, trailing_speck, raised]);
        assert_eq!(images.separators(1, number), Some(vec![Separator::Comma, Separator::Point]));
        // A speck between digits is neither: no answer.
        let speck = (95, 99, 2, 2);
        assert_eq!(page_with_number(&[comma, speck]).separators(1, number), None);
        assert_eq!(images.separators(2, number), None, "page not read");
    }

    #[test]
    fn a_reading_joins_words_wrapped_at_a_hyphen() {
        let words = ["Non-", "Qualified", "Stock", "-", "Option"].map(|w| (w.to_string(), 0.9)).to_vec();
        let reading = Reading { words, marks: "(2)".into() };
        assert_eq!(reading.text(), "Non-Qualified Stock - Option(2)");
        assert_eq!(reading.confidence(), 0.9);
    }

    #[test]
    fn a_numbers_reading_loses_the_specks_round_it() {
        let reading = |words: &[&str]| Reading { words: words.iter().map(|w| (w.to_string(), 0.9)).collect(), marks: String::new() };
        assert_eq!(reading(&["$$.", "208.99"]).without_number_specks().text(), "$ 208.99");
        assert_eq!(reading(&["$", ".", "210.98"]).without_number_specks().text(), "$ 210.98");
        assert_eq!(reading(&["--109,759."]).without_number_specks().text(), "109,759");
        assert_eq!(reading(&["$2,556.63"]).without_number_specks().text(), "$2,556.63");
        assert_eq!(reading(&[",620"]).without_number_specks().text(), ",620", "the digits before a comma were lost");
        assert_eq!(reading(&["-"]).without_number_specks().text(), "-", "a dash alone is a blank's, not a speck");
    }

    #[test]
    fn a_lone_mark_is_cut_tight_without_the_cells_rules_or_specks_off_its_line() {
        // A cell's crop: remnants of its rules along the left edge and the
        // top (touching the crop's edges), a speck high above the mark, and
        // the mark "(1)": three strokes 20 pixels high from (50, 30).
        let mut crop = GrayImage::from_pixel(120, 80, Luma([255]));
        let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32, level: u8| {
            for y in y0..y1 {
                for x in x0..x1 {
                    crop.put_pixel(x, y, Luma([level]));
                }
            }
        };
        fill(0, 0, 3, 80, 0);
        fill(0, 0, 120, 2, 0);
        fill(90, 8, 92, 10, 0);
        for left in [50, 58, 66] {
            fill(left, 30, left + 3, 50, 40);
        }
        let tight = lone_mark(&crop, 128).expect("a mark");
        assert_eq!(tight.dimensions(), (21, 22), "the three strokes and a pixel of paper around");
        assert_eq!(ink_range(&tight), Some((40, 255)), "darkest ink, paper");
        let (read, scale) = mark_to_read(&tight, 128);
        assert_eq!(scale, f64::from(LONE_MARK_HEIGHT) / 22.0);
        assert!(read.height() > LONE_MARK_HEIGHT && read.pixels().all(|p| p.0[0] == 0 || p.0[0] == crate::ocr::raster::PAPER));
        // Paper, or only rules: no mark.
        let mut ruled = GrayImage::from_pixel(120, 80, Luma([255]));
        assert_eq!(lone_mark(&ruled, 128), None);
        for y in 0..80 {
            ruled.put_pixel(60, y, Luma([0]));
        }
        assert_eq!(lone_mark(&ruled, 128), None);
    }

    /// Black from (`x0`, `y0`) to (`x1`, `y1`), ends excluded.
    fn ink(image: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32) {
        for y in y0..y1 {
            for x in x0..x1 {
                image.put_pixel(x, y, Luma([0]));
            }
        }
    }

    #[test]
    fn raised_marks_split_off_the_line_they_end() {
        // Two lines of "text" (solid blocks); the second ends in a raised mark.
        let mut crop = GrayImage::from_pixel(200, 80, Luma([255]));
        let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32| ink(&mut crop, x0, y0, x1, y1);
        fill(10, 5, 60, 25);
        fill(10, 40, 120, 60);
        fill(126, 36, 134, 48);
        let (value, marks) = split_raised(&crop, 128);
        assert_eq!(marks.len(), 1);
        assert!(marks[0].width() < 80 && marks[0].pixels().any(|p| p.0[0] == 0), "the mark, cut out");
        assert_eq!(value.width(), 200, "the first line has no mark: the value keeps its width");
        assert_eq!(value.get_pixel(130, 40).0[0], crate::ocr::raster::PAPER, "the mark is painted over");
        assert_eq!(value.get_pixel(100, 50).0[0], 0, "the line itself stays");
    }

    #[test]
    fn a_streak_through_a_number_leaves_its_digits_on_the_baseline() {
        // Three digits, a streak running down the whole cell through the first.
        let mut crop = GrayImage::from_pixel(100, 60, Luma([255]));
        let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32| ink(&mut crop, x0, y0, x1, y1);
        fill(10, 0, 12, 60);
        for left in [6, 20, 32] {
            fill(left, 20, left + 8, 40);
        }
        let (value, marks) = split_raised(&crop, 128);
        assert_eq!((marks.len(), value.width()), (0, 100), "no digit is a raised mark");
    }
}
