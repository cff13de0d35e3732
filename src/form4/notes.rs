//! Reporting owners (box 1 and the older layout's Reporting Owners table),
//! footnotes, remarks and signatures.

use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::geometry::{BBox, union_all};
use crate::layout::{Line, Word};
use crate::ocr::PageImages;
use crate::model::{Address, Filing, Footnote, ReportingOwner, Signature};

use super::boxes::relationship;
use super::readings::{address_read, closing_period, kept_above, legal_form_read, lines_read_again, roman_numerals_read, scanned_prose, spell_as_the_filing_does, spell_repeats_alike, vocabulary, without_edge_specks, without_speck_points, ReadLine};
use super::page::{Found, PageView, Span, find_labels, label_score, MIN_LABEL_MATCH};
use super::values::{collapse, is_check_mark, join_lines, label_key, parse_date, repaired_date, signature_date_near_period};
use super::{FieldKind, Recorder};

/// Largest gap between the lines of one signature block, in line heights.
const MAX_SIGNATURE_GAP: f64 = 2.5;
/// How far a signature may start from its label's left edge, in points.
const SIGNATURE_COLUMN_SLACK: f64 = 15.0;
/// How far a value may start from its column marker ("(State)") and still be
/// read as aligned under it, in points.
const COLUMN_MARKER_SLACK: f64 = 3.0;

/// Share of the page height at the top and bottom where browsers print
/// their header and footer (date, title, URL, page n/m).
const PAGE_MARGIN_BAND: f64 = 0.035;
/// Browser furniture printed on every page: date and time (with the
/// title), the title alone, URL, page n/m. As OCR reads them too: spaces
/// lost ("7/24/24,11:28AM") and the URL garbled ("htips:Jwwrn. see.
/// goviArchives/edgar/data/1 387467/…"), though it still names EDGAR.
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,2}/\d{1,2}/\d{2,4},?\s*\d{1,2}:\d{2}\s*[AP]M\b.*|SEC FORM [345](/A)?|https?://\S+(\s+\d+/\d+)?|h\S{2,6}:.*(archives|edgar).*|\d{1,3}/\d{1,3}|page \d+ of \d+)$").unwrap()
});
static FOOTNOTE_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\((\d{1,3})\)|(\d{1,3})\.)\s*(.*)$").unwrap());
/// The same read by OCR, which takes the point after the number, or the
/// closing bracket, for a comma, colon or semicolon, and may read a speck
/// before the number ("(6: The", "-(6) The", "'11, The").
static FOOTNOTE_START_OCR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-'‘’`.]?(?:\((\d{1,3})[).,:;]|(\d{1,3})[.,:;])\s*(.*)$").unwrap());
static CITY_LINE_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([A-Z][A-Z0-9])\s+(.+)$").unwrap());

/// The label of box 1, repeated for each owner of a joint filing.
pub const OWNER_BOX_LABEL: &str = "Name and Address of Reporting Person";

/// The label under the signatures ("** Signature of Reporting Person"),
/// cut short: OCR runs the "Date" label beside it into its line.
const SIGNATURE_LABEL: &str = "Signature of Reporting";

/// Labels that end the footnotes or the remarks.
const SECTION_ENDS: &[&str] = &[
    "Remarks",
    SIGNATURE_LABEL,
    "Reminder: Report on a separate line",
    "Note: File three copies of this Form",
    "Persons who respond to the collection",
    "Potential persons who are to respond",
    "Signatures",
    "Reporting Owners",
];

/// The form's own starred notes, which stand among the footnotes and
/// are none of them; a scan may lose their stars.
const STARRED_NOTES: &[&str] = &["If the form is filed by more than one reporting person", "Intentional misstatements or omissions of facts"];

/// Reporting owners, with their relationships.
pub fn owners(pages: &[PageView], images: &PageImages, filing: &mut Filing, rec: &mut Recorder) {
    if let Some(table) = owners_table(pages, rec) {
        filing.reporting_owners = table;
        return;
    }
    let mut boxes: Vec<Found> = find_labels(pages, OWNER_BOX_LABEL);
    if boxes.is_empty() {
        boxes.extend(box_under_name_marker(pages));
    }
    boxes.sort_by(|a, b| a.page.cmp(&b.page).then(a.bbox.y0.total_cmp(&b.bbox.y0)));
    // A joint filing repeats every owner's box below the tables; the first
    // box then only repeats the first of them.
    let owner_boxes = if boxes.len() > 1 { &boxes[1..] } else { &boxes[..] };
    let furniture = Furniture::of(pages);
    for (i, found) in owner_boxes.iter().enumerate() {
        let base = format!("/reportingOwners/{i}");
        let mut owner = owner_box(pages, found, &furniture, &base, rec);
        owner.relationship = relationship(pages, images, rec, &base).unwrap_or_default();
        filing.reporting_owners.push(owner);
    }
}

/// The marker line under the owner's name in box 1.
const NAME_MARKER: &str = "(Last) (First) (Middle)";
/// Widest misalignment of two cells' sides, or gap between them, for one
/// to stand on the other in one box, in points.
const STACKED_CELL_SLACK: f64 = 3.0;

/// On a scan whose box 1 label OCR garbled past finding ("Maine aiid
/// Audiess of Reporting Person"), the box found by the marker under the
/// name, which reads better: the cells stacked above the marker's, up to
/// the box's top, whose first line is the garbled label.
fn box_under_name_marker(pages: &[PageView]) -> Option<Found> {
    let marker = find_labels(pages, NAME_MARKER).into_iter().find(|f| pages[f.page].ocr && f.cell.is_some())?;
    let page = &pages[marker.page];
    let mut top = marker.cell?;
    let near = |a: f64, b: f64| (a - b).abs() <= STACKED_CELL_SLACK;
    while let Some(above) = page.cells.iter().position(|c| {
        let below = &page.cells[top].bbox;
        c.bbox.y0 < below.y0 && near(c.bbox.y1, below.y0) && near(c.bbox.x0, below.x0) && near(c.bbox.x1, below.x1)
    }) {
        top = above;
    }
    let bbox = page.cells[top].bbox;
    Some(Found { page: marker.page, cell: Some(top), bbox: BBox::new(bbox.x0, bbox.y0, bbox.x1, bbox.y0), score: marker.score })
}

/// A scanned line none of whose words the reader rated at least this
/// (0–1) is specks, not text (a name, an address, a signature).
const MIN_TEXT_LINE_CONFIDENCE: f64 = 0.35;

/// Whether a scanned line is specks OCR read as letters, every word of
/// them doubtful (see `MIN_TEXT_LINE_CONFIDENCE`).
fn specks_only(line: &Line) -> bool {
    line.words.iter().all(|w| w.confidence < MIN_TEXT_LINE_CONFIDENCE)
}

/// How far a box split by a page break may stand across from its column
/// on the next page, in heights of its label.
const NEXT_PAGE_COLUMN_SHIFT: f64 = 2.0;
/// How far a box's line may start left of the box's cell, in points.
const LINE_OVERHANG: f64 = 2.0;
/// The same on a scan, in heights of the box's label (at least
/// `LINE_OVERHANG`): specks widen words, and on a turned page the rules
/// found stray from the text.
const SCANNED_LINE_OVERHANG: f64 = 1.0;
/// Least similarity (0–1) of a bracketed OCR word to a box 1 marker
/// ("last", "street", "city") for it to stand for the marker.
const MIN_MARKER_MATCH: f64 = 0.6;

/// Name and address from a box 1: name above "(Last)", street between
/// "(Last)" and "(Street)", city, state and zip above "(City)".
fn owner_box(pages: &[PageView], found: &Found, furniture: &Furniture, base: &str, rec: &mut Recorder) -> ReportingOwner {
    let page = &pages[found.page];
    // The box: the label's cell and the cells stacked under it down to
    // "(City)", onto the next page when the box is split by a page break.
    let mut lines: Vec<&Line> = Vec::new();
    // How far a box's column may lie apart on the next page, in points.
    let page_shift = found.bbox.height() * NEXT_PAGE_COLUMN_SHIFT;
    let x_range = match found.cell {
        Some(c) => (page.cells[c].bbox.x0, page.cells[c].bbox.x1),
        // A label alone at the foot of a page: its box continues in the
        // first cell at the same left edge on the next page.
        None => pages
            .get(found.page + 1)
            .and_then(|next| next.cells.iter().filter(|c| (c.bbox.x0 - found.bbox.x0).abs() < page_shift).min_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0)))
            .map_or((found.bbox.x0 - LINE_OVERHANG, found.bbox.x1), |c| (c.bbox.x0, c.bbox.x1)),
    };
    let overhang = if page.ocr { (found.bbox.height() * SCANNED_LINE_OVERHANG).max(LINE_OVERHANG) } else { LINE_OVERHANG };
    let in_column = |l: &Line, slack: f64| l.bbox.center_x() >= x_range.0 - slack && l.bbox.center_x() <= x_range.1 + slack && l.bbox.x0 >= x_range.0 - overhang - slack;
    // Scanned pages lie shifted on the glass each their own way: on the
    // next page the column is looked for that much wider.
    let next_page_slack = if page.ocr { page_shift } else { 0.0 };
    let following = pages.get(found.page + 1).into_iter().flat_map(|next| next.lines.iter().filter(move |l| !in_margin(next, l) && !furniture.is_furniture(next, l))).filter(|l| in_column(l, next_page_slack));
    // On a scan, specks beside the box's text read as letters after it.
    let candidates: Vec<Line> = page
        .lines
        .iter()
        .filter(|l| l.bbox.y0 >= found.bbox.y0 - 1.0 && in_column(l, 0.0))
        .chain(following)
        .filter_map(|l| box_line(page, l))
        .collect();
    // OCR garbles the bracketed markers ("las)", "Greet)"): on a scan a
    // bracketed first word close enough to the marker counts.
    let garbled_marker = |l: &Line, name: &str| {
        page.ocr
            && l.words.first().is_some_and(|w| {
                let bracketed = w.text.starts_with('(') || w.text.ends_with(')');
                bracketed && near_marker(w, name)
            })
    };
    // Whether the box's last line is its "(City) (State) (Zip)" markers
    // garbled past reading: what is left of them after "(City)" was lost,
    // or a bracketed line before the next owner's label.
    let mut ends_at_garbled_city_marker = false;
    for line in &candidates {
        let key = label_key(&line.text());
        let city_marker = key.starts_with("city") || (page.ocr && city_marker_garbled(line));
        let marker_line = city_marker || ["last", "street"].iter().any(|name| key.starts_with(name) || garbled_marker(line, name));
        // A marker read as doubtfully as specks still places the lines.
        if !marker_line && specks_only(line) {
            continue;
        }
        if !lines.is_empty() && label_score(&line.text(), OWNER_BOX_LABEL) >= MIN_LABEL_MATCH {
            ends_at_garbled_city_marker = page.ocr && lines.last().and_then(|l| l.words.first()).is_some_and(|w| w.text.starts_with('('));
            break;
        }
        // "(First) (Middle)" apart from "(Last)" is a marker too, not data;
        // "(State) (Zip)" apart from "(City)" closes the box.
        if !key.is_empty() && key.split(' ').all(|w| matches!(w, "first" | "middle" | "state" | "zip")) {
            if page.ocr && key.split(' ').any(|w| matches!(w, "state" | "zip")) {
                lines.push(line);
                ends_at_garbled_city_marker = true;
                break;
            }
            continue;
        }
        lines.push(line);
        if city_marker {
            break;
        }
    }
    let marker = |name: &str| {
        let garbled = |l: &&Line| garbled_marker(l, name) || (name == "city" && city_marker_garbled(l));
        lines.iter().position(|l| label_key(&l.text()).starts_with(name)).or_else(|| page.ocr.then(|| lines.iter().position(garbled)).flatten())
    };
    let garbled_city_marker = ends_at_garbled_city_marker.then(|| lines.len() - 1);
    let (last, street, city) = (marker("last"), marker("street"), marker("city").or(garbled_city_marker));
    let between = |from: Option<usize>, to: Option<usize>| -> Vec<&Line> {
        match (from, to) {
            (Some(a), Some(b)) if b > a => lines[a + 1..b].to_vec(),
            _ => Vec::new(),
        }
    };
    let mut name_lines = between(Some(0), last);
    // The rest of a label that wrapped ("Person *") is not the name.
    if name_lines.first().is_some_and(|l| {
        let key = label_key(&l.text());
        !key.is_empty() && label_key(OWNER_BOX_LABEL).ends_with(&key)
    }) {
        name_lines.remove(0);
    }
    let (street_lines, city_lines) = match (street, city) {
        (None, Some(_)) if page.ocr => streets_and_city_unmarked(&between(last, city)),
        _ => (between(last, street), between(street, city)),
    };
    let mut owner = ReportingOwner::default();
    let name = Span::of_lines(page.number, &name_lines).map(|s| owner_name(page, s));
    owner.name = name.as_ref().map(|s| s.text.clone());
    rec.put(format!("{base}/name"), name.as_ref(), FieldKind::Text, None, found.score);
    // Box 1 prints street 1 and street 2 on lines of their own; only a third
    // line shows that one of them wrapped.
    let streets = if street_lines.len() > 2 { logical_lines(&street_lines, x_range.1) } else { street_lines.iter().map(|l| vec![*l]).collect() };
    put_streets(&mut owner.address, &streets, page.number, page.ocr, base, found.score, rec);
    // OCR may run the city line into the "(Street)" marker's line: when no
    // line of its own holds the city, the surer words after the marker do.
    let after_street_marker = street.filter(|_| page.ocr && city_lines.is_empty()).map_or(&[][..], |k| &lines[k].words[1..]);
    // A doubtful lone character among them is a speck.
    let speck = |w: &Word| page.ocr && w.text.chars().count() == 1 && w.confidence < MIN_TEXT_LINE_CONFIDENCE;
    let city_words: Vec<&Word> = after_street_marker
        .iter()
        .filter(|w| w.confidence >= MIN_TEXT_LINE_CONFIDENCE)
        .chain(city_lines.iter().flat_map(|l| l.words.iter()).filter(|w| !speck(w)))
        .collect();
    // The markers' line, with the rest of it OCR set apart ("(City)" a
    // line above "(State) (Zip)").
    let beside = |a: &Line, b: &Line| (a.bbox.center_y() - b.bbox.center_y()).abs() < a.bbox.height().max(b.bbox.height()) / 2.0;
    let markers: Vec<&Word> = city.map(|c| candidates.iter().filter(|l| beside(l, lines[c])).flat_map(|l| l.words.iter()).collect()).unwrap_or_default();
    put_city_state_zip(&mut owner.address, &city_words, &markers, page.number, page.ocr, base, found.score, rec);
    owner
}

