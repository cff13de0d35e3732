//! Where a scanned page's pixels come from: the page's one full-page image
//! taken out of the PDF as it is (JPEG, raw samples, CCITT G4), or, when the
//! page is anything else, a rendering of the page by `pdftoppm`.

use std::path::Path;
use std::process::Command;

use image::GrayImage;
use pdf_extract::{Dictionary, Document, Object, Stream};

use super::process;
use crate::error::Error;
use crate::geometry::BBox;
use crate::pdf::Page;

/// Least share of the page area an image must cover to be read as the scan
/// of the whole page.
const FULL_PAGE_SHARE: f64 = 0.9;
/// Largest relative difference between an image's pixel aspect ratio and
/// that of the box it is drawn in; more means the image is drawn rotated or
/// distorted, and the page is rendered instead.
const ASPECT_TOLERANCE: f64 = 0.05;

/// An image taken out of the PDF, in a form tesseract (leptonica) can read.
#[derive(Debug, Clone, PartialEq)]
pub enum Embedded {
    /// A DCTDecode stream: a JPEG file, bytes as they are in the PDF.
    Jpeg(Vec<u8>),
    /// Raw (FlateDecode or unfiltered) samples, turned into 8-bit gray.
    Raw(GrayImage),
    /// A CCITT Group 4 stream and what it takes to decode it.
    Fax(Fax),
}

/// CCITT Group 4 data of a bilevel image.
#[derive(Debug, Clone, PartialEq)]
pub struct Fax {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The runs the code calls black are white on the page (`/BlackIs1
    /// true` without an inverting `/Decode`, as img2pdf writes them, or the
    /// other way round).
    pub inverted: bool,
}

/// The pixels of one page to read, with the page box they cover.
pub enum PageSource {
    /// The page's full-page image.
    Embedded { image: Embedded, bbox: BBox },
    /// No usable image: render the page.
    Render,
}

impl PageSource {
    /// Decide where the pixels of `page` come from. Errors only for an image
    /// too big to accept; anything unusual falls back to rendering.
    pub fn of(document: &Document, page: &Page, max_pixels: u64) -> Result<PageSource, Error> {
        let [image] = page.images.as_slice() else {
            return Ok(PageSource::Render);
        };
        let page_area = page.width * page.height;
        if page_area <= 0.0
            || image.bbox.width() * image.bbox.height() < FULL_PAGE_SHARE * page_area
            || page_rotated(document, page.number)
        {
            return Ok(PageSource::Render);
        }
        let Ok(stream) = document.get_object(image.object).and_then(Object::as_stream) else {
            return Ok(PageSource::Render);
        };
        let (width, height) = (dict_u32(&stream.dict, b"Width"), dict_u32(&stream.dict, b"Height"));
        let (Some(width), Some(height)) = (width, height) else {
            return Ok(PageSource::Render);
        };
        check_pixels(width as u64 * height as u64, max_pixels)?;
        let pixel_aspect = width as f64 / height as f64;
        let box_aspect = image.bbox.width() / image.bbox.height();
        if (pixel_aspect / box_aspect - 1.0).abs() > ASPECT_TOLERANCE {
            return Ok(PageSource::Render);
        }
        Ok(match embedded(document, stream, width, height) {
            Some(embedded) => PageSource::Embedded {
                image: embedded,
                bbox: image.bbox,
            },
            None => PageSource::Render,
        })
    }
}

/// Reject an image of more than `max_pixels` pixels.
pub fn check_pixels(pixels: u64, max_pixels: u64) -> Result<(), Error> {
    if pixels > max_pixels {
        return Err(Error::TooLarge(format!(
            "a page image of {pixels} pixels (at most {max_pixels})"
        )));
    }
    Ok(())
}

/// Whether the page carries a `/Rotate` (its image would be drawn turned).
fn page_rotated(document: &Document, number: u32) -> bool {
    /// Most `/Parent` links followed; the page tree is shallow, the bound stops a cycle.
    const MAX_DEPTH: usize = 32;
    let Some(&id) = document.get_pages().get(&number) else {
        return true;
    };
    let mut dict = document.get_dictionary(id).ok();
    for _ in 0..MAX_DEPTH {
        let Some(d) = dict else { return false };
        if let Ok(rotate) = d.get(b"Rotate").and_then(Object::as_i64) {
            return rotate.rem_euclid(360) != 0;
        }
        dict = d
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|p| document.get_dictionary(p))
            .ok();
    }
    false
}

