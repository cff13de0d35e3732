//! Second passes over a page's reading:
//! - over ink the page read left without words: tesseract's page layout
//!   analysis drops some lines outright (underlined or dotted signature
//!   lines, sparse text it takes for a picture). Such ink is found on a
//!   coarse grid, grouped into regions, and each region is read again as
//!   a plain block of text;
//! - over phrases holding words read with little confidence: the layout
//!   analysis sometimes joins a line of small type to a line of large type
//!   beside it, and reads the small one as gibberish. Each such phrase is
//!   read again on its own.

use image::GrayImage;

use super::raster::{STACK_BORDER, stack};
use super::tesseract::TsvWord;
use super::words::{DOUBTFUL_CONFIDENCE, overlap, shares_ink};

/// Side of a square of the coarse ink grid, in points.
const GRID: f64 = 1.5;
/// Least share of a grid square's pixels that are ink for it to count as inked.
const MIN_SQUARE_INK: f64 = 0.04;
/// Paper kept around the words already read, in points: their own ink
/// (strokes beyond a tight box) must not count as unread.
const WORD_MARGIN: f64 = 2.0;
/// Squares this far apart across, in points, join one region (the gaps
/// between letters and words of a line).
const JOIN_ACROSS: f64 = 6.0;
/// Squares this far apart down, in points, join one region (lines of one
/// block).
const JOIN_DOWN: f64 = 3.0;
/// Smallest region worth reading, in points across and down: a short word
/// of small type; smaller ones are specks.
const MIN_REGION: (f64, f64) = (12.0, 4.0);
/// Paper added around a region before reading it, in points.
const REGION_MARGIN: f64 = 2.0;

/// A region of the page image to read again, in pixels: left, top, width, height.
pub type Region = (u32, u32, u32, u32);

/// Regions of ink in `image` (pixels darker than `ink_below`) away from
/// every word of `words`; `points_per_pixel` sizes the grid.
pub fn unread_regions(image: &GrayImage, ink_below: u8, words: &[TsvWord], points_per_pixel: f64) -> Vec<Region> {
    let (w, h) = image.dimensions();
    let square = (GRID / points_per_pixel).round().max(1.0) as u32;
    let (cols, rows) = (w.div_ceil(square), h.div_ceil(square));
    let mut inked = vec![false; (cols * rows) as usize];
    let least = (MIN_SQUARE_INK * (square * square) as f64).ceil() as usize;
    for r in 0..rows {
        for c in 0..cols {
            let (x0, y0) = (c * square, r * square);
            let dark = (y0..(y0 + square).min(h))
                .flat_map(|y| (x0..(x0 + square).min(w)).map(move |x| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0[0] < ink_below)
                .count();
            inked[(r * cols + c) as usize] = dark >= least.max(1);
        }
    }
    let margin = (WORD_MARGIN / points_per_pixel) as u32;
    for word in words {
        let c0 = word.left.saturating_sub(margin) / square;
        let c1 = ((word.left + word.width + margin) / square).min(cols - 1);
        let r0 = word.top.saturating_sub(margin) / square;
        let r1 = ((word.top + word.height + margin) / square).min(rows - 1);
        for r in r0..=r1 {
            for c in c0..=c1 {
                inked[(r * cols + c) as usize] = false;
            }
        }
    }
    let reach = |points: f64| (points / GRID).ceil() as i64;
    let regions = components(&inked, cols, rows, reach(JOIN_ACROSS), reach(JOIN_DOWN));
    let to_px = |squares: u32| squares * square;
    let pad = (REGION_MARGIN / points_per_pixel) as u32;
    regions
        .into_iter()
        .filter(|&(c0, r0, c1, r1)| {
            let (across, down) = (((c1 - c0 + 1) as f64) * GRID, ((r1 - r0 + 1) as f64) * GRID);
            across >= MIN_REGION.0 && down >= MIN_REGION.1
        })
        .map(|(c0, r0, c1, r1)| {
            let (x0, y0) = (to_px(c0).saturating_sub(pad), to_px(r0).saturating_sub(pad));
            let (x1, y1) = ((to_px(c1 + 1) + pad).min(w), (to_px(r1 + 1) + pad).min(h));
            (x0, y0, x1 - x0, y1 - y0)
        })
        .collect()
}

/// A gap between two words of a tesseract line wider than this many
/// times the line's height parts two phrases (the columns of a form
/// that the layout analysis joined into one line).
const PHRASE_GAP: f64 = 1.5;
/// Paper added around a phrase before reading it again, in points (not
/// past half the gap to the line's next words).
const PHRASE_MARGIN: f64 = 2.0;

/// A phrase holding a doubtful word: words of one tesseract line with no
/// wide gap between them.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubtfulPhrase {
    /// Indexes of its words in the reading, left to right.
    pub words: Vec<usize>,
    /// Its words' box, in pixels: words read again must lie in it.
    pub bounds: Region,
    /// The region to read again: `bounds` with `PHRASE_MARGIN` around.
    pub region: Region,
}

