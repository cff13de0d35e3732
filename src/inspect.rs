//! Visual review: each page drawn as SVG (its words at their boxes, ruling
//! lines, table cells and images as outlines) with every extracted field boxed where it was
//! read, coloured by confidence and labelled with its JSON Pointer.
//!
//! With a background, the page as poppler's `pdftoppm` renders it lies under
//! the drawing, so boxes can be checked against the real print (and scans
//! show their image); words are then outlined only.

use std::fmt::Write;
use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::Settings;
use crate::error::Error;
use crate::geometry::{BBox, Rule};
use crate::layout::TextPage;
use crate::model::{Document, FieldEntry};
use crate::pdf::{self, PageImage};
use crate::tables::{self, Cell};
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
/// Outline colour of table cells (from the ruling lines).
const CELL_OUTLINE: &str = "#9467bd";
/// Colour of page images (scans), drawn as outlines only.
const IMAGE_OUTLINE: &str = "#bbbbbb";

/// Share of a word box's height below the text baseline (text-layer boxes
/// span the font's ascent and descent).
const WORD_DESCENT_SHARE: f64 = 0.2;
/// Stroke widths in points.
const RULE_STROKE: f64 = 0.6;
const WORD_STROKE: f64 = 0.2;
const CELL_STROKE: f64 = 0.3;
const FIELD_STROKE: f64 = 0.9;
/// Opacity of a field box's fill, so the words under it stay readable.
const FIELD_FILL_OPACITY: f64 = 0.12;
/// Size of the JSON Pointer labels above field boxes, in points.
const LABEL_FONT_SIZE: f64 = 3.5;
/// Size of the banner text at the top of a page, in points.
const BANNER_FONT_SIZE: f64 = 7.0;
/// Resolution of background page images, in dots per inch (3 pixels per
/// point: sharp enough to read 6 pt print when zoomed).
const BACKGROUND_DPI: u32 = 216;
/// The renderer of background images (poppler-utils).
const RASTERIZER: &str = "pdftoppm";

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

/// The pictures of a PDF: one SVG per page, the extraction error when the
/// fields could not be read (the pages are drawn without fields then), and
/// what else went wrong on the way (a missing background).
pub struct Inspection {
    pub pages: Vec<String>,
    pub extraction_error: Option<Error>,
    pub warnings: Vec<String>,
}

