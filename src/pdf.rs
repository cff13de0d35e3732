//! PDF reading: bytes → pages of positioned glyphs, ruling lines and images.
//!
//! lopdf (through pdf-extract's re-export) parses the file; pdf-extract's
//! `OutputDev` walks each page's content and reports every glyph and every
//! drawn path. Coordinates are turned into points from the top left of the
//! visible page (crop box, then the page's `/Rotate`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use crate::error::Error;
use crate::geometry::{BBox, Rule};

/// Thickest drawn rectangle still read as a ruling line, in points.
const MAX_RULE_THICKNESS: f64 = 3.0;
/// Shortest drawn segment kept as a ruling line, in points (shorter ones are
/// check-box ticks, underline stubs, glyph art).
const MIN_RULE_LENGTH: f64 = 4.0;
/// How far a segment may lean and still count as horizontal or vertical, in points.
const RULE_AXIS_TOLERANCE: f64 = 1.0;
/// Share of the font size above the baseline that a glyph box covers.
const GLYPH_ASCENT: f64 = 0.8;
/// Share of the font size below the baseline that a glyph box covers.
const GLYPH_DESCENT: f64 = 0.2;
/// Largest decoded content a page may have, in bytes; a bigger one is a
/// decompression bomb, not a form.
pub const MAX_PAGE_CONTENT_BYTES: usize = 64 << 20;
/// Most pages read from one file: Form 4s run to a few pages, so a file with
/// thousands is not one.
pub const MAX_PAGES: usize = 200;

/// One character drawn from a font.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub bbox: BBox,
    /// Effective size on the page in points (`Tf` size × text matrix scale).
    pub font_size: f64,
}

/// An image drawn on a page (scans are one image per page).
#[derive(Debug, Clone)]
pub struct PageImage {
    /// The image XObject, for taking its bytes out of the file.
    pub object: ObjectId,
    /// Where it is drawn, in page points.
    pub bbox: BBox,
}

/// Everything read off one page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Page number, from 1.
    pub number: u32,
    /// Visible page size in points (after crop box and rotation).
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: Vec<PageImage>,
}

/// A parsed PDF with its pages read.
pub struct PdfFile {
    pub document: Document,
    pub pages: Vec<Page>,
}

/// Parse `bytes` and read every page.
pub fn read(bytes: &[u8]) -> Result<PdfFile, Error> {
    check_header(bytes)?;
    let mut document = guarded("parsing the file", || {
        Document::load_mem(bytes).map_err(|e| classify_load_error(&e))
    })??;
    if document.trailer.get(b"Encrypt").is_ok() {
        if document.is_encrypted() && document.decrypt("").is_err() {
            return Err(Error::Encrypted);
        }
        if document.is_encrypted() {
            return Err(Error::Encrypted);
        }
    }
    let page_ids = document.get_pages();
    if page_ids.is_empty() {
        return Err(Error::Unreadable("the PDF has no pages".into()));
    }
    if page_ids.len() > MAX_PAGES {
        return Err(Error::TooLarge(format!("{} pages (at most {MAX_PAGES})", page_ids.len())));
    }
    let mut pages = Vec::with_capacity(page_ids.len());
    for (&number, &id) in &page_ids {
        let geometry = PageGeometry::of(&document, id);
        let images = page_images(&document, id, &geometry);
        check_content_size(&document, id)?;
        pages.push(Page {
            number,
            width: geometry.width(),
            height: geometry.height(),
            images,
            ..Page::default()
        });
    }
    // pdf-extract would run image bytes through its content parser (and
    // panic): images are read separately, so hide them from it.
    let mut text_document = without_images(&document);
    expand_cid_width_ranges(&mut text_document);
    for page in &mut pages {
        let id = page_ids[&page.number];
        if !has_fonts(&text_document, id) && !has_drawing(&text_document, id) {
            continue;
        }
        let geometry = PageGeometry::of(&text_document, id);
        let mut collector = Collector { geometry, glyphs: Vec::new(), rules: Vec::new() };
        let result = guarded("reading page content", || {
            pdf_extract::output_doc_page(&text_document, &mut collector, page.number)
        });
        match result {
            Ok(Ok(())) => {}
            // A page the text reader cannot walk keeps what it gave so far;
            // the OCR stage can still read it.
            Ok(Err(_)) | Err(_) => {}
        }
        page.glyphs = collector.glyphs;
        page.rules = collector.rules;
    }
    Ok(PdfFile { document, pages })
}

/// Run `f`, turning a panic inside the PDF libraries into an error.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f))
        .map_err(|_| Error::Unreadable(format!("the PDF is malformed (the reader failed while {what})")))
}

