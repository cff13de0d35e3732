use form4::ocr::source::PageSource;
#[test]
#[ignore]
fn dump_image() {
    let id = std::env::var("ID").unwrap();
    let bytes = std::fs::read(format!("/work/shared/corpus/dev/scan/{id}.pdf")).unwrap();
    let file = form4::pdf::read(&bytes).unwrap();
    let PageSource::Embedded { image, .. } = PageSource::of(&file.document, &file.pages[0], u64::MAX).unwrap() else { panic!() };
    let gray = image.to_gray().unwrap();
    let mut out = format!("P5\n{} {}\n255\n", gray.width(), gray.height()).into_bytes();
    out.extend_from_slice(gray.as_raw());
    std::fs::write(format!("/tmp/ocrx/mine-{id}.pgm"), out).unwrap();
    let (file_bytes, ext) = image.to_file().unwrap();
    std::fs::write(format!("/tmp/ocrx/mine-{id}.{ext}"), file_bytes).unwrap();
}
