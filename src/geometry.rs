//! Page geometry shared by every stage: boxes in PDF points, origin at the
//! top left of the page, y growing downwards.

use serde::{Deserialize, Serialize};

/// An axis-aligned box `[left, top, right, bottom]` in points.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        BBox { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1) }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn center_x(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
    /// Length of the overlap of the two boxes' horizontal extents.
    pub fn x_overlap(&self, other: &BBox) -> f64 {
        (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0)
    }
    /// Length of the overlap of the two boxes' vertical extents.
    pub fn y_overlap(&self, other: &BBox) -> f64 {
        (self.y1.min(other.y1) - self.y0.max(other.y0)).max(0.0)
    }
    pub fn contains_point(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
    pub fn to_array(&self) -> [f64; 4] {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        [r(self.x0), r(self.y0), r(self.x1), r(self.y1)]
    }
}

/// Union of several boxes; `None` when there are none.
pub fn union_all<'a>(boxes: impl IntoIterator<Item = &'a BBox>) -> Option<BBox> {
    boxes.into_iter().fold(None, |acc, b| Some(acc.map_or(*b, |a: BBox| a.union(b))))
}

/// A straight ruling line, horizontal or vertical, as drawn on the page or
/// found in a scanned image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
    pub fn length(&self) -> f64 {
        (self.x1 - self.x0).abs().max((self.y1 - self.y0).abs())
    }
}
