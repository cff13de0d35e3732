//! form4: SEC Form 3/4/5 PDFs → EDGAR-shaped JSON with calibrated confidence.
//!
//! The pipeline, one module per stage, data flowing forward:
//! 1. [`pdf`]: bytes → pages of glyphs, ruling lines and images.
//! 2. [`ocr`]: image-only pages → words and rules (tesseract).
//! 3. [`layout`]: glyphs → words → lines.
//! 4. [`tables`]: ruling lines → cells; words placed in cells.
//! 5. [`form4`]: cells and lines → the filing's fields, each with evidence.
//! 6. [`confidence`]: evidence and cross-field checks → probabilities.
//! 7. [`output`]: the JSON document of `SCHEMA.md` ([`model`]).
//!
//! ```no_run
//! let bytes = std::fs::read("filing.pdf").unwrap();
//! let doc = form4::extract(&bytes, "filing.pdf", &form4::Settings::default()).unwrap();
//! println!("{}", doc.filing.issuer.name.unwrap_or_default());
//! ```

pub mod batch;
pub mod confidence;
pub mod error;
pub mod eval;
pub mod form4;
pub mod geometry;
pub mod inspect;
pub mod layout;
pub mod model;
pub mod ocr;
pub mod output;
pub mod pdf;
pub mod similarity;
pub mod tables;
pub mod xml;

pub use error::Error;
pub use model::Document;

/// Every tunable of the pipeline, with defaults that suit EDGAR forms.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub layout: layout::Settings,
    pub tables: tables::Settings,
    pub ocr: ocr::Settings,
}

/// Extract one filing from PDF bytes. `file_name` is only recorded in the
/// output's `extraction.source`.
pub fn extract(bytes: &[u8], file_name: &str, settings: &Settings) -> Result<Document, Error> {
    let file = guarded(|| pdf::read(bytes))?;
    let pages = text_pages(&file, settings)?;
    document(&file, &pages, bytes, file_name, settings)
}

/// Run one stage, turning a panic into [`Error::Internal`].
fn guarded<T>(stage: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    error::catch_panic(stage)
        .unwrap_or_else(|what| Err(Error::Internal(format!("the extraction failed unexpectedly ({what}); please report this file"))))
}

/// The filing read from a file's pages (see [`text_pages`]).
pub fn document(file: &pdf::PdfFile, text: &TextPages, bytes: &[u8], file_name: &str, settings: &Settings) -> Result<Document, Error> {
    guarded(|| {
        let TextPages { pages, images } = text;
        let mut mapped = form4::map(pages, images, &settings.layout, &settings.tables)?;
        if file.repaired {
            mapped.warnings.push("the PDF was damaged (truncated or a broken cross-reference table) and was read from the objects found in it".into());
        }
        let scored = confidence::score(mapped);
        let method = match (pages.iter().any(|p| p.ocr), pages.iter().any(|p| !p.ocr)) {
            (true, true) => model::Method::Mixed,
            (true, false) => model::Method::Ocr,
            _ => model::Method::Text,
        };
        Ok(output::document(scored, output::source(bytes, file_name, file.pages.len()), method))
    })
}

/// A file's pages as words and rules, with the images of the OCR'd ones.
pub struct TextPages {
    pub pages: Vec<layout::TextPage>,
    /// For reading a cell of a scanned page again.
    pub images: ocr::PageImages,
}

/// Each page as words and rules: from its text layer, or by OCR when it has none.
pub fn text_pages(file: &pdf::PdfFile, settings: &Settings) -> Result<TextPages, Error> {
    guarded(|| {
        let scanned: Vec<&pdf::Page> = file.pages.iter().filter(|p| ocr::needs_ocr(p)).collect();
        let ocr::OcrOutput { pages: ocr_pages, images } = ocr::read_pages(&file.document, &scanned, &settings.ocr)?;
        let mut ocr_pages = ocr_pages.into_iter();
        let mut pages = Vec::with_capacity(file.pages.len());
        for page in &file.pages {
            if ocr::needs_ocr(page) {
                pages.extend(ocr_pages.next());
            } else {
                pages.push(text_layer_page(page, settings));
            }
        }
        Ok(TextPages { pages, images })
    })
}

/// A page as its text layer shows it (nothing of a scan's image).
pub fn text_layer_page(page: &pdf::Page, settings: &Settings) -> layout::TextPage {
    layout::TextPage {
        number: page.number,
        width: page.width,
        height: page.height,
        words: layout::words(&page.glyphs, &settings.layout),
        rules: page.rules.clone(),
        ocr: false,
    }
}