/// A word of another tesseract line that starts or ends within this many
/// times the phrase's line height of it, level with it, joins the phrase:
/// the layout analysis sometimes parts one word ("08/." and "24/2019")
/// into two blocks.
const ABUTTING_GAP: f64 = 0.1;
/// Share of the taller box that two words' heights must share to be one
/// split word: a word of the line above or below is never this level.
const MIN_ABUTTING_OVERLAP: f64 = 0.8;

/// The phrases of a page's reading that hold a doubtful word;
/// `image_size` and `points_per_pixel` bound and size the regions.
pub fn doubtful_phrases(words: &[TsvWord], image_size: (u32, u32), points_per_pixel: f64) -> Vec<DoubtfulPhrase> {
    let mut lines: std::collections::BTreeMap<(u32, u32, u32), Vec<usize>> = std::collections::BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        lines.entry(w.line).or_default().push(i);
    }
    let pad = (PHRASE_MARGIN / points_per_pixel).round() as u32;
    let right = |i: usize| words[i].left + words[i].width;
    let mut phrases = Vec::new();
    for line in lines.values_mut() {
        line.sort_by_key(|&i| words[i].left);
        let mut heights: Vec<u32> = line.iter().map(|&i| words[i].height).collect();
        heights.sort_unstable();
        let height = f64::from(heights[heights.len() / 2]);
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &i in line.iter() {
            match groups.last_mut() {
                Some(g) if f64::from(words[i].left.saturating_sub(right(*g.last().unwrap()))) <= PHRASE_GAP * height => g.push(i),
                _ => groups.push(vec![i]),
            }
        }
        for (k, group) in groups.iter().enumerate() {
            if group.iter().all(|&i| words[i].confidence >= DOUBTFUL_CONFIDENCE) {
                continue;
            }
            let group = with_abutting_words(words, group, ABUTTING_GAP * height);
            let x0 = group.iter().map(|&i| words[i].left).min().unwrap_or(0);
            let x1 = group.iter().map(|&i| right(i)).max().unwrap_or(0);
            let y0 = group.iter().map(|&i| words[i].top).min().unwrap_or(0);
            let y1 = group.iter().map(|&i| words[i].top + words[i].height).max().unwrap_or(0);
            let before = k.checked_sub(1).map_or(0, |p| right(*groups[p].last().unwrap())).min(x0);
            let after = groups.get(k + 1).map_or(image_size.0, |n| words[n[0]].left).max(x1);
            let rx0 = x0.saturating_sub(pad).max((before + x0) / 2);
            let rx1 = (x1 + pad).min((x1 + after) / 2).min(image_size.0);
            let (ry0, ry1) = (y0.saturating_sub(pad), (y1 + pad).min(image_size.1));
            if x1 > x0 && y1 > y0 {
                phrases.push(DoubtfulPhrase {
                    words: group,
                    bounds: (x0, y0, x1 - x0, y1 - y0),
                    region: (rx0, ry0, rx1 - rx0, ry1 - ry0),
                });
            }
        }
    }
    phrases
}

/// The group with the words of other lines that abut it (boxes level with
/// one of its words', at most `gap` pixels before or after it),
/// repeatedly; left to right.
fn with_abutting_words(words: &[TsvWord], group: &[usize], gap: f64) -> Vec<usize> {
    let mut group = group.to_vec();
    let line = words[group[0]].line;
    loop {
        let (x0, x1) = group.iter().fold((u32::MAX, 0), |(a, b), &i| (a.min(words[i].left), b.max(words[i].left + words[i].width)));
        let abutting = (0..words.len()).find(|&j| {
            let w = &words[j];
            let distance = if w.left >= x1 {
                w.left - x1
            } else if w.left + w.width <= x0 {
                x0 - (w.left + w.width)
            } else {
                return false; // ink the group's words hold too: a double reading, not a neighbour
            };
            w.line != line && !group.contains(&j) && f64::from(distance) <= gap && group.iter().any(|&i| same_line_box(w, &words[i]))
        });
        match abutting {
            Some(j) => group.push(j),
            None => {
                group.sort_by_key(|&i| words[i].left);
                return group;
            }
        }
    }
}