/// Whether a scanned line is the "(City) (State) (Zip)" markers with the
/// first garbled past knowing ("(Cay) (State) (2p}"): two or more of its
/// words are bracketed and one of them is "(State)", near enough.
fn city_marker_garbled(line: &Line) -> bool {
    let bracketed: Vec<&Word> = line.words.iter().filter(|w| w.text.starts_with('(') || w.text.ends_with([')', '}'])).collect();
    bracketed.len() >= 2 && bracketed.iter().any(|w| near_marker(w, "state"))
}

/// Whether a scanned word is box 1's marker `name` ("last", "state"), as
/// OCR may garble it (see `MIN_MARKER_MATCH`).
fn near_marker(word: &Word, name: &str) -> bool {
    crate::similarity::normalized_levenshtein(&label_key(&word.text), name) >= MIN_MARKER_MATCH
}

/// Street lines → street1 and street2 (any further lines join street2);
/// on a scan (`ocr`) without the specks read at their ends.
fn put_streets(address: &mut Address, streets: &[Vec<&Line>], page: u32, ocr: bool, base: &str, score: f64, rec: &mut Recorder) {
    let read = |span: Span| if ocr { Span { text: address_read(&span.text), ..span } } else { span };
    let first = streets.first().and_then(|l| Span::of_lines(page, l)).map(read);
    let rest: Vec<&Line> = streets.iter().skip(1).flatten().copied().collect();
    let second = Span::of_lines(page, &rest).map(read);
    address.street1 = first.as_ref().map(|s| s.text.clone());
    address.street2 = second.as_ref().map(|s| s.text.clone());
    rec.put(format!("{base}/address/street1"), first.as_ref(), FieldKind::Text, None, score);
    rec.put(format!("{base}/address/street2"), second.as_ref(), FieldKind::Text, None, score);
    if streets.len() > 2 {
        rec.inferred();
    }
}

/// An owner's name as its box holds it: on a scan without the specks read
/// as periods after its whole words, where its lines join too, and with
/// its legal form and roman numerals as names print them
/// (`legal_form_read`, `roman_numerals_read`).
fn owner_name(page: &PageView, name: Span) -> Span {
    if page.ocr { Span { text: roman_numerals_read(&legal_form_read(&without_speck_points(&name.text))), ..name } } else { name }
}

/// A line of an owner's box as the data it holds: on a scan without the
/// specks after its words; `None` when nothing else is left.
fn box_line(page: &PageView, line: &Line) -> Option<Line> {
    if page.ocr { without_edge_specks(line) } else { Some(line.clone()) }
}

/// The lines between "(Last)" and "(City)" of a scan that lost the
/// "(Street)" marker, split into street lines and city lines: the city
/// line is the last one with a digit (the zip) and what wrapped below it,
/// else the last line. A lone word of no capitals or digits is the
/// marker's remnant ("om"), not an address.
fn streets_and_city_unmarked<'a>(lines: &[&'a Line]) -> (Vec<&'a Line>, Vec<&'a Line>) {
    let remnant = |l: &Line| {
        l.words.len() == 1 && !l.words[0].text.chars().any(|c| c.is_ascii_digit() || c.is_uppercase())
    };
    let lines: Vec<&Line> = lines.iter().copied().filter(|l| !remnant(l)).collect();
    let city_at = lines
        .iter()
        .rposition(|l| l.words.iter().any(|w| w.text.chars().any(|c| c.is_ascii_digit())))
        .unwrap_or(lines.len().saturating_sub(1));
    (lines[..city_at].to_vec(), lines[city_at..].to_vec())
}

/// City, state and zip: by column when the words stand under the
/// "(City) (State) (Zip)" markers, else parsed from "CITY, ST ZIP".
/// On a scan (`ocr`), a state code and zip code OCR misread are read as
/// the codes they can be (`state_code_read`, `postal_code_read`).
#[allow(clippy::too_many_arguments)]
fn put_city_state_zip(address: &mut Address, words: &[&Word], markers: &[&Word], page: u32, ocr: bool, base: &str, score: f64, rec: &mut Recorder) {
    // On a scan OCR garbles the markers ("ip)"), and the boxes of words and
    // markers may take in specks before them ("__.M5J2T3"): a word stands
    // under the marker its middle is right of, aligned when the two overlap.
    let is_marker = |w: &Word, name: &str| label_key(&w.text) == name || (ocr && near_marker(w, name));
    let columns: Vec<(f64, f64)> = ["city", "state", "zip"]
        .iter()
        .filter_map(|m| markers.iter().find(|w| is_marker(w, m)).map(|w| (w.bbox.x0, w.bbox.x1)))
        .collect();
    let start = |w: &Word| if ocr { w.bbox.center_x() } else { w.bbox.x0 };
    let under = |w: &Word, (x0, x1): (f64, f64)| (w.bbox.x0 - x0).abs() <= COLUMN_MARKER_SLACK || (ocr && w.bbox.x0 <= x1 && w.bbox.x1 >= x0);
    let mut parts: [Vec<&Word>; 3] = Default::default();
    let aligned = columns.len() == 3 && {
        for w in words {
            let column = columns.iter().rposition(|(x, _)| start(w) >= x - COLUMN_MARKER_SLACK).unwrap_or(0);
            parts[column].push(w);
        }
        parts.iter().zip(&columns).all(|(p, x)| p.first().is_none_or(|w| under(w, *x)))
    };
    let spans: [Option<Span>; 3] = if aligned {
        parts.map(|p| Span::of_words(page, &p))
    } else if let Some(columns) = columns_by_gaps(words) {
        columns.map(|p| Span::of_words(page, &p))
    } else {
        let whole = Span::of_words(page, words);
        let (city, state, zip) = whole.as_ref().map(|s| split_city_line(&s.text)).unwrap_or_default();
        let with = |text: Option<String>| text.zip(whole.clone()).map(|(t, s)| Span { text: t, ..s });
        [with(city), with(state), with(zip)]
    };
    let [city, state, zip] = spans;
    let city = if ocr { city.map(|s| Span { text: address_read(&s.text), ..s }) } else { city };
    address.city = city.as_ref().map(|s| s.text.trim_end_matches([',', ' ']).to_string()).filter(|t| !t.is_empty());
    // A state is two letters or digits: punctuation after it is a speck.
    address.state = state.as_ref().map(|s| s.text.trim_end_matches(['.', ',', ':', ';', '"', '\'']).to_string()).filter(|t| !t.is_empty());
    address.zip_code = zip.as_ref().map(|s| s.text.clone());
    let mut state_of_zip = None;
    if ocr {
        address.state = address.state.as_deref().map(state_code_read);
        address.zip_code = address.zip_code.as_deref().map(|zip| postal_code_read(zip, address.state.as_deref()));
        // A state OCR garbled past any code is the one a US zip code names.
        if address.state.as_deref().is_some_and(|s| !is_state_code(s)) {
            state_of_zip = address.zip_code.as_deref().and_then(us_state_of_zip);
            address.state = state_of_zip.map(String::from).or(address.state.take());
        }
    }
    let state_known = address.state.as_deref().map(is_state_code);
    for (key, span, format_ok) in [("city", &city, None), ("state", &state, state_known), ("zipCode", &zip, None)] {
        rec.put(format!("{base}/address/{key}"), span.as_ref(), FieldKind::Text, format_ok, score);
        if !aligned || (key == "state" && state_of_zip.is_some()) {
            rec.inferred();
        }
    }
}

