//! The PDF reading stage (`form4::pdf`) on small PDFs built in the tests:
//! glyph boxes, page geometry, ruling lines, images, limits.

mod common;

use std::io::Write;

use common::{TestPdf, font_missing_widths, form, helvetica, name, rect, text_at, zlib_bomb};
use form4::geometry::{BBox, Rule};
use form4::pdf::{self, Glyph, Page};
use form4::Error;
use pdf_extract::{Dictionary, Object, Stream};

/// How close computed coordinates must be to the expected ones, in points
/// (f32 rounding in lopdf's reals).
const TOLERANCE: f64 = 0.01;
/// Helvetica's advance widths, in thousandths of the font size.
const HELVETICA_H: f64 = 722.0;
const HELVETICA_I: f64 = 222.0;
const HELVETICA_B: f64 = 667.0;
/// The glyph box spans this share of the font size above and below the
/// baseline (pdf.rs's GLYPH_ASCENT and GLYPH_DESCENT).
const ASCENT: f64 = 0.8;
const DESCENT: f64 = 0.2;

fn read(bytes: &[u8]) -> Vec<Page> {
    pdf::read(bytes).unwrap_or_else(|e| panic!("read failed: {e}")).pages
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < TOLERANCE, "{what}: {actual} != {expected}");
}

fn assert_box(actual: &BBox, expected: [f64; 4], what: &str) {
    let actual_values = [actual.x0, actual.y0, actual.x1, actual.y1];
    for (a, e) in actual_values.iter().zip(expected) {
        assert!((a - e).abs() < TOLERANCE, "{what}: {actual:?} != {expected:?}");
    }
}

fn text(glyphs: &[Glyph]) -> String {
    glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// The box of a glyph `advance` (in thousandths of `size`) wide whose
/// baseline starts at `(x, baseline)` in top-left page points.
fn glyph_box(x: f64, baseline: f64, advance: f64, size: f64) -> [f64; 4] {
    [x, baseline - ASCENT * size, x + advance / 1000.0 * size, baseline + DESCENT * size]
}

/// `Tf 1` scaled by the text matrix to 12 points gives a 12-point glyph at
/// the matrix's origin, the same as `Tf 12` with an unscaled matrix.
#[test]
fn font_size_comes_from_tf_and_text_matrix() {
    for content in ["BT /F1 1 Tf 12 0 0 12 100 700 Tm (Hi) Tj ET", "BT /F1 12 Tf 100 700 Td (Hi) Tj ET"] {
        let pages = read(&TestPdf::new(content).save());
        let glyphs = &pages[0].glyphs;
        assert_eq!(text(glyphs), "Hi", "{content}");
        let baseline = 792.0 - 700.0;
        assert_close(glyphs[0].font_size, 12.0, content);
        assert_box(&glyphs[0].bbox, glyph_box(100.0, baseline, HELVETICA_H, 12.0), content);
        let after_h = 100.0 + HELVETICA_H / 1000.0 * 12.0;
        assert_box(&glyphs[1].bbox, glyph_box(after_h, baseline, HELVETICA_I, 12.0), content);
    }
}

#[test]
fn page_size_and_number() {
    let pages = read(&TestPdf::with_pages(&["", ""]).save());
    assert_eq!(pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2]);
    assert_close(pages[0].width, 612.0, "width");
    assert_close(pages[0].height, 792.0, "height");
}

/// `/Rotate 90` turns the page clockwise: it becomes 792 wide and 612 high,
/// and a point `(x, y)` of user space lands at `(y, x)` from the top left.
#[test]
fn rotated_page() {
    let mut pdf = TestPdf::new(&text_at("H", 100.0, 700.0, 12.0));
    pdf.page_mut().set("Rotate", 90);
    let pages = read(&pdf.save());
    assert_close(pages[0].width, 792.0, "width");
    assert_close(pages[0].height, 612.0, "height");
    let advance = HELVETICA_H / 1000.0 * 12.0;
    assert_box(&pages[0].glyphs[0].bbox, [700.0 - DESCENT * 12.0, 100.0, 700.0 + ASCENT * 12.0, 100.0 + advance], "glyph");
}