/// How much surer of a phrase, in tesseract's confidence (0–100,
/// averaged over characters), a second reading must be to replace the
/// first.
const MIN_REREAD_GAIN: f64 = 10.0;
/// Fewest characters a second reading must have, as a share of the
/// first's: one that reads only part of the phrase, however sure, loses
/// the rest.
const MIN_REREAD_COVERAGE: f64 = 0.75;

/// Height of a second reading's word box, as a multiple of its phrase's,
/// above which a bar or speck stretched it (a boxed label read with the
/// box's edge, "|Check").
const MAX_LINE_STRETCH: f64 = 1.5;

/// The page's words with the second reading of each phrase (`again`, per
/// phrase, in page pixels) in place of the first where it is surer by
/// `MIN_REREAD_GAIN` and about as long (`MIN_REREAD_COVERAGE`). A word of the second reading counts only when its
/// centre lies within the phrase's words (ink at the margins belongs to
/// other lines) and no surer word of its line holds its ink: tesseract
/// may read one ink twice, on two lines, and the less sure words of such
/// lines go with the phrase's.
pub fn surer_readings(read: Vec<TsvWord>, phrases: &[DoubtfulPhrase], again: Vec<Vec<TsvWord>>) -> Vec<TsvWord> {
    let sureness = |words: &mut dyn Iterator<Item = &TsvWord>| {
        let (weighted, characters) = words.fold((0.0, 0usize), |(sum, n), w| {
            let c = w.text.chars().count();
            (sum + w.confidence * c as f64, n + c)
        });
        if characters == 0 { 0.0 } else { weighted / characters as f64 }
    };
    let mut replaced = vec![false; read.len()];
    let mut added: Vec<TsvWord> = Vec::new();
    for (phrase, words) in phrases.iter().zip(again) {
        let (x, y, w, h) = phrase.bounds;
        let mut covered: Vec<usize> = phrase.words.clone();
        let words: Vec<TsvWord> = words
            .into_iter()
            .filter(|word| {
                let (cx, cy) = (word.left + word.width / 2, word.top + word.height / 2);
                if !(x..x + w).contains(&cx) || !(y..y + h).contains(&cy) || added.iter().any(|a| shares_ink(word, a)) {
                    return false;
                }
                // A box a bar or speck stretched far past the phrase's
                // line reaches into the next line's words: only its part
                // in the phrase's line says which line it is on.
                let in_line;
                let level = if f64::from(word.height) > MAX_LINE_STRETCH * f64::from(h) {
                    let top = word.top.max(y);
                    in_line = TsvWord { top, height: (word.top + word.height).min(y + h) - top, ..word.clone() };
                    &in_line
                } else {
                    word
                };
                let under: Vec<usize> = (0..read.len())
                    .filter(|i| !phrase.words.contains(i) && shares_ink(word, &read[*i]) && level_with(level, &read[*i]))
                    .collect();
                let surest = under.iter().all(|&i| read[i].confidence < word.confidence || reads_part_of(&read[i], word));
                if surest {
                    covered.extend(under);
                }
                surest
            })
            .collect();
        let before = sureness(&mut covered.iter().map(|&i| &read[i]));
        let characters = |words: &mut dyn Iterator<Item = &TsvWord>| words.map(|w| w.text.chars().count()).sum::<usize>() as f64;
        let whole = characters(&mut words.iter()) >= MIN_REREAD_COVERAGE * characters(&mut covered.iter().map(|&i| &read[i]));
        if whole && sureness(&mut words.iter()) >= before + MIN_REREAD_GAIN {
            covered.iter().for_each(|&i| replaced[i] = true);
            added.extend(words);
        }
    }
    read.into_iter().zip(replaced).filter(|(_, r)| !r).map(|(w, _)| w).chain(added).collect()
}

/// Fewest letters or digits a word must have to count as a part of
/// another's ink that tesseract split off (`reads_part_of`): a lone
/// character may be a speck either reading made of the ink.
const MIN_SPLIT_PART_CHARACTERS: usize = 2;