/// The US states by the first three digits of their zip codes (USPS
/// prefixes, lowest to highest; military and territory prefixes left out).
const ZIP_PREFIXES: &[(u16, u16, &str)] = &[
    (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"), (50, 54, "VT"), (56, 59, "VT"), (60, 69, "CT"),
    (70, 89, "NJ"), (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"), (200, 205, "DC"), (206, 219, "MD"),
    (220, 246, "VA"), (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 339, "FL"),
    (341, 349, "FL"), (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"), (400, 427, "KY"),
    (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"), (550, 567, "MN"),
    (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"), (600, 629, "IL"), (630, 658, "MO"), (660, 679, "KS"),
    (680, 693, "NE"), (700, 715, "LA"), (716, 729, "AR"), (730, 732, "OK"), (734, 749, "OK"), (750, 799, "TX"),
    (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"), (850, 865, "AZ"), (870, 884, "NM"),
    (889, 898, "NV"), (900, 961, "CA"), (967, 968, "HI"), (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"),
];

/// The state a US zip code ("06830", "06830-1234") belongs to.
fn us_state_of_zip(zip: &str) -> Option<&'static str> {
    let digits = zip.split('-').next()?;
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix: u16 = digits[..3].parse().ok()?;
    ZIP_PREFIXES.iter().find(|(low, high, _)| (*low..=*high).contains(&prefix)).map(|(_, _, state)| *state)
}

/// Gap between two words of a line, in multiples of their height, wider
/// than any space within a text: the city, state and zip columns of box 1
/// stand this far apart.
const COLUMN_GAP: f64 = 2.0;

/// A city line whose markers were not found as its three columns, when its
/// words stand in three groups far apart on one line ("HAMILTON   D0   HM 11",
/// where the zip has a space and the markers went to the next page).
fn columns_by_gaps<'a>(words: &[&'a Word]) -> Option<[Vec<&'a Word>; 3]> {
    let first = words.first()?;
    let height = first.bbox.height();
    if words.iter().any(|w| (w.bbox.center_y() - first.bbox.center_y()).abs() > height / 2.0) {
        return None;
    }
    let mut sorted = words.to_vec();
    sorted.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for (i, w) in sorted.iter().enumerate() {
        match groups.last_mut() {
            Some(group) if w.bbox.x0 - sorted[i - 1].bbox.x1 <= COLUMN_GAP * height => group.push(w),
            _ => groups.push(vec![w]),
        }
    }
    groups.try_into().ok()
}

/// "MOUNTAIN VIEW, CA 94043" → city, state, zip.
fn split_city_line(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    let text = collapse(text);
    let (city, tail) = match text.rfind(',') {
        Some(i) => (text[..i].trim().to_string(), text[i + 1..].trim().to_string()),
        None => {
            // No comma: the last word with a digit is the zip, a two-letter
            // word before it the state; words after the zip are the rest of
            // a city name that wrapped around them.
            let words: Vec<&str> = text.split(' ').collect();
            let zip_at = words.iter().rposition(|w| w.chars().any(|c| c.is_ascii_digit())).filter(|&i| i > 0);
            match zip_at {
                Some(i) => {
                    let state_at = if words[i - 1].len() == 2 { i - 1 } else { i };
                    let city = words[..state_at].iter().chain(&words[i + 1..]).copied().collect::<Vec<_>>().join(" ");
                    (city, words[state_at..=i].join(" "))
                }
                None => (text.clone(), String::new()),
            }
        }
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match CITY_LINE_TAIL.captures(&tail) {
        Some(c) => (some(&city), some(&c[1]), some(&c[2])),
        None if tail.len() == 2 && tail.chars().all(|c| c.is_ascii_uppercase()) => (some(&city), some(&tail), None),
        None => (some(&city), None, some(&tail)),
    }
}

/// The two-letter codes EDGAR gives US states, territories and military
/// post offices; every other code it uses is a capital and a digit
/// ("A6" Ontario, "D0" Bermuda, "X0" United Kingdom).
const US_STATE_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI",
    "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "UM", "AA", "AE", "AP",
];
/// Codes EDGAR gives Canada's provinces and territories: their postal
/// codes alternate letter and digit ("M5J 2T3").
const CANADIAN_CODES: &[&str] = &["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "B0"];

/// Whether `code` is one EDGAR uses for a state or country.
fn is_state_code(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    US_STATE_CODES.contains(&code) || matches!(chars[..], [a, d] if a.is_ascii_uppercase() && d.is_ascii_digit())
}

/// The digit OCR may have read as this letter or mark.
fn digit_like(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' | 'Q' | 'D' => '0',
        'I' | 'l' | 'i' | '|' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' | 'b' => '6',
        'B' => '8',
        'g' | 'q' => '9',
        c if c.is_ascii_digit() => c,
        _ => return None,
    })
}

/// The capital OCR may have read as this digit or letter.
fn capital_like(c: char) -> Option<char> {
    Some(match c {
        '0' => 'O',
        '1' | '|' => 'I',
        '2' => 'Z',
        '4' => 'A',
        '5' => 'S',
        '6' => 'G',
        '8' => 'B',
        c if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => return None,
    })
}

/// A scanned state code that is no code as read, as the capital-and-digit
/// code it can be: "DO" is "D0" (Bermuda), "Al" is "A1" (British Columbia),
/// "46" is "A6" (Ontario), while "CO" and "AL" are states.
fn state_code_read(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    if is_state_code(code) {
        return code.to_string();
    }
    match chars[..] {
        [a, d] if a.is_ascii_uppercase() => digit_like(d).map_or_else(|| code.to_string(), |d| format!("{a}{d}")),
        // No code opens with a digit: it is a capital misread ("46" is "A6").
        [a, d] if a.is_ascii_digit() => capital_like(a).zip(digit_like(d)).map_or_else(|| code.to_string(), |(a, d)| format!("{a}{d}")),
        _ => code.to_string(),
    }
}

/// A scanned zip code as its state's postal codes are written: a US zip
/// is digits ("9S014" is "95014"), a Canadian postal code alternates
/// capital and digit ("MSJ2T3" is "M5J2T3"). Left as read when it does
/// not fit even so.
fn postal_code_read(zip: &str, state: Option<&str>) -> String {
    let Some(state) = state else { return zip.to_string() };
    // No postal code starts or ends with punctuation: there it is specks.
    let zip = zip.trim_matches(|c: char| !c.is_alphanumeric());
    let repaired: Option<String> = if US_STATE_CODES.contains(&state) {
        let digits: usize = zip.chars().filter(|c| *c != '-').count();
        (digits == 5 || digits == 9).then(|| zip.chars().map(|c| if c == '-' { Some(c) } else { digit_like(c) }).collect()).flatten()
    } else if CANADIAN_CODES.contains(&state) {
        let mut position = 0;
        let out: Option<String> = zip
            .chars()
            .map(|c| {
                if c == ' ' {
                    return Some(c);
                }
                position += 1;
                if position % 2 == 1 { capital_like(c) } else { digit_like(c) }
            })
            .collect();
        out.filter(|_| position == 6)
    } else {
        None
    };
    repaired.unwrap_or_else(|| zip.to_string())
}

/// Group wrapped lines into logical lines: a line continues the previous
/// one when the previous ran so close to the right edge that the first
/// word of this one could not have fitted there.
fn logical_lines<'a>(lines: &[&'a Line], right_edge: f64) -> Vec<Vec<&'a Line>> {
    let mut out: Vec<Vec<&Line>> = Vec::new();
    for line in lines {
        let continues = out.last().and_then(|l| l.last()).is_some_and(|prev| {
            let first = &line.words[0];
            let space = first.font_size * 0.3;
            prev.bbox.x1 + space + first.bbox.width() > right_edge
        });
        match out.last_mut() {
            Some(group) if continues => group.push(line),
            _ => out.push(vec![line]),
        }
    }
    out
}

/// The older layout's "Reporting Owners" table: one row per owner with
/// name/address and the four relationship columns.
fn owners_table(pages: &[PageView], rec: &mut Recorder) -> Option<Vec<ReportingOwner>> {
    let found = find_labels(pages, "Reporting Owner Name / Address").into_iter().next()?;
    let page = &pages[found.page];
    let header_cell = found.cell?;
    let header_bottom = page.cells[header_cell].bbox.y1;
    let columns: Vec<(&str, f64, f64)> = [("isDirector", "Director"), ("isTenPercentOwner", "10% Owner"), ("isOfficer", "Officer"), ("isOther", "Other")]
        .iter()
        .filter_map(|(key, label)| {
            page.cells
                .iter()
                .find(|c| c.bbox.y0 >= found.bbox.y0 - 1.0 && c.bbox.y1 <= header_bottom + 1.0 && label_key(&c.text()) == label_key(label))
                .map(|c| (*key, c.bbox.x0, c.bbox.x1))
        })
        .collect();
    let name_x = page.cells[header_cell].bbox;
    let mut owners = Vec::new();
    let name_cells = page.cells.iter().filter(|c| c.bbox.y0 >= header_bottom - 1.0 && c.bbox.x0 <= name_x.x0 + 1.0 && c.bbox.x1 <= name_x.x1 + 1.0);
    for cell in name_cells {
        if cell.lines.is_empty() {
            continue;
        }
        let i = owners.len();
        let base = format!("/reportingOwners/{i}");
        let lines: Vec<Line> = cell.lines.iter().filter_map(|l| box_line(page, l)).collect();
        let lines: Vec<&Line> = lines.iter().collect();
        let logical = logical_lines(&lines, cell.bbox.x1);
        let mut owner = ReportingOwner::default();
        let name = logical.first().and_then(|l| Span::of_lines(page.number, l)).map(|s| owner_name(page, s));
        owner.name = name.as_ref().map(|s| s.text.clone());
        rec.put(format!("{base}/name"), name.as_ref(), FieldKind::Text, None, found.score);
        let city_line: Vec<&Word> = logical.iter().skip(1).last().map(|l| l.iter().flat_map(|x| x.words.iter()).collect()).unwrap_or_default();
        let streets: Vec<Vec<&Line>> = logical.iter().skip(1).take(logical.len().saturating_sub(2)).cloned().collect();
        put_streets(&mut owner.address, &streets, page.number, page.ocr, &base, found.score, rec);
        put_city_state_zip(&mut owner.address, &city_line, &[], page.number, page.ocr, &base, found.score, rec);
        let row_cells = |x0: f64, x1: f64| {
            page.cells.iter().find(|c| (c.bbox.y0 - cell.bbox.y0).abs() < 2.0 && c.bbox.x0 >= x0 - 2.0 && c.bbox.x1 <= x1 + 2.0)
        };
        for (key, x0, x1) in &columns {
            let text_cell = row_cells(*x0, *x1);
            let text = text_cell.map(|c| c.text()).unwrap_or_default();
            let span = text_cell.and_then(|c| Span::of_lines(page.number, &c.lines.iter().collect::<Vec<_>>()));
            let checked = !text.is_empty();
            let rel = &mut owner.relationship;
            let flag_path = format!("{base}/relationship/{key}");
            let flag_span = span.clone().or(Some(Span::place(page.number, cell.bbox)));
            rec.put(flag_path, flag_span.as_ref(), FieldKind::Flag, Some(true), found.score);
            // Officer and Other print the title / text itself, or an X.
            let words = (!is_check_mark(&text) && checked).then(|| text.clone());
            match *key {
                "isDirector" => rel.is_director = Some(checked),
                "isTenPercentOwner" => rel.is_ten_percent_owner = Some(checked),
                "isOfficer" => {
                    rel.is_officer = Some(checked);
                    rel.officer_title = words;
                    rec.put(format!("{base}/relationship/officerTitle"), rel.officer_title.as_ref().and(span.as_ref()), FieldKind::Text, None, found.score);
                }
                _ => {
                    rel.is_other = Some(checked);
                    rel.other_text = words;
                    rec.put(format!("{base}/relationship/otherText"), rel.other_text.as_ref().and(span.as_ref()), FieldKind::Text, None, found.score);
                }
            }
        }
        owners.push(owner);
    }
    (!owners.is_empty()).then_some(owners)
}

/// What browsers print on every page: the header and footer lines.
struct Furniture {
    /// Keys of the lines in the margin bands of two or more pages.
    repeated: HashSet<String>,
}

impl Furniture {
    fn of(pages: &[PageView]) -> Furniture {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for page in pages {
            let keys: HashSet<String> = page.loose.iter().filter(|l| in_margin(page, l)).map(|l| furniture_key(&l.text())).collect();
            for key in keys {
                *seen.entry(key).or_default() += 1;
            }
        }
        Furniture { repeated: seen.into_iter().filter(|(_, n)| *n >= 2).map(|(k, _)| k).collect() }
    }

    /// A date/URL/page-number line, or a margin line repeated on other pages.
    fn is_furniture(&self, page: &PageView, line: &Line) -> bool {
        let text = line.text();
        PAGE_FURNITURE.is_match(text.trim()) || (in_margin(page, line) && self.repeated.contains(&furniture_key(&text)))
    }
}

fn in_margin(page: &PageView, line: &Line) -> bool {
    let band = PAGE_MARGIN_BAND * page.height;
    line.bbox.y1 < band || line.bbox.y0 > page.height - band
}

/// Text of a furniture line without its digits (page numbers, times change).
fn furniture_key(text: &str) -> String {
    label_key(text).chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Lines after a section label (on its page and the next), outside cells,
/// up to the next section label; page furniture skipped.
fn section_lines<'a>(pages: &'a [PageView], found: &Found, furniture: &Furniture, signature_top: Option<(usize, f64)>) -> Vec<(u32, &'a Line)> {
    let mut out = Vec::new();
    // The signature block ends a section that comes before it (the modern
    // layout); the older layout prints it above the footnotes.
    let ends_at = signature_top.filter(|&(p, y)| p > found.page || (p == found.page && y > found.bbox.y0));
    for (p, page) in pages.iter().enumerate().skip(found.page) {
        for line in &page.lines {
            if p == found.page && line.bbox.y0 <= found.bbox.y0 + 0.5 {
                continue;
            }
            if ends_at.is_some_and(|(sp, y)| sp == p && line.bbox.y0 >= y - 0.5) {
                return out;
            }
            if furniture.is_furniture(page, line) {
                continue;
            }
            let text = line.text();
            if SECTION_ENDS.iter().any(|end| label_score(&text, end) >= MIN_LABEL_MATCH) {
                return out;
            }
            if text.starts_with('*') || STARRED_NOTES.iter().any(|note| label_score(&text, note) >= MIN_LABEL_MATCH) {
                continue;
            }
            out.push((page.number, line));
        }
    }
    out
}

/// The start of the footnotes' label, "Explanation of Responses:" (its
/// last word is the one a scan garbles; nothing else on the form starts so).
const NOTES_LABEL: &str = "Explanation of";

/// Form labels numbered 1 that a loose line may start with: box 1's and
/// the tables' first columns' (a scan may lose the rules around them).
const NUMBERED_ONE_LABELS: &[&str] = &[OWNER_BOX_LABEL, "Title of Security", "Title of Derivative Security"];