fn check_header(bytes: &[u8]) -> Result<(), Error> {
    if bytes.is_empty() {
        return Err(Error::Unreadable("the file is empty".into()));
    }
    // The header may follow some junk, but must come early (PDF 1.7, 7.5.2 note).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::Unreadable("not a PDF file (no %PDF- header)".into()));
    }
    Ok(())
}

fn classify_load_error(e: &pdf_extract::Error) -> Error {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("decrypt") || text.to_ascii_lowercase().contains("encrypt") {
        Error::Encrypted
    } else {
        Error::Unreadable(format!("the PDF cannot be parsed: {text}"))
    }
}

/// Reject a page whose content streams decode to more than
/// `MAX_PAGE_CONTENT_BYTES`.
fn check_content_size(document: &Document, page: ObjectId) -> Result<(), Error> {
    let mut total = 0usize;
    for id in document.get_page_contents(page) {
        if let Ok(stream) = document.get_object(id).and_then(Object::as_stream) {
            total += decoded_len(stream, MAX_PAGE_CONTENT_BYTES - total)
                .ok_or_else(|| Error::TooLarge(format!("page content inflates beyond {MAX_PAGE_CONTENT_BYTES} bytes")))?;
        }
    }
    Ok(())
}

/// Decoded length of a stream, or `None` when it exceeds `cap` bytes.
/// Flate streams are inflated only up to the cap, so a bomb costs little.
pub fn decoded_len(stream: &Stream, cap: usize) -> Option<usize> {
    use std::io::Read;
    let filters = stream.filters().unwrap_or_default();
    let len = if filters.first().map(|f| *f == b"FlateDecode".as_slice()).unwrap_or(false) {
        let mut inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(cap as u64 + 1);
        std::io::copy(&mut inflater, &mut std::io::sink()).unwrap_or(0) as usize
    } else {
        stream.content.len()
    };
    (len <= cap).then_some(len)
}

fn has_fonts(document: &Document, page: ObjectId) -> bool {
    document.get_page_fonts(page).map(|f| !f.is_empty()).unwrap_or(false)
}

fn has_drawing(document: &Document, page: ObjectId) -> bool {
    !document.get_page_contents(page).is_empty()
}

/// A copy of the document in which every image XObject is an empty form.
fn without_images(document: &Document) -> Document {
    let mut copy = document.clone();
    for object in copy.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let is_image = stream.dict.get(b"Subtype").and_then(Object::as_name).map(|n| n == b"Image").unwrap_or(false);
            if is_image {
                let mut dict = Dictionary::new();
                dict.set("Type", Object::Name(b"XObject".to_vec()));
                dict.set("Subtype", Object::Name(b"Form".to_vec()));
                dict.set("BBox", Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]));
                *stream = Stream::new(dict, Vec::new());
            }
        }
    }
    copy
}

/// pdf-extract reads only the `c [w1 w2 …]` form of a CID font's `/W`
/// array and drops `c_first c_last w` ranges, which shifts every glyph after
/// such a character. Rewrite ranges into the explicit form it reads.
fn expand_cid_width_ranges(document: &mut Document) {
    /// Longest range expanded; real fonts have at most 65536 CIDs.
    const MAX_RANGE: i64 = 65_536;
    for object in document.objects.values_mut() {
        let Object::Dictionary(dict) = object else { continue };
        if !dict.get(b"Subtype").and_then(Object::as_name).map(|n| n.starts_with(b"CIDFontType")).unwrap_or(false) {
            continue;
        }
        let Ok(Object::Array(w)) = dict.get(b"W") else { continue };
        let mut expanded = Vec::with_capacity(w.len());
        let mut i = 0;
        while i < w.len() {
            match (w.get(i), w.get(i + 1), w.get(i + 2)) {
                (Some(first), Some(Object::Array(widths)), _) => {
                    expanded.push(first.clone());
                    expanded.push(Object::Array(widths.clone()));
                    i += 2;
                }
                (Some(first), Some(last), Some(width)) => {
                    let (first, last) = (number(first) as i64, number(last) as i64);
                    if last >= first && last - first < MAX_RANGE {
                        expanded.push(Object::Integer(first));
                        expanded.push(Object::Array(vec![width.clone(); (last - first + 1) as usize]));
                    }
                    i += 3;
                }
                _ => break,
            }
        }
        dict.set("W", Object::Array(expanded));
    }
}

