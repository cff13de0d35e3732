//! PDF reading: bytes → pages of positioned glyphs, ruling lines and images.
//!
//! lopdf (through pdf-extract's re-export) parses the file; pdf-extract's
//! `OutputDev` walks each page's content and reports every glyph and every
//! drawn path. Coordinates are turned into points from the top left of the
//! visible page (crop box, then the page's `/Rotate`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use crate::error::{Error, catch_panic};
use crate::geometry::{BBox, Rule};

mod content;
use content::Op;

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
/// Largest decoded content a page may have, in bytes, counting the forms it
/// draws each time they are drawn; a bigger one is a decompression bomb or
/// a drawing loop, not a form.
pub const MAX_PAGE_CONTENT_BYTES: usize = 64 << 20;
/// Largest decoded stream (fonts, CMaps, forms, object streams; images are
/// the OCR stage's business), in bytes.
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// Largest decoded size of all streams but images together, in bytes: bounds
/// the time spent inflating a file full of medium-sized bombs.
pub const MAX_FILE_STREAM_BYTES: usize = 256 << 20;
/// Most pages read from one file: Form 4s run to a few pages, so a file with
/// thousands is not one.
pub const MAX_PAGES: usize = 200;
/// Most characters one page may draw; a dense page of small print has
/// about 10 000.
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// Most ruling-line candidates one page may draw; a form page has hundreds.
pub const MAX_RULES_PER_PAGE: usize = 200_000;
/// Deepest nesting of forms drawn inside forms that is read; real files nest
/// two or three deep, and pdf-extract recurses once per level.
pub const MAX_FORM_DEPTH: usize = 12;
/// Most form XObjects drawn on one page, counting each repetition; more is
/// a drawing loop (forms drawing each other many times over).
pub const MAX_FORM_DRAWS_PER_PAGE: usize = 2_000;
/// Largest file read, in bytes; Form 4s, even scanned, are a few MB.
pub const MAX_FILE_BYTES: usize = 256 << 20;
/// How far into the file the `%PDF-` header may start, in bytes (readers
/// accept some junk before it; PDF 1.7, 7.5.2 note).
const HEADER_SEARCH_BYTES: usize = 1024;
/// How far before the end of the file lopdf looks for the trailer, in bytes:
/// junk after the last `%%EOF` beyond this hides it.
const TRAILER_SEARCH_BYTES: usize = 512;
/// Page box of a page that has none (US letter), in points.
const DEFAULT_MEDIA_BOX: [f64; 4] = [0.0, 0.0, 612.0, 792.0];
/// Smallest crop box side taken seriously, in points; a smaller (or empty)
/// crop box is an error and the media box is used.
const MIN_CROP_SIDE: f64 = 1.0;
/// Most levels looked up the page tree for an inherited attribute; real
/// trees are a few levels deep, and the bound stops a `/Parent` cycle.
const MAX_PAGE_TREE_DEPTH: usize = 32;
/// Key of the dictionary that replaces an object stream that inflates too far
/// while loading; found afterwards, it makes the file too large.
const DEFUSED_MARK: &[u8] = b"Form4InflatesTooFar";

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
    /// The file was damaged (a truncated file, a broken cross-reference
    /// table) and was read from the objects found in it: worth a warning.
    pub repaired: bool,
}

/// Parse `bytes` and read every page. Malformed input gives an error, never
/// a panic; the work done is bounded by the limits above.
pub fn read(bytes: &[u8]) -> Result<PdfFile, Error> {
    let header = check_header(bytes)?;
    let (document, repaired) = load(bytes, header)?;
    // lopdf opens files whose user password is empty by itself; one still
    // encrypted needs a password we do not have.
    if document.is_encrypted() {
        return Err(Error::Encrypted);
    }
    let page_ids = document.get_pages();
    if page_ids.is_empty() {
        return Err(Error::Unreadable("the PDF has no pages".into()));
    }
    if page_ids.len() > MAX_PAGES {
        return Err(Error::TooLarge(format!("{} pages (at most {MAX_PAGES})", page_ids.len())));
    }
    check_stream_sizes(&document)?;
    for &id in page_ids.values() {
        check_content_size(&document, id)?;
    }
    let mut document = document;
    let (images, changes) = prepare_for_text(&mut document, &page_ids);
    let mut pages = Vec::with_capacity(page_ids.len());
    for (&number, &id) in &page_ids {
        let geometry = PageGeometry::of(&document, id);
        let mut collector = Collector { geometry, glyphs: Vec::new(), rules: Vec::new(), seen_rules: HashSet::new(), overflowed: false };
        // A page the text reader cannot walk (or panics on) keeps what it
        // gave so far; the OCR stage can still read it.
        let _ = catch_panic(|| pdf_extract::output_doc_page(&document, &mut collector, number));
        if collector.overflowed {
            return Err(Error::TooLarge(format!(
                "page {number} draws more than {MAX_GLYPHS_PER_PAGE} characters or {MAX_RULES_PER_PAGE} lines"
            )));
        }
        let placed = images.get(&number).map(Vec::as_slice).unwrap_or_default();
        pages.push(Page {
            number,
            width: geometry.width(),
            height: geometry.height(),
            glyphs: collector.glyphs,
            rules: collector.rules,
            images: placed.iter().map(|&(object, ctm)| PageImage { object, bbox: geometry.unit_square(&ctm) }).collect(),
        });
    }
    if repaired && pages.iter().all(|p| p.glyphs.is_empty() && p.images.is_empty()) {
        return Err(Error::Unreadable("the PDF is damaged (truncated, or its cross-reference table is broken) and no page content survived".into()));
    }
    changes.undo(&mut document);
    Ok(PdfFile { document, pages, repaired })
}

