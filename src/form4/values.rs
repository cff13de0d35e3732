//! Reading values as the form prints them: footnote marks, amounts, dates,
//! codes and check marks.

use regex::Regex;
use std::sync::LazyLock;

/// A footnote mark such as `(1)`, possibly glued to the text before it.
static FOOTNOTE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(\s*(\d{1,3})\s*\)").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})$").unwrap());
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?\$?\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?|-?\.[0-9]+)\)?$").unwrap());

/// Text split into its value and the footnote ids printed beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The text without marks, whitespace collapsed; empty when only marks.
    pub text: String,
    /// `F1`, `F2`, … in the order printed.
    pub footnotes: Vec<String>,
}

/// Take footnote marks `(n)` out of a cell's text.
pub fn split_marks(text: &str) -> Marked {
    let footnotes = FOOTNOTE_MARK.captures_iter(text).map(|c| format!("F{}", c[1].trim_start_matches('0'))).collect();
    let stripped = FOOTNOTE_MARK.replace_all(text, " ");
    Marked { text: collapse(&stripped), footnotes }
}

/// Footnote ids (`F2`) as the form prints them after a value: `(2)`; the
/// inverse of [`split_marks`].
pub fn printed_marks(footnotes: &[String]) -> String {
    footnotes.iter().map(|f| format!("({})", f.trim_start_matches('F'))).collect()
}

/// Collapse runs of whitespace to single spaces and trim.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Join wrapped lines: a line ending in a hyphen joins the next with no space.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push_str(line);
    }
    collapse(&out)
}

/// `MM/DD/YYYY` → `YYYY-MM-DD`; `None` if not a valid calendar date.
pub fn parse_date(text: &str) -> Option<String> {
    let c = DATE.captures(text.trim())?;
    let (m, d, y): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days_in_month).contains(&d) && (1900..=2100).contains(&y)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A date of a scan with the slips OCR makes in blurred digits undone,
/// where the form's own shape shows them: slashes lost or read as other
/// marks (see `unslashed`); a month's first digit read as
/// 5–9 was a 0 ("98/14/2019"); a slash read as a digit leaves seven
/// digits after the month ("03/1142022"). `None` when that does not give
/// a valid date either.
pub fn repaired_date(text: &str) -> Option<String> {
    if let Some(date) = unslashed(text).as_deref().and_then(parse_date) {
        return Some(date);
    }
    let c = GARBLED_DATE.captures(text.trim())?;
    let month = match c[1].as_bytes() {
        [first, second] if (b'5'..=b'9').contains(first) => format!("0{}", *second as char),
        _ => c[1].to_string(),
    };
    let rest = match &c[2] {
        r if r.len() == 7 && r.bytes().all(|b| b.is_ascii_digit()) => format!("{}/{}", &r[..2], &r[3..]),
        r => r.to_string(),
    };
    parse_date(&format!("{month}/{rest}"))
}

/// Longest time from the period of report to the signature, in days, for
/// a signature date to be taken as read: a report may be filed late, but
/// not before its transactions, nor years after them.
const MAX_SIGNING_DELAY_DAYS: i64 = 366;

/// A scanned signature date (`YYYY-MM-DD`) that cannot be right, falling
/// before the period of report or over [`MAX_SIGNING_DELAY_DAYS`] after
/// it, with one digit misread: of the valid dates one digit away that
/// could be right, the nearest to the period (reports are mostly signed
/// within days). "2028-12-29" for a period of 2025-12-26 is 2025-12-29.
/// `None` when the date could be right as read, or no one date is nearest.
pub fn signature_date_near_period(date: &str, period: &str) -> Option<String> {
    let (start, signed) = (day_number(period)?, day_number(date)?);
    let plausible = |day: i64| (start..=start + MAX_SIGNING_DELAY_DAYS).contains(&day);
    if plausible(signed) {
        return None;
    }
    let mut candidates: Vec<(i64, String)> = Vec::new();
    for (i, c) in date.char_indices().filter(|(_, c)| c.is_ascii_digit()) {
        for digit in ('0'..='9').filter(|d| *d != c) {
            let candidate = format!("{}{digit}{}", &date[..i], &date[i + 1..]);
            if let Some(day) = day_number(&candidate).filter(|d| plausible(*d)) {
                candidates.push((day - start, candidate));
            }
        }
    }
    candidates.sort();
    match candidates.as_slice() {
        [only] => Some(only.1.clone()),
        [first, second, ..] if first.0 < second.0 => Some(first.1.clone()),
        _ => None,
    }
}

