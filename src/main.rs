fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = form4::pdf::read(&bytes).unwrap();
    for page in &file.pages {
        println!("page {} {}x{} glyphs={} rules={} images={:?}", page.number, page.width, page.height, page.glyphs.len(), page.rules.len(), page.images);
        for g in page.glyphs.iter().take(40) { println!("  {:?}", g); }
        for r in page.rules.iter().take(40) { println!("  {:?}", r); }
    }
}