fn dict_u32(dict: &Dictionary, key: &[u8]) -> Option<u32> {
    dict.get(key)
        .ok()?
        .as_i64()
        .ok()
        .and_then(|v| u32::try_from(v).ok())
        .filter(|v| *v > 0)
}

/// The image stream as an [`Embedded`] image, or `None` when it is of a
/// kind read more safely by rendering (JBIG2, JPX, indexed colour, filter
/// chains, odd parameters).
fn embedded(document: &Document, stream: &Stream, width: u32, height: u32) -> Option<Embedded> {
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let inverted = decode_inverted(document, &stream.dict);
    match filters.iter().map(Vec::as_slice).collect::<Vec<_>>().as_slice() {
        [b"DCTDecode"] => (!inverted).then(|| Embedded::Jpeg(stream.content.clone())),
        [b"CCITTFaxDecode"] => fax(stream, width, height, inverted).map(Embedded::Fax),
        [] | [b"FlateDecode"] => raw(document, stream, width, height, inverted).map(Embedded::Raw),
        _ => None,
    }
}

/// A `/Decode [1 0]` array: samples are read inverted.
fn decode_inverted(document: &Document, dict: &Dictionary) -> bool {
    let Ok(decode) = dict
        .get(b"Decode")
        .and_then(|o| document.dereference(o))
        .and_then(|(_, o)| o.as_array())
    else {
        return false;
    };
    decode
        .first()
        .and_then(|o| o.as_float().ok())
        .map(|v| v > 0.5)
        .unwrap_or(false)
}

/// The stream's decode parameters (a dictionary, or one in a one-filter array).
fn decode_params(stream: &Stream) -> Option<&Dictionary> {
    match stream.dict.get(b"DecodeParms").ok()? {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a.first().and_then(|o| o.as_dict().ok()),
        _ => None,
    }
}

fn fax(stream: &Stream, width: u32, height: u32, decode_inverted: bool) -> Option<Fax> {
    let params = decode_params(stream)?;
    let int = |key: &[u8], default: i64| params.get(key).and_then(Object::as_i64).unwrap_or(default);
    let black_is_1 = params.get(b"BlackIs1").and_then(Object::as_bool).unwrap_or(false);
    // Only pure two-dimensional Group 4 (K < 0) at the image's own size.
    if int(b"K", 0) >= 0 || int(b"Columns", 1728) != width as i64 || int(b"Rows", height as i64) != height as i64 {
        return None;
    }
    if params
        .get(b"EncodedByteAlign")
        .and_then(Object::as_bool)
        .unwrap_or(false)
    {
        return None;
    }
    // Coded black runs give sample 0 (black) unless BlackIs1 makes them 1,
    // which DeviceGray shows white; an inverting /Decode flips that again.
    Some(Fax {
        data: stream.content.clone(),
        width,
        height,
        inverted: black_is_1 != decode_inverted,
    })
}

