//! `form4 inspect`: pages drawn with their words, rules and field boxes.

use form4::inspect::{self, HIGH_CONFIDENCE, LOW_CONFIDENCE, Layers, confidence_colour, draw_page};
use form4::model::FieldEntry;
use form4::{Settings, layout, pdf, tables};

const PDF: &str = "/work/shared/corpus/dev/real-modern/rm-dgunning_374WaterForm4.pdf";

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn field(path: &str, confidence: f64, bbox: [f64; 4]) -> FieldEntry {
    FieldEntry { path: path.into(), confidence, page: Some(1), bbox: Some(bbox), text: Some("a < b".into()) }
}

#[test]
fn every_page_is_drawn_with_its_words_and_rules() {
    let bytes = std::fs::read(PDF).unwrap();
    let settings = Settings::default();
    let file = pdf::read(&bytes).unwrap();
    let inspection = inspect::inspect(&bytes, PDF, &settings, false).unwrap();
    assert_eq!(inspection.pages.len(), file.pages.len());
    for (svg, page) in inspection.pages.iter().zip(&file.pages) {
        let words = layout::words(&page.glyphs, &settings.layout);
        assert!(!words.is_empty());
        assert_eq!(count(svg, "<line "), page.rules.len());
        let cells = tables::cells(&page.rules, &settings.tables);
        assert!(!cells.is_empty());
        let cell_group = svg.split("<g id=\"cells\"").nth(1).unwrap().split("</g>").next().unwrap();
        assert_eq!(count(cell_group, "<rect "), cells.len());
        // one outline and one text per word
        assert_eq!(count(svg, "lengthAdjust=\"spacingAndGlyphs\""), words.len());
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", page.width, page.height)));
    }
    assert!(inspection.pages[0].contains(">SCWO<"), "the ticker is drawn as a word");
}

#[test]
fn fields_are_boxed_in_their_confidence_colour_and_labelled() {
    let page = layout::TextPage { number: 1, width: 612.0, height: 792.0, ..Default::default() };
    let fields = [
        field("/issuer/name", 0.3, [10.0, 20.0, 110.0, 30.0]),
        field("/issuer/tradingSymbol", 0.7, [120.0, 20.0, 160.0, 30.0]),
        field("/periodOfReport", 0.95, [10.0, 40.0, 60.0, 50.0]),
        FieldEntry { path: "/remarks".into(), confidence: 1.0, page: None, bbox: None, text: None },
    ];
    let refs: Vec<&FieldEntry> = fields.iter().collect();
    let svg = draw_page(&Layers {
        page: &page,
        images: &[],
        cells: &[],
        fields: &refs,
        banner: Some("note & more"),
        background: None,
    });
    for (conf, path) in [(0.3, "/issuer/name"), (0.7, "/issuer/tradingSymbol"), (0.95, "/periodOfReport")] {
        let colour = confidence_colour(conf);
        assert!(svg.contains(&format!("stroke=\"{colour}\"")), "{path} boxed in {colour}");
        assert!(svg.contains(&format!(">{path} {conf:.2}</text>")), "{path} labelled");
    }
    assert_ne!(confidence_colour(LOW_CONFIDENCE - 0.01), confidence_colour(HIGH_CONFIDENCE));
    assert_eq!(count(&svg, "<title>"), 3, "a field without a box is not drawn");
    assert!(svg.contains("<rect x=\"10.00\" y=\"20.00\" width=\"100.00\" height=\"10.00\""));
    assert!(svg.contains("&quot;a &lt; b&quot;") && svg.contains("note &amp; more"));
}

#[test]
fn a_file_that_is_not_a_pdf_is_an_error() {
    let err = inspect::inspect(b"hello", "x.pdf", &Settings::default(), false).err().expect("an error");
    assert_eq!(err.kind(), "unreadable");
}

#[test]
fn the_background_is_the_rendered_page_and_words_are_outlined_only() {
    let bytes = std::fs::read(PDF).unwrap();
    let png = inspect::rasterize(&bytes, 1).expect("pdftoppm is installed (poppler-utils)");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let inspection = inspect::inspect(&bytes, PDF, &Settings::default(), true).unwrap();
    assert!(inspection.warnings.is_empty(), "{:?}", inspection.warnings);
    let svg = &inspection.pages[0];
    assert_eq!(count(svg, "href=\"data:image/png;base64,"), 1);
    assert_eq!(count(svg, "lengthAdjust"), 0, "no drawn text over the print");
    assert!(count(svg, "stroke=\"#9ecae1\"") > 100, "word outlines stay");
    assert!(inspect::rasterize(&bytes, 99).is_err(), "a page the file does not have");
}

#[test]
fn a_scanned_page_shows_the_words_and_rules_ocr_found() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/scan/sc-0028.pdf");
    let bytes = std::fs::read(path).unwrap();
    let settings = Settings::default();
    let file = pdf::read(&bytes).unwrap();
    assert!(file.pages[0].glyphs.is_empty(), "an image-only page");
    let text = form4::text_pages(&file, &settings).unwrap();
    let inspection = inspect::inspect(&bytes, path, &settings, false).unwrap();
    assert!(inspection.extraction_error.is_none());
    let svg = &inspection.pages[0];
    assert!(text.pages[0].words.len() > 100 && text.pages[0].rules.len() > 10);
    assert_eq!(count(svg, "lengthAdjust=\"spacingAndGlyphs\""), text.pages[0].words.len());
    assert_eq!(count(svg, "<line "), text.pages[0].rules.len());
    assert!(svg.contains(">/issuer/name "), "fields are boxed too");
}
