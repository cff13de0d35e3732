//! OCR quality on the scan family of the dev corpus, measured against the
//! text PDF each scan was made from: word agreement (same words, as
//! multisets per page), word box accuracy (after fitting the scanner's
//! shift and zoom on words found once in both) and rule recall.
//!
//! A measurement, not a unit test: it needs the corpus and tesseract and
//! takes minutes, so it is ignored by default.
//!
//! ```sh
//! cargo test --release --test ocr_agreement -- --ignored --nocapture
//! OCR_IDS=sc-0003,sc-0012 OCR_DUMP=1 cargo test --release --test ocr_agreement -- --ignored --nocapture
//! ```
//! `OCR_PSM`, `OCR_UPSCALE_BELOW` override the settings of the same name;
//! `OCR_DUMP=1` prints each page's OCR lines and the text PDF's lines.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use form4::geometry::Rule;
use form4::layout::{self, Word};
use form4::ocr;

const CORPUS: &str = "/work/shared/corpus/dev";
/// Least share of a text-PDF rule's length a scan rule must cover to find it.
const RULE_COVER: f64 = 0.8;
/// Largest distance across between a text-PDF rule (mapped into the scan)
/// and the scan rule that finds it, in points.
const RULE_OFFSET: f64 = 3.0;
/// Distance from the first fit beyond which a word pair is a mismatch, in points.
const OUTLIER: f64 = 10.0;
/// Shortest text-PDF rule counted, in points (shorter ones are not looked for).
const COUNTED_RULE_LENGTH: f64 = 12.0;

#[derive(Default)]
struct Tally {
    pages: usize,
    text_words: usize,
    ocr_words: usize,
    matched: usize,
    box_errors: Vec<f64>,
    rules: usize,
    rules_found: usize,
    ocr_rules: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.pages += other.pages;
        self.text_words += other.text_words;
        self.ocr_words += other.ocr_words;
        self.matched += other.matched;
        self.box_errors.extend(&other.box_errors);
        self.rules += other.rules;
        self.rules_found += other.rules_found;
        self.ocr_rules += other.ocr_rules;
    }

    fn line(&self) -> String {
        let recall = self.matched as f64 / self.text_words.max(1) as f64;
        let precision = self.matched as f64 / self.ocr_words.max(1) as f64;
        let mut errors = self.box_errors.clone();
        errors.sort_by(f64::total_cmp);
        let median = errors.get(errors.len() / 2).copied().unwrap_or(f64::NAN);
        let p90 = errors.get(errors.len() * 9 / 10).copied().unwrap_or(f64::NAN);
        format!(
            "pages={} word_recall={:.3} word_precision={:.3} box_err_median={:.2}pt p90={:.2}pt rule_recall={:.3} ({}/{}) ocr_rules={}",
            self.pages,
            recall,
            precision,
            median,
            p90,
            self.rules_found as f64 / self.rules.max(1) as f64,
            self.rules_found,
            self.rules,
            self.ocr_rules
        )
    }
}

fn settings_from_env() -> ocr::Settings {
    let mut settings = ocr::Settings::default();
    if let Ok(psm) = std::env::var("OCR_PSM") {
        settings.page_segmentation = psm.parse().expect("OCR_PSM is a number");
    }
    if let Ok(dpi) = std::env::var("OCR_UPSCALE_BELOW") {
        settings.upscale_below_dpi = dpi.parse().expect("OCR_UPSCALE_BELOW is a number");
    }
    settings
}

/// Least-squares `a·x + b` through the pairs.
fn fit(pairs: &[(f64, f64)]) -> (f64, f64) {
    let n = pairs.len() as f64;
    let (sx, sy) = pairs.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let (cov, var) = pairs.iter().fold((0.0, 0.0), |(c, v), (x, y)| {
        (c + (x - mx) * (y - my), v + (x - mx).powi(2))
    });
    let a = if var > 0.0 { cov / var } else { 1.0 };
    (a, my - a * mx)
}