/// Raw samples → gray, for gray, RGB and CMYK at 1 to 16 bits per sample.
fn raw(document: &Document, stream: &Stream, width: u32, height: u32, inverted: bool) -> Option<GrayImage> {
    let is_mask = stream.dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false);
    let (components, bits) = if is_mask {
        (1, 1)
    } else {
        (
            colour_components(document, stream.dict.get(b"ColorSpace").ok()?)?,
            dict_u32(&stream.dict, b"BitsPerComponent")?,
        )
    };
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return None;
    }
    let row_bytes = (width as usize * components * bits as usize).div_ceil(8);
    let expected = row_bytes * height as usize;
    if crate::pdf::decoded_len(stream, expected)? < expected {
        return None;
    }
    let samples = stream.get_plain_content().ok()?;
    let max = ((1u32 << bits) - 1) as f64;
    let sample = |row: &[u8], i: usize| -> f64 {
        let value = match bits {
            8 => row[i] as u32,
            16 => u16::from_be_bytes([row[2 * i], row[2 * i + 1]]) as u32,
            _ => {
                let bit = i * bits as usize;
                (row[bit / 8] as u32 >> (8 - bits as usize - bit % 8)) & ((1 << bits) - 1)
            }
        };
        let v = value as f64 / max;
        if inverted { 1.0 - v } else { v }
    };
    let mut gray = GrayImage::new(width, height);
    for (y, row) in samples.chunks_exact(row_bytes).take(height as usize).enumerate() {
        for x in 0..width as usize {
            let mut c = [0.0; 4];
            for (k, value) in c.iter_mut().take(components).enumerate() {
                *value = sample(row, x * components + k);
            }
            let level = match components {
                1 => c[0],
                3 => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2],
                _ => (1.0 - c[3]) * (1.0 - (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2])),
            };
            gray.put_pixel(
                x as u32,
                y as u32,
                image::Luma([(level * 255.0).round().clamp(0.0, 255.0) as u8]),
            );
        }
    }
    Some(gray)
}

/// Number of colour components of a device colour space (ICC-based ones
/// by their `/N`); `None` for indexed, separation and other spaces.
fn colour_components(document: &Document, space: &Object) -> Option<usize> {
    let space = document.dereference(space).ok()?.1;
    match space {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
            b"DeviceCMYK" | b"CMYK" => Some(4),
            _ => None,
        },
        Object::Array(a) => match (a.first().and_then(|o| o.as_name().ok()), a.get(1)) {
            (Some(b"ICCBased"), Some(profile)) => {
                let stream = document.dereference(profile).ok()?.1.as_stream().ok()?;
                stream
                    .dict
                    .get(b"N")
                    .ok()?
                    .as_i64()
                    .ok()
                    .map(|n| n as usize)
                    .filter(|n| matches!(n, 1 | 3 | 4))
            }
            (Some(b"CalGray"), _) => Some(1),
            (Some(b"CalRGB"), _) => Some(3),
            _ => None,
        },
        _ => None,
    }
}

impl Embedded {
    /// The image as a file tesseract reads, with the file name extension
    /// that says its format: JPEG as is, raw samples as PNG, G4 wrapped in TIFF.
    pub fn to_file(&self) -> Result<(Vec<u8>, &'static str), Error> {
        match self {
            Embedded::Jpeg(bytes) => Ok((bytes.clone(), "jpg")),
            Embedded::Raw(gray) => {
                let mut png = Vec::new();
                gray.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                    .map_err(|e| Error::Internal(format!("cannot encode a page image as PNG: {e}")))?;
                Ok((png, "png"))
            }
            Embedded::Fax(fax) => Ok((fax.to_tiff(), "tif")),
        }
    }

    /// The image's pixels as 8-bit gray (0 black, 255 white).
    pub fn to_gray(&self) -> Result<GrayImage, Error> {
        match self {
            Embedded::Jpeg(bytes) => image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
                .map(|i| i.to_luma8())
                .map_err(|e| Error::Unreadable(format!("a page image (JPEG) cannot be decoded: {e}"))),
            Embedded::Raw(gray) => Ok(gray.clone()),
            Embedded::Fax(fax) => fax.to_gray(),
        }
    }
}

