//! form4: SEC Form 3/4/5 PDFs → EDGAR-shaped JSON with calibrated confidence.
//!
//! The pipeline, one module per stage:
//! 1. [`pdf`]: bytes → pages of glyphs, ruling lines and images.
//! 2. [`layout`]: glyphs → words → lines.
//! 3. [`tables`]: ruling lines → cells; words placed in cells.
//! 4. [`form4`]: cells and lines → the filing's fields, with evidence.
//! 5. [`confidence`]: evidence and cross-field checks → probabilities.
//! 6. [`output`]: the JSON document of `SCHEMA.md`.

pub mod error;
pub mod geometry;
pub mod pdf;

pub use error::Error;