fn compare_page(text: &[Word], text_rules: &[Rule], scan: &layout::TextPage) -> Tally {
    let mut tally = Tally {
        pages: 1,
        text_words: text.len(),
        ocr_words: scan.words.len(),
        ocr_rules: scan.rules.len(),
        ..Tally::default()
    };
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for w in text {
        *wanted.entry(w.text.as_str()).or_default() += 1;
    }
    for w in &scan.words {
        if let Some(n) = wanted.get_mut(w.text.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            tally.matched += 1;
        }
    }
    // Words found exactly once on both pages give the scanner's shift and zoom.
    let (text_once, scan_once) = (found_once(text), found_once(&scan.words));
    let pairs: Vec<(&Word, &Word)> = text_once
        .iter()
        .filter_map(|(t, w)| scan_once.get(t).map(|s| (*w, *s)))
        .collect();
    if pairs.len() < 10 {
        return tally;
    }
    // Fit, then refit without the pairs far off the first fit (the same
    // word matched at two different places).
    type Axis = fn(&Word) -> f64;
    let centres =
        |axis: Axis, pairs: &[(&Word, &Word)]| pairs.iter().map(|(t, s)| (axis(t), axis(s))).collect::<Vec<_>>();
    let (cx, cy): (Axis, Axis) = (|w| w.bbox.center_x(), |w| w.bbox.center_y());
    let (fx, fy) = (fit(&centres(cx, &pairs)), fit(&centres(cy, &pairs)));
    let close = |(t, s): &&(&Word, &Word)| {
        (fx.0 * cx(t) + fx.1 - cx(s)).abs() < OUTLIER && (fy.0 * cy(t) + fy.1 - cy(s)).abs() < OUTLIER
    };
    let pairs: Vec<(&Word, &Word)> = pairs.iter().filter(close).copied().collect();
    let (fx, fy) = (fit(&centres(cx, &pairs)), fit(&centres(cy, &pairs)));
    let map = |x: f64, y: f64| (fx.0 * x + fx.1, fy.0 * y + fy.1);
    for (t, s) in &pairs {
        // Left, right and vertical centre: text-layer boxes are taller than ink.
        let (x0, cy) = map(t.bbox.x0, t.bbox.center_y());
        let (x1, _) = map(t.bbox.x1, t.bbox.center_y());
        let error = (s.bbox.x0 - x0)
            .abs()
            .max((s.bbox.x1 - x1).abs())
            .max((s.bbox.center_y() - cy).abs());
        if std::env::var("OCR_DEBUG_BOXES").is_ok() {
            println!(
                "{error:6.2} {:?} text {x0:.1} {x1:.1} {cy:.1} scan {:.1} {:.1} {:.1}",
                s.text,
                s.bbox.x0,
                s.bbox.x1,
                s.bbox.center_y()
            );
        }
        tally.box_errors.push(error);
    }
    for r in text_rules.iter().filter(|r| r.length() >= COUNTED_RULE_LENGTH) {
        tally.rules += 1;
        let (x0, y0) = map(r.x0, r.y0);
        let (x1, y1) = map(r.x1, r.y1);
        let found = scan.rules.iter().any(|s| {
            if r.is_horizontal() != s.is_horizontal() {
                return false;
            }
            let (across, along, s_across, s_along) = if r.is_horizontal() {
                ((y0 + y1) / 2.0, (x0, x1), s.y0, (s.x0, s.x1))
            } else {
                ((x0 + x1) / 2.0, (y0, y1), s.x0, (s.y0, s.y1))
            };
            let cover = along.1.min(s_along.1) - along.0.max(s_along.0);
            (across - s_across).abs() <= RULE_OFFSET && cover >= RULE_COVER * (along.1 - along.0)
        });
        tally.rules_found += usize::from(found);
    }
    tally
}

/// Words of three characters or more that occur once, by text.
fn found_once(words: &[Word]) -> HashMap<&str, &Word> {
    let mut count: HashMap<&str, Vec<&Word>> = HashMap::new();
    for w in words {
        count.entry(w.text.as_str()).or_default().push(w);
    }
    count
        .into_iter()
        .filter(|(t, v)| v.len() == 1 && t.chars().count() >= 3)
        .map(|(t, v)| (t, v[0]))
        .collect()
}

fn dump(title: &str, words: &[Word]) {
    println!("----- {title}");
    for line in layout::lines(words, &layout::Settings::default()) {
        println!("{:7.1} {}", line.bbox.y0, line.text());
    }
}

#[test]
#[ignore = "measurement on the dev corpus; needs tesseract, takes minutes"]
fn ocr_agrees_with_the_text_pdfs() {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).expect("the dev corpus"),
    )
    .unwrap();
    let ids: Option<Vec<String>> = std::env::var("OCR_IDS")
        .ok()
        .map(|s| s.split(',').map(String::from).collect());
    let dump_pages = std::env::var("OCR_DUMP").is_ok();
    let settings = settings_from_env();
    let items = manifest["items"].as_array().unwrap();
    let family_of: HashMap<&str, &str> = items
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["family"].as_str().unwrap()))
        .collect();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    for item in items.iter().filter(|i| i["family"] == "scan") {
        let id = item["id"].as_str().unwrap();
        if ids.as_ref().is_some_and(|ids| !ids.iter().any(|i| i == id)) {
            continue;
        }
        let source = item["source"]["scanned_item"].as_str().unwrap();
        let scan_bytes = std::fs::read(Path::new(CORPUS).join("scan").join(format!("{id}.pdf"))).unwrap();
        let text_bytes =
            std::fs::read(Path::new(CORPUS).join(family_of[source]).join(format!("{source}.pdf"))).unwrap();
        let scan_file = form4::pdf::read(&scan_bytes).unwrap();
        let text_file = form4::pdf::read(&text_bytes).unwrap();
        let pages: Vec<&form4::pdf::Page> = scan_file.pages.iter().collect();
        let started = std::time::Instant::now();
        let output = ocr::read_pages(&scan_file.document, &pages, &settings).expect("OCR");
        let elapsed = started.elapsed().as_secs_f64();
        let mut doc = Tally::default();
        for (scan_page, text_page) in output.pages.iter().zip(&text_file.pages) {
            let text_words = layout::words(&text_page.glyphs, &layout::Settings::default());
            if dump_pages {
                dump(&format!("{id} page {} OCR", scan_page.number), &scan_page.words);
                dump(&format!("{source} page {} text", text_page.number), &text_words);
            }
            doc.add(&compare_page(&text_words, &text_page.rules, scan_page));
        }
        let scan = &item["scan"];
        let kind = format!(
            "{} {}",
            scan["severity"].as_str().unwrap(),
            scan["mode"].as_str().unwrap()
        );
        println!("{id} {kind} {}dpi {:.1}s: {}", scan["dpi"], elapsed, doc.line());
        by_kind.entry(kind).or_default().add(&doc);
    }
    let mut all = Tally::default();
    for (kind, tally) in &by_kind {
        println!("{kind:>14}: {}", tally.line());
        all.add(tally);
    }
    println!("{:>14}: {}", "all", all.line());
    assert!(
        all.matched as f64 >= 0.5 * all.text_words as f64,
        "OCR agrees on under half the words"
    );
}