/// Images drawn on the page with their placement. Only images placed
/// directly by the page content are found (scans place theirs so).
fn page_images(document: &Document, page: ObjectId, geometry: &PageGeometry) -> Vec<PageImage> {
    let Ok(content) = document.get_and_decode_page_content(page) else { return Vec::new() };
    let Ok((resources, _)) = document.get_page_resources(page) else { return Vec::new() };
    let xobjects = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|o| deref(document, o).as_dict().ok());
    let Some(xobjects) = xobjects else { return Vec::new() };
    let mut ctm = Transform::identity();
    let mut stack = Vec::new();
    let mut images = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" if op.operands.len() == 6 => {
                let n: Vec<f64> = op.operands.iter().map(number).collect();
                ctm = Transform::row_major(n[0], n[1], n[2], n[3], n[4], n[5]).post_transform(&ctm);
            }
            "Do" => {
                let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else { continue };
                let Ok(Object::Reference(id)) = xobjects.get(name) else { continue };
                let is_image = document
                    .get_object(*id)
                    .and_then(Object::as_stream)
                    .map(|s| s.dict.get(b"Subtype").and_then(Object::as_name).map(|n| n == b"Image").unwrap_or(false))
                    .unwrap_or(false);
                if is_image {
                    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                        .map(|(x, y)| { let (ux, uy) = apply(&ctm, x, y); geometry.to_page(ux, uy) });
                    images.push(PageImage { object: *id, bbox: bounding(&corners) });
                }
            }
            _ => {}
        }
    }
    images
}

/// `(x, y)` through the affine transform `t`.
fn apply(t: &Transform, x: f64, y: f64) -> (f64, f64) {
    (t.m11 * x + t.m21 * y + t.m31, t.m12 * x + t.m22 * y + t.m32)
}

/// The smallest box around some points.
fn bounding(points: &[(f64, f64)]) -> BBox {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    BBox { x0, y0, x1, y1 }
}

fn deref<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap_or(object),
        _ => object,
    }
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => 0.0,
    }
}

/// Maps PDF user space to page points from the top left of the visible page.
#[derive(Debug, Clone, Copy)]
struct PageGeometry {
    /// The visible box (crop box, else media box) in user space.
    visible: BBox,
    /// Clockwise page rotation in degrees: 0, 90, 180 or 270.
    rotate: i64,
}

impl PageGeometry {
    fn of(document: &Document, page: ObjectId) -> Self {
        let rect = |key: &[u8]| -> Option<BBox> {
            let array = inherited(document, page, key)?;
            let values: Vec<f64> = array.as_array().ok()?.iter().map(|o| number(deref(document, o))).collect();
            (values.len() == 4).then(|| BBox::new(values[0], values[1], values[2], values[3]))
        };
        let media = rect(b"MediaBox").unwrap_or(BBox::new(0.0, 0.0, 612.0, 792.0));
        let visible = rect(b"CropBox")
            .map(|c| BBox::new(c.x0.max(media.x0), c.y0.max(media.y0), c.x1.min(media.x1), c.y1.min(media.y1)))
            .filter(|c| c.width() > 1.0 && c.height() > 1.0)
            .unwrap_or(media);
        let rotate = inherited(document, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .map(|r| r.rem_euclid(360) / 90 * 90)
            .unwrap_or(0);
        PageGeometry { visible, rotate }
    }

    fn width(&self) -> f64 {
        if self.rotate % 180 == 0 { self.visible.width() } else { self.visible.height() }
    }

    fn height(&self) -> f64 {
        if self.rotate % 180 == 0 { self.visible.height() } else { self.visible.width() }
    }

    /// User-space point → page point (top-left origin, rotation applied).
    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        let (w, h) = (self.visible.width(), self.visible.height());
        let (px, py) = (x - self.visible.x0, self.visible.y1 - y);
        match self.rotate {
            90 => (h - py, px),
            180 => (w - px, h - py),
            270 => (py, w - px),
            _ => (px, py),
        }
    }

    fn to_page_box(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> BBox {
        let (a, b) = self.to_page(x0, y0);
        let (c, d) = self.to_page(x1, y1);
        BBox::new(a, b, c, d)
    }
}

fn inherited<'a>(document: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = document.get_dictionary(page).ok()?;
    // The page tree is shallow; the bound stops a Parent cycle.
    for _ in 0..32 {
        if let Ok(value) = dict.get(key) {
            return Some(deref(document, value));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = document.get_dictionary(parent).ok()?;
    }
    None
}

/// The `OutputDev` that keeps glyphs and ruling lines.
struct Collector {
    geometry: PageGeometry,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

impl Collector {
    fn add_segment(&mut self, ctm: &Transform, (ax, ay): (f64, f64), (bx, by): (f64, f64)) {
        let a = apply(ctm, ax, ay);
        let b = apply(ctm, bx, by);
        let bbox = self.geometry.to_page_box(a.0, a.1, b.0, b.1);
        let horizontal = bbox.height() <= RULE_AXIS_TOLERANCE && bbox.width() >= MIN_RULE_LENGTH;
        let vertical = bbox.width() <= RULE_AXIS_TOLERANCE && bbox.height() >= MIN_RULE_LENGTH;
        if horizontal {
            let y = bbox.center_y();
            self.rules.push(Rule { x0: bbox.x0, y0: y, x1: bbox.x1, y1: y });
        } else if vertical {
            let x = bbox.center_x();
            self.rules.push(Rule { x0: x, y0: bbox.y0, x1: x, y1: bbox.y1 });
        }
    }

