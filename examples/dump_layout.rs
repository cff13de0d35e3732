//! Print what the mapper sees on each page of a PDF: every ruled cell with
//! its lines of text, then the lines outside any cell. For finding out why a
//! field was missed:
//!
//! ```sh
//! cargo run --release --example dump_layout -- filing.pdf
//! ```

use form4::form4::PageView;
use form4::layout::{self, TextPage};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_layout FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = form4::pdf::read(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let settings = layout::Settings::default();
    for page in &file.pages {
        let text_page = TextPage {
            number: page.number,
            width: page.width,
            height: page.height,
            words: layout::words(&page.glyphs, &settings),
            rules: page.rules.clone(),
            ocr: false,
        };
        let view = PageView::new(&text_page, &settings, &Default::default());
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