/// Where a scan's footnotes start when OCR garbled their label past
/// matching: just above the first line outside cells and below the last
/// cell of the filing (the notes follow the tables) that starts with note
/// 1's number before a capitalised word that starts no form label. The
/// number may be garbled into a look-alike of 1 with its point ("i.",
/// "I,"); a bare look-alike is more likely a rule's remnant. Found as sure
/// as the weakest label match.
fn first_scanned_note(pages: &[PageView]) -> Option<Found> {
    let tables_end = pages.iter().enumerate().rev().find_map(|(p, page)| Some((p, page.cells.iter().map(|c| c.bbox.y1).reduce(f64::max)?)));
    let after_tables = |p: usize, line: &Line| tables_end.is_none_or(|(tp, y)| p > tp || (p == tp && line.bbox.y0 > y));
    pages.iter().enumerate().filter(|(_, page)| page.ocr).find_map(|(p, page)| {
        let line = page.loose.iter().filter(|l| after_tables(p, l)).find(|l| {
            let text = l.text();
            let token = text.split_whitespace().next().unwrap_or_default();
            let number = token.trim_matches(|c: char| ".,:;()".contains(c));
            let numbered_one = number == "1" || (number.chars().count() == 1 && ONE_LOOKALIKES.contains(number) && number != token);
            let rest = after_number(&text);
            numbered_one
                && starts_garbled(&text)
                && !NUMBERED_ONE_LABELS.iter().any(|label| label_score(&rest, label) >= MIN_LABEL_MATCH)
        })?;
        let above = line.bbox.y0 - 1.0;
        Some(Found { page: p, cell: None, bbox: BBox::new(line.bbox.x0, above, line.bbox.x1, above), score: MIN_LABEL_MATCH })
    })
}

/// "Explanation of Responses" footnotes and the remarks.
pub fn footnotes_and_remarks(pages: &[PageView], images: &PageImages, filing: &mut Filing, rec: &mut Recorder) {
    let furniture = Furniture::of(pages);
    let signature_top = signature_block(pages, &furniture).map(|s| s.top());
    let notes_label = find_labels(pages, NOTES_LABEL).into_iter().next().or_else(|| first_scanned_note(pages));
    if let Some(found) = notes_label {
        let mut notes: Vec<Note> = Vec::new();
        let lines = section_lines(pages, &found, &furniture, signature_top);
        let read = lines_read_again(images, &lines);
        for ((page, line), read) in lines.into_iter().zip(read) {
            let (text, ReadLine { agreed, words }) = (read.text(), read);
            let expected = notes.last().map_or(1, |n| n.number + 1);
            let ocr = is_scanned(pages, page);
            let number = if ocr { &FOOTNOTE_START_OCR } else { &FOOTNOTE_START }
                .captures(&text)
                .and_then(|c| Some((c.get(1).or(c.get(2))?.as_str().parse::<usize>().ok()?, if ocr { without_leading_specks(&c[3]) } else { c[3].to_string() })));
            // OCR may garble a note's number past reading: a later number
            // within reach starts a note all the same.
            let reach = if ocr { MAX_GARBLED_FOOTNOTE_NUMBERS } else { 0 };
            match number {
                Some((n, rest)) if (expected..=expected + reach).contains(&n) => {
                    if n > expected {
                        split_garbled_notes(&mut notes, n - expected);
                    }
                    notes.push(Note { number: n, lines: vec![(page, line)], texts: vec![rest], words: vec![words], agreed, in_order: n == expected });
                }
                // The section starts with note 1: a scan's first line whose
                // number OCR garbled starts it all the same.
                _ if ocr && notes.is_empty() => {
                    let rest = if starts_garbled(&text) { after_number(&text) } else { text };
                    notes.push(Note { number: 1, lines: vec![(page, line)], texts: vec![rest], words: vec![words], agreed, in_order: false });
                }
                _ => {
                    if let Some(last) = notes.last_mut() {
                        last.lines.push((page, line));
                        last.texts.push(text);
                        last.words.push(words);
                        last.agreed = both_agreed(last.agreed, agreed);
                    }
                }
            }
        }
        // Notes the tables mark past the last one read had their numbers
        // garbled past reading on a scan.
        if let Some(last) = notes.last().filter(|n| is_scanned(pages, n.lines[0].0)).map(|n| n.number) {
            let marks = filing.row_marks();
            let marked = marks.iter().flat_map(|(_, ids)| ids.values().flatten().filter_map(|id| note_number(id)));
            if let Some(past) = marked.filter(|n| (last + 1..=last + MAX_GARBLED_FOOTNOTE_NUMBERS).contains(n)).max() {
                split_garbled_notes(&mut notes, past - last);
            }
        }
        let mut texts: Vec<String> = notes.iter().map(|n| section_text(pages, n.lines[0].0, &n.texts)).collect();
        // A text layer's words are sure (confidence 1): only scanned notes change.
        let read: Vec<Vec<(String, f64)>> = notes.iter().map(|n| n.words.concat()).collect();
        spell_repeats_alike(&mut texts, &read);
        let scanned_words = pages.iter().filter(|p| p.ocr).flat_map(|p| p.lines.iter().flat_map(|l| &l.words));
        spell_as_the_filing_does(&mut texts, &read, &vocabulary(scanned_words));
        for (i, (Note { number, lines, agreed, in_order, .. }, text)) in notes.into_iter().zip(texts).enumerate() {
            let id = format!("F{number}");
            let page = lines[0].0;
            let text = if is_scanned(pages, page) { closing_period(&text) } else { text };
            let lines: Vec<&Line> = lines.iter().map(|(_, l)| *l).collect();
            let span = Span::of_lines(page, &lines).map(|s| Span { text: text.clone(), second_reading: agreed, ..s });
            // The id rests on the printed number, confirmed by its place in
            // the notes' sequence (not by the readings of the text).
            let id_span = span.as_ref().map(|s| Span { second_reading: Some(in_order), ..s.clone() });
            rec.put(format!("/footnotes/{i}/id"), id_span.as_ref(), FieldKind::Code, Some(true), found.score);
            rec.put(format!("/footnotes/{i}/text"), span.as_ref(), FieldKind::Text, None, found.score);
            filing.footnotes.push(Footnote { id, text: collapse(&text) });
        }
    }
    // The form prints its remarks after the explanation of responses; a
    // "Remarks" before it is a box's "See Remarks" split off its line.
    let after_notes = |f: &Found| notes_label.as_ref().is_none_or(|n| (f.page, f.bbox.y0) > (n.page, n.bbox.y0));
    let remarks = find_labels(pages, "Remarks:")
        .into_iter()
        .filter(after_notes)
        .find(|f| label_key(&pages[f.page].lines.iter().find(|l| l.bbox == f.bbox).map(|l| l.text()).unwrap_or_default()).starts_with("remarks"));
    match remarks {
        Some(found) => {
            let label_line = pages[found.page].lines.iter().find(|l| l.bbox == found.bbox);
            // Text on the label's own line after "Remarks:" belongs to the remarks too.
            let inline: Vec<&Word> = label_line.map(|l| l.words.iter().skip(1).collect()).unwrap_or_default();
            let lines: Vec<(u32, &Line)> = section_lines(pages, &found, &furniture, signature_top);
            let read = lines_read_again(images, &lines);
            let mut texts: Vec<String> = Vec::new();
            if !inline.is_empty() {
                texts.push(inline.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "));
            }
            texts.extend(read.iter().map(ReadLine::text));
            let agreed = read.iter().fold(None, |all, r| both_agreed(all, r.agreed));
            let page = lines.first().map_or(pages[found.page].number, |l| l.0);
            let line_refs: Vec<&Line> = lines.iter().map(|(_, l)| *l).collect();
            let text = section_text(pages, page, &texts);
            let span = Span::of_lines(page, &line_refs).map(|s| Span { text, second_reading: agreed, ..s });
            filing.remarks = span.as_ref().map(|s| s.text.clone()).filter(|t| !t.is_empty());
            rec.put("/remarks", span.as_ref().filter(|_| filing.remarks.is_some()), FieldKind::Text, None, found.score);
            // Where the remarks end is read from the layout, not printed.
            rec.inferred();
        }
        None => rec.put("/remarks", None, FieldKind::Text, None, 1.0),
    }
}

/// The lines of a footnote or the remarks (on page number `page`) joined
/// as wrapped text; on a scan with OCR's known slips undone.
fn section_text(pages: &[PageView], page: u32, texts: &[String]) -> String {
    let text = join_lines(texts);
    if is_scanned(pages, page) { scanned_prose(&text) } else { text }
}

/// Whether page number `number` was read by OCR.
fn is_scanned(pages: &[PageView], number: u32) -> bool {
    pages.iter().any(|p| p.number == number && p.ocr)
}

/// A footnote being collected.
struct Note<'a> {
    number: usize,
    /// Its lines, each with its page number.
    lines: Vec<(u32, &'a Line)>,
    /// The text of each line (of the first, after the number).
    texts: Vec<String>,
    /// The words of each line as read, each with its confidence (0–1).
    words: Vec<Vec<(String, f64)>>,
    /// Whether second readings of its lines agreed (`None`: not read again).
    agreed: Option<bool>,
    /// Its number was printed and came next in the sequence.
    in_order: bool,
}

/// Whether two parts' second readings agreed, as one.
fn both_agreed(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x && y),
        (x, y) => x.or(y),
    }
}

/// The number of footnote id `id` ("F2" → 2).
fn note_number(id: &str) -> Option<usize> {
    id.strip_prefix('F')?.parse().ok()
}

/// How many footnote numbers in a row OCR may garble before a note's
/// number is no longer taken for the next one.
const MAX_GARBLED_FOOTNOTE_NUMBERS: usize = 2;

/// Drop the footnote marks read on a scan that name no note the filing
/// prints: 0, or a number past the last note read by more than the notes
/// OCR may have garbled at the end ("(89)" for "(8)"). Each is told in a
/// warning; a field left with no mark loses its entry.
pub fn drop_unprinted_marks(filing: &mut Filing, rec: &mut Recorder) {
    let Some(last) = filing.footnotes.iter().filter_map(|f| note_number(&f.id)).max() else { return };
    let printed = |id: &String| note_number(id).is_some_and(|n| (1..=last + MAX_GARBLED_FOOTNOTE_NUMBERS).contains(&n));
    for (row, ids) in filing.row_marks_mut() {
        for (field, marks) in ids.iter_mut() {
            let path = format!("{row}/footnoteIds/{field}");
            for unprinted in marks.iter().filter(|id| !printed(id)) {
                rec.warn(format!("{path}: the mark read as {unprinted} names no printed footnote; dropped"));
            }
            marks.retain(printed);
            if marks.is_empty() {
                rec.evidence.retain(|e| e.path != path);
            }
        }
        ids.retain(|_, marks| !marks.is_empty());
    }
}

/// Longest garbled footnote number, in characters.
const MAX_GARBLED_NUMBER: usize = 3;

/// What OCR reads for the digit 1 ("i.", "tt." for "11.").
const ONE_LOOKALIKES: &str = "ilItT|!";

/// `text` starts with a short token of no lower-case letters but look-alikes
/// of 1 ("-", "LL.", "i.", "tt.") before a capitalised word: a footnote
/// number OCR garbled.
fn starts_garbled(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(token), Some(next)) = (words.next(), words.find(|w| w.chars().any(char::is_alphanumeric))) else { return false };
    token.chars().count() <= MAX_GARBLED_NUMBER
        && !token.chars().any(|c| c.is_lowercase() && !ONE_LOOKALIKES.contains(c))
        && next.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A note's text after its first word, its number.
fn after_number(text: &str) -> String {
    without_leading_specks(text.split_once(' ').map_or("", |(_, rest)| rest))
}

/// Text without the specks that open it ("] Represents"): a scan's specks
/// between a note's number and its text.
fn without_leading_specks(text: &str) -> String {
    text.split_whitespace().skip_while(|w| !w.chars().any(char::is_alphanumeric)).collect::<Vec<_>>().join(" ")
}

/// Split the `missing` notes whose numbers OCR garbled off the last note:
/// its later lines that start with a short token of no lower-case letters
/// ("-", "LL.") before a capitalised word, or else those that open a
/// sentence after a line that ended one (the number lost whole). Only when
/// exactly that many such lines are there; else the last note keeps them.
fn split_garbled_notes(notes: &mut Vec<Note>, missing: usize) {
    let Some(last) = notes.last_mut() else { return };
    let garbled: Vec<usize> = (1..last.texts.len()).filter(|&k| starts_garbled(&last.texts[k])).collect();
    // A number lost whole leaves a sentence opening a line after one ended.
    let opens_sentence = |k: usize| last.texts[k - 1].trim_end().ends_with('.') && last.texts[k].starts_with(char::is_uppercase);
    let sentences: Vec<usize> = (1..last.texts.len()).filter(|&k| opens_sentence(k)).collect();
    let Some((starts, numbered)) = [(garbled, true), (sentences, false)].into_iter().find(|(starts, _)| starts.len() == missing) else { return };
    let number = last.number;
    let mut split: Vec<Note> = Vec::new();
    for (k, &start) in starts.iter().enumerate().rev() {
        let lines = last.lines.split_off(start);
        let mut texts = last.texts.split_off(start);
        let words = last.words.split_off(start);
        if numbered {
            texts[0] = after_number(&texts[0]);
        }
        split.push(Note { number: number + k + 1, lines, texts, words, agreed: last.agreed, in_order: false });
    }
    notes.extend(split.into_iter().rev());
}