/// `part` reads a piece of `whole`'s ink and no more, its letters a piece
/// of `whole`'s: tesseract's layout analysis split a word ("C" and "lass"
/// of "Class", on two lines), so however sure `part` is, the reading of
/// the whole word says more.
fn reads_part_of(part: &TsvWord, whole: &TsvWord) -> bool {
    let characters = part.text.chars().filter(|c| c.is_alphanumeric()).count();
    characters >= MIN_SPLIT_PART_CHARACTERS
        && part.text.len() < whole.text.len()
        && whole.text.contains(part.text.as_str())
        && part.left >= whole.left
        && part.left + part.width <= whole.left + whole.width
}

/// The two words' boxes share `MIN_ABUTTING_OVERLAP` of the taller's height.
fn same_line_box(a: &TsvWord, b: &TsvWord) -> bool {
    let (_, down) = overlap(a, b);
    f64::from(down) >= MIN_ABUTTING_OVERLAP * f64::from(a.height.max(b.height))
}

/// One of the two words' middles lies between the other's top and bottom:
/// they are on one text line. Boxes a speck or descender stretched may
/// overlap the line below; such words are different ink.
fn level_with(a: &TsvWord, b: &TsvWord) -> bool {
    let middle_within = |w: &TsvWord, o: &TsvWord| (o.top..=o.top + o.height).contains(&(w.top + w.height / 2));
    middle_within(a, b) || middle_within(b, a)
}