/// Where the `%PDF-` header starts.
fn check_header(bytes: &[u8]) -> Result<usize, Error> {
    if bytes.is_empty() {
        return Err(Error::Unreadable("the file is empty".into()));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge(format!("{} bytes (at most {MAX_FILE_BYTES})", bytes.len())));
    }
    let head = &bytes[..bytes.len().min(HEADER_SEARCH_BYTES)];
    head.windows(5)
        .position(|w| w == b"%PDF-")
        .ok_or_else(|| Error::Unreadable("not a PDF file (no %PDF- header)".into()))
}

/// Parse the file with lopdf (which skips junk before the header itself).
/// When that fails, two repairs are tried in turn: cutting off junk after
/// the last `%%EOF` (which hides the trailer from lopdf), then a new
/// cross-reference table from the objects found in the file (for a damaged
/// or missing table, as in a truncated file). Says whether the table was
/// rebuilt.
fn load(bytes: &[u8], header: usize) -> Result<(Document, bool), Error> {
    let parse = |bytes: &[u8]| {
        let options = LoadOptions { filter: Some(defuse_object_stream), ..LoadOptions::default() };
        catch_panic(|| Document::load_mem_with_options(bytes, options))
            .map_err(|_| Error::Unreadable("the PDF is malformed (the parser failed)".into()))
    };
    let first = match parse(bytes)? {
        Ok(document) => return checked_load(document).map(|d| (d, false)),
        Err(first) => first,
    };
    let end = bytes
        .windows(5)
        .rposition(|w| w == b"%%EOF")
        .map(|at| at + 5)
        .filter(|&end| end > header && bytes.len() - end > TRAILER_SEARCH_BYTES);
    if let Some(end) = end
        && let Ok(document) = parse(&bytes[..end])?
    {
        return checked_load(document).map(|d| (d, false));
    }
    match with_rebuilt_xref(&bytes[header..]) {
        Some(repaired) => parse(&repaired)?.map_err(|_| classify_load_error(&first)).and_then(checked_load).map(|d| (d, true)),
        None => Err(classify_load_error(&first)),
    }
}

fn checked_load(document: Document) -> Result<Document, Error> {
    if document.objects.values().any(|o| o.as_dict().is_ok_and(|d| d.has(DEFUSED_MARK))) {
        return Err(Error::TooLarge(format!("an object stream inflates beyond {MAX_STREAM_BYTES} bytes")));
    }
    Ok(document)
}

/// `pdf` (from its header on) with a new cross-reference table and trailer
/// appended, listing every `n g obj` found in the file (the last one of
/// each number wins, as in incremental updates) and the document catalog
/// named by the last `/Root` in the file, else the last object of type
/// `/Catalog`. `None` when there is no catalog to name, or the file is
/// encrypted (its trailer's keys cannot be rebuilt).
fn with_rebuilt_xref(pdf: &[u8]) -> Option<Vec<u8>> {
    use regex::bytes::Regex;
    use std::sync::LazyLock;
    static OBJECT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u)(?:^|[\r\n\t ])(\d{1,10})[\r\n\t ]+(\d{1,5})[\r\n\t ]+obj\b").unwrap());
    static ROOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u)/Root[\r\n\t ]*(\d{1,10})[\r\n\t ]+(\d{1,5})[\r\n\t ]+R").unwrap());
    static CATALOG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u)/Type[\r\n\t ]*/Catalog\b").unwrap());
    if pdf.windows(8).any(|w| w == b"/Encrypt") {
        return None;
    }
    let number = |m: Option<regex::bytes::Match>| std::str::from_utf8(m?.as_bytes()).ok()?.parse::<u32>().ok();
    let mut objects = BTreeMap::new();
    for found in OBJECT.captures_iter(pdf) {
        if let (Some(id), Some(generation), Some(at)) = (number(found.get(1)), number(found.get(2)), found.get(1)) {
            objects.insert(id, (generation, at.start()));
        }
    }
    let (root_id, root_generation) = match ROOT.captures_iter(pdf).last() {
        Some(root) => (number(root.get(1))?, number(root.get(2))?),
        // No trailer left: the last object that says it is the catalog.
        None => {
            let mut starts: Vec<usize> = objects.values().map(|&(_, at)| at).collect();
            starts.sort_unstable();
            let is_catalog = |at: usize| {
                let next = starts.partition_point(|&s| s <= at);
                let end = starts.get(next).copied().unwrap_or(pdf.len());
                CATALOG.is_match(&pdf[at..end])
            };
            objects.iter().filter(|(_, (_, at))| is_catalog(*at)).max_by_key(|(_, (_, at))| *at).map(|(&id, &(generation, _))| (id, generation))?
        }
    };
    let mut repaired = pdf.to_vec();
    repaired.extend_from_slice(b"\n");
    let xref_at = repaired.len();
    let mut table = String::from("xref\n");
    for (id, (generation, offset)) in &objects {
        table += &format!("{id} 1\n{offset:010} {generation:05} n\r\n");
    }
    let size = objects.keys().last().map_or(1, |id| id + 1);
    table += &format!("trailer\n<< /Size {size} /Root {root_id} {root_generation} R >>\nstartxref\n{xref_at}\n%%EOF\n");
    repaired.extend_from_slice(table.as_bytes());
    Some(repaired)
}

