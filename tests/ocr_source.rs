//! Page images taken out of PDFs built here, one per image filter: the
//! bytes tesseract gets and the pixels the OCR stage works on.

use std::io::Write;

use form4::ocr::source::{Embedded, PageSource};
use image::{GrayImage, Luma};
use pdf_extract::{Dictionary, Document, Object, Stream};

const PAGE_WIDTH: i64 = 612;
const PAGE_HEIGHT: i64 = 792;

/// A one-page letter PDF whose page is the image stream `image`, drawn
/// over the whole page (as scanners write them).
fn scan_pdf(image: Stream) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let image_id = doc.add_object(image);
    let content = format!("q {PAGE_WIDTH} 0 0 {PAGE_HEIGHT} 0 0 cm /Im0 Do Q").into_bytes();
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
    let mut xobjects = Dictionary::new();
    xobjects.set("Im0", Object::Reference(image_id));
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    let pages_id = doc.new_object_id();
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(pages_id));
    page.set(
        "MediaBox",
        Object::Array(vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()]),
    );
    page.set("Resources", Object::Dictionary(resources));
    page.set("Contents", Object::Reference(content_id));
    let page_id = doc.add_object(page);
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
    pages.set("Count", Object::Integer(1));
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog_id));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn image_dict(width: u32, height: u32, filter: Option<&str>, space: Option<&str>, bits: i64) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(width as i64));
    dict.set("Height", Object::Integer(height as i64));
    dict.set("BitsPerComponent", Object::Integer(bits));
    if let Some(space) = space {
        dict.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    }
    if let Some(filter) = filter {
        dict.set("Filter", Object::Name(filter.as_bytes().to_vec()));
    }
    dict
}

/// The source of the first page of `pdf`, as the OCR stage sees it.
fn source_of(pdf: &[u8]) -> Embedded {
    let file = form4::pdf::read(pdf).expect("the test PDF reads");
    let page = &file.pages[0];
    assert!(form4::ocr::needs_ocr(page), "an image-only page needs OCR");
    assert_eq!(page.images.len(), 1);
    match PageSource::of(&file.document, page, u64::MAX).unwrap() {
        PageSource::Embedded { image, bbox } => {
            assert_eq!(bbox.to_array(), [0.0, 0.0, PAGE_WIDTH as f64, PAGE_HEIGHT as f64]);
            image
        }
        PageSource::Render => panic!("a full-page image should be taken out of the PDF"),
    }
}

/// A letter-proportioned test picture: white, a black bar across the top
/// quarter, mid-gray in the bottom-right quarter.
fn picture(width: u32, height: u32) -> GrayImage {
    GrayImage::from_fn(width, height, |x, y| {
        Luma([if y < height / 4 {
            0
        } else if x >= width / 2 && y >= height * 3 / 4 {
            128
        } else {
            255
        }])
    })
}

