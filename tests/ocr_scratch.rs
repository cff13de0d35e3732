use form4::ocr::{raster, rules, skew, source::PageSource};
#[test]
#[ignore]
fn dump_image() {
    let id = std::env::var("ID").unwrap();
    let bytes = std::fs::read(format!("/work/shared/corpus/dev/scan/{id}.pdf")).unwrap();
    let file = form4::pdf::read(&bytes).unwrap();
    let PageSource::Embedded { image, bbox } = PageSource::of(&file.document, &file.pages[0], u64::MAX).unwrap() else { panic!() };
    let gray = image.to_gray().unwrap();
    let f = 300.0 / (gray.width() as f64 * 72.0 / bbox.width());
    let gray = if f > 1.2 { image::imageops::resize(&gray, (gray.width() as f64 * f) as u32, (gray.height() as f64 * f) as u32, image::imageops::FilterType::CatmullRom) } else { gray };
    let s = skew::estimate(&gray, 3.0);
    let mut g = raster::rotate(&gray, s);
    let ppp = bbox.width() / g.width() as f64;
    let strokes = rules::find(&g, ppp, &rules::RuleSettings::default());
    println!("strokes {}", strokes.len());
    for st in strokes.iter().filter(|s| s.horizontal && s.at < 400.0).take(8) { println!("{st:?}"); }
    rules::erase(&mut g, &strokes, 0.5 / ppp);
    image::imageops::crop_imm(&g, 0, 0, 2550, 800).to_image().save(format!("/tmp/ocrx/erased-{id}.png")).unwrap();
}
