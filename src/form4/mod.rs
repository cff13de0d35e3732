//! Form 3/4/5 mapping: pages of words, lines and cells → the filing's
//! fields, each with the evidence its confidence is computed from.
//!
//! Everything is located by its printed label (fuzzy-matched), never by
//! coordinates, so other paper sizes, scales, fonts and producers work.

mod boxes;
mod notes;
mod page;
mod price_ranges;
mod readings;
mod table;
mod titles;
pub mod values;

use crate::error::Error;
use crate::geometry::BBox;
use crate::layout::{self, TextPage};
use crate::model::Filing;
use crate::ocr::PageImages;
use crate::tables;

pub use page::{PageView, Span};

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
    /// Whether a second, restricted reading of a scanned box agreed.
    pub second_reading: Option<bool>,
    /// The text has the shape the field wants (date, amount, code…); `None`
    /// for free text or a field decided empty.
    pub format_ok: Option<bool>,
    /// How well the label or column header that located the field matched, 0–1.
    pub label_match: f64,
    /// What kind of value it is, for the confidence model.
    pub kind: FieldKind,
    /// Whether the value had to be inferred where the page is ambiguous.
    pub inferred: bool,
    /// Decided empty where the scanned box holds no ink.
    pub on_paper: bool,
}

/// Kinds of fields, which differ in how often they go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text: names, titles, footnotes.
    Text,
    /// A number.
    Amount,
    Date,
    /// A one-letter code or choice.
    Code,
    /// A check box.
    Flag,
    /// A list of footnote ids.
    Footnotes,
    /// Nothing printed where the field would be.
    Empty,
}

/// A mapped filing with the evidence of every field.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub filing: Filing,
    /// Some page was read by OCR: the fields carry its doubts.
    pub ocr: bool,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
}

/// Collects evidence as fields are filled.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    evidence: Vec<Evidence>,
    warnings: Vec<String>,
}

impl Recorder {
    /// Record a field read from `span` (or decided empty when `None`).
    pub fn put(&mut self, path: impl Into<String>, span: Option<&Span>, kind: FieldKind, format_ok: Option<bool>, label_match: f64) {
        self.evidence.push(Evidence {
            path: path.into(),
            page: span.map(|s| s.page),
            bbox: span.map(|s| s.bbox),
            text: span.map(|s| s.text.clone()),
            reading: span.map_or(1.0, |s| s.reading),
            second_reading: span.and_then(|s| s.second_reading),
            format_ok,
            label_match,
            kind: if span.is_some() { kind } else { FieldKind::Empty },
            inferred: false,
            on_paper: false,
        });
    }

    /// Mark the field last recorded as inferred.
    pub fn inferred(&mut self) {
        if let Some(e) = self.evidence.last_mut() {
            e.inferred = true;
        }
    }

    /// Mark the field last recorded, decided empty, as blank paper in the
    /// scanned box `bbox` of page `page`.
    pub fn blank_on_paper(&mut self, page: u32, bbox: BBox) {
        if let Some(e) = self.evidence.last_mut().filter(|e| e.kind == FieldKind::Empty) {
            (e.page, e.bbox, e.on_paper) = (Some(page), Some(bbox), true);
        }
    }

    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }
}

/// Which form the pages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormType {
    Three,
    Four,
    Five,
}

/// Map the pages of one file; `NotAForm` when they are not a Form 3/4/5.
/// `images` holds the scanned pages, for reading a doubtful cell again.
pub fn map(pages: &[TextPage], images: &PageImages, layout: &layout::Settings, settings: &tables::Settings) -> Result<Mapped, Error> {
    let views: Vec<PageView> = pages.iter().map(|p| PageView::new(p, layout, settings)).collect();
    let mut rec = Recorder::default();
    let mut filing = Filing::default();
    let form = boxes::form_type(&views, &mut filing, &mut rec)?;
    boxes::header(&views, images, form, &mut filing, &mut rec);
    table::tables(&views, images, form, &mut filing, &mut rec);
    boxes::period_from_transactions(form, &mut filing, &mut rec);
    notes::owners(&views, images, &mut filing, &mut rec);
    notes::footnotes_and_remarks(&views, images, &mut filing, &mut rec);
    notes::signatures(&views, images, &mut filing, &mut rec);
    if !images.is_empty() {
        notes::drop_unprinted_marks(&mut filing, &mut rec);
        price_ranges::marks_by_price_range(&mut filing, &mut rec);
    }
    if filing.document_type.as_deref().is_some_and(|t| !t.ends_with("/A")) && filing.date_of_original_submission.is_some() {
        let amended = format!("{}/A", filing.document_type.as_deref().unwrap_or_default());
        filing.document_type = Some(amended);
    }
    Ok(Mapped { filing, ocr: pages.iter().any(|p| p.ocr), evidence: rec.evidence, warnings: rec.warnings })
}