/// `/Rotate 270` (and `-90`, its equivalent) turns the page counter-clockwise.
#[test]
fn page_rotated_counter_clockwise() {
    for rotate in [270, -90] {
        let mut pdf = TestPdf::new(&text_at("H", 100.0, 700.0, 12.0));
        pdf.page_mut().set("Rotate", rotate);
        let pages = read(&pdf.save());
        let advance = HELVETICA_H / 1000.0 * 12.0;
        // x from the top left is the distance from the user-space top (792 - y);
        // y is the distance from the user-space right edge (612 - x).
        let expected = [792.0 - 700.0 - ASCENT * 12.0, 612.0 - 100.0 - advance, 792.0 - 700.0 + DESCENT * 12.0, 612.0 - 100.0];
        assert_box(&pages[0].glyphs[0].bbox, expected, &format!("Rotate {rotate}"));
    }
}

/// A crop box moves the origin to its own top left and sets the page size.
#[test]
fn crop_box_offset() {
    let mut pdf = TestPdf::new(&text_at("H", 100.0, 600.0, 10.0));
    pdf.page_mut().set("CropBox", rect([50.0, 100.0, 550.0, 700.0]));
    let pages = read(&pdf.save());
    assert_close(pages[0].width, 500.0, "width");
    assert_close(pages[0].height, 600.0, "height");
    assert_box(&pages[0].glyphs[0].bbox, glyph_box(50.0, 100.0, HELVETICA_H, 10.0), "glyph");
}

/// The media box and rotation are inherited from the page tree.
#[test]
fn inherited_media_box_and_rotation() {
    let mut pdf = TestPdf::new(&text_at("H", 100.0, 300.0, 10.0));
    pdf.page_mut().remove(b"MediaBox");
    let pages_id = pdf.pages;
    let tree = pdf.document.get_object_mut(pages_id).and_then(Object::as_dict_mut).unwrap();
    tree.set("MediaBox", rect([0.0, 0.0, 400.0, 500.0]));
    tree.set("Rotate", 180);
    let pages = read(&pdf.save());
    assert_close(pages[0].width, 400.0, "width");
    assert_close(pages[0].height, 500.0, "height");
    let advance = HELVETICA_H / 1000.0 * 10.0;
    // Upside down: x from the right edge, y from the bottom.
    let expected = [400.0 - 100.0 - advance, 300.0 - DESCENT * 10.0, 300.0, 300.0 + ASCENT * 10.0];
    assert_box(&pages[0].glyphs[0].bbox, expected, "glyph");
}

fn rules_of(content: &str) -> Vec<Rule> {
    read(&TestPdf::new(content).save())[0].rules.clone()
}

fn assert_rules(actual: &[Rule], expected: &[[f64; 4]]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (rule, e) in actual.iter().zip(expected) {
        for (a, e) in [rule.x0, rule.y0, rule.x1, rule.y1].iter().zip(e) {
            assert!((a - e).abs() < TOLERANCE, "{actual:?} != {expected:?}");
        }
    }
}

/// Thin filled rectangles are rules along their middle; thick ones, white
/// ones and tiny ones are not.
#[test]
fn rules_from_thin_filled_rectangles() {
    let rules = rules_of(
        "0 0 0 rg 72 500 400 0.5 re f\n\
         200 100 1 300 re f\n\
         100 100 50 50 re f\n\
         72 50 2 1 re f\n\
         1 1 1 rg 72 450 400 0.5 re f\n",
    );
    let horizontal = 792.0 - 500.25;
    assert_rules(&rules, &[[72.0, horizontal, 472.0, horizontal], [200.5, 392.0, 200.5, 692.0]]);
}

/// Stroked segments along the axes are rules; slanted and short ones are not.
#[test]
fn rules_from_stroked_lines() {
    let rules = rules_of("72 400 m 72 100 l S\n100 700 m 300 700 l S\n100 100 m 200 200 l S\n50 50 m 52 50 l S\n");
    assert_rules(&rules, &[[72.0, 392.0, 72.0, 692.0], [100.0, 92.0, 300.0, 92.0]]);
}

/// A stroked rectangle contributes its four edges; the transformation
/// matrix applies to paths.
#[test]
fn rules_from_stroked_rectangle_under_cm() {
    let rules = rules_of("q 2 0 0 2 10 10 cm 50 50 100 20 re S Q\n");
    // User space: x 110..310, y 110..150; top-left page points: y 642..682.
    assert_rules(&rules, &[[110.0, 682.0, 310.0, 682.0], [310.0, 642.0, 310.0, 682.0], [110.0, 642.0, 310.0, 642.0], [110.0, 642.0, 110.0, 682.0]]);
}