/// Bounding boxes (first column, first row, last column, last row) of the
/// groups of set squares, squares within `across` columns and `down` rows
/// of each other joining one group.
pub(super) fn components(set: &[bool], cols: u32, rows: u32, across: i64, down: i64) -> Vec<(u32, u32, u32, u32)> {
    let mut seen = vec![false; set.len()];
    let mut out = Vec::new();
    for start in 0..set.len() {
        if !set[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let mut todo = vec![start];
        let (mut c0, mut r0, mut c1, mut r1) = (u32::MAX, u32::MAX, 0, 0);
        while let Some(i) = todo.pop() {
            let (c, r) = ((i as u32) % cols, (i as u32) / cols);
            (c0, r0, c1, r1) = (c0.min(c), r0.min(r), c1.max(c), r1.max(r));
            for dr in -down..=down {
                for dc in -across..=across {
                    let (nc, nr) = (c as i64 + dc, r as i64 + dr);
                    if nc < 0 || nr < 0 || nc >= cols as i64 || nr >= rows as i64 {
                        continue;
                    }
                    let j = (nr as u32 * cols + nc as u32) as usize;
                    if set[j] && !seen[j] {
                        seen[j] = true;
                        todo.push(j);
                    }
                }
            }
        }
        out.push((c0, r0, c1, r1));
    }
    out
}

/// The regions cut out of `image` and stacked into one image to read,
/// with a function that maps a word read there back to the page image,
/// with the index of its region (`None` for a word between regions).
pub fn stacked(image: &GrayImage, regions: &[Region]) -> (GrayImage, impl Fn(TsvWord) -> Option<(usize, TsvWord)>) {
    let crops: Vec<GrayImage> = regions.iter().map(|&(x, y, w, h)| image::imageops::crop_imm(image, x, y, w, h).to_image()).collect();
    let (image, tops) = stack(&crops);
    let border = STACK_BORDER;
    let placed: Vec<(Region, u32)> = regions.iter().copied().zip(tops).collect();
    let back = move |word: TsvWord| {
        let middle = word.top + word.height / 2;
        let index = placed.iter().position(|((_, _, _, h), top)| (*top..top + h).contains(&middle))?;
        let ((x, y, _, h), top) = placed[index];
        let left = (word.left + x).checked_sub(border)?;
        let top = (word.top + y).checked_sub(top)?;
        Some((index, TsvWord { left, top, height: word.height.min(h), ..word }))
    };
    (image, back)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn word(left: u32, top: u32, width: u32, height: u32) -> TsvWord {
        TsvWord { text: "read".into(), left, top, width, height, confidence: 90.0, line: (1, 1, 1) }
    }

    #[test]
    fn a_phrase_holding_a_doubtful_word_is_read_again_apart_from_its_line() {
        let at = |text: &str, left: u32, width: u32, confidence: f64, line: u32| TsvWord { text: text.into(), left, top: 100, width, height: 20, confidence, line: (1, 1, line) };
        let words = [
            // Small type joined to a large heading beside it, read as gibberish.
            at("Chase", 200, 60, 26.0, 1),
            at("hes", 270, 30, 31.0, 1),
            at("boing", 310, 60, 96.0, 1),
            at("STATEMENT", 500, 200, 96.0, 1),
            at("OF", 710, 40, 96.0, 1),
            // A line read with confidence.
            at("Section", 200, 70, 97.0, 2),
        ];
        let phrases = doubtful_phrases(&words, (1000, 1000), 72.0 / 300.0);
        assert_eq!(phrases.len(), 1, "{phrases:?}");
        assert_eq!(phrases[0].words, [0, 1, 2]);
        assert_eq!(phrases[0].bounds, (200, 100, 170, 20));
        // 2 points of margin is 8 pixels at 300 dpi; half the gap to "STATEMENT" is 65.
        assert_eq!(phrases[0].region, (192, 92, 186, 36));
    }

    #[test]
    fn a_word_the_layout_split_into_two_blocks_is_read_again_whole() {
        let at = |text: &str, left: u32, top: u32, width: u32, confidence: f64, block: u32| TsvWord {
            text: text.into(),
            left,
            top,
            width,
            height: 24,
            confidence,
            line: (block, 1, 1),
        };
        let words = [
            // "08/24/2019" read as two words of two blocks, 2 pixels apart.
            at("08/.", 929, 689, 45, 11.0, 22),
            at("24/2019", 976, 689, 117, 93.0, 24),
            // A word of the line below, as close: not part of the date.
            at("Officer", 880, 700, 47, 95.0, 25),
            // One a word space away on the date's line.
            at("-", 1105, 689, 10, 90.0, 26),
        ];
        let phrases = doubtful_phrases(&words, (2550, 3300), 72.0 / 300.0);
        assert_eq!(phrases.len(), 1, "{phrases:?}");
        assert_eq!(phrases[0].words, [0, 1]);
        assert_eq!(phrases[0].bounds, (929, 689, 164, 24));
    }

    #[test]
    fn a_surer_second_reading_replaces_the_phrase_and_a_double_of_its_ink() {
        let at = |text: &str, left: u32, confidence: f64, line: u32| TsvWord { text: text.into(), left, top: 100, width: 60, height: 20, confidence, line: (1, 1, line) };
        let read = vec![
            at("Chase", 200, 26.0, 1),
            at("hes", 270, 31.0, 1),
            // The same ink read on a second line, no surer.
            at("Cb", 202, 20.0, 2),
            // A word of its own, sure.
            at("Form", 400, 96.0, 3),
        ];
        let phrase = |words: Vec<usize>, bounds: Region| DoubtfulPhrase { words, bounds, region: bounds };
        let phrases = [phrase(vec![0, 1], (200, 100, 130, 20)), phrase(vec![2], (202, 100, 60, 20))];
        let again = vec![
            // "Form" lies outside the phrase: ink at the region's margin.
            vec![at("Check", 200, 95.0, 9), at("this", 270, 96.0, 9), at("Form", 400, 90.0, 9)],
            // The second phrase's reading of ink the first's already holds.
            vec![at("Check", 202, 92.0, 9)],
        ];
        let texts = |words: Vec<TsvWord>| words.into_iter().map(|w| w.text).collect::<Vec<_>>();
        assert_eq!(texts(surer_readings(read.clone(), &phrases, again)), ["Form", "Check", "this"]);
        // A second reading not surer by the margin leaves the first.
        let unsure = vec![vec![at("Check", 200, 30.0, 9), at("this", 270, 30.0, 9)], vec![]];
        assert_eq!(texts(surer_readings(read.clone(), &phrases, unsure)), ["Chase", "hes", "Cb", "Form"]);
        // Nor does a sure reading of part of the phrase.
        let part = vec![vec![at("this", 270, 96.0, 9)], vec![]];
        assert_eq!(texts(surer_readings(read, &phrases, part)), ["Chase", "hes", "Cb", "Form"]);
    }

    #[test]
    fn a_word_split_over_two_lines_is_read_again_whole_though_its_part_was_surer() {
        let at = |text: &str, left: u32, width: u32, confidence: f64, line: u32| TsvWord { text: text.into(), left, top: 2265, width, height: 29, confidence, line: (4, 1, line) };
        // Seed 777 sc-0010: "Class" read as a doubtful "C" on one line and
        // a sure "lass" on another, in a box a letter wide.
        let read = vec![at("C", 1203, 24, 41.0, 8), at("eae", 1242, 206, 10.0, 8), at("lass", 1230, 9, 93.2, 2), at("B", 1302, 24, 93.2, 2)];
        let phrases = [DoubtfulPhrase { words: vec![0, 1], bounds: (1203, 2265, 245, 29), region: (1195, 2257, 261, 45) }];
        let again = vec![vec![at("Class", 1203, 86, 91.1, 9), at("B", 1302, 24, 91.1, 9), at("Common", 1340, 110, 96.0, 9)]];
        let texts = |words: Vec<TsvWord>| words.into_iter().map(|w| w.text).collect::<Vec<_>>();
        // The sure "B" keeps its first reading; "lass" goes with "Class".
        assert_eq!(texts(surer_readings(read, &phrases, again)), ["B", "Class", "Common"]);
    }

    #[test]
    fn a_second_reading_leaves_the_line_below_a_stretched_box_overlaps() {
        let at = |text: &str, left: u32, top: u32, height: u32, confidence: f64, line: u32| TsvWord {
            text: text.into(),
            left,
            top,
            width: 80,
            height,
            confidence,
            line: (1, 1, line),
        };
        let read = vec![
            // "Section 16." read as a confident echo of the line above.
            at("Check", 200, 414, 19, 80.0, 1),
            at("itn", 290, 415, 18, 47.0, 1),
            // The line below; a descender and a speck stretch its box up.
            at("obligations", 200, 438, 39, 95.0, 2),
        ];
        let phrases = [DoubtfulPhrase { words: vec![0, 1], bounds: (200, 414, 170, 19), region: (200, 414, 170, 19) }];
        // "Section", its box stretched down into "obligations" by more than
        // a third of its height, is read surer than that line.
        let again = vec![vec![at("Section", 200, 410, 41, 96.0, 9), at("16.", 290, 415, 18, 95.0, 9)]];
        let texts = |words: Vec<TsvWord>| words.into_iter().map(|w| w.text).collect::<Vec<_>>();
        assert_eq!(texts(surer_readings(read, &phrases, again)), ["obligations", "Section", "16."]);
    }

    #[test]
    fn a_word_a_box_edge_stretched_into_the_line_below_is_kept() {
        let at = |text: &str, left: u32, top: u32, width: u32, height: u32, confidence: f64, line: u32| TsvWord {
            text: text.into(),
            left,
            top,
            width,
            height,
            confidence,
            line: (1, 1, line),
        };
        let read = vec![
            at("Check", 163, 207, 70, 24, 94.0, 1),
            at("subject", 240, 207, 79, 24, 30.0, 1),
            // The next line, surer than the box-edged reading below.
            at("Section", 163, 234, 81, 19, 96.0, 2),
        ];
        let phrases = [DoubtfulPhrase { words: vec![0, 1], bounds: (163, 206, 160, 30), region: (155, 198, 176, 46) }];
        // The box's edge beside the label, read as a bar, stretches the
        // first word's box down into "Section".
        let again = vec![vec![at("|Check", 155, 198, 78, 46, 46.0, 9), at("subject", 240, 207, 79, 24, 97.0, 9)]];
        let texts = |words: Vec<TsvWord>| words.into_iter().map(|w| w.text).collect::<Vec<_>>();
        assert_eq!(texts(surer_readings(read, &phrases, again)), ["Section", "|Check", "subject"]);
    }

    #[test]
    fn ink_away_from_words_is_a_region() {
        // 300 dpi: a point is 300/72 pixels.
        let points_per_pixel = 72.0 / 300.0;
        let mut image = GrayImage::from_pixel(1000, 600, Luma([255]));
        let mut ink = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in (x0..x1).step_by(7) {
                    for dx in 0..4 {
                        image.put_pixel(x + dx, y, Luma([0]));
                    }
                }
            }
        };
        ink(100, 100, 400, 130); // a line tesseract read
        ink(500, 400, 800, 430); // a line it dropped
        ink(50, 550, 53, 553); // a speck
        let regions = unread_regions(&image, 128, &[word(100, 100, 300, 30)], points_per_pixel);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let (x, y, w, h) = regions[0];
        assert!(x <= 500 && x + w >= 800 && y <= 400 && y + h >= 430, "{:?}", regions[0]);
        assert!(x >= 480 && y >= 380 && w <= 340 && h <= 70, "tight around the line: {:?}", regions[0]);

        // Words read in the stacked image map back onto the page.
        let (stack_image, back) = stacked(&image, &regions);
        let border = STACK_BORDER;
        assert_eq!(stack_image.width(), w + 2 * border);
        let (index, found) = back(word(border + 5, border + 3, 50, 20)).expect("inside the region");
        assert_eq!(index, 0);
        assert_eq!((found.left, found.top), (x + 5, y + 3));
        assert_eq!(back(word(border, border + h + 15, 50, 2)), None, "between regions");
    }
}
