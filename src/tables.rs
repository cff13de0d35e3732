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
