fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = form4::pdf::read(&bytes).unwrap();
    let s = form4::layout::Settings::default();
    for page in &file.pages {
        let tp = form4::layout::TextPage { number: page.number, width: page.width, height: page.height, words: form4::layout::words(&page.glyphs, &s), rules: page.rules.clone(), ocr: false };
        let view = form4::form4::PageView::new(&tp, &s, &Default::default());
        println!("== page {} cells {}", page.number, view.cells.len());
        for c in &view.cells { if !c.lines.is_empty() { println!("[{:.0},{:.0},{:.0},{:.0}] {}", c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1, c.lines.iter().map(|l| l.text()).collect::<Vec<_>>().join(" | ")); } }
        for l in &view.loose { println!("LOOSE [{:.0},{:.0},{:.0}] {}", l.bbox.x0, l.bbox.y0, l.bbox.x1, l.text()); }
    }
}