/// The signature rows: lines in the label's column just above
/// "** Signature of Reporting Person" (onto the previous page when the
/// block is split by a page break), each with the index of its page.
struct SignatureBlock<'a> {
    label: Found,
    rows: Vec<(usize, &'a Line)>,
}

impl SignatureBlock<'_> {
    /// Page index and top of the block: where footnotes and remarks end.
    fn top(&self) -> (usize, f64) {
        self.rows.first().map_or((self.label.page, self.label.bbox.y0), |(p, r)| (*p, r.bbox.y0))
    }
}

fn signature_block<'a>(pages: &'a [PageView], furniture: &Furniture) -> Option<SignatureBlock<'a>> {
    let found = find_labels(pages, SIGNATURE_LABEL).into_iter().next().or_else(|| conformed_signature(pages))?;
    let height = found.bbox.height().max(1.0);
    let column_start = found.bbox.x0 - SIGNATURE_COLUMN_SLACK;
    let mut rows: Vec<(usize, &Line)> = Vec::new();
    let mut top = found.bbox.y0;
    let mut p = found.page;
    // On a page before the label's, the first row may stand anywhere above
    // the page's foot (margins differ); after it, rows must be close.
    let mut continued = false;
    loop {
        let page = &pages[p];
        // Signatures are never in ruled cells; table text at a page's foot is.
        let mut above: Vec<&Line> = page.loose.iter().filter(|l| l.bbox.y1 <= top + 0.5 && !furniture.is_furniture(page, l)).collect();
        above.sort_by(|a, b| b.bbox.y0.total_cmp(&a.bbox.y0));
        let mut stopped = false;
        for line in above {
            let far = top - line.bbox.y1 > MAX_SIGNATURE_GAP * height && !continued;
            let text = line.text();
            let heading = SECTION_ENDS.iter().any(|end| label_score(&text, end) >= MIN_LABEL_MATCH);
            // Specks wholly left of the column stand beside the block, not above it.
            if line.bbox.x1 < column_start && specks_only(line) && !heading {
                continue;
            }
            let stop = far || line.bbox.x0 < column_start || heading;
            if stop {
                stopped = true;
                break;
            }
            rows.push((p, line));
            top = line.bbox.y0;
            continued = false;
        }
        // Rows up to the top of the page continue at the foot of the page before.
        if stopped || p == 0 {
            break;
        }
        p -= 1;
        top = pages[p].height;
        continued = true;
    }
    rows.reverse();
    Some(SignatureBlock { label: found, rows })
}

/// On a scan whose signature label OCR garbled past finding: the lowest
/// conformed signature ("/s/…") with a date beside it stands in for the
/// label, as if printed right under it.
fn conformed_signature(pages: &[PageView]) -> Option<Found> {
    pages.iter().enumerate().rev().filter(|(_, page)| page.ocr).find_map(|(p, page)| {
        let mut loose: Vec<&Line> = page.loose.iter().collect();
        loose.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let conformed = |l: &&&Line| l.words.first().is_some_and(|w| w.text.to_lowercase().starts_with("/s/"));
        loose.iter().rev().filter(conformed).find_map(|line| {
            let height = line.bbox.height();
            let dated_within = |top: f64, bottom: f64| {
                loose.iter().any(|l| {
                    let beside = l.bbox.y0 < bottom && l.bbox.y1 > top;
                    beside && l.words.iter().any(|w| w.bbox.x0 > line.bbox.x0 + SIGNATURE_COLUMN_SLACK && is_signature_date(&w.text, true))
                })
            };
            // Dated on its own row, the signature is that row (the label
            // comes next, below it); else it wraps onto lines below at its
            // left edge, each close under the one before.
            let mut bottom = line.bbox.y1;
            if !dated_within(line.bbox.y0, line.bbox.y1) {
                for below in loose.iter().filter(|l| l.bbox.y0 > line.bbox.y1 - 0.5) {
                    if (below.bbox.x0 - line.bbox.x0).abs() <= SIGNATURE_COLUMN_SLACK && below.bbox.y0 - bottom <= height {
                        bottom = below.bbox.y1;
                    }
                }
            }
            let top = bottom + 0.5;
            dated_within(line.bbox.y0, bottom).then(|| Found { page: p, cell: None, bbox: BBox::new(line.bbox.x0, top, line.bbox.x1, top + height), score: MIN_LABEL_MATCH })
        })
    })
}

/// Signatures: each date right of the signature column starts one; name
/// words (which may wrap over lines) go to the nearest date.
pub fn signatures(pages: &[PageView], images: &PageImages, filing: &mut Filing, rec: &mut Recorder) {
    let Some(block) = signature_block(pages, &Furniture::of(pages)) else { return };
    let column_end = block.label.bbox.x0 + SIGNATURE_COLUMN_SLACK;
    let date_column = date_column_start(&pages[block.label.page], &block.label);
    // On a scan, a word in the date column is the date, however garbled,
    // but for a speck (short and without a digit).
    let in_date_column = |p: usize, w: &Word| {
        let speck = w.text.chars().count() < MIN_GARBLED_DATE_CHARACTERS && !w.text.chars().any(|c| c.is_ascii_digit());
        pages[p].ocr && date_column.is_some_and(|x| w.bbox.x0 >= x) && !speck
    };
    // Height down the whole document, so rows on an earlier page sit above
    // every row of a later one.
    let offset = |p: usize| pages[..p].iter().map(|pg| pg.height).sum::<f64>();
    let level = |(p, w): &(usize, &Word)| offset(*p) + w.bbox.center_y();
    let rows: Vec<(usize, Line)> =
        block.rows.iter().map(|&(p, row)| (p, dates_read_again(&pages[p], images, row, column_end, |w: &Word| in_date_column(p, w)))).collect();
    let mut dates: Vec<(usize, &Word)> = Vec::new();
    let mut names: Vec<(usize, &Word)> = Vec::new();
    for (p, row) in &rows {
        let p = *p;
        for w in &row.words {
            if (w.bbox.x0 > column_end && is_signature_date(&w.text, pages[p].ocr)) || in_date_column(p, w) {
                dates.push((p, w));
            } else {
                names.push((p, w));
            }
        }
    }
    let mut blocks: Vec<(Vec<(usize, &Word)>, Option<(usize, &Word)>)> = dates.iter().map(|d| (Vec::new(), Some(*d))).collect();
    for word in names {
        let nearest = (0..dates.len()).min_by(|&a, &b| (level(&dates[a]) - level(&word)).abs().total_cmp(&(level(&dates[b]) - level(&word)).abs()));
        match nearest {
            Some(i) => blocks[i].0.push(word),
            // No dates: each row is a signature, unless the row before
            // broke off at a hyphen ("Attorney-in-") and this one goes on
            // at the column's left edge.
            None => match blocks.last_mut() {
                Some((row, _))
                    if row.last().is_some_and(|last| {
                        let same_row = (level(last) - level(&word)).abs() < word.1.bbox.height() / 2.0;
                        same_row || (last.1.text.ends_with('-') && word.1.bbox.x0 <= column_end)
                    }) =>
                {
                    row.push(word)
                }
                _ => blocks.push((vec![word], None)),
            },
        }
    }
    // A garbled word in the date column that took no name words and reads
    // as no date is no signature.
    blocks.retain(|(name_words, date)| !name_words.is_empty() || date.is_some_and(|(_, w)| parse_date(&w.text).is_some() || repaired_date(&w.text).is_some()));
    // Words of each wrapped name, row by row, as lines.
    let name_rows: Vec<Vec<(u32, Line)>> = blocks
        .iter()
        .map(|(name_words, _)| {
            let mut rows: Vec<(u32, Line)> = Vec::new();
            let mut last_level = f64::NAN;
            for entry in name_words {
                let l = level(entry);
                let word = entry.1.clone();
                match rows.last_mut() {
                    Some((_, row)) if (l - last_level).abs() < word.bbox.height() / 2.0 => {
                        row.bbox = row.bbox.union(&word.bbox);
                        row.words.push(word);
                    }
                    _ => rows.push((pages[entry.0].number, Line { bbox: word.bbox, words: vec![word] })),
                }
                last_level = l;
            }
            rows
        })
        .collect();
    // Read again on a scan, every signature's rows in one run, none
    // reaching into the label under them.
    let label_page = pages[block.label.page].number;
    let rows_to_read: Vec<(u32, Line)> = name_rows
        .iter()
        .flatten()
        .map(|(p, line)| (*p, if *p == label_page { kept_above(line, block.label.bbox.y0) } else { line.clone() }))
        .collect();
    let mut read = lines_read_again(images, &rows_to_read.iter().map(|(p, line)| (*p, line)).collect::<Vec<_>>()).into_iter();
    for ((i, (name_words, date_word)), rows) in blocks.into_iter().enumerate().zip(&name_rows) {
        let row_texts: Vec<String> = read.by_ref().take(rows.len()).map(|r| r.text()).collect();
        // Its confidence stays with the words' own: which words make one
        // signature is judged from the layout, which readings cannot confirm.
        let name_page = name_words.first().map(|(p, _)| pages[*p].number);
        let words: Vec<&Word> = name_words.iter().filter(|(p, _)| Some(pages[*p].number) == name_page).map(|(_, w)| *w).collect();
        let scanned = name_words.first().is_some_and(|(p, _)| pages[*p].ocr);
        let text = join_lines(&row_texts);
        let text = if scanned { attorney_in_fact_spelled(&signature_punctuation(&text)) } else { text };
        // An opening "/s/" the page read (maybe garbled, "{s/") and the
        // second reading dropped is the signature's.
        let opened = name_words.first().is_some_and(|(_, w)| w.text == "/s/" || is_garbled_slash_s(&w.text));
        let text = if scanned && opened && !text.contains("/s/") { format!("/s/ {text}") } else { text };
        let name = name_page.and_then(|n| Span::of_words(n, &words)).map(|s| Span { text, ..s });
        let date = date_word.and_then(|(p, w)| Span::of_words(pages[p].number, &[w]));
        rec.put(format!("/signatures/{i}/name"), name.as_ref(), FieldKind::Text, None, block.label.score);
        let printed = date.as_ref().and_then(|s| parse_date(&s.text));
        let mut repaired = date.as_ref().filter(|_| printed.is_none()).and_then(|s| repaired_date(&s.text));
        // A scanned date far from the period of report has a digit misread.
        let date_scanned = date_word.is_some_and(|(p, _)| pages[p].ocr);
        if let (true, Some(read), Some(period)) = (date_scanned, printed.as_ref().or(repaired.as_ref()), filing.period_of_report.as_deref()) {
            repaired = signature_date_near_period(read, period).or(repaired);
        }
        rec.put(format!("/signatures/{i}/date"), date.as_ref(), FieldKind::Date, date.as_ref().map(|_| printed.is_some() || repaired.is_some()), block.label.score);
        if repaired.is_some() {
            rec.inferred();
        }
        filing.signatures.push(Signature { name: name.map(|s| s.text), date: repaired.or(printed) });
    }
}

/// Longest speck OCR reads before a signature's "/s/", in characters.
const MAX_SIGNATURE_SPECK: usize = 2;

/// A signer's "By:" with its colon read as a semicolon, comma or period,
/// opening the signature or after the name of the entity signing.
static BY_MISPUNCTUATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(^|\s)By[;,.](\s)").unwrap());

/// Marks and letters OCR reads a signature's "/s/" as ("{s/", "isi",
/// "Is!", "fsi", "'sf", "s/").
const SLASH_S_LOOKALIKES: &str = "/sS5$fiIl|!'({[t1";
/// Longest garbled "/s/", in characters.
const MAX_GARBLED_SLASH_S: usize = 4;

