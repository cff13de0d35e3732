//! Output: the JSON document of `SCHEMA.md`.

use sha2::{Digest, Sha256};

use crate::confidence::Scored;
use crate::model::{Document, Extraction, Method, Source};

/// The `extraction.source` record of an input.
pub fn source(bytes: &[u8], file_name: &str, pages: usize) -> Source {
    let digest = Sha256::digest(bytes);
    let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
    Source { file: file_name.to_string(), sha256, pages: pages as u32 }
}

/// Assemble the output document.
pub fn document(scored: Scored, source: Source, method: Method) -> Document {
    Document {
        filing: scored.filing,
        extraction: Extraction {
            source,
            method,
            confidence: scored.confidence,
            fields: scored.fields,
            warnings: scored.warnings,
        },
    }
}

/// The document as JSON text, compact or indented.
pub fn to_json(document: &Document, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(document) } else { serde_json::to_string(document) };
    text.expect("the output types always serialize")
}