/// lopdf load filter: lopdf inflates object streams while loading, so one
/// that would inflate beyond `MAX_STREAM_BYTES` is swapped for a marker
/// dictionary before it can. lopdf keeps the object as changed in place for
/// objects of the file, and the returned one for objects inside object
/// streams.
fn defuse_object_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && stream.dict.has_type(b"ObjStm")
        && decoded_len(stream, MAX_STREAM_BYTES).is_none()
    {
        let mut mark = Dictionary::new();
        mark.set(DEFUSED_MARK, true);
        *object = Object::Dictionary(mark);
    }
    Some((id, object.clone()))
}

fn classify_load_error(e: &pdf_extract::Error) -> Error {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("decrypt") || text.to_ascii_lowercase().contains("encrypt") {
        Error::Encrypted
    } else {
        Error::Unreadable(format!("the PDF cannot be parsed: {text}"))
    }
}

fn is_image(stream: &Stream) -> bool {
    stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image")
}

/// Reject a file with a stream that inflates beyond `MAX_STREAM_BYTES`, or
/// streams that together inflate beyond `MAX_FILE_STREAM_BYTES` (images aside).
/// A stream is inflated only when its size bound does not settle this: most
/// files pass on the bounds alone.
fn check_stream_sizes(document: &Document) -> Result<(), Error> {
    let too_large = || {
        Error::TooLarge(format!("a stream inflates beyond {MAX_STREAM_BYTES} bytes, or all of them beyond {MAX_FILE_STREAM_BYTES}"))
    };
    let streams = document.objects.values().filter_map(|o| o.as_stream().ok()).filter(|s| !is_image(s));
    // Inflated sizes, and the streams known only by a bound.
    let mut total = 0usize;
    let mut bounded: Vec<(usize, &Stream)> = Vec::new();
    for stream in streams {
        match decoded_bound(stream).filter(|&bound| bound <= MAX_STREAM_BYTES) {
            Some(bound) => bounded.push((bound, stream)),
            None => total += decoded_len(stream, MAX_STREAM_BYTES.min(MAX_FILE_STREAM_BYTES - total)).ok_or_else(too_large)?,
        }
    }
    // Inflate the streams with the largest bounds until the bounds of the
    // rest fit in what is left.
    bounded.sort_by_key(|&(bound, _)| std::cmp::Reverse(bound));
    let mut bounds: usize = bounded.iter().map(|&(bound, _)| bound).sum();
    for &(bound, stream) in &bounded {
        if total + bounds <= MAX_FILE_STREAM_BYTES {
            break;
        }
        total += decoded_len(stream, bound.min(MAX_FILE_STREAM_BYTES - total)).ok_or_else(too_large)?;
        bounds -= bound;
    }
    if total + bounds > MAX_FILE_STREAM_BYTES {
        return Err(too_large());
    }
    Ok(())
}

/// Deflate's largest expansion: a 258-byte match coded in two bits.
const MAX_DEFLATE_RATIO: usize = 1032;

/// Most bytes a stream can decode to, known without decoding it: its length
/// when it has no filter, `MAX_DEFLATE_RATIO` times that when Flate is its
/// one filter; `None` for other filters.
fn decoded_bound(stream: &Stream) -> Option<usize> {
    match stream.filters().unwrap_or_default()[..] {
        [] => Some(stream.content.len()),
        [b"FlateDecode"] => Some(stream.content.len().saturating_mul(MAX_DEFLATE_RATIO)),
        _ => None,
    }
}

/// Reject a page whose content streams decode to more than
/// `MAX_PAGE_CONTENT_BYTES`; inflated only when their size bounds do not
/// settle it.
fn check_content_size(document: &Document, page: ObjectId) -> Result<(), Error> {
    let streams: Vec<&Stream> = document.get_page_contents(page).into_iter().filter_map(|id| document.get_object(id).and_then(Object::as_stream).ok()).collect();
    let bounds = streams.iter().try_fold(0usize, |total, s| decoded_bound(s).map(|b| total.saturating_add(b)));
    if bounds.is_some_and(|b| b <= MAX_PAGE_CONTENT_BYTES) {
        return Ok(());
    }
    let mut total = 0usize;
    for stream in streams {
        total += decoded_len(stream, MAX_PAGE_CONTENT_BYTES - total)
            .ok_or_else(|| Error::TooLarge(format!("page content inflates beyond {MAX_PAGE_CONTENT_BYTES} bytes")))?;
    }
    Ok(())
}

/// Decoded length of a stream, or `None` when it exceeds `cap` bytes. Each
/// filter lopdf can decode (Flate, LZW, ASCII85) is applied in turn, never
/// producing more than `cap + 1` bytes, so a bomb costs little. Decoding
/// stops at a filter lopdf cannot decode either (pdf-extract then reads the
/// bytes as they are).
pub fn decoded_len(stream: &Stream, cap: usize) -> Option<usize> {
    let filters = stream.filters().unwrap_or_default();
    let mut data = Cow::Borrowed(stream.content.as_slice());
    for filter in filters {
        let decoded = match filter {
            b"FlateDecode" => read_capped(flate2::read::ZlibDecoder::new(&data[..]), cap),
            b"LZWDecode" => lzw_capped(&data, stream.dict.get(b"DecodeParms").ok(), cap),
            // At most four bytes out per byte in.
            b"ASCII85Decode" => {
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(filter.to_vec()));
                Stream::new(dict, data.to_vec()).decompressed_content().unwrap_or_default()
            }
            _ => break,
        };
        if decoded.len() > cap {
            return None;
        }
        data = Cow::Owned(decoded);
    }
    (data.len() <= cap).then_some(data.len())
}