/// Chromium draws vertical borders as filled quadrilaterals of lines: one
/// rule along the middle, as for a thin filled rectangle.
#[test]
fn rule_from_filled_quadrilateral() {
    let rules = rules_of("814 31 m 814 105 l 815 105 l 815 30 l f\n");
    assert_rules(&rules, &[[814.5, 792.0 - 105.0, 814.5, 792.0 - 30.0]]);
}

/// WeasyPrint draws a box's border as a frame (two nested rectangles
/// filled even-odd), once per side: each side is one rule, kept once, also
/// a side of no thickness (the box still ends there).
#[test]
fn rules_from_frames() {
    // Outer x 100..300, y 500..600; inner x 101..299, y 501..600 (no top side).
    let frame = "0 0 0 rg 100 500 200 100 re 101 501 198 99 re f*\n";
    let rules = rules_of(&frame.repeat(4));
    let expected = [[100.5, 192.0, 100.5, 292.0], [299.5, 192.0, 299.5, 292.0], [100.0, 192.0, 300.0, 192.0], [100.0, 291.5, 300.0, 291.5]];
    assert_rules(&rules, &expected);
}

/// Painting operators pdf-extract ignores end their path: a rectangle
/// filled with `f*` is not stroked by the next `S`; `B` fills and strokes.
#[test]
fn even_odd_fill_and_fill_stroke_end_their_paths() {
    assert_rules(&rules_of("100 100 50 50 re f*\n100 700 m 300 700 l S\n"), &[[100.0, 92.0, 300.0, 92.0]]);
    let edges = rules_of("100 100 50 20 re B\n");
    assert_rules(&edges, &[[100.0, 692.0, 150.0, 692.0], [150.0, 672.0, 150.0, 692.0], [100.0, 672.0, 150.0, 672.0], [100.0, 672.0, 100.0, 692.0]]);
}

/// An image XObject drawn with `cm` is placed where the matrix puts the
/// unit square.
#[test]
fn image_placement() {
    let mut pdf = TestPdf::new("q 200 0 0 100 50 600 cm /Im0 Do Q\n");
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Image"));
    dict.set("Width", 2);
    dict.set("Height", 2);
    dict.set("ColorSpace", name("DeviceGray"));
    dict.set("BitsPerComponent", 8);
    let image = pdf.document.add_object(Stream::new(dict, vec![0, 255, 255, 0]));
    pdf.add_xobject("Im0", image);
    let pages = read(&pdf.save());
    assert_eq!(pages[0].images.len(), 1);
    assert_eq!(pages[0].images[0].object, image);
    assert_box(&pages[0].images[0].bbox, [50.0, 92.0, 250.0, 192.0], "image");
    assert!(pages[0].glyphs.is_empty());
}

/// An image drawn inside a form is placed through the form's matrix and
/// the matrix where the form is drawn.
#[test]
fn image_inside_form_xobject() {
    let mut pdf = TestPdf::new("q 1 0 0 1 0 -100 cm /X0 Do Q\n");
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Image"));
    dict.set("Width", 1);
    dict.set("Height", 1);
    dict.set("ColorSpace", name("DeviceGray"));
    dict.set("BitsPerComponent", 8);
    let image = pdf.document.add_object(Stream::new(dict, vec![0]));
    let mut xobjects = Dictionary::new();
    xobjects.set("Im0", image);
    let mut resources = Dictionary::new();
    resources.set("XObject", xobjects);
    let mut xobject = form(b"q 200 0 0 100 0 600 cm /Im0 Do Q\n", Some(resources));
    xobject.dict.set("Matrix", Object::Array([1, 0, 0, 1, 50, 0].map(Object::from).to_vec()));
    let id = pdf.document.add_object(xobject);
    pdf.add_xobject("X0", id);
    let pages = read(&pdf.save());
    assert_eq!(pages[0].images.len(), 1);
    assert_eq!(pages[0].images[0].object, image);
    // User space: x 50..250, y 500..600.
    assert_box(&pages[0].images[0].bbox, [50.0, 192.0, 250.0, 292.0], "image");
}

