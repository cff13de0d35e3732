//! Ruling lines of a (deskewed) page image: long, thin, dense runs of ink,
//! horizontal and vertical.

use image::GrayImage;

use super::raster::{PAPER, ink_threshold};

/// Tunables of rule finding, in page points (72 per inch) so that they
/// hold at any scan resolution.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    /// Shortest run kept as a rule, in points: longer than any text
    /// stroke (a dash, the bar of a T) in form-sized type.
    pub min_length: f64,
    /// Thickest run kept as a rule, in points: thicker ink is a filled
    /// area, a scanner edge or a bold heading, not a line.
    pub max_thickness: f64,
    /// Widest break bridged inside one rule, in points (broken strokes of
    /// bilevel scans, dropouts).
    pub max_gap: f64,
    /// Least share of ink along a rule; a row through text (strokes and
    /// counters) is far below it.
    pub min_fill: f64,
    /// Widest break between two collinear rules joined into one, in points.
    pub join_gap: f64,
    /// Widest break bridged inside a dotted column rule, in points (a thin
    /// border a coarse bilevel scan breaks into dots); such a rule is kept
    /// only where it runs down a table as a column border does
    /// (`dotted_borders`).
    pub dotted_max_gap: f64,
    /// Least share of ink along a dotted rule.
    pub dotted_min_fill: f64,
    /// Largest offset across two collinear rules still joined, in points.
    pub join_offset: f64,
    /// Paper painted beyond each side of a found rule before reading the
    /// words, in points (its blurred edge).
    pub erase_margin: f64,
    /// Distances beyond a rule's edges at which its sides are looked at, in
    /// points; a side is free when it is free at any of them (a double
    /// border's second line is close beside the first; stems of type run on).
    pub side_offsets: Vec<f64>,
    /// Largest share of ink along either side of a rule: a line stands
    /// free, while a run through bold type has letter stems and bars beside it.
    pub max_side_ink: f64,
    /// Thinnest horizontal run that may be a line of type rather than a
    /// rule, in points: a blurred or bold line of type merges into a bar
    /// as thick as its small letters, thicker than a form's rules.
    pub min_type_thickness: f64,
    /// Least share of such a run's length along which ink touches its
    /// edges (within `erase_margin`), for it to be type when it is broken
    /// too (`min_break_share`): ascenders, capitals and descenders rise
    /// off the bar.
    pub min_touched_share: f64,
    /// Least share of such a run's length with no ink across its whole
    /// thickness (the gaps between letters) for it to be type; a rule is
    /// solid where type touches it.
    pub min_break_share: f64,
    /// Length from which a rule stands on its own, in points; shorter ones
    /// are kept only where they meet or cross a rule of the other
    /// direction (cell borders do, stems and bars of large type do not).
    pub free_length: f64,
    /// How close a rule's end must come to another rule to meet it, in points.
    pub meet_distance: f64,
    /// Longest break bridged in a horizontal rule where column rules end
    /// at it on both sides of the break, in points (a row's border faded
    /// or broken by the scan).
    pub max_border_break: f64,
    /// How close to the image's side a horizontal rule must end for the
    /// table to run off the scan there, in points (a straightened page's
    /// corners are paper a few points wide).
    pub edge_reach: f64,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_length: 10.0,
            max_thickness: 4.0,
            max_gap: 1.0,
            min_fill: 0.85,
            join_gap: 3.0,
            dotted_max_gap: 3.0,
            dotted_min_fill: 0.4,
            join_offset: 1.5,
            erase_margin: 0.5,
            side_offsets: vec![0.5, 1.5, 2.5],
            max_side_ink: 0.3,
            min_type_thickness: 2.0,
            min_touched_share: 0.1,
            min_break_share: 0.02,
            free_length: 30.0,
            meet_distance: 2.0,
            edge_reach: 4.0,
            max_border_break: 40.0,
        }
    }
}

/// Share of a dotted rule's length along which solid rules run above
/// which it is one of them, found again.
const MAX_SOLID_SHARE: f64 = 0.5;

/// Share of a rule's length along which ink beside it makes a second rule
/// (a double border) rather than type touching it.
const MIN_SECOND_RULE_SHARE: f64 = 0.9;

/// Lean of a vertical stroke, as a share of the scanner's streaks' lean,
/// at which it is taken for a streak: a rule printed on the page stands
/// straight (share 0); a rule a streak runs along leans about half as much.
const STREAK_LEAN: std::ops::RangeInclusive<f64> = 0.6..=1.5;
/// Least drift across over a streak's length, in points: a straight rule's
/// blur and noise never lean it this far.
const MIN_STREAK_DRIFT: f64 = 1.0;

/// Fewest long rules a dotted column border meets or crosses, its ends'
/// included: a table's top, a row border and its bottom.
const MIN_DOTTED_CROSSINGS: usize = 3;