/// Up to `cap + 1` bytes from `reader`; a corrupt stream gives what came out
/// before the error.
fn read_capped(reader: impl Read, cap: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut limited = reader.take(cap as u64 + 1);
    let mut buf = [0u8; 1 << 16];
    loop {
        match limited.read(&mut buf) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// LZW-decode `data` as lopdf does (`/EarlyChange` default 1), stopping after
/// `cap + 1` bytes.
fn lzw_capped(data: &[u8], params: Option<&Object>, cap: usize) -> Vec<u8> {
    use weezl::{BitOrder, decode::Decoder};
    /// Code size lopdf's LZW decoder starts from, in bits (9-bit codes).
    const LZW_MIN_CODE_BITS: u8 = 8;
    let early_change = params
        .and_then(|p| p.as_dict().ok())
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|v| v.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, LZW_MIN_CODE_BITS)
    } else {
        Decoder::new(BitOrder::Msb, LZW_MIN_CODE_BITS)
    };
    let mut sink = CappedSink { data: Vec::new(), cap: cap + 1 };
    let _ = decoder.into_stream(&mut sink).decode_all(data);
    sink.data
}

/// A writer that keeps `cap` bytes, then refuses more.
struct CappedSink {
    data: Vec<u8>,
    cap: usize,
}

impl Write for CappedSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.cap - self.data.len();
        if room == 0 {
            return Err(std::io::Error::other("stream exceeds its size cap"));
        }
        let n = buf.len().min(room);
        self.data.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Images drawn on each page, by page number, with their transformation.
type PlacedImages = BTreeMap<u32, Vec<(ObjectId, Transform)>>;

/// Change the document into one pdf-extract reads safely and correctly,
/// and say what was changed, to be put back for the later stages (OCR
/// renders the document as it was):
/// - every page carries its own `/MediaBox` and `/Resources` (pdf-extract
///   looks inherited ones up recursively and would never return from a
///   `/Parent` cycle);
/// - every page's content is rewritten by [`ContentRewriter`];
/// - CID font widths are in the form pdf-extract reads.
fn prepare_for_text(document: &mut Document, page_ids: &BTreeMap<u32, ObjectId>) -> (PlacedImages, Changes) {
    let mut images = BTreeMap::new();
    let mut page_entries = Vec::new();
    let mut rewriter = ContentRewriter::new(document);
    for (&number, &page) in page_ids {
        let geometry = PageGeometry::of(document, page);
        let resources = inherited(document, page, b"Resources")
            .and_then(|r| r.as_dict().ok())
            .cloned()
            .unwrap_or_default();
        let content = document.get_page_content(page).unwrap_or_default();
        rewriter.start_page(content.len());
        let (rewritten, resources) = rewriter.rewrite(&content, &resources, Transform::identity());
        images.insert(number, std::mem::take(&mut rewriter.images));
        let content = rewriter.add(Stream::new(Dictionary::new(), rewritten));
        let m = geometry.media;
        let media = Object::Array(vec![m.x0.into(), m.y0.into(), m.x1.into(), m.y1.into()]);
        page_entries.push((page, [(b"MediaBox".as_slice(), media), (b"Resources", resources.into()), (b"Contents", content.into())]));
    }
    let ContentRewriter { added, next_id, .. } = rewriter;
    let widths = explicit_cid_widths(document);
    let mut changes = Changes { entries: Vec::new(), added: Vec::new(), max_id: document.max_id };
    for (page, entries) in page_entries {
        for (key, value) in entries {
            changes.replace(document, page, None, key, value);
        }
    }
    for (id, stream) in added {
        let replaced = document.objects.insert(id, Object::Stream(stream));
        changes.added.push((id, replaced));
    }
    document.max_id = next_id;
    for (id, descendant, widths) in widths {
        changes.replace(document, id, descendant, b"W", widths);
    }
    (images, changes)
}

/// What [`prepare_for_text`] changed, in order, to be undone.
struct Changes {
    /// Dictionary entries set: the object, which of its `/DescendantFonts`
    /// when the dictionary is one of those, the key and the value it had.
    entries: Vec<(ObjectId, Option<usize>, &'static [u8], Option<Object>)>,
    /// Objects added, with any object they took the place of.
    added: Vec<(ObjectId, Option<Object>)>,
    max_id: u32,
}

impl Changes {
    fn replace(&mut self, document: &mut Document, id: ObjectId, descendant: Option<usize>, key: &'static [u8], value: Object) {
        let Some(dict) = dictionary_mut(document, id, descendant) else { return };
        let had = match dict.get_mut(key) {
            Ok(slot) => Some(std::mem::replace(slot, value)),
            Err(_) => {
                dict.set(key, value);
                None
            }
        };
        self.entries.push((id, descendant, key, had));
    }

