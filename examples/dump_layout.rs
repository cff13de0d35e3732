//! Print what the mapper sees on each page of a PDF (scans are OCR'd
//! first): every ruled cell with its lines of text, then the lines outside
//! any cell; with `--words`, every word first with its box and reader
//! confidence. For finding out why a field was missed:
//!
//! ```sh
//! cargo run --release --example dump_layout -- filing.pdf [--words]
//! ```

use form4::form4::PageView;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_layout FILE.pdf [--words]");
        std::process::exit(2);
    };
    let with_words = std::env::args().nth(2).is_some_and(|a| a == "--words");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = form4::pdf::read(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let settings = form4::Settings::default();
    let pages = form4::text_pages(&file, &settings).unwrap_or_else(|e| panic!("{path}: {e}"));
    for page in &pages.pages {
        let view = PageView::new(page, &settings.layout, &settings.tables);
        if with_words {
            for w in &page.words {
                let b = w.bbox;
                println!("WORD [{:.1},{:.1},{:.1},{:.1}] {:.2} {}", b.x0, b.y0, b.x1, b.y1, w.confidence, w.text);
            }
        }
        println!("== page {} ({} cells)", page.number, view.cells.len());
        for cell in view.cells.iter().filter(|c| !c.lines.is_empty()) {
            let b = cell.bbox;
            let text: Vec<String> = cell.lines.iter().map(|l| l.text()).collect();
            println!("[{:.0},{:.0},{:.0},{:.0}] {}", b.x0, b.y0, b.x1, b.y1, text.join(" | "));
        }
        for line in &view.loose {
            println!("LOOSE [{:.0},{:.0},{:.0}] {}", line.bbox.x0, line.bbox.y0, line.bbox.x1, line.text());
        }
    }
}