/// A rule found in the image, in image pixels: it runs `from..to` along
/// its direction at `at` across it (the centre of its thickness).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
    /// Thickness across, in pixels.
    pub thickness: f64,
}

/// The lines a stroke centred at `at` and `thickness` thick covers, widened
/// by `spread` on each side: the first and one past the last, in pixels
/// (not clamped to the image).
fn band(at: f64, thickness: f64, spread: f64) -> (i64, i64) {
    let half = thickness / 2.0 + spread;
    ((at - half).floor() as i64, (at + half).ceil() as i64)
}

/// `band` within the `lines` lines of the image.
fn band_within(at: f64, thickness: f64, spread: f64, lines: u32) -> (u32, u32) {
    let (first, last) = band(at, thickness, spread);
    let within = |line: i64| line.clamp(0, i64::from(lines)) as u32;
    (within(first), within(last))
}

/// Paint the strokes over with paper white, `spread` pixels wider on
/// each side than found (their blurred edges), so that tesseract does not
/// read rules as characters (`|`, `_`) nor join words across them.
/// Where ink goes on beyond either edge, a letter crosses or touches the
/// rule (a descender through an underline): that slice stays, or the
/// letter would lose its stroke.
pub fn erase(image: &mut GrayImage, strokes: &[Stroke], spread: f64) {
    let threshold = ink_threshold(image);
    let (w, h) = image.dimensions();
    for s in strokes {
        let across = if s.horizontal { h } else { w };
        let (first, last) = band_within(s.at, s.thickness, spread, across);
        let along = (s.from.floor().max(0.0) as u32, (s.to.ceil() as u32).min(if s.horizontal { w } else { h }));
        // Pixel `i` along the rule at `j` across it.
        let at = |i: u32, j: u32| if s.horizontal { (i, j) } else { (j, i) };
        let ink_beyond = |image: &GrayImage, i: u32| {
            let before = first.checked_sub(1).is_some_and(|j| image.get_pixel(at(i, j).0, at(i, j).1).0[0] < threshold);
            let after = last < across && image.get_pixel(at(i, last).0, at(i, last).1).0[0] < threshold;
            before || after
        };
        for i in along.0..along.1 {
            if ink_beyond(image, i) {
                continue;
            }
            for j in first..last {
                let (x, y) = at(i, j);
                image.put_pixel(x, y, image::Luma([PAPER]));
            }
        }
    }
}

