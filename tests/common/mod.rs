//! Small PDFs built with lopdf (through pdf-extract's re-export) for the
//! reading and bad-input tests.
#![allow(dead_code)] // each test crate uses its own subset of the helpers

use std::io::Write;

use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// A letter-size page, in points.
pub const LETTER: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

/// A one-page document under construction: add objects, change the page
/// dictionary, then `save`.
pub struct TestPdf {
    pub document: Document,
    pub pages: ObjectId,
    pub page: ObjectId,
}

impl TestPdf {
    /// One page with `content` as its content stream and Helvetica as `/F1`.
    pub fn new(content: &str) -> Self {
        Self::with_pages(&[content])
    }

    /// One page per content stream, all sharing the `/F1` Helvetica font.
    pub fn with_pages(contents: &[&str]) -> Self {
        let mut document = Document::with_version("1.5");
        let pages = document.new_object_id();
        let font = document.add_object(helvetica());
        let mut fonts = Dictionary::new();
        fonts.set("F1", font);
        let mut resources = Dictionary::new();
        resources.set("Font", fonts);
        let resources = document.add_object(resources);
        let mut kids = Vec::new();
        for content in contents {
            let content = document.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
            let mut page = Dictionary::new();
            page.set("Type", name("Page"));
            page.set("Parent", pages);
            page.set("MediaBox", rect(LETTER));
            page.set("Resources", resources);
            page.set("Contents", content);
            kids.push(Object::Reference(document.add_object(page)));
        }
        let page = kids[0].as_reference().unwrap();
        let mut tree = Dictionary::new();
        tree.set("Type", name("Pages"));
        tree.set("Count", kids.len() as i64);
        tree.set("Kids", kids);
        document.objects.insert(pages, Object::Dictionary(tree));
        let mut catalog = Dictionary::new();
        catalog.set("Type", name("Catalog"));
        catalog.set("Pages", pages);
        let catalog = document.add_object(catalog);
        document.trailer.set("Root", catalog);
        TestPdf { document, pages, page }
    }

    /// The first page's dictionary, to change.
    pub fn page_mut(&mut self) -> &mut Dictionary {
        self.document.get_object_mut(self.page).and_then(Object::as_dict_mut).unwrap()
    }

    /// The first page's resource dictionary, to change.
    pub fn resources_mut(&mut self) -> &mut Dictionary {
        let id = self.document.get_dictionary(self.page).unwrap().get(b"Resources").unwrap().as_reference().unwrap();
        self.document.get_object_mut(id).and_then(Object::as_dict_mut).unwrap()
    }

    /// Register `xobject` as `/<name>` in the first page's resources.
    pub fn add_xobject(&mut self, name_: &str, xobject: ObjectId) {
        let resources = self.resources_mut();
        if resources.get(b"XObject").is_err() {
            resources.set("XObject", Dictionary::new());
        }
        resources.get_mut(b"XObject").and_then(Object::as_dict_mut).unwrap().set(name_, xobject);
    }

    pub fn save(mut self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.document.save_to(&mut bytes).unwrap();
        bytes
    }
}

pub fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

pub fn rect(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v as f32)).collect())
}

/// The standard Helvetica font (pdf-extract knows its widths).
pub fn helvetica() -> Dictionary {
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type1"));
    font.set("BaseFont", name("Helvetica"));
    font.set("Encoding", name("WinAnsiEncoding"));
    font
}

/// A form XObject with `content`, drawn in a 1000-point box.
pub fn form(content: &[u8], resources: Option<Dictionary>) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Form"));
    dict.set("BBox", rect([0.0, 0.0, 1000.0, 1000.0]));
    if let Some(resources) = resources {
        dict.set("Resources", resources);
    }
    Stream::new(dict, content.to_vec())
}

/// A Flate stream that inflates to `megabytes` MiB of zero bytes: a
/// decompression bomb of about 1 KiB per MiB, built without compressing
/// the whole output (one compressed MiB block is repeated; its back
/// references only reach zeros).
pub fn zlib_bomb(dict: Dictionary, megabytes: usize) -> Stream {
    const MIB: usize = 1 << 20;
    let mut block = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    block.write_all(&vec![0u8; MIB]).unwrap();
    block.flush().unwrap(); // sync flush: a byte-aligned, non-final block
    let block = block.get_ref().clone();
    let mut data = vec![0x78, 0xDA]; // zlib header, best compression
    for _ in 0..megabytes {
        data.extend_from_slice(&block);
    }
    data.extend_from_slice(&[0x03, 0x00]); // final empty block
    // Adler-32 of n zero bytes: a stays 1, b is n.
    let adler = (((megabytes * MIB) % 65521) as u32) << 16 | 1;
    data.extend_from_slice(&adler.to_be_bytes());
    let mut dict = dict;
    dict.set("Filter", name("FlateDecode"));
    Stream::new(dict, data).with_compression(false)
}

/// Content that writes `text` at (x, y) in `/F1` at `size` points.
pub fn text_at(text: &str, x: f64, y: f64, size: f64) -> String {
    format!("BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n")
}

/// A PDF that is a valid document but no Form 3/4/5.
pub fn annual_report() -> Vec<u8> {
    let content = text_at("Annual Report 2023", 72.0, 720.0, 18.0)
        + &text_at("Revenue grew in every segment of the business.", 72.0, 680.0, 11.0);
    TestPdf::new(&content).save()
}

/// `bytes` with every `from` replaced by `to` (to edit a saved file where
/// lopdf cannot write what a test needs).
pub fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// A Type3 font with a width for "A" only: pdf-extract panics ("missing
/// width") on any other character.
pub fn font_missing_widths() -> Dictionary {
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type3"));
    font.set("FontBBox", rect([0.0, 0.0, 1000.0, 1000.0]));
    font.set("FontMatrix", Object::Array([0.001, 0.0, 0.0, 0.001, 0.0, 0.0].map(|v| Object::Real(v as f32)).to_vec()));
    font.set("CharProcs", Dictionary::new());
    font.set("Encoding", name("WinAnsiEncoding"));
    font.set("FirstChar", 65);
    font.set("LastChar", 65);
    font.set("Widths", vec![Object::Integer(500)]);
    font
}