/// Text inside a form XObject is read, through the form's `/Matrix` and the
/// matrix of the content that draws it; what the form does to the graphics
/// state stays inside it.
#[test]
fn text_inside_form_xobject() {
    let mut pdf = TestPdf::new(&("q 1 0 0 1 0 -100 cm /X0 Do Q\n".to_string() + &text_at("B", 72.0, 600.0, 10.0)));
    let mut fonts = Dictionary::new();
    fonts.set("F1", pdf.document.add_object(helvetica()));
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    // The form moves its own drawing down another 100 points.
    let content = "1 0 0 1 0 -100 cm ".to_string() + &text_at("H", 10.0, 800.0, 10.0);
    let mut xobject = form(content.as_bytes(), Some(resources));
    xobject.dict.set("Matrix", Object::Array([1, 0, 0, 1, 100, 0].map(Object::from).to_vec()));
    let id = pdf.document.add_object(xobject);
    pdf.add_xobject("X0", id);
    let pages = read(&pdf.save());
    assert_eq!(text(&pages[0].glyphs), "HB");
    let baseline = 792.0 - 600.0;
    assert_box(&pages[0].glyphs[0].bbox, glyph_box(110.0, baseline, HELVETICA_H, 10.0), "H");
    assert_box(&pages[0].glyphs[1].bbox, glyph_box(72.0, baseline, HELVETICA_B, 10.0), "B");
}

/// A ToUnicode CMap mapping two-byte codes 1, 2, 3 to "A", "B", "C".
const ABC_CMAP: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
3 beginbfchar\n<0001> <0041>\n<0002> <0042>\n<0003> <0043>\nendbfchar\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// A Type0 font over a CID font with widths `w` (its `/W` array), as `/F2`
/// of the page, drawing codes 1, 2, 3 at (100, 700) in 10 points.
fn cid_font_pdf(w: Object, inline_descendant: bool) -> Vec<u8> {
    let mut pdf = TestPdf::new("BT /F2 10 Tf 100 700 Td <000100020003> Tj ET\n");
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", name("FontDescriptor"));
    descriptor.set("FontName", name("TestCID"));
    descriptor.set("Flags", 32);
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", 0);
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", name("Font"));
    cid_font.set("Subtype", name("CIDFontType2"));
    cid_font.set("BaseFont", name("TestCID"));
    cid_font.set("CIDSystemInfo", system);
    cid_font.set("FontDescriptor", pdf.document.add_object(descriptor));
    cid_font.set("W", w);
    let descendant = if inline_descendant { Object::Dictionary(cid_font) } else { Object::Reference(pdf.document.add_object(cid_font)) };
    let cmap = pdf.document.add_object(Stream::new(Dictionary::new(), ABC_CMAP.as_bytes().to_vec()));
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type0"));
    font.set("BaseFont", name("TestCID"));
    font.set("Encoding", name("Identity-H"));
    font.set("DescendantFonts", vec![descendant]);
    font.set("ToUnicode", cmap);
    let font = pdf.document.add_object(font);
    pdf.resources_mut().get_mut(b"Font").and_then(Object::as_dict_mut).unwrap().set("F2", font);
    pdf.save()
}

/// `/W [1 2 500 3 [700]]`: codes 1 and 2 are 500 wide (a range), code 3 is
/// 700 wide (a list). pdf-extract alone misreads the range; the glyph
/// positions show the widths were taken as written.
#[test]
fn cid_font_width_ranges() {
    let w = || Object::Array(vec![1.into(), 2.into(), 500.into(), 3.into(), Object::Array(vec![700.into()])]);
    for inline in [false, true] {
        let pages = read(&cid_font_pdf(w(), inline));
        let glyphs = &pages[0].glyphs;
        assert_eq!(text(glyphs), "ABC", "inline descendant: {inline}");
        let baseline = 792.0 - 700.0;
        assert_box(&glyphs[0].bbox, glyph_box(100.0, baseline, 500.0, 10.0), "A");
        assert_box(&glyphs[1].bbox, glyph_box(105.0, baseline, 500.0, 10.0), "B");
        assert_box(&glyphs[2].bbox, glyph_box(110.0, baseline, 700.0, 10.0), "C");
    }
}

/// Reading changes the document for pdf-extract (page content, resources,
/// CID widths) and puts it back: the later stages (OCR renders pages) get
/// the document as the file has it.
#[test]
fn the_document_read_is_left_as_it_was() {
    let fixtures = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/text")).unwrap();
    let mut files: Vec<Vec<u8>> = fixtures.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).map(|p| std::fs::read(p).unwrap()).collect();
    let w = Object::Array(vec![1.into(), 2.into(), 500.into(), 3.into(), Object::Array(vec![700.into()])]);
    files.extend([cid_font_pdf(w.clone(), false), cid_font_pdf(w, true)]);
    for bytes in files {
        let read = pdf::read(&bytes).unwrap().document;
        let loaded = pdf_extract::Document::load_mem(&bytes).unwrap();
        assert_eq!(format!("{:?}", read.objects), format!("{:?}", loaded.objects));
        assert_eq!(read.max_id, loaded.max_id);
    }
}