/// The rules of `image`, whose pixels are `points_per_pixel` points wide.
/// `streak_lean` is the tangent of the angle the image was turned by to
/// straighten it (0 when it was not): a scanner's streaks, straight down
/// the scan, lean by that much (pixels across per pixel down) and are no
/// rules (they are returned apart).
pub fn find(image: &GrayImage, points_per_pixel: f64, streak_lean: f64, settings: &RuleSettings) -> Strokes {
    let threshold = ink_threshold(image);
    let (w, h) = image.dimensions();
    let ink: Vec<bool> = image.pixels().map(|p| p.0[0] < threshold).collect();
    let px = |points: f64| points / points_per_pixel;
    let (mut strokes, mut dotted, mut streaks, mut type_runs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for horizontal in [true, false] {
        // Lines are rows for horizontal rules, columns for vertical ones.
        let (lines, length) = if horizontal { (h, w) } else { (w, h) };
        let is_ink = |line: u32, i: u32| {
            if horizontal {
                ink[(line * w + i) as usize]
            } else {
                ink[(i * w + line) as usize]
            }
        };
        let free = |&(at, from, to, thickness, _): &StackedStroke| {
            let ink_at = |side: f64, offset: f64| {
                let line = (at + side * (thickness / 2.0 + px(offset))).round();
                if line < 0.0 || line >= lines as f64 {
                    return 0.0;
                }
                let (from, to) = (from as u32, (to as u32).min(length));
                (from..to).filter(|&i| is_ink(line as u32, i)).count() as f64 / (to - from).max(1) as f64
            };
            let side_ink = |side: f64| {
                settings
                    .side_offsets
                    .iter()
                    .map(|&o| ink_at(side, o))
                    .fold(f64::INFINITY, f64::min)
            };
            side_ink(-1.0) <= settings.max_side_ink && side_ink(1.0) <= settings.max_side_ink
        };
        // A long, thick horizontal run through a line of type, not a rule:
        // letters rise off its edges along much of its length and it breaks
        // between them, where a rule is solid. (Shorter runs are judged by
        // the rules that hold them.)
        let through_type = |&(at, from, to, thickness, _): &StackedStroke| {
            if !horizontal || to - from < px(settings.free_length) || thickness < px(settings.min_type_thickness) {
                return false;
            }
            let (from, to) = (from as u32, (to as u32).min(length));
            let len = (to - from) as f64;
            let ink_along = |line: i64| -> Vec<bool> {
                match u32::try_from(line) {
                    Ok(line) if line < lines => (from..to).map(|i| is_ink(line, i)).collect(),
                    _ => vec![false; (to - from) as usize],
                }
            };
            // The lines `erase` looks at for ink going on beyond the stroke.
            let (first, last) = band(at, thickness, px(settings.erase_margin));
            // An edge inked nearly all along is a second rule beside this one.
            let edges: Vec<Vec<bool>> = [first - 1, last]
                .into_iter()
                .map(ink_along)
                .filter(|ink| (ink.iter().filter(|&&b| b).count() as f64) < MIN_SECOND_RULE_SHARE * len)
                .collect();
            let touched = (0..(to - from) as usize).filter(|&i| edges.iter().any(|edge| edge[i])).count();
            let (top, bottom) = band_within(at, thickness, 0.0, lines);
            let breaks = (from..to).filter(|&i| (top..bottom).all(|line| !is_ink(line, i))).count();
            touched as f64 >= settings.min_touched_share * len && breaks as f64 >= settings.min_break_share * len
        };
        // The rules of one pass, the streaks found stack by stack, and the
        // streaks found once joined.
        let rules_of = |max_gap: f64, min_fill: f64| -> (Vec<(Stroke, bool)>, Vec<Stroke>, Vec<Stroke>) {
            let runs: Vec<Vec<(u32, u32)>> = (0..lines).map(|line| runs(length, |i| is_ink(line, i), px(max_gap), px(settings.min_length), min_fill)).collect();
            let is_streak = |&(_, from, to, _, moments): &StackedStroke| {
                let lean = moments.lean();
                let share = if streak_lean == 0.0 { 0.0 } else { lean / streak_lean };
                !horizontal && STREAK_LEAN.contains(&share) && (lean * (to - from)).abs() >= px(MIN_STREAK_DRIFT)
            };
            let stroke = |(at, from, to, thickness, _): StackedStroke| Stroke { horizontal, at, from, to, thickness };
            // A streak is told by its lean twice: stack by stack, and once
            // joined, for a streak the turned image broke into steps that
            // each stand straight.
            let (streaks, found): (Vec<StackedStroke>, Vec<StackedStroke>) = stack_runs(&runs, px(settings.max_thickness)).into_iter().partition(is_streak);
            let (stepped, joined): (Vec<StackedStroke>, Vec<StackedStroke>) = join(found, px(settings.join_gap), px(settings.join_offset)).into_iter().partition(is_streak);
            let rules = joined.into_iter().filter(free).map(|s| (stroke(s), through_type(&s))).collect();
            (rules, streaks.into_iter().map(stroke).collect(), stepped.into_iter().filter(free).map(stroke).collect())
        };
        let (rules, found_streaks, stepped) = rules_of(settings.max_gap, settings.min_fill);
        for (rule, on_type) in rules {
            if on_type {
                type_runs.push(rule);
            }
            strokes.push(rule);
        }
        streaks.extend(found_streaks);
        streaks.extend(stepped);
        // Column borders only: a row through a line of type is dotted too
        // (a row's broken border is bridged by `bridged_borders`). Dots
        // joined into a lean are no border, but no streak to erase either:
        // they may be letters' stems down a column of type.
        if !horizontal {
            let (rules, found_streaks, _) = rules_of(settings.dotted_max_gap, settings.dotted_min_fill);
            dotted.extend(rules.into_iter().map(|(rule, _)| rule));
            streaks.extend(found_streaks);
        }
    }
    let (free_length, reach) = (px(settings.free_length), px(settings.meet_distance));
    let meets = |a: &Stroke, b: &Stroke| {
        a.horizontal != b.horizontal
            && b.from - reach <= a.at
            && a.at <= b.to + reach
            && a.from - reach <= b.at
            && b.at <= a.to + reach
    };
    // A short stroke is a border where rules of the other direction hold
    // it at both ends or cross it; a tall letter's stem standing on an
    // underline (a name printed as a link) touches one at one end only.
    let held = |s: &Stroke| {
        let across: Vec<&Stroke> = strokes.iter().filter(|o| meets(s, o)).collect();
        let at_end = |end: f64| across.iter().any(|o| (o.at - end).abs() <= reach);
        let crossed = across.iter().any(|o| s.from + reach < o.at && o.at < s.to - reach);
        crossed || (at_end(s.from) && at_end(s.to))
    };
    let kept: Vec<Stroke> = strokes.iter().filter(|s| s.to - s.from >= free_length || held(s)).copied().collect();
    // A run through type is a rule only where a rule across meets it (the
    // border under a table's header that its type touches).
    let mut kept: Vec<Stroke> = kept.iter().filter(|s| !type_runs.contains(s) || kept.iter().any(|o| meets(s, o))).copied().collect();
    // Added after the short strokes are judged: a dotted border vouches for none.
    let borders = dotted_borders(dotted, &kept, free_length, reach, px(settings.join_offset));
    kept.extend(borders);
    let mut kept = bridged_borders(kept, reach, px(settings.join_offset), px(settings.max_border_break));
    kept.extend(edge_borders(&kept, w as f64, px(settings.edge_reach)));
    Strokes { rules: kept, streaks }
}

/// What `find` sees in a page image.
#[derive(Debug, Clone, Default)]
pub struct Strokes {
    /// Ruling lines of the page.
    pub rules: Vec<Stroke>,
    /// Pieces of the scanner's streaks: no rules, but ink to erase all the same.
    pub streaks: Vec<Stroke>,
}

/// Of the dotted column rules, those that are borders: long, ended at
/// both ends by rules of `kept` that run on past them both ways (a row rule
/// does; the rules a blurred scan finds along lines of type stop at the
/// text's edge), crossing at least `MIN_DOTTED_CROSSINGS` such rules (a
/// column border runs down several rows; the stems at the start of a
/// cell's lines of type stand between two), and not already found solid
/// (every solid rule is found among the dotted ones too, within
/// `max_offset` across). Each is cut at the rules that end it. All lengths
/// in pixels; `reach` is how close an end must come to a rule to meet it.
///
/// Dots that run on past the rules (into type beyond the table, or along a
/// scanner streak that touches the border) are a border only from end to
/// end of a solid column rule of the same table, whose two rules they cross.
fn dotted_borders(dotted: Vec<Stroke>, kept: &[Stroke], min_length: f64, reach: f64, max_offset: f64) -> Vec<Stroke> {
    let long_across = |d: &Stroke, o: &Stroke| o.horizontal != d.horizontal && o.from + min_length / 2.0 <= d.at && d.at + min_length / 2.0 <= o.to;
    // The rule of `kept` across `d` within `reach` of `end`.
    let rule_at = |d: &Stroke, end: f64| {
        kept.iter()
            .filter(|o| long_across(d, o) && (end - o.at).abs() <= reach)
            .map(|o| o.at)
            .min_by(|a, b| (a - end).abs().total_cmp(&(b - end).abs()))
    };
    // The rules at the ends of the tallest solid column rule within the dots.
    let column_span = |d: &Stroke| {
        kept.iter()
            .filter(|o| o.horizontal == d.horizontal && d.from - reach <= o.from && o.to <= d.to + reach)
            .filter_map(|o| Some((rule_at(d, o.from)?, rule_at(d, o.to)?)))
            .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
    };
    let crossings = |d: &Stroke| kept.iter().filter(|o| long_across(d, o) && d.from - reach <= o.at && o.at <= d.to + reach).count();
    let solid_along = |d: &Stroke| -> f64 {
        kept.iter().filter(|o| o.horizontal == d.horizontal && (o.at - d.at).abs() <= max_offset).map(|o| (o.to.min(d.to) - o.from.max(d.from)).max(0.0)).sum()
    };
    dotted
        .into_iter()
        .filter_map(|d| {
            let ends = rule_at(&d, d.from).zip(rule_at(&d, d.to));
            let (from, to) = ends.or_else(|| column_span(&d))?;
            let border = Stroke { from, to, ..d };
            let full = to - from >= min_length && crossings(&border) >= MIN_DOTTED_CROSSINGS && solid_along(&border) < MAX_SOLID_SHARE * (to - from);
            full.then_some(border)
        })
        .collect()
}

/// Horizontal rules with their breaks bridged where the table's column
/// rules say a border runs: a break of at most `max_break` pixels between
/// two collinear pieces (within `max_offset` across) with a vertical rule
/// ending at their level (within `reach`) on each side of it, each within
/// `max_break` of it. The pieces of a broken border are joined into one.
fn bridged_borders(strokes: Vec<Stroke>, reach: f64, max_offset: f64, max_break: f64) -> Vec<Stroke> {
    let (mut horizontal, vertical): (Vec<Stroke>, Vec<Stroke>) = strokes.into_iter().partition(|s| s.horizontal);
    horizontal.sort_by(|a, b| a.from.total_cmp(&b.from));
    let columns_at = |level: f64| -> Vec<f64> { vertical.iter().filter(|v| (v.from - level).abs() <= reach || (v.to - level).abs() <= reach).map(|v| v.at).collect() };
    let mut out: Vec<Stroke> = Vec::with_capacity(horizontal.len());
    for s in horizontal {
        let piece_before = out.iter_mut().rev().find(|o| (o.at - s.at).abs() <= max_offset && o.to <= s.from + reach);
        let bridged = piece_before.filter(|o| {
            let columns = columns_at(o.at);
            let (start, end) = (o.to, s.from);
            end - start <= max_break
                && columns.iter().any(|&x| x <= start + reach && x >= start - max_break)
                && columns.iter().any(|&x| x >= end - reach && x <= end + max_break)
        });
        match bridged {
            Some(o) => {
                o.to = o.to.max(s.to);
                o.thickness = o.thickness.max(s.thickness);
            }
            None => out.push(s),
        }
    }
    out.extend(vertical);
    out
}

/// Borders for the cells of a table that runs off the side of the scan:
/// where two horizontal rules one above the other both end within `reach`
/// pixels of the image's left or right side and a vertical rule joins
/// them, a vertical rule from one to the other where they end.
fn edge_borders(strokes: &[Stroke], width: f64, reach: f64) -> Vec<Stroke> {
    let mut out = Vec::new();
    for right in [false, true] {
        let end = |s: &Stroke| if right { s.to } else { s.from };
        let mut edged: Vec<&Stroke> = strokes.iter().filter(|s| s.horizontal && if right { s.to >= width - reach } else { s.from <= reach }).collect();
        edged.sort_by(|a, b| a.at.total_cmp(&b.at));
        for pair in edged.windows(2) {
            let (upper, lower) = (pair[0], pair[1]);
            let joined = strokes.iter().any(|v| {
                !v.horizontal && v.from <= upper.at + reach && v.to >= lower.at - reach && (upper.from..=upper.to).contains(&v.at) && (lower.from..=lower.to).contains(&v.at)
            });
            if joined {
                let at = if right { end(upper).min(end(lower)) } else { end(upper).max(end(lower)) };
                out.push(Stroke { horizontal: false, at, from: upper.at, to: lower.at, thickness: upper.thickness.min(lower.thickness) });
            }
        }
    }
    out
}

/// Runs of ink along one line of `length` pixels: ink broken by at most
/// `max_gap` pixels of paper, at least `min_length` long and at least
/// `min_fill` ink. Ends are exclusive.
fn runs(length: u32, ink: impl Fn(u32) -> bool, max_gap: f64, min_length: f64, min_fill: f64) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut run: Option<(u32, u32, u32)> = None; // start, end after last ink, ink count
    let mut close = |run: Option<(u32, u32, u32)>| {
        if let Some((start, end, count)) = run {
            let len = (end - start) as f64;
            if len >= min_length && count as f64 >= min_fill * len {
                out.push((start, end));
            }
        }
    };
    for i in 0..length {
        if !ink(i) {
            continue;
        }
        run = match run {
            Some((start, end, count)) if (i - end) as f64 <= max_gap => Some((start, i + 1, count + 1)),
            previous => {
                close(previous);
                Some((i, i + 1, 1))
            }
        };
    }
    close(run);
    out
}

