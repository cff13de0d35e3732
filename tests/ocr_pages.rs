//! The OCR stage end to end on scans copied to `fixtures/scan/`: two of
//! the dev corpus (a medium gray JPEG at 150 dpi and a heavy bilevel CCITT
//! G4 at 150 dpi) and one the corpus generator made with seed 777 (a
//! heavy gray JPEG at 200 dpi on dark paper). These tests need tesseract
//! (CI installs it).

use std::path::Path;
use std::process::Command;

use form4::geometry::BBox;
use form4::layout::{TextPage, Word};
use form4::ocr::{self, Charset, OcrOutput, Settings};

fn require_tesseract() {
    let found = Command::new("tesseract")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "these tests need tesseract on PATH: apt-get install tesseract-ocr"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scan").join(name)).expect("fixture")
}

fn ocr_fixture(name: &str) -> OcrOutput {
    require_tesseract();
    let file = form4::pdf::read(&fixture(name)).unwrap();
    let pages: Vec<&form4::pdf::Page> = file.pages.iter().collect();
    assert!(pages.iter().all(|p| ocr::needs_ocr(p)));
    ocr::read_pages(&file.document, &pages, &Settings::default()).expect("OCR of the fixture")
}

/// The JSON form4 extracts from a scanned fixture.
fn extracted_json(name: &str) -> serde_json::Value {
    require_tesseract();
    let document = form4::extract(&fixture(name), name, &form4::Settings::default()).unwrap();
    serde_json::to_value(&document).unwrap()
}

fn word<'a>(page: &'a TextPage, text: &str) -> &'a Word {
    page.words
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} on page {}", page.number))
}

/// The long rules of the page: (horizontal, vertical).
fn long_rules(page: &TextPage, min_length: f64) -> (usize, usize) {
    let long = page.rules.iter().filter(|r| r.length() >= min_length);
    let horizontal = long.clone().filter(|r| r.is_horizontal()).count();
    (horizontal, long.count() - horizontal)
}

#[test]
fn gray_scan_reads_words_rules_and_cells() {
    let output = ocr_fixture("sc-0027.pdf");
    assert_eq!(output.pages.len(), 1);
    let page = &output.pages[0];
    assert!(page.ocr);
    assert_eq!(
        (page.number, page.width.round(), page.height.round()),
        (1, 612.0, 792.0)
    );
    for text in ["SCHWAB", "Bettinger", "WESTLAKE", "03/14/2023", "50,000", "$59.31"] {
        let w = word(page, text);
        assert!(
            w.confidence > 0.0 && w.confidence <= 1.0,
            "{text}: confidence {}",
            w.confidence
        );
    }
    assert!(
        word(page, "SCHWAB").confidence > 0.8,
        "clear capitals read with confidence"
    );
    // Positions as on the text rendering of this filing (scan shift and
    // zoom are a few points): the transaction row sits under Table I.
    let shares = word(page, "50,000").bbox;
    let date = word(page, "03/14/2023").bbox;
    assert!(shares.x0 > date.x1, "the share count is right of the date");
    assert!(
        shares.x0 > 300.0 && shares.x1 < 420.0 && shares.y0 > 250.0 && shares.y1 < 400.0,
        "{shares:?}"
    );
    assert!(shares.height() > 4.0 && shares.height() < 12.0, "a line of small type, in points: {shares:?}");
    // The modern layout's boxes and table grids.
    let (horizontal, vertical) = long_rules(page, 20.0);
    assert!(
        horizontal >= 20 && vertical >= 20,
        "{horizontal} horizontal, {vertical} vertical rules"
    );
    assert!(
        page.rules
            .iter()
            .any(|r| r.is_horizontal() && r.length() > 0.8 * page.width),
        "a rule across the page"
    );

    // Cells read again: two stacked in one run, one off the page, one on a
    // page that was not read.
    let request = |page, bbox, charset| ocr::CellRequest { page, bbox, charset };
    let grown = |b: BBox| BBox::new(b.x0 - 3.0, b.y0 - 3.0, b.x1 + 3.0, b.y1 + 3.0);
    let reads = output.images.reread(&[
        request(1, grown(shares), Charset::Number),
        request(1, grown(date), Charset::Date),
        request(1, BBox::new(2000.0, 2000.0, 2100.0, 2010.0), Charset::Code),
        request(2, shares, Charset::Number),
    ]);
    let texts: Vec<Option<String>> = reads.iter().map(|r| r.as_ref().map(|r| r.text())).collect();
    assert_eq!(texts, [Some("50,000".to_string()), Some("03/14/2023".to_string()), None, None]);
    assert!(reads[0].as_ref().is_some_and(|r| r.confidence() > 0.5), "{reads:?}");
    // Ink: the amount's box holds some; paper beside the page's type none.
    assert!(output.images.ink(1, shares).is_some_and(|a| a > 5.0), "ink under the amount");
    assert_eq!(output.images.ink(2, shares), None, "page 2 was not read");
}

#[test]
fn heavy_bilevel_scan_reads_key_words() {
    let output = ocr_fixture("sc-0012.pdf");
    assert_eq!(output.pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2]);
    let first = &output.pages[0];
    for text in ["BOSTON", "BERKELEY", "Common", "Stock"] {
        word(first, text);
    }
    let (horizontal, vertical) = long_rules(first, 20.0);
    assert!(
        horizontal >= 15 && vertical >= 15,
        "{horizontal} horizontal, {vertical} vertical rules"
    );
}

