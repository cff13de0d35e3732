//! OCR of image-only pages with tesseract, into the same words and rules
//! that the text layer gives.

use crate::error::Error;
use crate::layout::TextPage;
use crate::pdf::Page;

/// Tunables of the OCR stage.
#[derive(Debug, Clone, Default)]
pub struct Settings {}

/// A page with no text to speak of, but an image: a scan.
pub fn needs_ocr(page: &Page) -> bool {
    page.glyphs.is_empty() && !page.images.is_empty()
}

/// OCR the given pages (in parallel); one `TextPage` per input page, in order.
pub fn read_pages(_document: &pdf_extract::Document, pages: &[&Page], _settings: &Settings) -> Result<Vec<TextPage>, Error> {
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    Err(Error::NeedsOcr("the PDF has image-only pages and OCR is not built in yet".into()))
}