/// Runs on neighbouring lines that overlap along their length stack into
/// one stroke; stacks thicker than `max_thickness` lines are areas, not
/// rules. Returns per stroke its centre across, start, end, thickness and
/// the moments of its runs, which give its lean.
fn stack_runs(lines: &[Vec<(u32, u32)>], max_thickness: f64) -> Vec<StackedStroke> {
    struct Stack {
        first: usize,
        last: usize,
        from: u32,
        to: u32,
        moments: Moments,
    }
    let mut open: Vec<Stack> = Vec::new();
    let mut done = Vec::new();
    for (line, runs) in lines.iter().enumerate() {
        let mut next_open = Vec::with_capacity(runs.len());
        for &(from, to) in runs {
            // The open stack this run continues (overlapping by half the shorter).
            let continues = open.iter().position(|s| {
                let overlap = s.to.min(to) as f64 - s.from.max(from) as f64;
                s.last + 1 == line && overlap >= 0.5 * (s.to - s.from).min(to - from) as f64
            });
            next_open.push(match continues {
                Some(i) => {
                    let mut s = open.swap_remove(i);
                    s.moments.add(line, from, to);
                    Stack { first: s.first, last: line, from: s.from.min(from), to: s.to.max(to), moments: s.moments }
                }
                None => {
                    let mut moments = Moments::default();
                    moments.add(line, from, to);
                    Stack { first: line, last: line, from, to, moments }
                }
            });
        }
        done.append(&mut open);
        open = next_open;
    }
    done.append(&mut open);
    done.into_iter()
        .filter(|s| (s.last - s.first + 1) as f64 <= max_thickness.max(1.0))
        .map(|s| ((s.first + s.last) as f64 / 2.0 + 0.5, s.from as f64, s.to as f64, (s.last - s.first + 1) as f64, s.moments))
        .collect()
}