/// The text outside a self-drawing form is still read, and reading ends.
#[test]
fn self_drawing_form_keeps_page_text() {
    let mut pdf = TestPdf::new(&(text_at("Page", 72.0, 720.0, 12.0) + "/X0 Do\n"));
    let id = pdf.document.new_object_id();
    let mut xobjects = Dictionary::new();
    xobjects.set("X0", id);
    let mut resources = Dictionary::new();
    resources.set("XObject", xobjects);
    pdf.document.objects.insert(id, Object::Stream(form(b"/X0 Do\n", Some(resources))));
    pdf.add_xobject("X0", id);
    assert_eq!(text(&read(&pdf.save())[0].glyphs), "Page");
}

/// Forms nested `MAX_FORM_DEPTH` deep are read; one level more is not.
#[test]
fn form_nesting_depth_limit() {
    for (depth, expected) in [(pdf::MAX_FORM_DEPTH, "Deep"), (pdf::MAX_FORM_DEPTH + 1, "")] {
        let mut pdf = TestPdf::new("/L1 Do\n");
        for level in 1..=depth {
            let content = if level == depth { text_at("Deep", 72.0, 700.0, 12.0) } else { format!("/L{} Do\n", level + 1) };
            let id = pdf.document.add_object(form(content.as_bytes(), None));
            pdf.add_xobject(&format!("L{level}"), id);
        }
        assert_eq!(text(&read(&pdf.save())[0].glyphs), expected, "depth {depth}");
    }
}

/// Reading stays within a 2 MiB stack (a worker thread's default) on the
/// deepest nesting it accepts: content nested a hundred thousand deep,
/// forms as deep as allowed.
#[test]
fn deep_nesting_fits_a_small_stack() {
    /// A spawned thread's default stack, in bytes.
    const THREAD_STACK: usize = 2 << 20;
    const DEPTH: usize = 100_000;
    let mut pdf = TestPdf::new(&("[".repeat(DEPTH) + &"]".repeat(DEPTH) + " pop\n/L1 Do\n"));
    for level in 1..=pdf::MAX_FORM_DEPTH {
        let content = if level == pdf::MAX_FORM_DEPTH { text_at("Deep", 72.0, 700.0, 12.0) } else { format!("/L{} Do\n", level + 1) };
        let id = pdf.document.add_object(form(content.as_bytes(), None));
        pdf.add_xobject(&format!("L{level}"), id);
    }
    let bytes = pdf.save();
    let pages = std::thread::Builder::new().stack_size(THREAD_STACK).spawn(move || read(&bytes)).unwrap().join().unwrap();
    assert_eq!(pages.len(), 1);
}

/// A page tree whose root names the page as its parent, no media box or
/// resources anywhere: the page reads with the default letter size.
#[test]
fn parent_cycle_reads_page() {
    let mut pdf = TestPdf::new(&text_at("H", 100.0, 700.0, 12.0));
    let (page_id, pages_id) = (pdf.page, pdf.pages);
    let font = pdf.document.add_object(helvetica());
    let page = pdf.page_mut();
    page.remove(b"MediaBox");
    let mut fonts = Dictionary::new();
    fonts.set("F1", font);
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    page.set("Resources", resources);
    pdf.document.get_object_mut(pages_id).and_then(Object::as_dict_mut).unwrap().set("Parent", page_id);
    let pages = read(&pdf.save());
    assert_close(pages[0].height, 792.0, "height");
    assert_eq!(text(&pages[0].glyphs), "H");
}

fn flate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn stream(filters: &[&str], content: Vec<u8>) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Filter", Object::Array(filters.iter().map(|f| name(f)).collect()));
    Stream::new(dict, content).with_compression(false)
}

