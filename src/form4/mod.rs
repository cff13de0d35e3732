//! Form 3/4/5 mapping: pages of words, lines and cells → the filing's
//! fields, each with the evidence its confidence is computed from.

use crate::error::Error;
use crate::geometry::BBox;
use crate::layout::TextPage;
use crate::model::Filing;

/// What the page showed for one field, and how well it fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// JSON Pointer of the field in the data part.
    pub path: String,
    pub page: Option<u32>,
    pub bbox: Option<BBox>,
    /// The raw text read for the field.
    pub text: Option<String>,
    /// Lowest reader confidence of the words used (1 for a text layer).
    pub reading: f64,
    /// The text has the shape the field wants (date, amount, code…); `None`
    /// for free text.
    pub format_ok: Option<bool>,
    /// How well the label or column header that located the field matched, 0–1.
    pub label_match: f64,
    /// The value was found where expected (1) or had to be guessed (less).
    pub placement: f64,
}

/// A mapped filing with the evidence of every field.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub filing: Filing,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
}

/// Map the pages of one file; `NotAForm` when they are not a Form 3/4/5.
pub fn map(pages: &[TextPage], _settings: &crate::tables::Settings) -> Result<Mapped, Error> {
    let _ = pages;
    Err(Error::NotAForm("mapping not implemented".into()))
}