/// A stroke as stacked, before it is judged: centre across, start, end,
/// thickness, and the moments of its runs (see `stack_runs`).
type StackedStroke = (f64, f64, f64, f64, Moments);

/// Sums over a stack's runs, each weighed by its length, for the slope of
/// the line (across) against the position along.
#[derive(Default, Clone, Copy)]
struct Moments {
    weight: f64,
    along: f64,
    across: f64,
    along_squared: f64,
    along_across: f64,
}

impl Moments {
    fn add(&mut self, line: usize, from: u32, to: u32) {
        let (w, centre, k) = (f64::from(to - from), f64::from(from + to) / 2.0, line as f64);
        self.weight += w;
        self.along += w * centre;
        self.across += w * k;
        // A run is a segment: its own spread along counts (length² / 12).
        self.along_squared += w * (centre * centre + w * w / 12.0);
        self.along_across += w * centre * k;
    }

    /// The sums over the runs of two strokes joined.
    fn merged(self, other: Moments) -> Moments {
        Moments {
            weight: self.weight + other.weight,
            along: self.along + other.along,
            across: self.across + other.across,
            along_squared: self.along_squared + other.along_squared,
            along_across: self.along_across + other.along_across,
        }
    }

    /// Least-squares slope of across against along (lines crossed per
    /// pixel along: about 0 for a straight line, the tangent of its angle
    /// for a slanted one).
    fn lean(&self) -> f64 {
        let n = self.weight.max(1.0);
        let mean_along = self.along / n;
        let variance = self.along_squared / n - mean_along * mean_along;
        let covariance = self.along_across / n - mean_along * self.across / n;
        if variance > 0.0 { covariance / variance } else { 0.0 }
    }
}