/// `decoded_len` applies the filters in turn and stops past the cap.
#[test]
fn decoded_len_of_filter_chains() {
    let data = vec![b'x'; 10_000];
    let plain = Stream::new(Dictionary::new(), data.clone());
    assert_eq!(pdf::decoded_len(&plain, 10_000), Some(10_000));
    assert_eq!(pdf::decoded_len(&plain, 9_999), None);
    assert_eq!(pdf::decoded_len(&stream(&["FlateDecode"], flate(&data)), 10_000), Some(10_000));
    assert_eq!(pdf::decoded_len(&stream(&["FlateDecode"], flate(&data)), 9_999), None);
    // Compressed twice: the outer layer is small, the inner one is the data.
    let twice = flate(&flate(&data));
    assert_eq!(pdf::decoded_len(&stream(&["FlateDecode", "FlateDecode"], twice.clone()), 10_000), Some(10_000));
    assert_eq!(pdf::decoded_len(&stream(&["FlateDecode", "FlateDecode"], twice), 9_999), None);
    let mut lzw = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let lzw = lzw.encode(&data).unwrap();
    assert_eq!(pdf::decoded_len(&stream(&["LZWDecode"], lzw.clone()), 10_000), Some(10_000));
    assert_eq!(pdf::decoded_len(&stream(&["LZWDecode"], lzw), 9_999), None);
    // "z" is four zero bytes in ASCII85.
    assert_eq!(pdf::decoded_len(&stream(&["ASCII85Decode"], b"zzz~>".to_vec()), 12), Some(12));
    assert_eq!(pdf::decoded_len(&stream(&["ASCII85Decode"], b"zzz~>".to_vec()), 11), None);
}

/// A bomb is measured without inflating it all: the cap stops the work.
#[test]
fn decoded_len_stops_a_bomb() {
    let bomb = zlib_bomb(Dictionary::new(), 4096);
    assert_eq!(pdf::decoded_len(&bomb, pdf::MAX_STREAM_BYTES), None);
}

/// Streams each within `MAX_STREAM_BYTES` are refused when together they
/// inflate beyond `MAX_FILE_STREAM_BYTES`, and accepted when they do not.
#[test]
fn streams_inflating_too_far_together() {
    const MIB: usize = 1 << 20;
    let each = pdf::MAX_STREAM_BYTES / MIB - 4;
    let with_streams = |count: usize| {
        let mut pdf = TestPdf::new(&text_at("Annual Report", 72.0, 720.0, 12.0));
        for _ in 0..count {
            pdf.document.add_object(zlib_bomb(Dictionary::new(), each));
        }
        pdf::read(&pdf.save())
    };
    let fitting = pdf::MAX_FILE_STREAM_BYTES / (each * MIB);
    assert!(with_streams(fitting).is_ok());
    assert!(matches!(with_streams(fitting + 1), Err(Error::TooLarge(_))));
}

#[test]
fn too_many_pages() {
    let contents = vec![""; pdf::MAX_PAGES + 1];
    assert!(matches!(pdf::read(&TestPdf::with_pages(&contents).save()), Err(Error::TooLarge(_))));
    let contents = vec![""; pdf::MAX_PAGES];
    assert_eq!(read(&TestPdf::with_pages(&contents).save()).len(), pdf::MAX_PAGES);
}

#[test]
fn too_many_glyphs_on_a_page() {
    let run = format!("({}) Tj\n", "x".repeat(1000));
    let content = format!("BT /F1 1 Tf 0 0 Td {}ET\n", run.repeat(pdf::MAX_GLYPHS_PER_PAGE / 1000 + 1));
    assert!(matches!(pdf::read(&TestPdf::new(&content).save()), Err(Error::TooLarge(_))));
}

/// A font pdf-extract panics on ("missing width") keeps the glyphs drawn
/// before the panic, and the other pages are read.
#[test]
fn font_without_widths_spares_the_rest() {
    let mut pdf = TestPdf::with_pages(&[&text_at("AB", 72.0, 700.0, 12.0), &text_at("AB", 72.0, 700.0, 12.0)]);
    let mut fonts = Dictionary::new();
    fonts.set("F1", pdf.document.add_object(font_missing_widths()));
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    // Only page 1 uses the font.
    pdf.page_mut().set("Resources", resources);
    let pages = read(&pdf.save());
    assert_eq!(text(&pages[0].glyphs), "A");
    assert_eq!(text(&pages[1].glyphs), "AB");
}

/// A file cut before its `startxref` (nothing leads to its cross-reference
/// table) is read from the objects in it, and says so.
#[test]
fn missing_xref_is_rebuilt() {
    let bytes = TestPdf::new(&text_at("Hi", 72.0, 700.0, 12.0)).save();
    let file = pdf::read(&bytes).unwrap();
    assert!(!file.repaired);
    let start = bytes.windows(9).rposition(|w| w == b"startxref").unwrap();
    let objects_only = bytes[..start].to_vec();
    let file = pdf::read(&objects_only).unwrap();
    assert!(file.repaired);
    assert_eq!(text(&file.pages[0].glyphs), "Hi");
}