    fn undo(self, document: &mut Document) {
        for (id, replaced) in self.added.into_iter().rev() {
            match replaced {
                Some(object) => document.objects.insert(id, object),
                None => document.objects.remove(&id),
            };
        }
        document.max_id = self.max_id;
        for (id, descendant, key, had) in self.entries.into_iter().rev() {
            let Some(dict) = dictionary_mut(document, id, descendant) else { continue };
            match (had, dict.get_mut(key)) {
                (Some(value), Ok(slot)) => *slot = value,
                _ => {
                    dict.remove(key);
                }
            }
        }
    }
}

/// The dictionary `id`, or its `descendant`-th `/DescendantFonts` entry.
fn dictionary_mut(document: &mut Document, id: ObjectId, descendant: Option<usize>) -> Option<&mut Dictionary> {
    let dict = document.get_object_mut(id).and_then(Object::as_dict_mut).ok()?;
    match descendant {
        None => Some(dict),
        Some(i) => dict.get_mut(b"DescendantFonts").ok()?.as_array_mut().ok()?.get_mut(i)?.as_dict_mut().ok(),
    }
}

/// Rewrites content streams into what pdf-extract reads correctly and
/// within bounds:
/// - each drawn form becomes a copy of its own for that one drawing, its
///   content starting with the transformation in effect where it is drawn
///   (pdf-extract draws a form's content with the identity matrix, ignoring
///   both the form's `/Matrix` and the drawing content's matrix);
/// - a form drawn inside itself, deeper than `MAX_FORM_DEPTH`, beyond
///   `MAX_FORM_DRAWS_PER_PAGE` draws or `MAX_PAGE_CONTENT_BYTES` of content
///   on one page is not drawn (pdf-extract recurses into every form,
///   without bound);
/// - images are not drawn but listed with their transformation (pdf-extract
///   would parse their bytes as content);
/// - colors set with `g`, `rg`, `k` (which pdf-extract ignores) are set
///   with `cs` and `sc`, so white paint can be told apart;
/// - the painting operators pdf-extract ignores (`f*`, `B`, `B*`, `b`, `b*`,
///   `s`; it then keeps their path for the next one) become the `f`, `S`
///   and `h` it knows;
/// - operations pdf-extract skips (marked content, clipping, line style)
///   are left out, so that it has less to parse.
struct ContentRewriter<'a> {
    source: &'a Document,
    /// The rewritten page contents and drawn copies of forms, to add to
    /// the document.
    added: Vec<(ObjectId, Stream)>,
    /// The object number the next added stream gets.
    next_id: u32,
    /// Images drawn on the current page, with their transformation.
    images: Vec<(ObjectId, Transform)>,
    /// The forms being drawn, outermost first.
    path: Vec<ObjectId>,
    /// Forms drawn and content bytes read so far on the current page.
    draws: usize,
    bytes: usize,
}

impl<'a> ContentRewriter<'a> {
    fn new(source: &'a Document) -> Self {
        ContentRewriter { source, added: Vec::new(), next_id: source.max_id + 1, images: Vec::new(), path: Vec::new(), draws: 0, bytes: 0 }
    }