/// Join collinear strokes (within `max_offset` across) whose ends are at
/// most `max_gap` apart: one rule broken by noise or a dropout.
fn join(mut strokes: Vec<StackedStroke>, max_gap: f64, max_offset: f64) -> Vec<StackedStroke> {
    strokes.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out: Vec<StackedStroke> = Vec::with_capacity(strokes.len());
    for (at, from, to, thickness, moments) in strokes {
        match out
            .iter_mut()
            .find(|o| (o.0 - at).abs() <= max_offset && from - o.2 <= max_gap && to >= o.1)
        {
            Some(o) => {
                let (la, lb) = (o.2 - o.1, to - from);
                o.0 = (o.0 * la + at * lb) / (la + lb);
                o.1 = o.1.min(from);
                o.2 = o.2.max(to);
                o.3 = o.3.max(thickness);
                o.4 = o.4.merged(moments);
            }
            None => out.push((at, from, to, thickness, moments)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn draw(image: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32, value: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                image.put_pixel(x, y, Luma([value]));
            }
        }
    }

    #[test]
    fn a_table_cut_off_by_the_scans_side_is_closed_where_its_rules_end() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        // Three row rules running off the right side (to within 6 px of
        // it), a column rule between the upper two only.
        for y in [100, 300, 600] {
            draw(&mut image, 100, y, 1194, y + 3, 25);
        }
        draw(&mut image, 800, 100, 803, 303, 25);
        let strokes = find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules;
        let closing: Vec<&Stroke> = strokes.iter().filter(|s| !s.horizontal && s.at > 1100.0).collect();
        assert_eq!(closing.len(), 1, "{strokes:?}");
        let c = closing[0];
        assert!((c.at - 1194.0).abs() <= 1.0 && (c.from - 101.5).abs() <= 1.0 && (c.to - 301.5).abs() <= 1.0, "{c:?}");
        // Rules ending short of the side close nothing.
        let mut inside = GrayImage::from_pixel(1200, 900, Luma([235]));
        for y in [100, 300] {
            draw(&mut inside, 100, y, 1100, y + 3, 25);
        }
        draw(&mut inside, 800, 100, 803, 303, 25);
        assert_eq!(find(&inside, points_per_pixel, 0.0, &RuleSettings::default()).rules.len(), 3);
    }

    #[test]
    fn a_rows_broken_border_is_bridged_between_its_column_rules() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        draw(&mut image, 100, 100, 1000, 103, 25);
        // The bottom border broken in two places, 40 px (about 10 points)
        // each, and ending short of the last column rule.
        for (from, to) in [(100, 400), (440, 700), (740, 1000)] {
            draw(&mut image, from, 600, to, 603, 25);
        }
        for x in [100, 360, 480, 650, 780, 997] {
            draw(&mut image, x, 100, x + 3, 603, 25);
        }
        // A broken rule the column rules cross, not end at, and one on its
        // own: no bridge.
        for (from, to) in [(100, 400), (440, 700)] {
            draw(&mut image, from, 350, to, 353, 25);
            draw(&mut image, from, 800, to, 803, 25);
        }
        let strokes = find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules;
        let mut rows: Vec<(f64, f64, f64)> = strokes.iter().filter(|s| s.horizontal && s.at > 300.0).map(|s| (s.at, s.from, s.to)).collect();
        rows.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(rows, [(351.5, 100.0, 400.0), (351.5, 440.0, 700.0), (601.5, 100.0, 1000.0), (801.5, 100.0, 400.0), (801.5, 440.0, 700.0)], "{strokes:?}");
    }

    #[test]
    fn lines_are_found_and_text_is_not() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        // A horizontal rule 4 px thick, broken by two 3-px dropouts.
        draw(&mut image, 100, 200, 1100, 204, 25);
        draw(&mut image, 400, 200, 403, 204, 235);
        draw(&mut image, 700, 200, 703, 204, 235);
        // A vertical rule 3 px thick.
        draw(&mut image, 600, 100, 603, 800, 25);
        // Text-like strokes: short bars and a row of letter stems.
        for i in 0..20 {
            draw(&mut image, 120 + i * 25, 400, 132 + i * 25, 403, 25);
            draw(&mut image, 120 + i * 25, 500, 123 + i * 25, 540, 25);
        }
        // Bold capitals: a long bar along their tops with stems beneath.
        draw(&mut image, 700, 600, 1000, 605, 25);
        for i in 0..30 {
            draw(&mut image, 700 + i * 10, 605, 705 + i * 10, 650, 25);
        }
        // A double border: two lines half a point apart.
        draw(&mut image, 100, 300, 1100, 303, 25);
        draw(&mut image, 100, 305, 1100, 308, 25);
        // A thick dark band (a scanner edge).
        draw(&mut image, 1150, 0, 1200, 900, 10);
        let strokes = find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules;
        assert_eq!(strokes.len(), 3, "{strokes:?}");
        let h = strokes.iter().find(|s| s.horizontal).expect("horizontal rule");
        let double: Vec<f64> = strokes
            .iter()
            .filter(|s| s.horizontal && s.at > 250.0)
            .map(|s| s.at)
            .collect();
        assert_eq!(double, [304.0], "a double border is one rule, between its lines");
        assert!(
            (h.at - 202.0).abs() <= 1.0 && (h.from - 100.0).abs() <= 1.0 && (h.to - 1100.0).abs() <= 1.0,
            "{h:?}"
        );
        let v = strokes.iter().find(|s| !s.horizontal).expect("vertical rule");
        assert!(
            (v.at - 601.5).abs() <= 1.0 && (v.from - 100.0).abs() <= 1.0 && (v.to - 800.0).abs() <= 1.0,
            "{v:?}"
        );
    }

    #[test]
    fn a_dotted_column_rule_down_a_table_is_a_border() {
        // 150 dpi, as coarse bilevel scans are.
        let points_per_pixel = 72.0 / 150.0;
        let mut image = GrayImage::from_pixel(600, 400, Luma([255]));
        // A table's top, a row border and its bottom.
        for y in [50, 150, 250] {
            draw(&mut image, 50, y, 550, y + 2, 0);
        }
        for x in [50, 548] {
            draw(&mut image, x, 50, x + 2, 252, 0);
        }
        // A one-pixel border broken into dots: 3 pixels of ink, 4 of paper.
        let dots = |image: &mut GrayImage, x: u32, from: u32, to: u32| {
            for y in (from..to).step_by(7) {
                draw(image, x, y, x + 1, y + 3, 0);
            }
        };
        dots(&mut image, 300, 52, 250);
        // One whose dots run on past the table's top into type above it
        // (4 points): cut at the top rule.
        dots(&mut image, 200, 42, 250);
        // Dots within one row (the stems of a cell's lines of type) and
        // standing free below the table are no rule.
        dots(&mut image, 420, 152, 250);
        dots(&mut image, 300, 270, 390);
        // One a scanner streak runs beside from the image's top to its
        // bottom: cut at the table's top and bottom.
        dots(&mut image, 120, 52, 250);
        dots(&mut image, 121, 0, 396);
        let strokes = find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules;
        let columns: Vec<(f64, f64, f64)> = strokes.iter().filter(|s| !s.horizontal).map(|s| (s.at.round(), s.from, s.to)).collect();
        assert_eq!(columns.len(), 5, "{strokes:?}");
        assert!(columns.iter().any(|&(at, from, to)| (121.0..=122.0).contains(&at) && (50.0..=52.0).contains(&from) && (250.0..=252.0).contains(&to)), "{columns:?}");
        assert!(columns.iter().any(|&(at, from, to)| at == 301.0 && from <= 53.0 && to >= 248.0), "{columns:?}");
        assert!(columns.iter().any(|&(at, from, to)| at == 201.0 && (50.0..=52.0).contains(&from) && to >= 248.0), "{columns:?}");
    }

    /// A blank gray page image at 300 dpi, with the points per pixel.
    fn blank_300_dpi() -> (GrayImage, f64) {
        (GrayImage::from_pixel(1200, 900, Luma([235])), 72.0 / 300.0)
    }

    #[test]
    fn a_streak_leaning_as_the_scan_was_turned_is_no_rule() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        // A straight column rule, and a piece of streak 3 px wide leaning
        // 1.5° (the scan was turned by that much to straighten it).
        draw(&mut image, 300, 100, 303, 800, 25);
        let lean = 1.5f64.to_radians().tan();
        for y in 100..400 {
            let x = 700 + (f64::from(y - 100) * lean) as u32;
            draw(&mut image, x, y, x + 3, y + 1, 25);
        }
        let found = find(&image, points_per_pixel, lean, &RuleSettings::default());
        let at = |strokes: &[Stroke]| strokes.iter().map(|s| s.at.round()).collect::<Vec<f64>>();
        assert_eq!(at(&found.rules), [302.0], "{found:?}");
        assert!(!found.streaks.is_empty() && found.streaks.iter().all(|s| (700.0..=712.0).contains(&s.at)), "{found:?}");
        // Leaning against the turn, or on a scan that was not turned: a rule.
        assert_eq!(find(&image, points_per_pixel, 0.0, &RuleSettings::default()).streaks.len(), 0);
        assert_eq!(find(&image, points_per_pixel, -lean, &RuleSettings::default()).streaks.len(), 0);
    }

    #[test]
    fn a_streak_the_turned_image_broke_into_straight_steps_is_no_rule() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        // A column rule, and a streak one pixel wide leaning 1°: each step
        // stands straight, one pixel beside the last, 57 pixels down.
        draw(&mut image, 300, 100, 303, 800, 25);
        let lean = 1.0f64.to_radians().tan();
        for y in 100..800 {
            let x = 700 + (f64::from(y - 100) * lean) as u32;
            draw(&mut image, x, y, x + 1, y + 1, 25);
        }
        let found = find(&image, points_per_pixel, lean, &RuleSettings::default());
        assert_eq!(found.rules.iter().map(|s| s.at.round()).collect::<Vec<f64>>(), [302.0], "{found:?}");
        assert!(found.streaks.iter().any(|s| s.to - s.from > 200.0), "joined steps are a streak: {found:?}");
    }

    #[test]
    fn a_tall_letter_standing_on_an_underline_is_no_border() {
        let (mut image, points_per_pixel) = blank_300_dpi();
        // An underline under a name, a letter "l" 50 px (12 points) tall
        // standing on it, and a short cell border between two rules.
        draw(&mut image, 100, 300, 900, 303, 25);
        draw(&mut image, 200, 250, 204, 300, 25);
        draw(&mut image, 100, 500, 900, 503, 25);
        draw(&mut image, 100, 560, 900, 563, 25);
        draw(&mut image, 400, 500, 403, 563, 25);
        let strokes = find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules;
        let columns: Vec<f64> = strokes.iter().filter(|s| !s.horizontal).map(|s| s.at.round()).collect();
        assert_eq!(columns, [402.0], "{strokes:?}");
    }

    #[test]
    fn erased_rules_leave_text_alone() {
        let mut image = GrayImage::from_pixel(400, 300, Luma([240]));
        draw(&mut image, 20, 100, 380, 103, 20);
        draw(&mut image, 50, 60, 53, 90, 20); // a letter stem above the rule
        draw(&mut image, 150, 80, 153, 112, 20); // a descender through it
        let strokes = find(&image, 72.0 / 300.0, 0.0, &RuleSettings::default()).rules;
        assert_eq!(strokes.len(), 1);
        assert!((strokes[0].thickness - 3.0).abs() < 0.5, "{strokes:?}");
        erase(&mut image, &strokes, 1.0);
        assert!((99..104).all(|y| image.get_pixel(200, y).0[0] == 255));
        assert_eq!(image.get_pixel(51, 70).0[0], 20);
        assert!((80..112).all(|y| image.get_pixel(151, y).0[0] == 20), "the descender keeps its stroke");
    }

    #[test]
    fn a_line_of_type_blurred_into_a_bar_is_no_rule() {
        // A bar 12 px (about 3 points) thick and 500 px long, as a blurred
        // line of small letters makes: ascenders 3 px wide rise off it every
        // 20 px, and paper breaks it for 3 px every 25 px between letters.
        let bar = |broken: bool, ascenders: bool| {
            let (mut image, points_per_pixel) = blank_300_dpi();
            draw(&mut image, 100, 400, 600, 412, 40);
            for x in (100..600).step_by(20).filter(|_| ascenders) {
                draw(&mut image, x, 385, x + 3, 400, 40);
            }
            for x in (110..600).step_by(25).filter(|_| broken) {
                draw(&mut image, x, 400, x + 3, 412, 235);
            }
            find(&image, points_per_pixel, 0.0, &RuleSettings::default()).rules.iter().filter(|s| s.horizontal).count()
        };
        assert_eq!(bar(true, true), 0, "type");
        assert_eq!(bar(false, true), 1, "a solid rule that letters stand on");
        assert_eq!(bar(true, false), 1, "a rule broken by the scan, nothing touching it");
    }

    #[test]
    fn runs_bridge_small_gaps_only() {
        let ink = |i: u32| (10..30).contains(&i) && i != 20 || (40..45).contains(&i);
        assert_eq!(runs(60, ink, 2.0, 8.0, 0.8), vec![(10, 30)]);
    }
}