/// Days since 1970-01-01 of a valid `YYYY-MM-DD` date (the proleptic
/// Gregorian calendar, after Howard Hinnant's `days_from_civil`).
fn day_number(date: &str) -> Option<i64> {
    let (y, m, d) = (date.get(..4)?, date.get(5..7)?, date.get(8..10)?);
    parse_date(&format!("{m}/{d}/{y}"))?;
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// A scanned date whose slashes the scan lost or turned to other marks,
/// as `MM/DD/YYYY`: "08.12.2019.", "03 14 2025", "O3. 14 2025" (a letter O
/// for the zero), "03142025" (eight digits are month, day and year, the
/// order the form prints), "02/132025" or "0213/2025" (one slash of two
/// lost). `None` for any other shape.
fn unslashed(text: &str) -> Option<String> {
    let groups: Vec<String> = text
        .trim()
        .trim_end_matches(['.', ','])
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|group| !group.is_empty())
        .map(|group| group.replace(['O', 'o'], "0"))
        .collect();
    if !groups.iter().all(|group| group.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match groups.as_slice() {
        [month, day, year] if month.len() <= 2 && day.len() <= 2 && year.len() == 4 => Some(format!("{month}/{day}/{year}")),
        [digits] if digits.len() == 8 => Some(format!("{}/{}/{}", &digits[..2], &digits[2..4], &digits[4..])),
        [month, rest] if month.len() <= 2 && rest.len() == 6 => Some(format!("{month}/{}/{}", &rest[..2], &rest[2..])),
        [month_day, year] if month_day.len() == 4 && year.len() == 4 => Some(format!("{}/{}/{year}", &month_day[..2], &month_day[2..])),
        _ => None,
    }
}

/// A date's month and the rest of it, as a scan may garble them.
static GARBLED_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})/([\d/]{6,8})$").unwrap());

/// `$ 1,234.50` → 1234.5; `None` if the text is not an amount.
pub fn parse_amount(text: &str) -> Option<f64> {
    // Only the space after a dollar sign is the printer's; any other space
    // separates two numbers.
    let compact = text.trim().replacen("$ ", "$", 1);
    let c = AMOUNT.captures(&compact)?;
    let digits = c[1].replace(',', "");
    // Thousands separators must group by three, or the text is not one number.
    if c[1].contains(',') {
        let whole = c[1].split('.').next().unwrap_or("").trim_start_matches('-');
        let groups: Vec<&str> = whole.split(',').collect();
        if groups[1..].iter().any(|g| g.len() != 3) || groups[0].is_empty() || groups[0].len() > 3 {
            return None;
        }
    }
    digits.parse().ok()
}

/// Transaction codes of the Form 4 instructions (8) and the V/J extras.
pub const TRANSACTION_CODES: &[&str] =
    &["P", "S", "V", "A", "D", "F", "I", "M", "C", "E", "H", "O", "X", "G", "L", "W", "Z", "J", "K", "U"];

/// A transaction code, if `text` is one.
pub fn parse_code(text: &str) -> Option<String> {
    let t = text.trim();
    TRANSACTION_CODES.contains(&t).then(|| t.to_string())
}

/// A one-letter choice among `allowed` (A/D, D/I).
pub fn parse_choice(text: &str, allowed: &[&str]) -> Option<String> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')');
    allowed.contains(&t).then(|| t.to_string())
}

/// A check mark as the forms print it: `X`, `x`, `_X_`, `☒`, `✓`, `✔`.
pub fn is_check_mark(text: &str) -> bool {
    // An X on a rule reads with the rule as underscores ("_X_", "_X").
    let text = text.trim().trim_matches('_');
    // OCR reads one heavy X as two ("xX").
    let doubled_x = text.len() == 2 && text.chars().all(|c| c == 'x' || c == 'X');
    matches!(text, "X" | "x" | "☒" | "✓" | "✔" | "☑" | "×") || doubled_x
}