#[test]
fn jpeg_is_passed_on_as_it_is() {
    let expected = picture(85, 110);
    let mut jpeg = Vec::new();
    expected
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let stream = Stream::new(
        image_dict(85, 110, Some("DCTDecode"), Some("DeviceGray"), 8),
        jpeg.clone(),
    );
    let embedded = source_of(&scan_pdf(stream));
    assert_eq!(embedded, Embedded::Jpeg(jpeg.clone()));
    let (bytes, extension) = embedded.to_file().unwrap();
    assert_eq!((bytes, extension), (jpeg, "jpg"));
    let gray = embedded.to_gray().unwrap();
    assert_eq!(gray.dimensions(), (85, 110));
    // JPEG is lossy: compare the three areas' levels, not exact pixels.
    assert!(gray.get_pixel(40, 10).0[0] < 30);
    assert!(gray.get_pixel(20, 60).0[0] > 225);
    assert!((gray.get_pixel(70, 100).0[0] as i32 - 128).abs() < 20);
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn flate_gray_becomes_png() {
    let expected = picture(85, 110);
    let stream = Stream::new(
        image_dict(85, 110, Some("FlateDecode"), Some("DeviceGray"), 8),
        deflate(expected.as_raw()),
    );
    let embedded = source_of(&scan_pdf(stream));
    assert_eq!(embedded.to_gray().unwrap(), expected);
    let (png, extension) = embedded.to_file().unwrap();
    assert_eq!(extension, "png");
    let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
        .unwrap()
        .to_luma8();
    assert_eq!(decoded, expected);
}

#[test]
fn flate_rgb_and_one_bit_samples_are_read() {
    // RGB: pure red, green and blue columns give their luma.
    let rgb: Vec<u8> = (0..110 * 85)
        .flat_map(|i| match (i % 85) % 3 {
            0 => [255, 0, 0],
            1 => [0, 255, 0],
            _ => [0, 0, 255],
        })
        .collect();
    let stream = Stream::new(
        image_dict(85, 110, Some("FlateDecode"), Some("DeviceRGB"), 8),
        deflate(&rgb),
    );
    let gray = source_of(&scan_pdf(stream)).to_gray().unwrap();
    assert_eq!([0, 1, 2].map(|x| gray.get_pixel(x, 5).0[0]), [76, 150, 29]);

    // 1 bit per sample, rows padded to bytes: 0 is black in DeviceGray.
    let (width, height) = (85u32, 110u32);
    let row_bytes = width.div_ceil(8) as usize;
    let mut bits = vec![0xFFu8; row_bytes * height as usize];
    for byte in &mut bits[..row_bytes * 10] {
        *byte = 0; // ten black rows on top
    }
    let stream = Stream::new(
        image_dict(width, height, Some("FlateDecode"), Some("DeviceGray"), 1),
        deflate(&bits),
    );
    let gray = source_of(&scan_pdf(stream)).to_gray().unwrap();
    assert_eq!((gray.get_pixel(84, 9).0[0], gray.get_pixel(84, 10).0[0]), (0, 255));
}

/// G4 data of `image` (black where darker than mid-gray), coded black
/// being black.
fn g4(image: &GrayImage) -> Vec<u8> {
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for row in image.rows() {
        let pels = row.map(|p| {
            if p.0[0] < 128 {
                fax::Color::Black
            } else {
                fax::Color::White
            }
        });
        encoder.encode_line(pels, image.width()).unwrap();
    }
    encoder.finish().unwrap().finish()
}

fn fax_stream(data: Vec<u8>, width: u32, height: u32, black_is_1: bool) -> Stream {
    let mut params = Dictionary::new();
    params.set("K", Object::Integer(-1));
    params.set("Columns", Object::Integer(width as i64));
    params.set("Rows", Object::Integer(height as i64));
    params.set("BlackIs1", Object::Boolean(black_is_1));
    let mut dict = image_dict(width, height, None, Some("DeviceGray"), 1);
    dict.set("Filter", Object::Array(vec![Object::Name(b"CCITTFaxDecode".to_vec())]));
    dict.set("DecodeParms", Object::Array(vec![Object::Dictionary(params)]));
    Stream::new(dict, data)
}

/// Reads the TIFF's first IFD: tag → value.
fn tiff_tags(tiff: &[u8]) -> std::collections::HashMap<u16, u32> {
    assert_eq!(&tiff[..4], b"II*\0");
    let u16_at = |i: usize| u16::from_le_bytes([tiff[i], tiff[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([tiff[i], tiff[i + 1], tiff[i + 2], tiff[i + 3]]);
    let ifd = u32_at(4) as usize;
    (0..u16_at(ifd) as usize)
        .map(|k| {
            let entry = ifd + 2 + 12 * k;
            let value = if u16_at(entry + 2) == 3 {
                u16_at(entry + 8) as u32
            } else {
                u32_at(entry + 8)
            };
            (u16_at(entry), value)
        })
        .collect()
}

#[test]
fn ccitt_g4_decodes_and_wraps_as_tiff() {
    // A bilevel picture: black bar on top, black square bottom right.
    let (width, height) = (170u32, 220u32);
    let expected = GrayImage::from_fn(width, height, |x, y| {
        Luma([if y < 20 || (x >= 100 && y >= 150) { 0 } else { 255 }])
    });
    let data = g4(&expected);
    let embedded = source_of(&scan_pdf(fax_stream(data.clone(), width, height, false)));
    assert_eq!(embedded.to_gray().unwrap(), expected);
    let (tiff, extension) = embedded.to_file().unwrap();
    assert_eq!(extension, "tif");
    let tags = tiff_tags(&tiff);
    assert_eq!((tags[&256], tags[&257], tags[&258], tags[&259]), (width, height, 1, 4));
    assert_eq!(tags[&262], 0, "coded black shows black: WhiteIsZero");
    let (offset, length) = (tags[&273] as usize, tags[&279] as usize);
    assert_eq!(
        &tiff[offset..offset + length],
        data.as_slice(),
        "the G4 data is wrapped unchanged"
    );

    // BlackIs1 true (img2pdf's way): the coded black runs are the paper.
    let inverted = GrayImage::from_fn(width, height, |x, y| Luma([255 - expected.get_pixel(x, y).0[0]]));
    let embedded = source_of(&scan_pdf(fax_stream(g4(&inverted), width, height, true)));
    assert_eq!(embedded.to_gray().unwrap(), expected);
    let (tiff, _) = embedded.to_file().unwrap();
    assert_eq!(tiff_tags(&tiff)[&262], 1, "coded black shows white: BlackIsZero");
}

#[test]
fn oversized_image_is_refused() {
    let stream = Stream::new(
        image_dict(85, 110, Some("FlateDecode"), Some("DeviceGray"), 8),
        deflate(picture(85, 110).as_raw()),
    );
    let file = form4::pdf::read(&scan_pdf(stream)).unwrap();
    let error = PageSource::of(&file.document, &file.pages[0], 85 * 110 - 1)
        .err()
        .expect("too many pixels");
    assert_eq!(error.kind(), "too-large");
}

#[test]
fn unusual_images_fall_back_to_rendering() {
    // JBIG2 is not taken out of the PDF; the page is rendered instead.
    let stream = Stream::new(
        image_dict(85, 110, Some("JBIG2Decode"), Some("DeviceGray"), 1),
        vec![0; 16],
    );
    let file = form4::pdf::read(&scan_pdf(stream)).unwrap();
    assert!(matches!(
        PageSource::of(&file.document, &file.pages[0], u64::MAX).unwrap(),
        PageSource::Render
    ));
}
