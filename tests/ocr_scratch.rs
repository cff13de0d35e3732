#[test]
#[ignore]
fn dump_view() {
    let id = std::env::var("ID").unwrap();
    let bytes = std::fs::read(format!("/work/shared/corpus/dev/scan/{id}.pdf")).unwrap();
    let file = form4::pdf::read(&bytes).unwrap();
    let pages: Vec<&form4::pdf::Page> = file.pages.iter().take(1).collect();
    let out = form4::ocr::read_pages(&file.document, &pages, &Default::default()).unwrap();
    let s = form4::layout::Settings::default();
    for tp in &out.pages {
        let view = form4::form4::PageView::new(tp, &s, &Default::default());
        println!("== page {} cells {} rules {}", tp.number, view.cells.len(), tp.rules.len());
        for c in &view.cells { if !c.lines.is_empty() { println!("[{:.0},{:.0},{:.0},{:.0}] {}", c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1, c.lines.iter().map(|l| l.text()).collect::<Vec<_>>().join(" | ")); } }
        for l in &view.loose { println!("LOOSE [{:.0},{:.0},{:.0}] {}", l.bbox.x0, l.bbox.y0, l.bbox.x1, l.text()); }
    }
}