/// A word that can only be a garbled "/s/": two to four of its lookalikes
/// with an s among them, and not shaped like a name ("Si"; "Sf" has no
/// vowel to be one).
fn is_garbled_slash_s(word: &str) -> bool {
    let mut chars = word.chars();
    let name_like = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase) && word.contains(['i', 'I']);
    (2..=MAX_GARBLED_SLASH_S).contains(&word.chars().count())
        && word.chars().all(|c| SLASH_S_LOOKALIKES.contains(c))
        && word.contains(['s', 'S', '5', '$'])
        && !name_like
}

/// A scanned signature with the punctuation OCR garbles set as signatures
/// print it: no speck periods after whole words ("Sergey. Brin", see
/// `without_speck_points`), "By;" or "By," is "By:", no signature ends in a
/// comma or doubles one, specks before an opening "/s/" go ("-/s/", "3 /s/")
/// and an opening "/s/" garbled past its shape ("{s/", "isi") is "/s/".
fn signature_punctuation(text: &str) -> String {
    let text = without_speck_points(text).replace(",,", ",");
    let text = text.trim_end_matches(',');
    if let Some((before, after)) = text.split_once("/s/") {
        let speck = before.trim();
        if speck.chars().count() <= MAX_SIGNATURE_SPECK && !speck.chars().any(char::is_alphabetic) {
            return format!("/s/{after}");
        }
    }
    let text = BY_MISPUNCTUATED.replace_all(text, "${1}By:${2}");
    let mut words: Vec<&str> = text.split(' ').collect();
    let opening = usize::from(words[0] == "By:");
    if words.len() > opening + 1 && is_garbled_slash_s(words[opening]) {
        words[opening] = "/s/";
    }
    words.join(" ")
}

/// "Attorney-in-Fact" as OCR may read it in a signature: the first word
/// misspelled ("Attomey", "Auomey:"), run into "in" ("Atlorneyin-Fact"),
/// or its hyphens doubled or followed by a space ("in- Fact").
static ATTORNEY_IN_FACT_READ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([Aa][a-z]{4,8})[-:]*( ?)in(-*)( ?)([Ff]act)\b").unwrap());
/// Least similarity (normalized Levenshtein, 0–1) of a word read before
/// "in-Fact" to "attorney" for it to be that word misread.
const MIN_ATTORNEY_MATCH: f64 = 0.5;

/// A scanned signature's "Attorney-in-Fact" spelled as printed, its case
/// and (where OCR did not garble them) its separators as read: "Attorney
/// in fact" stays.
fn attorney_in_fact_spelled(text: &str) -> String {
    ATTORNEY_IN_FACT_READ
        .replace_all(text, |c: &regex::Captures| {
            let read = &c[1];
            if crate::similarity::normalized_levenshtein(&read.to_lowercase(), "attorney") < MIN_ATTORNEY_MATCH {
                return c[0].to_string();
            }
            let attorney = if read.starts_with('A') { "Attorney" } else { "attorney" };
            // Spaced ("Attorney in fact") or hyphened as printed; else a hyphen.
            let spaced = &c[2] == " " && c[3].is_empty() && &c[4] == " ";
            let separator = if spaced { " " } else { "-" };
            format!("{attorney}{separator}in{separator}{}", &c[5])
        })
        .into_owned()
}

/// Fewest digits in a scanned word right of the signatures that holds a
/// slash for it to be a garbled date (a date has eight).
const MIN_GARBLED_DATE_DIGITS: usize = 4;

/// Fewest digits in a scanned word right of the signatures without a
/// slash for it to be a garbled date, its slashes read as letters or
/// digits ("aoy149009" for 03/11/2022).
const MIN_SLASHLESS_DATE_DIGITS: usize = 6;

/// Whether a word right of the signatures is a signature's date: a date,
/// or on a scan (`scanned`) a date OCR garbled (`garbled_date`).
fn is_signature_date(text: &str, scanned: bool) -> bool {
    parse_date(text).is_some() || (scanned && garbled_date(text, MIN_GARBLED_DATE_DIGITS))
}

/// Whether a scanned word may be a date OCR garbled: with a slash and at
/// least `min_digits_with_slash` digits ("g9/18/2010"), or without one and
/// most of a date's digits (`MIN_SLASHLESS_DATE_DIGITS`).
fn garbled_date(text: &str, min_digits_with_slash: usize) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if text.contains('/') { digits >= min_digits_with_slash } else { digits >= MIN_SLASHLESS_DATE_DIGITS }
}

/// Fewest characters of a word without a digit in the signatures' date
/// column for it to be part of a garbled date ("str)"): fewer are a speck
/// ("I"); a digit makes it part of one ("G3 1B 2025").
const MIN_GARBLED_DATE_CHARACTERS: usize = 3;

/// How far left of the "Date" label beside the signature label a date
/// may start, in heights of the label.
const DATE_COLUMN_SLACK: f64 = 1.0;

/// Where the signature dates' column starts: at the "Date" label printed
/// level with the signature label, right of it (`DATE_COLUMN_SLACK`
/// before it). `None` when no such word is read.
fn date_column_start(page: &PageView, label: &Found) -> Option<f64> {
    let level = |b: &BBox| b.center_y() > label.bbox.y0 && b.center_y() < label.bbox.y1;
    page.loose
        .iter()
        .flat_map(|l| &l.words)
        .filter(|w| w.bbox.x0 > label.bbox.x0 + SIGNATURE_COLUMN_SLACK && level(&w.bbox) && label_key(&w.text) == "date")
        .map(|w| w.bbox.x0 - DATE_COLUMN_SLACK * label.bbox.height())
        .min_by(f64::total_cmp)
}

