//! Security titles read by OCR, mended by the shape every title has: it
//! opens and ends with a word (or closes its bracket), it is made of a
//! small vocabulary, and it is capitalized throughout or not at all.

use super::readings::{capitalised, without_speck_points, LOWER_LIKE_CAPITAL};

/// A scanned security title as the filing prints it: see [`without_edge_junk`],
/// [`vocabulary_spelled`] and [`title_case_kept`].
pub fn title_read(text: &str) -> String {
    title_case_kept(&vocabulary_spelled(&without_edge_junk(&without_speck_points(text))))
}

/// Longest token, in characters, taken for specks at a title's end.
const MAX_TAIL_SPECK_CHARS: usize = 3;

/// Short words a title may end with ("Option (right to buy)").
const SHORT_TITLE_WORDS: &[&str] = &["buy", "sell"];

/// Specks OCR reads at a title's edges: a short token after its last word
/// ("Common Stock aie", "Common Stock - 2"; a capitalised word stays, as a
/// class letter or "Buy", and so do small words), signs glued to its last word ("Stock.", "Stock*?") or to
/// its first ("'Common", "-Class"), and a lone character before a word
/// ("S Shares"). A bracket the title opens and does not close is closed
/// at its end ("(Right to Buy").
fn without_edge_junk(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let speck = |w: &str| {
        let capitalised_word = w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && w.chars().all(char::is_alphabetic);
        w.chars().count() <= MAX_TAIL_SPECK_CHARS && !capitalised_word && !SHORT_TITLE_WORDS.contains(&w) && !SMALL_WORDS.contains(&w)
    };
    while words.len() > 1 && words.last().is_some_and(|w| speck(w)) {
        words.pop();
    }
    if words.len() > 1 && words[0].chars().count() == 1 && words[1].chars().next().is_some_and(char::is_uppercase) {
        words.remove(0);
    }
    let mut title = words.join(" ");
    let closes_its_bracket = |t: &str| t.ends_with(')') && t.matches('(').count() >= t.matches(')').count();
    while title.ends_with(|c: char| !c.is_alphanumeric()) && !closes_its_bracket(&title) {
        title.pop();
    }
    let title = title.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(');
    if title.matches('(').count() > title.matches(')').count() && title.ends_with(char::is_alphanumeric) {
        format!("{title})")
    } else {
        title.to_string()
    }
}

/// The longer words security titles are made of (from EDGAR's titles):
/// the ones a one-letter slip can be told from.
const TITLE_WORDS: &[&str] = &[
    "American", "Award", "Awards", "Beneficial", "Capital", "Class", "Common", "Convertible", "Deferred", "Depositary", "Director",
    "Employee", "Incentive", "Interest", "Interests", "Limited", "Membership", "Option", "Options", "Ordinary", "Partnership",
    "Performance", "Phantom", "Preferred", "Purchase", "Qualified", "Restricted", "Right", "Rights", "Series", "Share", "Shares",
    "Stock", "Subordinate", "Tranche", "Unit", "Units", "Warrant", "Warrants",
];

/// Title words as the vocabulary spells them where OCR slipped: misread
/// by one letter ("Stack", "Commen", "Stoc"), in capitals among
/// capitalized words ("COMMON Stock"), or run into a class letter
/// ("ClassA", "ACommon"). A word's case is kept otherwise; a word of the
/// vocabulary, or one that differs from every word of it by more, stays
/// as read.
fn vocabulary_spelled(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let capitalized = |w: &&str| w.starts_with(|c: char| c.is_uppercase()) && w.chars().any(char::is_lowercase);
    let mixed_case = words.iter().any(capitalized);
    words.iter().map(|w| spelled(w, mixed_case)).collect::<Vec<_>>().join(" ")
}

/// One word of a title as the vocabulary spells it (see [`vocabulary_spelled`]).
fn spelled(word: &str, mixed_case: bool) -> String {
    let (letters, tail) = word.split_at(word.trim_end_matches(|c: char| !c.is_alphabetic()).len());
    if letters.chars().count() < 4 || !letters.chars().all(char::is_alphabetic) {
        return word.to_string();
    }
    let known = |w: &str| TITLE_WORDS.iter().find(|t| t.eq_ignore_ascii_case(w)).copied();
    let capital_at = |i: usize| letters[i..].chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let last = letters.char_indices().last().map_or(0, |(i, _)| i);
    if capital_at(0) && capital_at(1) && known(&letters[1..]).is_some_and(|_| letters[2..].chars().any(char::is_lowercase)) {
        return format!("{} {}{tail}", &letters[..1], &letters[1..]);
    }
    if capital_at(last) && letters[..last].chars().any(char::is_lowercase) && known(&letters[..last]).is_some() {
        return format!("{} {}{tail}", &letters[..last], &letters[last..]);
    }
    let lower = letters.to_lowercase();
    let near: Vec<&str> = TITLE_WORDS.iter().copied().filter(|t| one_letter_apart(&t.to_lowercase(), &lower)).collect();
    let Some(vocabulary) = known(letters).or(match near[..] {
        [only] => Some(only),
        _ => None,
    }) else {
        return word.to_string();
    };
    let in_capitals = letters.chars().all(|c| c.is_uppercase());
    let spelled = match (capital_at(0), in_capitals && !mixed_case) {
        (_, true) => vocabulary.to_uppercase(),
        (true, false) => vocabulary.to_string(),
        (false, _) => vocabulary.to_lowercase(),
    };
    format!("{spelled}{tail}")
}

/// `read` is `word` with one letter changed, or with its last letter lost.
fn one_letter_apart(word: &str, read: &str) -> bool {
    let (w, r): (Vec<char>, Vec<char>) = (word.chars().collect(), read.chars().collect());
    if w.len() == r.len() {
        w.iter().zip(&r).filter(|(a, b)| a != b).count() == 1
    } else {
        w.len() == r.len() + 1 && w.starts_with(&r)
    }
}

/// Short words a capitalized title keeps lower-case ("Shares of
/// Beneficial Interest", "Right to Buy").
const SMALL_WORDS: &[&str] = &["of", "to", "and", "or", "per", "for", "in", "on", "the", "by"];

/// A scanned security title with the words OCR read lower-case where
/// their letter looks like its capital ("common Stock", "Tranche c
/// Common") capitalized when the word after them is, and the one before
/// too if there is one: a title is capitalized throughout or not at all
/// ("Option to purchase common stock"), its small words aside. A last
/// word stays as read: filings print "Common stock" too.
fn title_case_kept(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let capital = |w: Option<&&str>| w.and_then(|w| w.chars().next()).map(|c| c.is_uppercase());
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let (before, after) = (if i == 0 { None } else { words.get(i - 1) }, words.get(i + 1));
        let look_alike = word.chars().next().is_some_and(|c| LOWER_LIKE_CAPITAL.contains(c)) && !SMALL_WORDS.contains(word);
        let among_capitals = capital(before) != Some(false) && capital(after) == Some(true);
        out.push(if look_alike && among_capitals { capitalised(word) } else { word.to_string() });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::{title_case_kept, title_read, vocabulary_spelled, without_edge_junk};

    #[test]
    fn a_scanned_title_keeps_its_case_throughout() {
        assert_eq!(title_case_kept("common Stock"), "Common Stock");
        assert_eq!(title_case_kept("Common stock"), "Common stock");
        assert_eq!(title_case_kept("Tranche c Common Share Purchase Warrants"), "Tranche C Common Share Purchase Warrants");
        assert_eq!(title_case_kept("Option to purchase common stock"), "Option to purchase common stock");
        assert_eq!(title_case_kept("Stock Option (right to buy)"), "Stock Option (right to buy)");
        assert_eq!(title_case_kept("stock"), "stock");
        assert_eq!(title_case_kept("Series A Preferred Stock, convertible"), "Series A Preferred Stock, convertible");
        assert_eq!(title_case_kept("Shares of Beneficial Interest"), "Shares of Beneficial Interest");
    }

    #[test]
    fn specks_at_a_scanned_titles_edges_are_dropped() {
        for read in ["Common Stock aie", "Common Stock.", "'Common Stock", "Common Stock*?", "Common Stock - 2", "Common Stock (0", "Common Stock L i"] {
            assert_eq!(without_edge_junk(read), if read.ends_with("L i") { "Common Stock L" } else { "Common Stock" }, "{read}");
        }
        assert_eq!(without_edge_junk("Class A Common Stock\")"), "Class A Common Stock");
        assert_eq!(without_edge_junk("-Class Common Stock"), "Class Common Stock");
        assert_eq!(without_edge_junk("S Shares of Beneficial Interest"), "Shares of Beneficial Interest");
        assert_eq!(without_edge_junk("Stock Option (Right to Buy"), "Stock Option (Right to Buy)");
        assert_eq!(without_edge_junk("Stock Option (Right to Buy)"), "Stock Option (Right to Buy)");
        assert_eq!(without_edge_junk("Series A Preferred Stock, par value $0.0001 per share"), "Series A Preferred Stock, par value $0.0001 per share");
        assert_eq!(without_edge_junk("Class B"), "Class B");
    }

    #[test]
    fn a_title_word_misread_by_one_letter_is_spelled_as_titles_have_it() {
        assert_eq!(vocabulary_spelled("Common Stack"), "Common Stock");
        assert_eq!(vocabulary_spelled("Commen Stork"), "Common Stock");
        assert_eq!(vocabulary_spelled("Common Stoc"), "Common Stock");
        assert_eq!(vocabulary_spelled("Option to purchase common stack"), "Option to purchase common stock");
        assert_eq!(vocabulary_spelled("COMMON Stock"), "Common Stock");
        assert_eq!(vocabulary_spelled("COMMON STACK"), "COMMON STOCK");
        assert_eq!(vocabulary_spelled("Class ACommon Stock"), "Class A Common Stock");
        assert_eq!(vocabulary_spelled("ClassA Common Stock"), "Class A Common Stock");
        assert_eq!(vocabulary_spelled("SeriesA Preferred Stock"), "Series A Preferred Stock");
        assert_eq!(vocabulary_spelled("ADS RSU LLC Stock"), "ADS RSU LLC Stock");
        assert_eq!(vocabulary_spelled("Stocké Éclass"), "Stocké Éclass");
        // Words of the vocabulary, and words further from it, stay.
        assert_eq!(vocabulary_spelled("Shares Units Stocks Cotman"), "Shares Units Stocks Cotman");
        assert_eq!(title_read("'Common Stack."), "Common Stock");
    }
}