    /// Keep `stream` for the document under a new object id.
    fn add(&mut self, stream: Stream) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        self.added.push((id, stream));
        id
    }

    fn start_page(&mut self, content_bytes: usize) {
        (self.draws, self.bytes) = (0, content_bytes);
    }

    /// `content` as drawn with `resources` under `ctm`, rewritten (as
    /// content stream text), and the resources it needs (those given, plus
    /// the drawn form copies).
    fn rewrite(&mut self, content: &[u8], resources: &Dictionary, ctm: Transform) -> (Vec<u8>, Dictionary) {
        let decoded;
        let ops = match content::split(content) {
            Some(ops) => ops,
            None => {
                // pdf-extract cannot read content lopdf cannot parse either.
                let Ok(Ok(lopdf)) = catch_panic(|| Content::decode(content)) else { return (Vec::new(), resources.clone()) };
                decoded = lopdf.operations;
                content::from_lopdf(&decoded)
            }
        };
        let xobjects = resources.get(b"XObject").ok().and_then(|x| deref(self.source, x).as_dict().ok());
        let mut drawn = xobjects.cloned().unwrap_or_default();
        let mut ctm = ctm;
        let mut saved = Vec::new();
        // The current path's operations, as written.
        let mut path = Vec::new();
        let mut out = Written { text: Vec::with_capacity(content.len()), last: None };
        for op in &ops {
            match (op.operator, op.matrix.as_deref()) {
                (b"q", _) => saved.push(ctm),
                (b"Q", _) => ctm = saved.pop().unwrap_or(ctm),
                (_, Some(&[a, b, c, d, e, f])) => ctm = Transform::row_major(a, b, c, d, e, f).post_transform(&ctm),
                _ => {}
            }
            match op.operator {
                b"g" | b"rg" | b"k" | b"G" | b"RG" | b"K" => {
                    let space = match op.count {
                        1 => "/DeviceGray ",
                        3 => "/DeviceRGB ",
                        _ => "/DeviceCMYK ",
                    };
                    let stroke = op.operator.iter().all(u8::is_ascii_uppercase);
                    let (set_space, set_color) = if stroke { ("CS", "SC") } else { ("cs", "sc") };
                    out.write(space.as_bytes(), set_space);
                    out.write(&op.operands, set_color);
                }
                b"m" | b"l" | b"c" | b"v" | b"y" | b"h" | b"re" => {
                    op.write(&mut path);
                    out.op(op);
                }
                b"f*" => out.write(b"", "f"),
                b"s" => {
                    out.write(b"", "h");
                    out.write(b"", "S");
                }
                b"B" | b"B*" | b"b" | b"b*" => {
                    let close = op.operator.starts_with(b"b");
                    if close {
                        out.write(b"", "h");
                    }
                    out.write(b"", "f");
                    out.text.extend_from_slice(&path);
                    if close {
                        out.write(b"", "h");
                    }
                    out.write(b"", "S");
                }
                b"Do" => {
                    let copy = op.name.zip(xobjects).and_then(|(name, xobjects)| self.draw(name, xobjects, resources, ctm));
                    if let Some(copy) = copy {
                        let name = format!("Form4Draw{}", copy.0);
                        drawn.set(name.as_bytes(), copy);
                        out.write(format!("/{name} ").as_bytes(), "Do");
                    }
                }
                operator if read_by_pdf_extract(operator) => out.op(op),
                _ => {}
            }
            if matches!(out.last, Some(b"S" | b"f" | b"F" | b"n")) {
                path.clear();
            }
        }
        let mut resources = resources.clone();
        resources.set("XObject", drawn);
        (out.text, resources)
    }

    /// Draw the XObject `name`: an image is listed; a form is copied with
    /// its content rewritten and the copy's id returned, unless drawing it
    /// breaks a bound.
    fn draw(&mut self, name: &[u8], xobjects: &Dictionary, resources: &Dictionary, ctm: Transform) -> Option<ObjectId> {
        let id = xobjects.get(name).ok()?.as_reference().ok()?;
        let stream = self.source.get_object(id).ok()?.as_stream().ok()?;
        if is_image(stream) {
            self.images.push((id, ctm));
            return None;
        }
        let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        self.draws += 1;
        self.bytes += content.len();
        if self.path.contains(&id)
            || self.path.len() >= MAX_FORM_DEPTH
            || self.draws > MAX_FORM_DRAWS_PER_PAGE
            || self.bytes > MAX_PAGE_CONTENT_BYTES
        {
            return None;
        }
        let matrix = stream.dict.get(b"Matrix").and_then(Object::as_array).ok().map(|m| m.iter().map(number).collect::<Vec<_>>());
        let ctm = match matrix.as_deref() {
            Some(&[a, b, c, d, e, f]) => Transform::row_major(a, b, c, d, e, f).post_transform(&ctm),
            _ => ctm,
        };
        let own = stream.dict.get(b"Resources").ok().and_then(|r| deref(self.source, r).as_dict().ok());
        self.path.push(id);
        let (rewritten, resources) = self.rewrite(&content, own.unwrap_or(resources), ctm);
        self.path.pop();
        let mut dict = stream.dict.clone();
        for key in [b"Filter".as_slice(), b"DecodeParms", b"Matrix", b"Length"] {
            dict.remove(key);
        }
        dict.set("Resources", resources);
        // Written as lopdf writes reals.
        let mut content = Vec::with_capacity(rewritten.len() + 64);
        for value in [ctm.m11, ctm.m12, ctm.m21, ctm.m22, ctm.m31, ctm.m32] {
            let _ = write!(content, "{} ", value as f32);
        }
        content.extend_from_slice(b"cm\n");
        content.extend_from_slice(&rewritten);
        Some(self.add(Stream::new(dict, content)))
    }
}

/// Whether pdf-extract does anything on `operator` (beyond those the
/// rewriter turns into others): it skips the rest without looking at their
/// operands.
fn read_by_pdf_extract(operator: &[u8]) -> bool {
    matches!(
        operator,
        b"BT" | b"ET" | b"cm" | b"CS" | b"cs" | b"SC" | b"SCN" | b"sc" | b"scn" | b"TJ" | b"Tj" | b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Tf"
            | b"Ts" | b"Tm" | b"Td" | b"TD" | b"T*" | b"q" | b"Q" | b"gs" | b"w" | b"S" | b"F" | b"f" | b"n"
    )
}

/// Content stream text being written.
struct Written<'a> {
    text: Vec<u8>,
    /// The operator written last.
    last: Option<&'a [u8]>,
}

impl<'a> Written<'a> {
    fn op(&mut self, op: &Op<'a>) {
        op.write(&mut self.text);
        self.last = Some(op.operator);
    }

    /// An operation from its operands as written (each followed by a space
    /// or delimiter) and its operator.
    fn write(&mut self, operands: &[u8], operator: &'a str) {
        self.text.extend_from_slice(operands);
        self.text.extend_from_slice(operator.as_bytes());
        self.text.push(b'\n');
        self.last = Some(operator.as_bytes());
    }
}

/// pdf-extract reads only the `c [w1 w2 …]` form of a CID font's `/W`
/// array and misreads `c_first c_last w` ranges (it takes `c_first` as the
/// width and drops `c_last`), which shifts every glyph after such a
/// character. The `/W` of every CID font (standalone, or inline in a Type0
/// font's `/DescendantFonts`: which one) in the explicit form, references
/// resolved.
fn explicit_cid_widths(document: &Document) -> Vec<(ObjectId, Option<usize>, Object)> {
    let mut rewrites = Vec::new();
    for (&id, object) in &document.objects {
        let Object::Dictionary(dict) = object else { continue };
        if is_cid_font(dict) {
            rewrites.extend(explicit_widths(document, dict).map(|w| (id, None, w)));
        }
        let inline = dict.get(b"DescendantFonts").ok().and_then(|d| deref(document, d).as_array().ok());
        for (index, descendant) in inline.into_iter().flatten().enumerate() {
            if let Object::Dictionary(cid_font) = descendant
                && is_cid_font(cid_font)
            {
                rewrites.extend(explicit_widths(document, cid_font).map(|w| (id, Some(index), w)));
            }
        }
    }
    rewrites
}

