//! Tables: ruling lines → cells (snap, join, intersect, as pdfplumber does);
//! words placed in the cells they sit in.

/// Tolerances of table building, all in points.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Parallel rules closer than this are snapped onto one line.
    pub snap_tolerance: f64,
    /// Collinear rules with gaps under this are joined into one.
    pub join_tolerance: f64,
    /// How far a rule may stop short of another and still meet it.
    pub intersection_tolerance: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { snap_tolerance: 3.0, join_tolerance: 3.0, intersection_tolerance: 3.0 }
    }
}

use crate::geometry::{BBox, Rule};
use crate::layout::Word;

/// A ruled cell: the smallest rectangle closed by rules on all four sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub bbox: BBox,
}

/// A rule reduced to one axis: `at` is its y (horizontal) or x (vertical),
/// it spans `from..to` along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edge {
    at: f64,
    from: f64,
    to: f64,
}

/// Ruling lines → cells.
pub fn cells(rules: &[Rule], settings: &Settings) -> Vec<Cell> {
    let horizontal = merge_edges(
        rules.iter().filter(|r| r.is_horizontal()).map(|r| Edge { at: (r.y0 + r.y1) / 2.0, from: r.x0.min(r.x1), to: r.x0.max(r.x1) }),
        settings,
    );
    let vertical = merge_edges(
        rules.iter().filter(|r| !r.is_horizontal()).map(|r| Edge { at: (r.x0 + r.x1) / 2.0, from: r.y0.min(r.y1), to: r.y0.max(r.y1) }),
        settings,
    );
    let tol = settings.intersection_tolerance;
    let covers = |edges: &[Edge], at: f64, from: f64, to: f64| {
        edges.iter().any(|e| (e.at - at).abs() < 1e-6 && e.from <= from + tol && e.to >= to - tol)
    };
    // Intersections: (x, y) where a vertical meets a horizontal.
    let mut points: Vec<(f64, f64)> = Vec::new();
    for h in &horizontal {
        for v in &vertical {
            if v.at >= h.from - tol && v.at <= h.to + tol && h.at >= v.from - tol && h.at <= v.to + tol {
                points.push((v.at, h.at));
            }
        }
    }
    points.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    let mut out = Vec::new();
    for &(x, y) in &points {
        let below: Vec<f64> = points.iter().filter(|p| p.0 == x && p.1 > y).map(|p| p.1).collect();
        let right: Vec<f64> = points.iter().filter(|p| p.1 == y && p.0 > x).map(|p| p.0).collect();
        'search: for &y2 in &below {
            if !covers(&vertical, x, y, y2) {
                break;
            }
            for &x2 in &right {
                if !covers(&horizontal, y, x, x2) {
                    break;
                }
                let corner = points.iter().any(|p| p.0 == x2 && p.1 == y2);
                if corner && covers(&vertical, x2, y, y2) && covers(&horizontal, y2, x, x2) {
                    out.push(Cell { bbox: BBox::new(x, y, x2, y2) });
                    break 'search;
                }
            }
        }
    }
    out
}

/// Snap parallel edges that lie within `snap_tolerance` onto their mean
/// position, then join collinear edges whose gaps are under `join_tolerance`.
fn merge_edges(edges: impl Iterator<Item = Edge>, settings: &Settings) -> Vec<Edge> {
    let mut edges: Vec<Edge> = edges.collect();
    edges.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Snap: cluster by position.
    let mut start = 0;
    while start < edges.len() {
        let mut end = start + 1;
        while end < edges.len() && edges[end].at - edges[end - 1].at <= settings.snap_tolerance {
            end += 1;
        }
        let mean = edges[start..end].iter().map(|e| e.at).sum::<f64>() / (end - start) as f64;
        for e in &mut edges[start..end] {
            e.at = mean;
        }
        start = end;
    }
    // Join: per position, merge overlapping or nearly touching spans.
    edges.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Edge> = Vec::new();
    for e in edges {
        match out.last_mut() {
            Some(last) if last.at == e.at && e.from <= last.to + settings.join_tolerance => last.to = last.to.max(e.to),
            _ => out.push(e),
        }
    }
    out
}

/// Index of the smallest cell holding the centre of `word`, if any.
pub fn cell_of(cells: &[Cell], word: &Word) -> Option<usize> {
    let (x, y) = (word.bbox.center_x(), word.bbox.center_y());
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.bbox.contains_point(x, y))
        .min_by(|a, b| (a.1.bbox.width() * a.1.bbox.height()).total_cmp(&(b.1.bbox.width() * b.1.bbox.height())))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Rule {
        Rule { x0, y0: y, x1, y1: y }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule { x0: x, y0, x1: x, y1 }
    }

    #[test]
    fn grid_of_rules_gives_cells() {
        // Two by one grid, drawn with doubled borders 0.6 pt apart and a gap in one rule.
        let rules = vec![
            h(0.0, 0.0, 100.0), h(0.6, 0.0, 100.0), h(20.0, 0.0, 48.0), h(20.0, 50.0, 100.0),
            v(0.0, 0.0, 20.0), v(50.0, 0.0, 20.0), v(100.0, 0.0, 20.0), v(100.5, 0.0, 20.0),
        ];
        let cells = cells(&rules, &Settings::default());
        assert_eq!(cells.len(), 2, "{cells:?}");
        assert!((cells[0].bbox.x0 - 0.0).abs() < 0.5 && (cells[0].bbox.x1 - 50.0).abs() < 0.5);
        assert!((cells[1].bbox.x1 - 100.25).abs() < 0.5 && (cells[1].bbox.y1 - 20.0).abs() < 0.5);
    }

    #[test]
    fn missing_side_gives_no_cell() {
        let rules = vec![h(0.0, 0.0, 100.0), h(20.0, 0.0, 100.0), v(0.0, 0.0, 20.0)];
        assert!(cells(&rules, &Settings::default()).is_empty());
    }

    #[test]
    fn word_goes_to_smallest_enclosing_cell() {
        let cells = vec![Cell { bbox: BBox::new(0.0, 0.0, 100.0, 100.0) }, Cell { bbox: BBox::new(0.0, 0.0, 50.0, 20.0) }];
        let word = Word { text: "x".into(), bbox: BBox::new(10.0, 5.0, 20.0, 15.0), font_size: 10.0, confidence: 1.0 };
        assert_eq!(cell_of(&cells, &word), Some(1));
    }
}