/// Draw every page of the PDF with the fields `extract` finds on it; with
/// `background`, over the page as rendered by `pdftoppm`. Scanned pages show
/// the words and rules OCR found (what the text layer has when OCR fails).
pub fn inspect(bytes: &[u8], file_name: &str, settings: &Settings, background: bool) -> Result<Inspection, Error> {
    let file = pdf::read(bytes)?;
    let (text_pages, extraction) = match crate::text_pages(&file, settings) {
        Ok(text) => {
            let document = crate::document(&file, &text, bytes, file_name, settings);
            (text.pages, document)
        }
        Err(e) => (file.pages.iter().map(|page| crate::text_layer_page(page, settings)).collect(), Err(e)),
    };
    let (fields, extraction_error) = match extraction {
        Ok(Document { extraction, .. }) => (extraction.fields, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let banner = extraction_error.as_ref().map(|e| format!("no fields: {e}"));
    let mut warnings = Vec::new();
    let pages = file
        .pages
        .iter()
        .zip(&text_pages)
        .map(|(page, text)| {
            let cells = tables::cells(&text.rules, &settings.tables);
            let on_page: Vec<&FieldEntry> = fields.iter().filter(|f| f.page == Some(page.number)).collect();
            let image = if background {
                rasterize(bytes, page.number)
                    .map_err(|e| warnings.push(format!("page {}: no background: {e}", page.number)))
                    .ok()
            } else {
                None
            };
            draw_page(&Layers {
                page: text,
                images: &page.images,
                cells: &cells,
                fields: &on_page,
                banner: banner.as_deref(),
                background: image.as_deref(),
            })
        })
        .collect();
    Ok(Inspection { pages, extraction_error, warnings })
}

/// One page of the PDF as PNG, rendered by `pdftoppm`.
pub fn rasterize(bytes: &[u8], page_number: u32) -> Result<Vec<u8>, String> {
    let page = page_number.to_string();
    let mut child = Command::new(RASTERIZER)
        .args(["-png", "-r", &BACKGROUND_DPI.to_string(), "-f", &page, "-l", &page, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {RASTERIZER} ({e}); install poppler-utils"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let output = std::thread::scope(|scope| {
        // Feed the PDF while reading the image, so neither pipe fills up.
        scope.spawn(move || stdin.write_all(bytes));
        child.wait_with_output()
    })
    .map_err(|e| format!("{RASTERIZER} failed: {e}"))?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!("{RASTERIZER} failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(output.stdout)
}

/// Standard base64 with padding (RFC 4648), for embedding images.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What is drawn of one page, bottom to top.
pub struct Layers<'a> {
    /// The page's words and ruling lines (from its text layer or OCR).
    pub page: &'a TextPage,
    /// The images drawn on the page.
    pub images: &'a [PageImage],
    pub cells: &'a [Cell],
    pub fields: &'a [&'a FieldEntry],
    /// A line of text at the top (why there are no fields, say).
    pub banner: Option<&'a str>,
    /// A PNG of the whole page to lay under everything.
    pub background: Option<&'a [u8]>,
}

/// One page as SVG, in page points (top-left origin, as every box here is).
pub fn draw_page(layers: &Layers) -> String {
    let Layers { page, images, cells, fields, banner, background } = *layers;
    let (w, h) = (page.width, page.height);
    let mut svg = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">"#
    );
    let _ = writeln!(svg, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    if let Some(png) = background {
        let _ = writeln!(
            svg,
            r#"<image width="{w}" height="{h}" preserveAspectRatio="none" href="data:image/png;base64,{}"/>"#,
            base64(png)
        );
    }
    let _ = writeln!(svg, r#"<g id="images" fill="none" stroke="{IMAGE_OUTLINE}" stroke-dasharray="4 2">"#);
    for image in images {
        rect(&mut svg, &image.bbox, "");
    }
    let _ = writeln!(svg, "</g>\n<g id=\"cells\" fill=\"none\" stroke=\"{CELL_OUTLINE}\" stroke-width=\"{CELL_STROKE}\">");
    for cell in cells {
        rect(&mut svg, &cell.bbox, "");
    }
    let _ = writeln!(svg, "</g>\n<g id=\"rules\" stroke=\"black\" stroke-width=\"{RULE_STROKE}\">");
    for Rule { x0, y0, x1, y1 } in &page.rules {
        let _ = writeln!(svg, r#"<line x1="{x0:.2}" y1="{y0:.2}" x2="{x1:.2}" y2="{y1:.2}"/>"#);
    }
    let _ = writeln!(svg, "</g>\n<g id=\"words\">");
    for word in &page.words {
        let b = &word.bbox;
        rect(&mut svg, b, &format!(r#" fill="none" stroke="{WORD_OUTLINE}" stroke-width="{WORD_STROKE}""#));
        if background.is_some() {
            continue; // the print shows the text itself
        }
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
        let tip = format!(
            "{} = {:.3}{}",
            field.path,
            field.confidence,
            field.text.as_deref().map(|t| format!(" {t:?}")).unwrap_or_default()
        );
        let _ = writeln!(svg, "<g><title>{}</title>", escape(&tip));
        rect(
            &mut svg,
            &BBox::new(x0, y0, x1, y1),
            &format!(
                r#" fill="{colour}" fill-opacity="{FIELD_FILL_OPACITY}" stroke="{colour}" stroke-width="{FIELD_STROKE}""#
            ),
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
    let _ = writeln!(
        svg,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"{style}/>"#,
        b.x0,
        b.y0,
        b.width(),
        b.height()
    );
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

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