fn is_cid_font(dict: &Dictionary) -> bool {
    dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n.starts_with(b"CIDFontType"))
}

/// A CID font's `/W` with every range written out as `c [w w …]`; `None`
/// when it has no `/W`.
fn explicit_widths(document: &Document, cid_font: &Dictionary) -> Option<Object> {
    /// Longest range expanded; real fonts have at most 65536 CIDs.
    const MAX_RANGE: i64 = 65_536;
    let w = deref(document, cid_font.get(b"W").ok()?).as_array().ok()?;
    let w: Vec<&Object> = w.iter().map(|o| deref(document, o)).collect();
    let mut expanded = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        match (w.get(i), w.get(i + 1), w.get(i + 2)) {
            (Some(first), Some(Object::Array(widths)), _) => {
                let widths = widths.iter().map(|o| Object::Real(number(deref(document, o)) as f32)).collect();
                expanded.push(Object::Integer(number(first) as i64));
                expanded.push(Object::Array(widths));
                i += 2;
            }
            (Some(first), Some(last), Some(width)) => {
                let (first, last) = (number(first) as i64, number(last) as i64);
                if last >= first && last - first < MAX_RANGE {
                    expanded.push(Object::Integer(first));
                    expanded.push(Object::Array(vec![Object::Real(number(width) as f32); (last - first + 1) as usize]));
                }
                i += 3;
            }
            _ => break,
        }
    }
    Some(Object::Array(expanded))
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
    /// The media box in user space.
    media: BBox,
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
        let [x0, y0, x1, y1] = DEFAULT_MEDIA_BOX;
        let media = rect(b"MediaBox").unwrap_or(BBox::new(x0, y0, x1, y1));
        let visible = rect(b"CropBox")
            .map(|c| BBox::new(c.x0.max(media.x0), c.y0.max(media.y0), c.x1.min(media.x1), c.y1.min(media.y1)))
            .filter(|c| c.width() > MIN_CROP_SIDE && c.height() > MIN_CROP_SIDE)
            .unwrap_or(media);
        let rotate = inherited(document, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .map(|r| r.rem_euclid(360) / 90 * 90)
            .unwrap_or(0);
        PageGeometry { media, visible, rotate }
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

    /// Where `ctm` puts the unit square (an image's space), in page points.
    fn unit_square(&self, ctm: &Transform) -> BBox {
        self.page_box(ctm, &[(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)])
    }

    /// The page box around some points of the space `ctm` maps to user space.
    fn page_box(&self, ctm: &Transform, points: &[(f64, f64)]) -> BBox {
        let points: Vec<(f64, f64)> = points
            .iter()
            .map(|&(x, y)| {
                let (ux, uy) = apply(ctm, x, y);
                self.to_page(ux, uy)
            })
            .collect();
        bounding(&points)
    }
}

fn inherited<'a>(document: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = document.get_dictionary(page).ok()?;
    for _ in 0..MAX_PAGE_TREE_DEPTH {
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
    /// `rules` rounded, to drop repeats.
    seen_rules: HashSet<[i64; 4]>,
    /// The page drew more than `MAX_GLYPHS_PER_PAGE` or `MAX_RULES_PER_PAGE`;
    /// the walk was stopped.
    overflowed: bool,
}

impl Collector {
    /// Stop the walk (with an error pdf-extract passes up) once the page has
    /// drawn more than a page of a form can hold.
    fn check_limits(&mut self) -> Result<(), OutputError> {
        if self.glyphs.len() > MAX_GLYPHS_PER_PAGE || self.rules.len() > MAX_RULES_PER_PAGE {
            self.overflowed = true;
            return Err(OutputError::IoError(std::io::Error::other("the page draws too much")));
        }
        Ok(())
    }

    /// A stroked segment along an axis is a rule; slanted ones are not.
    fn add_segment(&mut self, ctm: &Transform, a: (f64, f64), b: (f64, f64)) {
        let bbox = self.geometry.page_box(ctm, &[a, b]);
        if bbox.height().min(bbox.width()) <= RULE_AXIS_TOLERANCE {
            self.add_thin_box(&bbox);
        }
    }

    /// A thin box is a rule along its middle; `false` when the box is not thin.
    fn add_thin_box(&mut self, bbox: &BBox) -> bool {
        if bbox.height() <= MAX_RULE_THICKNESS && bbox.width() >= MIN_RULE_LENGTH {
            let y = bbox.center_y();
            self.push_rule(Rule { x0: bbox.x0, y0: y, x1: bbox.x1, y1: y });
        } else if bbox.width() <= MAX_RULE_THICKNESS && bbox.height() >= MIN_RULE_LENGTH {
            let x = bbox.center_x();
            self.push_rule(Rule { x0: x, y0: bbox.y0, x1: x, y1: bbox.y1 });
        } else {
            return false;
        }
        true
    }