/// Faint values on dark gray paper, of which tesseract reads nothing
/// when their cells are stacked as scanned, are read again black on white.
#[test]
fn faint_values_on_gray_paper_are_read_again() {
    let value = extracted_json("s777-sc-0025.pdf");
    let rows = value["nonDerivativeTable"]["transactions"].as_array().unwrap();
    let column = |field: &str| rows.iter().map(|r| r[field].as_f64()).collect::<Vec<_>>();
    assert_eq!(column("pricePerShare")[1..3], [Some(332.96), Some(335.02)]);
    assert_eq!(column("shares")[1], Some(5902.0));
    assert_eq!(column("sharesOwnedFollowingTransaction")[0], Some(161966.0));
}

/// A joint filing's owner boxes on a page turned 1.9 degrees whose scan
/// left dark bands along the image's edges (which must not set the skew),
/// one box split by a page break, their "(Zip)" markers garbled.
#[test]
fn owner_boxes_of_a_turned_page_with_dark_edges_are_read() {
    let value = extracted_json("s777-sc-0017.pdf");
    let owners = value["reportingOwners"].as_array().unwrap();
    let address = |i: usize| ["street1", "street2", "city", "state", "zipCode"].map(|k| owners[i]["address"][k].as_str().unwrap_or_default().to_string());
    let toronto = |street1: &str, street2: &str| [street1, street2, "TORONTO ONTARIO", "A6", "M5J2T3"].map(String::from);
    assert_eq!(owners[2]["name"], "BIPC Holding LP");
    assert_eq!(address(2), toronto("C/O BROOKFIELD CORPORATION", "BROOKFIELD PLACE 181 BAY ST SUITE 100"));
    assert_eq!(address(3)[2..], toronto("", "")[2..]);
    // Split by the page break: its address is all on the next page.
    assert_eq!(address(1)[..3], toronto("C/O BROOKFIELD CORPORATION", "BROOKFIELD PLACE 181 BAY ST SUITE 100")[..3]);
}

/// A signature block whose date lost a slash ("02/132025", no page
/// number), whose second row's box a speck stretched down into the label,
/// and whose opening "{s/" only the page read holds; box 3's label garbled
/// past finding ("3 Date of Ears! Tatsuo").
#[test]
fn a_garbled_signature_block_and_period_box_are_read() {
    let value = extracted_json("s777-sc-0013.pdf");
    assert_eq!(value["signatures"][0]["name"], "/s/ Nicholas De La Cruz, Attorney-in-Fact");
    assert_eq!(value["signatures"][0]["date"], "2025-02-13");
    // Taken from the earliest transaction, with a warning.
    assert_eq!(value["periodOfReport"], "2025-02-12");
    let warnings = value["extraction"]["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().starts_with("/periodOfReport: its box was not read")), "{warnings:?}");
}

/// Tesseract boxed "Class" over its "C" alone and read the rest on
/// another line ("lass"), on a light scan.
#[test]
fn a_word_tesseract_split_over_two_lines_is_read_whole() {
    let value = extracted_json("s777-sc-0010.pdf");
    let holdings = value["derivativeTable"]["holdings"].as_array().unwrap();
    let titles: Vec<&str> = holdings.iter().map(|h| h["underlyingSecurityTitle"].as_str().unwrap_or_default()).collect();
    assert_eq!(titles, ["Class B Common Stock"; 6]);
}

#[test]
fn missing_tesseract_says_what_to_install() {
    let file = form4::pdf::read(&fixture("sc-0027.pdf")).unwrap();
    let pages: Vec<&form4::pdf::Page> = file.pages.iter().collect();
    let settings = Settings {
        tesseract: "/nonexistent/tesseract".into(),
        ..Settings::default()
    };
    let error = ocr::read_pages(&file.document, &pages, &settings).expect_err("no tesseract");
    assert_eq!((error.kind(), error.exit_code()), ("needs-ocr", 7));
    assert!(error.to_string().contains("apt-get install tesseract-ocr"), "{error}");
}

#[test]
fn a_program_over_its_time_limit_is_stopped() {
    require_tesseract();
    let file = form4::pdf::read(&fixture("sc-0027.pdf")).unwrap();
    let pages: Vec<&form4::pdf::Page> = file.pages.iter().collect();
    let settings = Settings {
        timeout_seconds: 0.0,
        ..Settings::default()
    };
    let error = ocr::read_pages(&file.document, &pages, &settings).expect_err("no time at all");
    assert_eq!(error.kind(), "too-large");
    assert!(error.to_string().contains("did not finish"), "{error}");
}

#[test]
fn pages_render_with_pdftoppm() {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), fixture("sc-0012.pdf")).unwrap();
    let gray = ocr::source::render(file.path(), 2, 72.0, std::time::Duration::from_secs(60)).expect("pdftoppm renders");
    assert_eq!(gray.dimensions(), (612, 792));
    assert!(gray.pixels().any(|p| p.0[0] < 128), "ink on the page");
}
