use form4::ocr::{skew, source::PageSource};
#[test]
#[ignore]
fn skew_on_corpus() {
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("/work/shared/corpus/dev/manifest.json").unwrap()).unwrap();
    for it in m["items"].as_array().unwrap().iter().filter(|i| i["family"] == "scan").take(14) {
        let id = it["id"].as_str().unwrap();
        let bytes = std::fs::read(format!("/work/shared/corpus/dev/scan/{id}.pdf")).unwrap();
        let file = form4::pdf::read(&bytes).unwrap();
        let page = &file.pages[0];
        let PageSource::Embedded { image, .. } = PageSource::of(&file.document, page, u64::MAX).unwrap() else { panic!() };
        let gray = image.to_gray().unwrap();
        let t = std::time::Instant::now();
        let est = skew::estimate(&gray, 3.0);
        println!("{id} {} {} truth {:.2} est {est:.2} ({:?})", it["scan"]["severity"], it["scan"]["mode"], it["scan"]["angle"].as_f64().unwrap(), t.elapsed());
    }
}