/// Lower-case letters and digits only, single-spaced: the form of text used
/// for label matching.
pub fn label_key(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '%' { c.to_ascii_lowercase() } else { ' ' })
        .collect();
    collapse(&mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_x_read_with_the_rule_under_it_is_a_check_mark() {
        for mark in ["X", "_X_", "_X", "X_", " x ", "xX", "☒"] {
            assert!(is_check_mark(mark), "{mark:?}");
        }
        for not_mark in ["_", "__", "_Y_", "XXX", "Xa", ""] {
            assert!(!is_check_mark(not_mark), "{not_mark:?}");
        }
    }

    #[test]
    fn a_signature_date_far_from_the_period_has_one_digit_misread() {
        assert_eq!(signature_date_near_period("2028-12-29", "2025-12-26").as_deref(), Some("2025-12-29"));
        // Of two dates a digit away, the nearer the period.
        assert_eq!(signature_date_near_period("2023-03-09", "2023-05-04").as_deref(), Some("2023-05-09"));
        // A date that could be right stays, late as it may be; one no
        // digit can make right is left.
        assert_eq!(signature_date_near_period("2025-09-30", "2025-07-25"), None);
        assert_eq!(signature_date_near_period("2019-07-01", "2025-12-26"), None);
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-03-01").zip(day_number("2024-02-28")).map(|(a, b)| a - b), Some(2));
    }

    #[test]
    fn marks_come_out_of_values() {
        assert_eq!(split_marks("757,756(1)"), Marked { text: "757,756".into(), footnotes: vec!["F1".into()] });
        assert_eq!(split_marks("$ 634.4608 (2)(13)").footnotes, ["F2", "F13"]);
        assert_eq!(split_marks("(1)").text, "");
        assert_eq!(split_marks("Series (A) Preferred").text, "Series (A) Preferred");
    }

    #[test]
    fn dates_and_amounts() {
        assert_eq!(parse_date("04/30/2025").as_deref(), Some("2025-04-30"));
        assert_eq!(parse_date("02/30/2025"), None);
        assert_eq!(repaired_date("98/14/2019").as_deref(), Some("2019-08-14"));
        assert_eq!(repaired_date("03/1142022").as_deref(), Some("2022-03-11"));
        assert_eq!(repaired_date("05/08/2012").as_deref(), Some("2012-05-08"));
        assert_eq!(repaired_date("08.12.2019.").as_deref(), Some("2019-08-12"));
        assert_eq!(repaired_date("O3. 14 2025").as_deref(), Some("2025-03-14"));
        assert_eq!(repaired_date("03142025").as_deref(), Some("2025-03-14"));
        assert_eq!(repaired_date("02/132025").as_deref(), Some("2025-02-13"));
        assert_eq!(repaired_date("0213/2025").as_deref(), Some("2025-02-13"));
        assert_eq!(repaired_date("0312025"), None);
        assert_eq!(repaired_date("O83 LP-2025"), None);
        assert_eq!(repaired_date("14 03 2025"), None);
        // A first digit of 2–4 could be a 0 or a 1: no guess.
        assert_eq!(repaired_date("32/08/2012"), None);
        assert_eq!(repaired_date("g9/18/2010"), None);
        assert_eq!(parse_date("4/3/2025").as_deref(), Some("2025-04-03"));
        assert_eq!(parse_amount("$ 1,234.50"), Some(1234.5));
        assert_eq!(parse_amount("$0"), Some(0.0));
        assert_eq!(parse_amount("757,756"), Some(757756.0));
        assert_eq!(parse_amount("1,23,4"), None);
        assert_eq!(parse_amount("12 34"), None);
        assert_eq!(parse_amount("D"), None);
    }

    #[test]
    fn codes_and_lines() {
        assert_eq!(parse_code("S").as_deref(), Some("S"));
        assert_eq!(parse_code("Q"), None);
        assert_eq!(parse_choice("(D)", &["A", "D"]).as_deref(), Some("D"));
        assert_eq!(join_lines(&["Performance-", "Based  Units", ""]), "Performance-Based Units");
        assert_eq!(label_key("2. Issuer Name and Ticker"), "2 issuer name and ticker");
    }
}