/// A signature row with the date OCR misread ("g9/1 8/2010", "aoy149009",
/// "str)") read again: the words right of the name column that may be
/// parts of a garbled date (`garbled_date`, any digit with a slash) or
/// stand in the date column (`in_date_column`), read alone as a date,
/// become one word.
fn dates_read_again(page: &PageView, images: &PageImages, row: &Line, column_end: f64, in_date_column: impl Fn(&Word) -> bool) -> Line {
    let has_date = row.words.iter().any(|w| parse_date(&w.text).is_some());
    let date_like = |w: &Word| (w.bbox.x0 > column_end && garbled_date(&w.text, 1)) || in_date_column(w);
    let garbled: Vec<&Word> = row.words.iter().filter(|w| date_like(w)).collect();
    let Some(bbox) = union_all(garbled.iter().map(|w| &w.bbox)).filter(|_| !has_date && page.ocr) else { return row.clone() };
    // Read again or not, the garbled date is one word: it is no part of the name.
    let (text, confidence) = match Span::date_read_again(images, page.number, bbox) {
        Some(span) => (span.text, span.reading),
        None => (garbled.iter().map(|w| w.text.as_str()).collect(), garbled.iter().map(|w| w.confidence).fold(1.0, f64::min)),
    };
    let date = Word { text, bbox, font_size: garbled[0].font_size, confidence };
    let mut words: Vec<Word> = row.words.iter().filter(|w| !date_like(w)).cloned().collect();
    words.push(date);
    words.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    Line { words, bbox: row.bbox }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> [Option<String>; 3] {
        let (city, state, zip) = split_city_line(text);
        [city, state, zip]
    }

    fn some(parts: [&str; 3]) -> [Option<String>; 3] {
        parts.map(|p| Some(p.to_string()))
    }

    #[test]
    fn browser_furniture_is_known_as_printed_and_as_ocr_reads_it() {
        for line in [
            "7/24/24, 11:28 AM SEC FORM 4",
            "7/24/24,11:28AM SEC FORM 4/A",
            "SEC FORM 4",
            "https://www.sec.gov/Archives/edgar/data/1387467/000119312525050671/xslF345X05/edgardoc.xml 1/2",
            "https://www.sec.gov/Archives/edgar/data/1 387467/00011931252505067 1/xslF345X05/edgardoc.xmi 1/2",
            "htips:Jwwrn. see. goviArchives/edgar/data/1413452/0001 17911024051 705/xsiF345x0S/edgardoc xm! 2/3",
            "1/2",
            "Page 2 of 3",
        ] {
            assert!(PAGE_FURNITURE.is_match(line), "{line}");
        }
        for line in [
            "1. Shares held in the SEC Form 4 filer's name.",
            "The report is available at the Archives of the Issuer.",
            "11:28 AM",
            // A signature date that lost a slash (seed 777 sc-0013).
            "02/132025",
        ] {
            assert!(!PAGE_FURNITURE.is_match(line), "{line}");
        }
    }

    #[test]
    fn a_scanned_attorney_in_fact_is_spelled_as_printed() {
        for (read, printed) in [
            ("/s/ Travis Shrout, Atiomey-in-Fact", "/s/ Travis Shrout, Attorney-in-Fact"),
            ("/s/ Sam Whittington, Auomey: in-Fact for Arthur D. Levinson", "/s/ Sam Whittington, Attorney-in-Fact for Arthur D. Levinson"),
            ("/s/ Ryan Sakamoto, Attorney--in-Fact for Reporting Person", "/s/ Ryan Sakamoto, Attorney-in-Fact for Reporting Person"),
            ("/s/ Karen Ingram, Attomey-in- Fact", "/s/ Karen Ingram, Attorney-in-Fact"),
            ("/s/ Shannon Collins, as Atlorneyin-Fact", "/s/ Shannon Collins, as Attorney-in-Fact"),
            ("/s/ Faisal Hasan, attomey-in-fact", "/s/ Faisal Hasan, attorney-in-fact"),
            ("Lagan Srivastava, Attorney in fact for Elizabeth Lemesevski", "Lagan Srivastava, Attorney in fact for Elizabeth Lemesevski"),
            ("/s/ Anna Bellini-Fact, Agent", "/s/ Anna Bellini-Fact, Agent"),
            ("/s/ Alan Marks, Assistant in-Fact", "/s/ Alan Marks, Assistant in-Fact"),
        ] {
            assert_eq!(attorney_in_fact_spelled(read), printed);
        }
    }

    /// Words of `text` from `x` at height `y`, 40 pt apart, read at `confidence`.
    fn words_at(text: &str, x: f64, y: f64, confidence: f64) -> Vec<Word> {
        let at = |i: usize| x + 40.0 * i as f64;
        text.split(' ').enumerate().map(|(i, t)| Word { text: t.into(), bbox: crate::geometry::BBox::new(at(i), y, at(i) + 36.0, y + 7.0), font_size: 7.0, confidence }).collect()
    }

    /// The signatures (name, date) of a scanned page of these words.
    fn scanned_signatures(words: Vec<Word>) -> Vec<(String, Option<String>)> {
        let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr: true };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let mut filing = Filing::default();
        signatures(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
        filing.signatures.into_iter().map(|s| (s.name.unwrap_or_default(), s.date)).collect()
    }

    #[test]
    fn a_speck_left_of_the_signature_column_does_not_end_its_block() {
        let signed = |speck: f64| {
            scanned_signatures(
                [
                    words_at("Remarks:", 40.0, 40.0, 0.9),
                    words_at("ot", 240.0, 64.0, speck),
                    words_at("/s/ Jane Roe, Attorney-in-", 360.0, 63.0, 0.9),
                    words_at("03/18/2025", 520.0, 69.0, 0.9),
                    words_at("Fact", 360.0, 75.0, 0.9),
                    words_at("Signature of Reporting Person", 368.0, 87.0, 0.9),
                ]
                .concat(),
            )
        };
        let date = Some("2025-03-18".to_string());
        assert_eq!(signed(0.0), [("/s/ Jane Roe, Attorney-in-Fact".to_string(), date.clone())], "a speck read beside the first row");
        assert_eq!(signed(0.9), [("Fact".to_string(), date)], "text read there ends the block");
    }

    /// The signatures of "/s/ Jane Roe, Attorney-in-" / "Fact" with `date`
    /// read at `date_x` beside the first row, above `label`.
    fn signed_in_two_rows(date: &str, date_x: f64, date_confidence: f64, label: &str) -> Vec<(String, Option<String>)> {
        scanned_signatures(
            [
                words_at("Remarks:", 40.0, 40.0, 0.9),
                words_at("/s/ Jane Roe, Attorney-in-", 360.0, 63.0, 0.9),
                words_at(date, date_x, 64.0, date_confidence),
                words_at("Fact", 360.0, 75.0, 0.9),
                words_at(label, 368.0, 87.0, 0.9),
            ]
            .concat(),
        )
    }

    #[test]
    fn a_signature_whose_date_lost_its_slashes_stays_one_signature() {
        let signed = |date: &str| signed_in_two_rows(date, 520.0, 0.9, "Signature of Reporting Person");
        assert_eq!(signed("aoy149009"), [("/s/ Jane Roe, Attorney-in-Fact".to_string(), None)], "its slashes read as letters");
        // Fewer digits are no date: the rows stand apart, as undated rows
        // do, the word taken as part of the first.
        assert_eq!(signed("aoy1409").len(), 2);
    }

    #[test]
    fn a_word_in_the_date_column_is_the_signatures_date_however_garbled() {
        // Seed 777 sc-0027: the date read as "str)".
        let signed = |label: &str| signed_in_two_rows("str)", 536.0, 0.1, label);
        // "Date" printed right of the signature label starts the column.
        assert_eq!(signed("Signature of Reporting Person Date"), [("/s/ Jane Roe, Attorney-in-Fact".to_string(), None)]);
        // Without it, the word is no date: the rows stand apart.
        assert_eq!(signed("Signature of Reporting Person").len(), 2);
        // Nor is a speck there a date of a signature of its own.
        let speck = signed_in_two_rows("I", 536.0, 0.1, "Signature of Reporting Person Date");
        assert!(speck.iter().all(|(_, date)| date.is_none()) && speck.len() == 2, "{speck:?}");
    }

    #[test]
    fn undated_signature_rows_stand_apart_unless_one_broke_off_at_a_hyphen() {
        let signed = |first: &str, second: &str, second_x: f64| {
            let rows = [words_at("Remarks:", 40.0, 40.0, 0.9), words_at(first, 360.0, 63.0, 0.9), words_at(second, second_x, 75.0, 0.9), words_at("Signature of Reporting Person", 368.0, 87.0, 0.9)];
            scanned_signatures(rows.concat()).into_iter().map(|(name, _)| name).collect::<Vec<_>>()
        };
        assert_eq!(signed("/s/ Jane Roe, Attorney-in-", "Fact", 360.0), ["/s/ Jane Roe, Attorney-in-Fact"]);
        assert_eq!(signed("/s/ Jane Roe", "/s/ John Doe", 360.0), ["/s/ Jane Roe", "/s/ John Doe"]);
        // A row right of the column does not go on with the name (a date
        // OCR garbled past knowing).
        assert_eq!(signed("/s/ Jane Roe, Attorney-in-", "G3 1B 2025", 520.0), ["/s/ Jane Roe, Attorney-in-", "G3 1B 2025"]);
    }

    #[test]
    fn scanned_signatures_get_their_printed_punctuation() {
        assert_eq!(signature_punctuation("By; /s/ Amanda Drummond, Authorized Signatory"), "By: /s/ Amanda Drummond, Authorized Signatory");
        assert_eq!(signature_punctuation("By: /s/ David Benning, Authorized Signatory,"), "By: /s/ David Benning, Authorized Signatory");
        assert_eq!(signature_punctuation("Bye Smith"), "Bye Smith");
        assert_eq!(signature_punctuation("Sclar Family Trust By; /s/ Richard A. Marks, Trustee"), "Sclar Family Trust By: /s/ Richard A. Marks, Trustee");
        assert_eq!(signature_punctuation("-/s/ Rajesh Melkote"), "/s/ Rajesh Melkote");
        assert_eq!(signature_punctuation("3 /s/ Drew G. Markham"), "/s/ Drew G. Markham");
        assert_eq!(signature_punctuation("s/ Brandon McAllister"), "/s/ Brandon McAllister");
        assert_eq!(signature_punctuation("By: /s/ Jacob MacPherson"), "By: /s/ Jacob MacPherson");
        assert_eq!(signature_punctuation("/s/Sharon Ackerly"), "/s/Sharon Ackerly");
        for garbled in ["{s/", "isi", "Is!", "fsi", "'sf", "ts/"] {
            assert_eq!(signature_punctuation(&format!("{garbled} Drew G. Markham")), "/s/ Drew G. Markham");
        }
        assert_eq!(signature_punctuation("By: isf Jennifer L. Gill"), "By: /s/ Jennifer L. Gill");
        assert_eq!(signature_punctuation("Si Chen"), "Si Chen");
        assert_eq!(signature_punctuation("Sf"), "Sf");
        assert_eq!(signature_punctuation("Sf Travis Shrout, Attorney-in-Fact"), "/s/ Travis Shrout, Attorney-in-Fact");
        assert_eq!(signature_punctuation("/s/ Susan B. Vasquez,, Managing Member"), "/s/ Susan B. Vasquez, Managing Member");
    }

    #[test]
    fn a_us_zip_code_names_its_state() {
        assert_eq!(us_state_of_zip("06830"), Some("CT"));
        assert_eq!(us_state_of_zip("14221-1234"), Some("NY"));
        assert_eq!(us_state_of_zip("94043"), Some("CA"));
        assert_eq!(us_state_of_zip("00901"), None, "Puerto Rico is left out");
        assert_eq!(us_state_of_zip("M5J 2T3"), None);
        assert_eq!(us_state_of_zip("0683"), None);
    }

    #[test]
    fn scanned_state_and_postal_codes_read_as_codes() {
        let states = ["DO", "Al", "AG", "CO", "AL", "OH", "A6", "Dx", "ONT", "46", "4x"].map(state_code_read);
        assert_eq!(states, ["D0", "A1", "A6", "CO", "AL", "OH", "A6", "Dx", "ONT", "A6", "4x"]);
        assert_eq!(postal_code_read("MSJ2T3", Some("A6")), "M5J2T3");
        assert_eq!(postal_code_read("__.MSJ2T3", Some("A6")), "M5J2T3", "specks before it");
        assert_eq!(postal_code_read("MSJ2T3.", Some("A6")), "M5J2T3", "a speck after it");
        assert_eq!(postal_code_read("V6E 2K3", Some("A1")), "V6E 2K3");
        assert_eq!(postal_code_read("VG6E 2K3", Some("A1")), "VG6E 2K3", "seven characters: no postal code");
        assert_eq!(postal_code_read("9S0l4", Some("CA")), "95014");
        assert_eq!(postal_code_read("98052-6399", Some("WA")), "98052-6399");
        assert_eq!(postal_code_read("HM 11", Some("D0")), "HM 11", "other countries' codes stay as read");
        assert_eq!(postal_code_read("O26\"", Some("MA")), "O26", "does not fit: as read, without its specks");
    }

    #[test]
    fn city_lines_split_into_city_state_zip() {
        assert_eq!(split("MOUNTAIN VIEW, CA 94043"), some(["MOUNTAIN VIEW", "CA", "94043"]));
        assert_eq!(split("LONDON, X0 W1K 3JP"), some(["LONDON", "X0", "W1K 3JP"]));
        assert_eq!(split("TORONTO A6 M5J2T3 ONTARIO"), some(["TORONTO ONTARIO", "A6", "M5J2T3"]));
        assert_eq!(split("OMAHA NE 68131"), some(["OMAHA", "NE", "68131"]));
    }

    #[test]
    fn a_city_line_in_three_columns_far_apart_splits_at_its_gaps() {
        let word = |text: &str, x: f64, y: f64| Word { text: text.into(), bbox: crate::geometry::BBox::new(x, y, x + 5.0 * text.len() as f64, y + 7.0), font_size: 7.0, confidence: 0.9 };
        let columns = [word("HAMILTON", 40.0, 790.0), word("D0", 108.0, 790.0), word("HM", 174.0, 790.0), word("11", 193.0, 790.0)];
        let refs: Vec<&Word> = columns.iter().collect();
        let texts = |groups: [Vec<&Word>; 3]| groups.map(|g| g.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "));
        assert_eq!(columns_by_gaps(&refs).map(texts), Some(["HAMILTON".to_string(), "D0".into(), "HM 11".into()]));
        // "CITY, ST ZIP" set as text: one group, parsed instead.
        let run = [word("OMAHA,", 40.0, 790.0), word("NE", 73.0, 790.0), word("68131", 86.0, 790.0)];
        assert!(columns_by_gaps(&run.iter().collect::<Vec<_>>()).is_none());
        // Two lines: no columns.
        let wrapped = [word("SAN", 40.0, 790.0), word("CA", 108.0, 790.0), word("92101", 174.0, 800.0)];
        assert!(columns_by_gaps(&wrapped.iter().collect::<Vec<_>>()).is_none());
    }

    fn line(text: &str, y: f64) -> Line {
        let words: Vec<Word> = text
            .split(' ')
            .enumerate()
            .map(|(i, t)| {
                let x = 30.0 + 20.0 * i as f64;
                Word { text: t.into(), bbox: crate::geometry::BBox::new(x, y, x + 18.0, y + 6.0), font_size: 6.0, confidence: 0.9 }
            })
            .collect();
        Line { bbox: crate::geometry::BBox::new(30.0, y, 30.0 + 20.0 * words.len() as f64, y + 6.0), words }
    }

    #[test]
    fn notes_whose_numbers_ocr_garbled_split_off_the_note_before() {
        let split = |garbled: &str| {
            let lines = [line("6. The price was", 10.0), line("an average.", 20.0), line(garbled, 30.0), line("Held by a trust.", 40.0)];
            let mut notes = vec![note(&lines)];
            split_garbled_notes(&mut notes, 1);
            notes.iter().map(|n| (n.number, n.lines.len(), n.texts[0].clone())).collect::<Vec<_>>()
        };
        let two = |text: &str| vec![(6, 2, "The price was".to_string()), (7, 2, text.to_string())];
        // OCR reads 11 as "LL" or "tt", and may leave a speck after the number.
        assert_eq!(split("tt. The shares are"), two("The shares are"));
        assert_eq!(split("LL. ' The shares are"), two("The shares are"));
        // A number lost whole: a sentence opens the line after one ended.
        assert_eq!(split("The shares are"), two("The shares are"));
        let lines = [line("6. The price was", 10.0), line("an average.", 20.0), line("LL. The shares are", 30.0), line("Held by a trust.", 40.0)];
        fn note(lines: &[Line]) -> Note<'_> {
            let mut texts: Vec<String> = lines.iter().map(Line::text).collect();
            texts[0] = "The price was".into();
            let words = lines.iter().map(|l| crate::form4::readings::word_confidences([l])).collect();
            Note { number: 6, lines: lines.iter().map(|l| (1, l)).collect(), texts, words, agreed: None, in_order: true }
        }
        let mut notes = vec![note(&lines)];
        split_garbled_notes(&mut notes, 1);
        let got: Vec<(usize, usize, &str)> = notes.iter().map(|n| (n.number, n.lines.len(), n.texts[0].as_str())).collect();
        assert_eq!(got, [(6, 2, "The price was"), (7, 2, "The shares are")]);
        // Two numbers missing but one garbled start: the note stays whole.
        let mut notes = vec![note(&lines)];
        split_garbled_notes(&mut notes, 2);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn a_scans_first_note_starts_the_section_though_its_number_is_garbled() {
        let read = |first: &str| {
            let words = ["Explanation of Ripe".to_string(), "If the form is filed by more than one reporting person, see Instruction 4(b)(v).".into(), first.to_string(), "25% of the shares vest.".into(), "2. The units vest.".into(), "Remarks:".into()]
                .iter()
                .enumerate()
                .flat_map(|(i, text)| line(text, 500.0 + 10.0 * i as f64).words)
                .collect();
            let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr: true };
            let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
            let mut filing = Filing::default();
            footnotes_and_remarks(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
            filing.footnotes.into_iter().map(|f| (f.id, f.text)).collect::<Vec<_>>()
        };
        let notes = |first: &str| vec![("F1".to_string(), first.to_string()), ("F2".into(), "The units vest.".into())];
        assert_eq!(read("L. Vesting starts March 31, 2025."), notes("Vesting starts March 31, 2025. 25% of the shares vest."));
        assert_eq!(read("PVhis grant vests."), notes("PVhis grant vests. 25% of the shares vest."));
    }

    #[test]
    fn a_scans_notes_whose_label_is_garbled_start_at_note_1() {
        let read = |first: &str, ocr: bool| {
            let texts = ["1. Name and Address of Reporting Person", "I C/O BROOKFIELD CORPORATION", "Ey! li of 4", first, "2. The units vest.", "Remarks:"];
            let words = texts.iter().enumerate().flat_map(|(i, text)| line(text, 500.0 + 10.0 * i as f64).words).collect();
            let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr };
            let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
            let mut filing = Filing::default();
            footnotes_and_remarks(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
            filing.footnotes.into_iter().map(|f| (f.id, f.text)).collect::<Vec<_>>()
        };
        let notes = vec![("F1".to_string(), "Not applicable.".to_string()), ("F2".into(), "The units vest.".into())];
        assert_eq!(read("1. Not applicable.", true), notes);
        assert_eq!(read("i. ] Not applicable.", true), notes);
        assert_eq!(read("1. Not applicable.", false), vec![]);
    }

    #[test]
    fn scanned_notes_numbered_with_specks_or_marked_past_the_last_are_split() {
        let texts = ["Explanation of Responses:", "1. The first note.", "(2: The second note.", "-(3) The third", "note ends here.", "The fourth note.", "Remarks:"];
        let words = texts.iter().enumerate().flat_map(|(i, text)| line(text, 500.0 + 10.0 * i as f64).words).collect();
        let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr: true };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let read = |marked: &str| {
            let mut filing = Filing::default();
            let holding = crate::model::NonDerivativeHolding { footnote_ids: [("securityTitle".to_string(), vec![marked.to_string()])].into(), ..Default::default() };
            filing.non_derivative_table.holdings.push(holding);
            footnotes_and_remarks(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
            filing.footnotes.into_iter().map(|f| f.text).collect::<Vec<_>>()
        };
        let four = ["The first note.", "The second note.", "The third note ends here.", "The fourth note."];
        assert_eq!(read("F4"), four);
        // Unmarked, the last note read keeps the lines after it.
        assert_eq!(read("F1"), ["The first note.", "The second note.", "The third note ends here. The fourth note."]);
    }

    #[test]
    fn a_scanned_owner_name_loses_speck_periods_where_its_lines_join() {
        let name = |ocr: bool| {
            let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words: line("Halcyon Investment.", 100.0).words, rules: Vec::new(), ocr };
            let view = PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default());
            let span = Span { page: 1, bbox: crate::geometry::BBox::new(30.0, 100.0, 90.0, 116.0), text: "Halcyon Investment. Management LLC".into(), reading: 0.9, second_reading: None };
            owner_name(&view, span).text
        };
        assert_eq!(name(true), "Halcyon Investment Management LLC");
        assert_eq!(name(false), "Halcyon Investment. Management LLC", "a text layer's name is as printed");
    }

    /// Box 1 of a page with the lines `texts` (text, top) and the words
    /// `more`, in two cells split by the rule under the name: the owner
    /// read from it.
    fn box_1_owner(texts: &[(&str, f64)], more: &[Word], ocr: bool) -> Option<ReportingOwner> {
        let words = texts.iter().flat_map(|&(text, y)| line(text, y).words).chain(more.iter().cloned()).collect();
        let (h, v) = (|y: f64| crate::geometry::Rule { x0: 25.0, y0: y, x1: 250.0, y1: y }, |x: f64| crate::geometry::Rule { x0: x, y0: 100.0, x1: x, y1: 260.0 });
        let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: vec![h(100.0), h(160.0), h(260.0), v(25.0), v(250.0)], ocr };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let mut filing = Filing::default();
        owners(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
        filing.reporting_owners.first().cloned()
    }

    #[test]
    fn a_scanned_box_1_whose_label_is_garbled_is_found_by_its_name_marker() {
        let texts = [("Maine aiid Audiess of Reporting Person", 105.0), ("YAMAMOTO CAROL W", 125.0), ("(Last) (First) (Middle)", 165.0), ("3259 PARK PLACE", 185.0), ("(Street)", 205.0), ("GREENWICH CT 06889", 225.0), ("(City) (State) (Zip)", 245.0)];
        let found = box_1_owner(&texts, &[], true).expect("an owner");
        let read = (found.name.as_deref(), found.address.street1.as_deref(), found.address.city.as_deref());
        assert_eq!(read, (Some("YAMAMOTO CAROL W"), Some("3259 PARK PLACE"), Some("GREENWICH")));
        assert_eq!(box_1_owner(&texts, &[], false), None, "a text layer's labels are as printed");
    }

    #[test]
    fn a_scanned_city_line_run_into_the_street_marker_is_the_city() {
        // The marker juts out left of the city, state and zip under their markers.
        let texts = [("Name and Address of Reporting Person", 105.0), ("YAMAMOTO CAROL W", 125.0), ("(Last) (First) (Middle)", 165.0), ("3259 PARK PLACE", 185.0), ("GREENWICH CT 06889", 210.0), ("(City) (State) (Zip)", 245.0)];
        let marker = Word { text: "(Street)".into(), bbox: crate::geometry::BBox::new(27.0, 209.0, 45.0, 215.0), font_size: 6.0, confidence: 0.9 };
        let city = box_1_owner(&texts, &[marker], true).and_then(|owner| owner.address.city);
        assert_eq!(city.as_deref(), Some("GREENWICH"));
    }

    #[test]
    fn a_scanned_city_marker_garbled_past_knowing_is_known_by_the_state_marker() {
        let city = |markers: &str| {
            let texts = [("Name and Address of Reporting Person", 105.0), ("YAMAMOTO CAROL W", 125.0), ("(Last) (First) (Middle)", 165.0), ("3259 PARK PLACE", 185.0), ("(Street)", 205.0), ("GREENWICH CT 06889", 225.0), (markers, 245.0)];
            box_1_owner(&texts, &[], true).and_then(|owner| owner.address.city)
        };
        assert_eq!(city("(Cay) (State) (2p}").as_deref(), Some("GREENWICH"));
        assert_eq!(city("(Cay) (Stale) (Zip)").as_deref(), Some("GREENWICH"));
        assert_eq!(city("Cay State Zip").as_deref(), None, "markers are bracketed");
    }

    #[test]
    fn a_scanned_city_wrapped_beside_its_state_and_zip_is_read_by_column() {
        // "(Zip)" read as "ip)", and specks before the zip widen its box
        // left of the marker; the city wraps onto a second line, which a
        // speck and the zip are read into.
        let word = |text: &str, x0: f64, x1: f64, y: f64| Word { text: text.into(), bbox: crate::geometry::BBox::new(x0, y, x1, y + 6.0), font_size: 6.0, confidence: 0.9 };
        let texts = [("Name and Address of Reporting Person", 105.0), ("BIPC Holding LP", 125.0), ("(Last) (First) (Middle)", 165.0), ("181 BAY ST", 185.0), ("(Street)", 205.0)];
        let city = [word("TORONTO", 32.0, 60.0, 214.0), word("A6", 91.0, 99.0, 221.0), word("ONTARIO", 32.0, 58.0, 228.0), Word { confidence: 0.2, ..word("I", 112.0, 114.0, 228.0) }, word("__.MSJ2T3", 135.0, 175.0, 228.0)];
        let markers = [word("(City)", 30.0, 48.0, 245.0), word("(State)", 90.0, 110.0, 245.0), word("ip)", 150.0, 160.0, 245.0)];
        let owner = box_1_owner(&texts, &[&city[..], &markers[..]].concat(), true).expect("an owner");
        let address = (owner.address.city.as_deref(), owner.address.state.as_deref(), owner.address.zip_code.as_deref());
        assert_eq!(address, (Some("TORONTO ONTARIO"), Some("A6"), Some("M5J2T3")));
    }

    #[test]
    fn a_scanned_box_whose_city_marker_was_lost_ends_at_the_state_and_zip_markers() {
        let city = |ocr: bool| {
            let texts = [("Name and Address of Reporting Person", 105.0), ("YAMAMOTO CAROL W", 125.0), ("(Last) (First) (Middle)", 165.0), ("3259 PARK PLACE", 185.0), ("(Street)", 205.0), ("GREENWICH CT 06830", 225.0), ("(State) (Zip)", 245.0)];
            box_1_owner(&texts, &[], ocr).and_then(|owner| owner.address.city)
        };
        assert_eq!(city(true).as_deref(), Some("GREENWICH"));
        assert_eq!(city(false), None, "a text layer's markers are as printed");
    }

    #[test]
    fn a_scanned_name_marker_read_as_doubtfully_as_specks_still_places_the_street() {
        // The name itself was lost; the marker line's words are all rated
        // as low as specks.
        let texts = [("Name and Address of Reporting Person", 105.0), ("3259 PARK PLACE", 185.0), ("(Sweet)", 205.0), ("GREENWICH CT 06889", 225.0), ("(City) (State) (Zip)", 245.0)];
        let doubtful = |text: &str, x0: f64, x1: f64| Word { text: text.into(), bbox: crate::geometry::BBox::new(x0, 165.0, x1, 171.0), font_size: 6.0, confidence: 0.14 };
        let marker = [doubtful("\"(Last", 30.0, 52.0), doubtful("First", 80.0, 100.0), doubtful("(Middle)", 130.0, 155.0)];
        let owner = box_1_owner(&texts, &marker, true).expect("an owner");
        let read = (owner.name.as_deref(), owner.address.street1.as_deref(), owner.address.city.as_deref());
        assert_eq!(read, (None, Some("3259 PARK PLACE"), Some("GREENWICH")));
    }

    #[test]
    fn a_scanned_state_garbled_past_any_code_is_its_zip_codes() {
        let state = |read: &str, ocr: bool| {
            let city_line = format!("GREENWICH {read} 06830");
            let texts = [("Name and Address of Reporting Person", 105.0), ("YAMAMOTO CAROL W", 125.0), ("(Last) (First) (Middle)", 165.0), ("3259 PARK PLACE", 185.0), ("(Street)", 205.0), (city_line.as_str(), 225.0), ("(City) (State) (Zip)", 245.0)];
            box_1_owner(&texts, &[], ocr).and_then(|owner| owner.address.state)
        };
        assert_eq!(state("GL", true).as_deref(), Some("CT"));
        assert_eq!(state("NY", true).as_deref(), Some("NY"), "a code as read stays");
        assert_eq!(state("GL", false).as_deref(), Some("GL"), "a text layer's state is as printed");
    }

    #[test]
    fn the_remarks_follow_the_explanation_of_responses() {
        // A relationship box's "See Remarks" split over two lines, above the notes.
        let texts = ["See", "Remarks", "Explanation of Responses:", "1. Held by a trust.", "Remarks:", "Title: Chief Counsel"];
        let words = texts.iter().enumerate().flat_map(|(i, text)| line(text, 100.0 + 40.0 * i as f64).words).collect();
        let page = crate::layout::TextPage { number: 1, width: 612.0, height: 792.0, words, rules: Vec::new(), ocr: false };
        let pages = [PageView::new(&page, &crate::layout::Settings::default(), &crate::tables::Settings::default())];
        let mut filing = Filing::default();
        footnotes_and_remarks(&pages, &PageImages::default(), &mut filing, &mut Recorder::default());
        assert_eq!(filing.remarks.as_deref(), Some("Title: Chief Counsel"));
    }

    #[test]
    fn a_scanned_mark_naming_no_printed_note_is_dropped() {
        let mut filing = Filing::default();
        filing.footnotes = (1..=3).map(|n| crate::model::Footnote { id: format!("F{n}"), text: "A note.".into() }).collect();
        let marks = |pairs: &[(&str, &[&str])]| pairs.iter().map(|(f, ids)| (f.to_string(), ids.iter().map(|i| i.to_string()).collect())).collect();
        filing.non_derivative_table.transactions = vec![
            crate::model::NonDerivativeTransaction { footnote_ids: marks(&[("pricePerShare", &["F89", "F5"]), ("shares", &["F2"])]), ..Default::default() },
            crate::model::NonDerivativeTransaction { footnote_ids: marks(&[("pricePerShare", &["F"]), ("shares", &["F3"])]), ..Default::default() },
        ];
        let mut rec = Recorder::default();
        let span = Span::place(1, BBox::new(0.0, 0.0, 10.0, 5.0));
        rec.put("/nonDerivativeTable/transactions/0/footnoteIds/pricePerShare", Some(&span), FieldKind::Footnotes, Some(true), 1.0);
        rec.put("/nonDerivativeTable/transactions/1/footnoteIds/pricePerShare", Some(&span), FieldKind::Footnotes, Some(true), 1.0);
        drop_unprinted_marks(&mut filing, &mut rec);
        let rows = &filing.non_derivative_table.transactions;
        // F5 may be one of the last notes, whose numbers OCR garbled.
        assert_eq!(rows[0].footnote_ids, marks(&[("pricePerShare", &["F5"]), ("shares", &["F2"])]));
        assert_eq!(rows[1].footnote_ids, marks(&[("shares", &["F3"])]));
        let paths: Vec<&str> = rec.evidence.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["/nonDerivativeTable/transactions/0/footnoteIds/pricePerShare"]);
        assert_eq!(rec.warnings.len(), 2);
    }
}
