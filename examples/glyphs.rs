fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).unwrap();
    let (x0, y0, x1, y1): (f64, f64, f64, f64) = (a[2].parse().unwrap(), a[3].parse().unwrap(), a[4].parse().unwrap(), a[5].parse().unwrap());
    let file = form4::pdf::read(&bytes).unwrap();
    for p in &file.pages { for g in &p.glyphs { if g.bbox.x0 >= x0 && g.bbox.x1 <= x1 && g.bbox.y0 >= y0 && g.bbox.y1 <= y1 { println!("p{} {:?} {:.2} {:.2} {:.2} {:.2} fs={:.2}", p.number, g.text, g.bbox.x0, g.bbox.y0, g.bbox.x1, g.bbox.y1, g.font_size); } } }
}
