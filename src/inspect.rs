//! Visual review: each page drawn as SVG (its words at their boxes, ruling
//! lines, images as outlines) with every extracted field boxed where it was
//! read, coloured by confidence and labelled with its JSON Pointer.

use std::fmt::Write;

use crate::Settings;
use crate::error::Error;
use crate::geometry::{BBox, Rule};
use crate::layout::{self, Word};
use crate::model::{Document, FieldEntry};
use crate::pdf::{self, Page};
use crate::xml::escape;

/// Below this confidence a field is drawn red (likely wrong).
pub const LOW_CONFIDENCE: f64 = 0.5;
/// Below this (and at least [`LOW_CONFIDENCE`]) a field is drawn orange
/// (worth a look); at or above it green.
pub const HIGH_CONFIDENCE: f64 = 0.9;

const RED: &str = "#d62728";
const ORANGE: &str = "#ff7f0e";
const GREEN: &str = "#2ca02c";
/// Outline colour of word boxes.
const WORD_OUTLINE: &str = "#9ecae1";
/// Colour of page images (scans), drawn as outlines only.
const IMAGE_OUTLINE: &str = "#bbbbbb";

/// Share of a word box's height below the text baseline (text-layer boxes
/// span the font's ascent and descent).
const WORD_DESCENT_SHARE: f64 = 0.2;
/// Stroke widths in points.
const RULE_STROKE: f64 = 0.6;
const WORD_STROKE: f64 = 0.2;
const FIELD_STROKE: f64 = 0.9;
/// Opacity of a field box's fill, so the words under it stay readable.
const FIELD_FILL_OPACITY: f64 = 0.12;
/// Size of the JSON Pointer labels above field boxes, in points.
const LABEL_FONT_SIZE: f64 = 3.5;
/// Size of the banner text at the top of a page, in points.
const BANNER_FONT_SIZE: f64 = 7.0;

/// The colour a field of this confidence is drawn in.
pub fn confidence_colour(confidence: f64) -> &'static str {
    if confidence < LOW_CONFIDENCE {
        RED
    } else if confidence < HIGH_CONFIDENCE {
        ORANGE
    } else {
        GREEN
    }
}

/// The pictures of a PDF: one SVG per page, and the extraction error when
/// the fields could not be read (the pages are drawn without fields then).
pub struct Inspection {
    pub pages: Vec<String>,
    pub extraction_error: Option<Error>,
}

/// Draw every page of the PDF with the fields `extract` finds on it.
pub fn inspect(bytes: &[u8], file_name: &str, settings: &Settings) -> Result<Inspection, Error> {
    let file = pdf::read(bytes)?;
    let (fields, extraction_error) = match crate::extract(bytes, file_name, settings) {
        Ok(Document { extraction, .. }) => (extraction.fields, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let banner = extraction_error.as_ref().map(|e| format!("no fields: {e}"));
    let pages = file
        .pages
        .iter()
        .map(|page| {
            let words = layout::words(&page.glyphs, &settings.layout);
            let on_page: Vec<&FieldEntry> = fields.iter().filter(|f| f.page == Some(page.number)).collect();
            draw_page(page, &words, &on_page, banner.as_deref())
        })
        .collect();
    Ok(Inspection { pages, extraction_error })
}

/// One page as SVG, in page points (top-left origin, as every box here is).
pub fn draw_page(page: &Page, words: &[Word], fields: &[&FieldEntry], banner: Option<&str>) -> String {
    let (w, h) = (page.width, page.height);
    let mut svg = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">"#
    );
    let _ = writeln!(svg, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    let _ = writeln!(svg, r#"<g id="images" fill="none" stroke="{IMAGE_OUTLINE}" stroke-dasharray="4 2">"#);
    for image in &page.images {
        rect(&mut svg, &image.bbox, "");
    }
    let _ = writeln!(svg, "</g>\n<g id=\"rules\" stroke=\"black\" stroke-width=\"{RULE_STROKE}\">");
    for Rule { x0, y0, x1, y1 } in &page.rules {
        let _ = writeln!(svg, r#"<line x1="{x0:.2}" y1="{y0:.2}" x2="{x1:.2}" y2="{y1:.2}"/>"#);
    }
    let _ = writeln!(svg, "</g>\n<g id=\"words\">");
    for word in words {
        let b = &word.bbox;
        rect(&mut svg, b, &format!(r#" fill="none" stroke="{WORD_OUTLINE}" stroke-width="{WORD_STROKE}""#));
        let baseline = b.y1 - WORD_DESCENT_SHARE * b.height();
        let _ = writeln!(
            svg,
            r##"<text x="{:.2}" y="{baseline:.2}" font-size="{:.2}" textLength="{:.2}" lengthAdjust="spacingAndGlyphs" fill="#333">{}</text>"##,
            b.x0,
            word.font_size,
            b.width().max(0.0),
            escape(&word.text)
        );
    }
    let _ = writeln!(svg, "</g>\n<g id=\"fields\">");
    for field in fields {
        let Some([x0, y0, x1, y1]) = field.bbox else { continue };
        let colour = confidence_colour(field.confidence);
        let tip = format!("{} = {:.3}{}", field.path, field.confidence, field.text.as_deref().map(|t| format!(" {t:?}")).unwrap_or_default());
        let _ = writeln!(svg, "<g><title>{}</title>", escape(&tip));
        rect(
            &mut svg,
            &BBox::new(x0, y0, x1, y1),
            &format!(r#" fill="{colour}" fill-opacity="{FIELD_FILL_OPACITY}" stroke="{colour}" stroke-width="{FIELD_STROKE}""#),
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.2}" y="{:.2}" font-size="{LABEL_FONT_SIZE}" fill="{colour}">{} {:.2}</text></g>"#,
            x0.min(x1),
            y0.min(y1) - FIELD_STROKE,
            escape(&field.path),
            field.confidence
        );
    }
    let _ = writeln!(svg, "</g>");
    if let Some(banner) = banner {
        let _ = writeln!(
            svg,
            r#"<text x="{BANNER_FONT_SIZE}" y="{BANNER_FONT_SIZE}" font-size="{BANNER_FONT_SIZE}" fill="{RED}">{}</text>"#,
            escape(banner)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn rect(svg: &mut String, b: &BBox, style: &str) {
    let _ = writeln!(svg, r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"{style}/>"#, b.x0, b.y0, b.width(), b.height());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_confidence_bands() {
        assert_eq!(confidence_colour(0.2), RED);
        assert_eq!(confidence_colour(LOW_CONFIDENCE), ORANGE);
        assert_eq!(confidence_colour(0.89), ORANGE);
        assert_eq!(confidence_colour(HIGH_CONFIDENCE), GREEN);
    }
}