    /// A rectangle: thin ones are rules; others contribute their edges when stroked.
    fn add_rect(&mut self, ctm: &Transform, x: f64, y: f64, w: f64, h: f64, stroked: bool) {
        let p = |px: f64, py: f64| {
            let q = apply(ctm, px, py);
            self.geometry.to_page(q.0, q.1)
        };
        let (a, b) = (p(x, y), p(x + w, y + h));
        let bbox = BBox::new(a.0, a.1, b.0, b.1);
        if bbox.height() <= MAX_RULE_THICKNESS && bbox.width() >= MIN_RULE_LENGTH {
            let y = bbox.center_y();
            self.rules.push(Rule { x0: bbox.x0, y0: y, x1: bbox.x1, y1: y });
        } else if bbox.width() <= MAX_RULE_THICKNESS && bbox.height() >= MIN_RULE_LENGTH {
            let x = bbox.center_x();
            self.rules.push(Rule { x0: x, y0: bbox.y0, x1: x, y1: bbox.y1 });
        } else if stroked {
            for (s, e) in [((x, y), (x + w, y)), ((x + w, y), (x + w, y + h)), ((x + w, y + h), (x, y + h)), ((x, y + h), (x, y))] {
                self.add_segment(ctm, s, e);
            }
        }
    }

    fn add_path(&mut self, ctm: &Transform, path: &Path, stroked: bool) {
        let mut current = None;
        let mut start = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = Some((x, y));
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    if let Some(c) = current {
                        self.add_segment(ctm, c, (x, y));
                    }
                    current = Some((x, y));
                }
                PathOp::CurveTo(_, _, _, _, x, y) => current = Some((x, y)),
                PathOp::Rect(x, y, w, h) => self.add_rect(ctm, x, y, w, h, stroked),
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (current, start) {
                        self.add_segment(ctm, c, s);
                    }
                    current = start;
                }
            }
        }
    }
}

fn is_white(colorspace: &ColorSpace, color: &[f64]) -> bool {
    match colorspace {
        ColorSpace::DeviceGray | ColorSpace::DeviceRGB => !color.is_empty() && color.iter().all(|c| *c > 0.9),
        ColorSpace::DeviceCMYK => !color.is_empty() && color.iter().all(|c| *c < 0.1),
        _ => false,
    }
}

impl OutputDev for Collector {
    fn begin_page(&mut self, _: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, text: &str) -> Result<(), OutputError> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        if !font_size.is_finite() || chars.is_empty() {
            return Ok(());
        }
        let (ux, uy) = (trm.m21 * font_size, trm.m22 * font_size);
        let size = ux.hypot(uy);
        if !(size.is_finite() && size > 0.0) {
            return Ok(());
        }
        // The glyph's box in text space, split evenly between the characters
        // of a multi-character glyph (ligatures).
        let advance = width * font_size / chars.len() as f64;
        for (i, ch) in chars.into_iter().enumerate() {
            let left = advance * i as f64;
            let corners = [(left, -GLYPH_DESCENT * font_size), (left + advance, GLYPH_ASCENT * font_size)];
            let points = [(corners[0].0, corners[0].1), (corners[1].0, corners[0].1), (corners[0].0, corners[1].1), (corners[1].0, corners[1].1)]
                .map(|(x, y)| { let (ux, uy) = apply(trm, x, y); self.geometry.to_page(ux, uy) });
            let bbox = bounding(&points);
            // Spaces are kept: they mark word breaks that gaps alone may not show.
            self.glyphs.push(Glyph { text: ch.to_string(), bbox, font_size: size });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(&mut self, ctm: &Transform, colorspace: &ColorSpace, color: &[f64], path: &Path) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, true);
        }
        Ok(())
    }
    fn fill(&mut self, ctm: &Transform, colorspace: &ColorSpace, color: &[f64], path: &Path) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_path(ctm, path, false);
        }
        Ok(())
    }
}