impl Fax {
    /// Decode the G4 data.
    pub fn to_gray(&self) -> Result<GrayImage, Error> {
        let (coded_black, coded_white) = if self.inverted { (255u8, 0u8) } else { (0u8, 255u8) };
        let mut gray = GrayImage::new(self.width, self.height);
        let mut row = 0u32;
        let done = fax::decoder::decode_g4(
            self.data.iter().copied(),
            self.width,
            Some(self.height),
            |transitions| {
                if row < self.height {
                    for (x, colour) in fax::decoder::pels(transitions, self.width).enumerate() {
                        let value = if colour == fax::Color::Black {
                            coded_black
                        } else {
                            coded_white
                        };
                        gray.put_pixel(x as u32, row, image::Luma([value]));
                    }
                }
                row += 1;
            },
        );
        done.ok_or_else(|| Error::Unreadable("a page image (CCITT G4) cannot be decoded".into()))?;
        Ok(gray)
    }

    /// The G4 data wrapped, unchanged, in a one-strip TIFF file: Compression
    /// 4 (T.6), with the photometric interpretation that keeps the page's
    /// black black.
    pub fn to_tiff(&self) -> Vec<u8> {
        /// TIFF field types.
        const SHORT: u16 = 3;
        const LONG: u16 = 4;
        // PhotometricInterpretation 0 (WhiteIsZero) shows coded black as
        // black; 1 (BlackIsZero) shows it white.
        let photometric = u32::from(self.inverted);
        let entries: [(u16, u16, u32); 8] = [
            (256, LONG, self.width),             // ImageWidth
            (257, LONG, self.height),            // ImageLength
            (258, SHORT, 1),                     // BitsPerSample
            (259, SHORT, 4),                     // Compression: CCITT T.6
            (262, SHORT, photometric),           // PhotometricInterpretation
            (273, LONG, 0),                      // StripOffsets (set below)
            (278, LONG, self.height),            // RowsPerStrip
            (279, LONG, self.data.len() as u32), // StripByteCounts
        ];
        let header = 8 + 2 + 12 * entries.len() + 4;
        let mut out = Vec::with_capacity(header + self.data.len());
        out.extend_from_slice(b"II*\0");
        out.extend_from_slice(&8u32.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            let value = if tag == 273 { header as u32 } else { value };
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            if kind == SHORT {
                out.extend_from_slice(&(value as u16).to_le_bytes());
                out.extend_from_slice(&[0, 0]);
            } else {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&self.data);
        out
    }
}

/// Render page `number` of the PDF at `pdf_path` at `dpi` in gray with
/// pdftoppm (its crop box, as the rest of the pipeline measures the page).
pub fn render(pdf_path: &Path, number: u32, dpi: f64, timeout: std::time::Duration) -> Result<GrayImage, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Internal(format!("cannot make a temporary directory: {e}")))?;
    let prefix = dir.path().join("page");
    let mut command = Command::new("pdftoppm");
    command
        .args(["-gray", "-png", "-singlefile", "-cropbox", "-r"])
        .arg(format!("{dpi}"))
        .args(["-f", &number.to_string(), "-l", &number.to_string()])
        .arg(pdf_path)
        .arg(&prefix);
    process::run(command, timeout, "pdftoppm", "poppler-utils")?;
    let png = prefix.with_extension("png");
    image::open(&png)
        .map(|i| i.to_luma8())
        .map_err(|e| Error::Unreadable(format!("page {number} could not be rendered for OCR: {e}")))
}

/// Save the document for pdftoppm (only when some page must be rendered).
pub fn save_for_rendering(document: &Document) -> Result<tempfile::NamedTempFile, Error> {
    let internal = |e: String| Error::Internal(format!("cannot write the PDF for rendering: {e}"));
    let mut file = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .map_err(|e| internal(e.to_string()))?;
    document
        .clone()
        .save_to(file.as_file_mut())
        .map_err(|e| internal(e.to_string()))?;
    Ok(file)
}