    /// A stroked path: each axis-aligned segment is a rule; a rectangle is
    /// one rule when thin, else its four edges.
    fn add_stroke(&mut self, ctm: &Transform, path: &Path) {
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
                PathOp::Rect(x, y, w, h) => {
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                    if !self.add_thin_box(&self.geometry.page_box(ctm, &corners)) {
                        for i in 0..4 {
                            self.add_segment(ctm, corners[i], corners[(i + 1) % 4]);
                        }
                    }
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (current, start) {
                        self.add_segment(ctm, c, s);
                    }
                    current = start;
                }
            }
        }
    }

    /// A filled path: each thin subpath (a rectangle, or a quadrilateral
    /// drawn with lines, as Chromium draws vertical borders) is one rule
    /// along its middle. Two nested rectangles are a frame (WeasyPrint draws
    /// borders so, filled even-odd and clipped to one side at a time): each
    /// side of the frame is a rule.
    fn add_fill(&mut self, ctm: &Transform, path: &Path) {
        if let [PathOp::Rect(ax, ay, aw, ah), PathOp::Rect(bx, by, bw, bh)] = path.ops[..] {
            let outer = self.geometry.page_box(ctm, &[(ax, ay), (ax + aw, ay + ah)]);
            let inner = self.geometry.page_box(ctm, &[(bx, by), (bx + bw, by + bh)]);
            let (outer, inner) = if outer.width() * outer.height() >= inner.width() * inner.height() { (outer, inner) } else { (inner, outer) };
            if inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1 {
                // A side of no thickness is not painted but still bounds the
                // box (a table cell cut by a page break): a rule as well.
                for side in [
                    BBox::new(outer.x0, outer.y0, inner.x0, outer.y1),
                    BBox::new(inner.x1, outer.y0, outer.x1, outer.y1),
                    BBox::new(outer.x0, outer.y0, outer.x1, inner.y0),
                    BBox::new(outer.x0, inner.y1, outer.x1, outer.y1),
                ] {
                    self.add_thin_box(&side);
                }
                return;
            }
        }
        let mut subpath: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    if subpath.len() > 1 {
                        self.add_thin_box(&self.geometry.page_box(ctm, &subpath));
                    }
                    subpath = vec![(x, y)];
                }
                PathOp::LineTo(x, y) => subpath.push((x, y)),
                PathOp::CurveTo(x1, y1, x2, y2, x, y) => subpath.extend([(x1, y1), (x2, y2), (x, y)]),
                PathOp::Rect(x, y, w, h) => {
                    self.add_thin_box(&self.geometry.page_box(ctm, &[(x, y), (x + w, y + h)]));
                }
                PathOp::Close => {}
            }
        }
        if subpath.len() > 1 {
            self.add_thin_box(&self.geometry.page_box(ctm, &subpath));
        }
    }

    /// Keep `rule` unless the page already has it (a frame drawn once per
    /// side yields each side several times).
    fn push_rule(&mut self, rule: Rule) {
        /// Rules this close in every coordinate are the same one, in points.
        const SAME_RULE: f64 = 0.01;
        let key = [rule.x0, rule.y0, rule.x1, rule.y1].map(|v| (v / SAME_RULE).round() as i64);
        if self.seen_rules.insert(key) {
            self.rules.push(rule);
        }
    }
}

/// Paint this close to white (each component, 0–1) is background, not a line.
const WHITE_LEVEL: f64 = 0.9;

fn is_white(colorspace: &ColorSpace, color: &[f64]) -> bool {
    match colorspace {
        ColorSpace::DeviceGray | ColorSpace::DeviceRGB => !color.is_empty() && color.iter().all(|c| *c >= WHITE_LEVEL),
        ColorSpace::DeviceCMYK => !color.is_empty() && color.iter().all(|c| *c <= 1.0 - WHITE_LEVEL),
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
        let chars = || text.chars().filter(|c| !c.is_control());
        let count = chars().count();
        if !font_size.is_finite() || count == 0 {
            return Ok(());
        }
        let (ux, uy) = (trm.m21 * font_size, trm.m22 * font_size);
        let size = ux.hypot(uy);
        if !(size.is_finite() && size > 0.0) {
            return Ok(());
        }
        // The glyph's box in text space, split evenly between the characters
        // of a multi-character glyph (ligatures).
        let advance = width * font_size / count as f64;
        for (i, ch) in chars().enumerate() {
            let left = advance * i as f64;
            let corners = [(left, -GLYPH_DESCENT * font_size), (left + advance, GLYPH_ASCENT * font_size)];
            let points = [(corners[0].0, corners[0].1), (corners[1].0, corners[0].1), (corners[0].0, corners[1].1), (corners[1].0, corners[1].1)]
                .map(|(x, y)| { let (ux, uy) = apply(trm, x, y); self.geometry.to_page(ux, uy) });
            let bbox = bounding(&points);
            // Spaces are kept: they mark word breaks that gaps alone may not show.
            self.glyphs.push(Glyph { text: ch.to_string(), bbox, font_size: size });
        }
        self.check_limits()
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
            self.add_stroke(ctm, path);
        }
        self.check_limits()
    }
    fn fill(&mut self, ctm: &Transform, colorspace: &ColorSpace, color: &[f64], path: &Path) -> Result<(), OutputError> {
        if !is_white(colorspace, color) {
            self.add_fill(ctm, path);
        }
        self.check_limits()
    }
}
