//! Confidence: evidence and cross-field checks → calibrated probabilities.

use crate::form4::Mapped;
use crate::layout::TextPage;
use crate::model::{FieldEntry, Filing};

/// The filing with a confidence for each field and the document.
#[derive(Debug, Clone)]
pub struct Scored {
    pub filing: Filing,
    pub fields: Vec<FieldEntry>,
    pub confidence: f64,
    pub warnings: Vec<String>,
}

/// Turn evidence into probabilities.
pub fn score(mapped: Mapped, _pages: &[TextPage]) -> Scored {
    let fields = mapped
        .evidence
        .iter()
        .map(|e| FieldEntry {
            path: e.path.clone(),
            confidence: 0.5,
            page: e.page,
            bbox: e.bbox.map(|b| b.to_array()),
            text: e.text.clone(),
        })
        .collect();
    Scored { filing: mapped.filing, fields, confidence: 0.5, warnings: mapped.warnings }
}
