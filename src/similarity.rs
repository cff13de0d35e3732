//! String similarity for matching printed labels: the normalized Levenshtein
//! and Jaro-Winkler measures, with the exact results of the `strsim` crate
//! but computed faster, since the mapper compares every line of a filing
//! with every label it looks for. Edit distance is bit-parallel (Myers'
//! algorithm, as Hyyrö formulates it); both measures work on bytes when the
//! texts are ASCII.

/// Longest text, in characters, that the bit-parallel edit distance takes as
/// its pattern (one bit per character of a `u128`); longer pairs are compared
/// cell by cell.
const MAX_PATTERN_CHARS: usize = u128::BITS as usize;
/// Longest text, in characters, whose Jaro matches are flagged on the stack
/// rather than in allocated memory.
const STACK_FLAGS: usize = 64;
/// Jaro similarity above which Jaro-Winkler adds its common-prefix bonus.
const WINKLER_THRESHOLD: f64 = 0.7;
/// Jaro-Winkler's bonus per common leading character (its scaling factor).
const WINKLER_PREFIX_WEIGHT: f64 = 0.1;
/// Most leading characters that earn the Jaro-Winkler bonus.
const WINKLER_MAX_PREFIX: usize = 4;
/// Slack kept between an upper bound of a similarity and the threshold it
/// is held against, for the rounding of the similarity's arithmetic.
const BOUND_SLACK: f64 = 1e-9;
/// Longest text, in bytes, whose letters are counted for a bound (in a byte
/// per letter).
const MAX_COUNTED_BYTES: usize = u8::MAX as usize;

/// 1 minus the edit distance over the longer length, in characters: 1 for
/// equal texts (two empty ones too), 0 for nothing in common.
pub fn normalized_levenshtein(a: &str, b: &str) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (distance, longer) = if a.is_ascii() && b.is_ascii() {
        (edit_distance(a.as_bytes(), b.as_bytes()), a.len().max(b.len()))
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        (edit_distance(&a, &b), a.len().max(b.len()))
    };
    1.0 - distance as f64 / longer as f64
}

/// Jaro similarity with Winkler's bonus for a common start.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (sim, prefix) = if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        (jaro(a, b), common_prefix(a, b))
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        (jaro(&a, &b), common_prefix(&a, &b))
    };
    if sim > WINKLER_THRESHOLD { sim + WINKLER_PREFIX_WEIGHT * prefix as f64 * (1.0 - sim) } else { sim }
}

/// Whether `jaro_winkler(a, b) >= min`, most often told without working
/// the similarity out: from the lengths and letters of `a` and `b`, which
/// bound how many characters can match.
pub fn jaro_winkler_reaches(a: &str, b: &str, min: f64) -> bool {
    let countable = |s: &str| !s.is_empty() && s.is_ascii() && s.len() <= MAX_COUNTED_BYTES;
    if countable(a) && countable(b) {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        // At most the shorter text matches, and at most the letters shared.
        let below = |matches: usize| winkler_bound(matches, a, b) < min - BOUND_SLACK;
        if below(a.len().min(b.len())) || below(shared_letters(a, b)) {
            return false;
        }
    }
    jaro_winkler(a, b) >= min
}

/// How many letters two ASCII texts of at most `MAX_COUNTED_BYTES` share,
/// counting repeats.
fn shared_letters(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0u8; 128];
    for &c in a {
        counts[c as usize] += 1;
    }
    let mut shared = 0;
    for &c in b {
        if counts[c as usize] > 0 {
            counts[c as usize] -= 1;
            shared += 1;
        }
    }
    shared
}

/// An upper bound of the Jaro-Winkler similarity of two non-empty texts
/// with at most `matches` matched characters: none of them transposed,
/// with their prefix bonus.
fn winkler_bound(matches: usize, a: &[u8], b: &[u8]) -> f64 {
    let m = matches as f64;
    let sim = (m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0;
    // The bonus grows with the similarity, so the bound's bonus bounds it.
    sim + WINKLER_PREFIX_WEIGHT * common_prefix(a, b) as f64 * (1.0 - sim)
}

fn common_prefix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take(WINKLER_MAX_PREFIX).take_while(|(x, y)| x == y).count()
}

/// A character of a compared text: a byte of ASCII text, else a `char`.
trait Symbol: Copy + PartialEq {
    /// Its index in a table of ASCII characters, if it is one.
    fn ascii(self) -> Option<usize>;
}

impl Symbol for u8 {
    fn ascii(self) -> Option<usize> {
        Some(self as usize)
    }
}

impl Symbol for char {
    fn ascii(self) -> Option<usize> {
        self.is_ascii().then_some(self as usize)
    }
}

/// Fewest insertions, deletions and substitutions of characters that turn
/// `a` into `b`.
fn edit_distance<T: Symbol>(a: &[T], b: &[T]) -> usize {
    let (pattern, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if pattern.is_empty() {
        return text.len();
    }
    if pattern.len() <= u64::BITS as usize {
        bit_parallel_distance::<T, u64>(pattern, text)
    } else if pattern.len() <= MAX_PATTERN_CHARS {
        bit_parallel_distance::<T, u128>(pattern, text)
    } else {
        table_distance(pattern, text)
    }
}

/// An unsigned integer used as a vector of bits, one per pattern character.
trait Bits:
    Copy
    + PartialEq
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::BitXor<Output = Self>
    + std::ops::BitOrAssign
    + std::ops::Not<Output = Self>
    + std::ops::Shl<usize, Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn wrapping_add(self, other: Self) -> Self;
}

impl Bits for u64 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    fn wrapping_add(self, other: Self) -> Self {
        u64::wrapping_add(self, other)
    }
}

impl Bits for u128 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    fn wrapping_add(self, other: Self) -> Self {
        u128::wrapping_add(self, other)
    }
}

/// Myers' bit-vector edit distance: one column of the distance table per
/// character of `text`, held as bit vectors of the vertical differences
/// (+1 in `plus`, -1 in `minus`) along `pattern`, at most `W::BITS`
/// characters.
fn bit_parallel_distance<T: Symbol, W: Bits>(pattern: &[T], text: &[T]) -> usize {
    let mut ascii = [W::ZERO; 128];
    let mut other: Vec<(T, W)> = Vec::new();
    for (i, &c) in pattern.iter().enumerate() {
        let bit = W::ONE << i;
        match c.ascii() {
            Some(k) => ascii[k] |= bit,
            None => match other.iter_mut().find(|(o, _)| *o == c) {
                Some((_, mask)) => *mask |= bit,
                None => other.push((c, bit)),
            },
        }
    }
    let last = W::ONE << (pattern.len() - 1);
    let (mut plus, mut minus) = (!W::ZERO, W::ZERO);
    let mut distance = pattern.len();
    for &c in text {
        let eq = match c.ascii() {
            Some(k) => ascii[k],
            None => other.iter().find(|(o, _)| *o == c).map_or(W::ZERO, |&(_, mask)| mask),
        };
        let xv = eq | minus;
        let xh = ((eq & plus).wrapping_add(plus) ^ plus) | eq;
        let h_plus = minus | !(xh | plus);
        let h_minus = plus & xh;
        if h_plus & last != W::ZERO {
            distance += 1;
        } else if h_minus & last != W::ZERO {
            distance -= 1;
        }
        // The top row of the table grows by one per text character.
        let h_plus = (h_plus << 1) | W::ONE;
        let h_minus = h_minus << 1;
        plus = h_minus | !(xv | h_plus);
        minus = h_plus & xv;
    }
    distance
}

/// The edit distance table filled one row at a time.
fn table_distance<T: Symbol>(pattern: &[T], text: &[T]) -> usize {
    let mut row: Vec<usize> = (1..=pattern.len()).collect();
    let mut result = pattern.len();
    for (i, &t) in text.iter().enumerate() {
        result = i + 1;
        let mut diagonal = i;
        for (j, &p) in pattern.iter().enumerate() {
            let substituted = diagonal + usize::from(t != p);
            diagonal = row[j];
            result = (result + 1).min(substituted).min(diagonal + 1);
            row[j] = result;
        }
    }
    result
}

/// Jaro similarity: characters matched within half the longer length of
/// each other, and how many of them are out of order.
fn jaro<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() <= STACK_FLAGS && b.len() <= STACK_FLAGS {
        let (mut a_matched, mut b_matched) = ([false; STACK_FLAGS], [false; STACK_FLAGS]);
        jaro_flagged(a, b, &mut a_matched[..a.len()], &mut b_matched[..b.len()])
    } else {
        jaro_flagged(a, b, &mut vec![false; a.len()], &mut vec![false; b.len()])
    }
}

/// Jaro similarity of two non-empty texts, flagging their matched
/// characters in `a_matched` and `b_matched` (all false on entry).
fn jaro_flagged<T: PartialEq>(a: &[T], b: &[T], a_matched: &mut [bool], b_matched: &mut [bool]) -> f64 {
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut matches = 0usize;
    for (i, x) in a.iter().enumerate() {
        let (from, to) = (i.saturating_sub(window), b.len().min(i + window + 1));
        if let Some(j) = (from..to).find(|&j| !b_matched[j] && b[j] == *x) {
            a_matched[i] = true;
            b_matched[j] = true;
            matches += 1;
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_order = a.iter().zip(a_matched.iter()).filter(|(_, m)| **m).map(|(x, _)| x);
    let b_order = b.iter().zip(b_matched.iter()).filter(|(_, m)| **m).map(|(y, _)| y);
    let transpositions = a_order.zip(b_order).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (matches - transpositions) as f64 / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levenshtein(a: &str, b: &str) -> usize {
        edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
    }

    #[test]
    fn known_distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("flaw", "lawn"), 2);
        assert_eq!(levenshtein("ça va", "ca va"), 1);
        assert_eq!(normalized_levenshtein("", ""), 1.0);
        assert_eq!(normalized_levenshtein("", "second"), 0.0);
        assert_eq!(normalized_levenshtein("string", "string"), 1.0);
        assert_eq!(normalized_levenshtein("kitten", "sitting"), 1.0 - 3.0 / 7.0);
    }

    #[test]
    fn long_texts_take_the_table() {
        let a = "issuer name and ticker or trading symbol ".repeat(4);
        let b = a.replace("ticker", "tickr").replace("name", "nam e");
        assert!(a.len() > MAX_PATTERN_CHARS && b.len() > MAX_PATTERN_CHARS);
        // 4 deletions, 4 insertions.
        assert_eq!(levenshtein(&a, &b), 8);
        assert_eq!(levenshtein(&a[..100], &b[..100]), table_distance(&a.as_bytes()[..100], &b.as_bytes()[..100]));
    }

    #[test]
    fn known_jaro_winkler() {
        assert_eq!(jaro_winkler("", ""), 1.0);
        assert_eq!(jaro_winkler("", "a"), 0.0);
        assert_eq!(jaro_winkler("martha", "marhta"), 0.9611111111111111);
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 1e-12);
        assert!((jaro_winkler("cheeseburger", "cheese fries") - 0.866).abs() < 0.001);
    }

    /// Texts over a small alphabet (so that pairs share much), some of it
    /// not ASCII, from a fixed pseudo-random sequence.
    fn texts() -> Vec<String> {
        const ALPHABET: [char; 8] = ['a', 'b', 'c', ' ', 'e', 'é', '1', 'ß'];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..300)
            .map(|_| {
                let len = (next() % 150) as usize;
                let ascii_only = next() % 2 == 0;
                (0..len).map(|_| ALPHABET[(next() % if ascii_only { 5 } else { 8 }) as usize]).collect()
            })
            .collect()
    }

    #[test]
    fn same_results_as_strsim() {
        let texts = texts();
        for pair in texts.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!(levenshtein(a, b), strsim::levenshtein(a, b), "{a:?} {b:?}");
            assert_eq!(normalized_levenshtein(a, b).to_bits(), strsim::normalized_levenshtein(a, b).to_bits(), "{a:?} {b:?}");
            let (short_a, short_b): (String, String) = (a.chars().take(12).collect(), b.chars().take(9).collect());
            assert_eq!(jaro_winkler(&short_a, &short_b).to_bits(), strsim::jaro_winkler(&short_a, &short_b).to_bits(), "{short_a:?} {short_b:?}");
            assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "{a:?} {b:?}");
        }
    }

    #[test]
    fn reaches_as_strsim_compares() {
        let texts = texts();
        let words: Vec<String> = texts.iter().flat_map(|t| t.split(' ').map(str::to_string).collect::<Vec<_>>()).collect();
        for pair in words.windows(2).chain(texts.windows(2)) {
            let (a, b) = (&pair[0], &pair[1]);
            let similarity = strsim::jaro_winkler(a, b);
            for min in [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0, similarity] {
                assert_eq!(jaro_winkler_reaches(a, b, min), similarity >= min, "{a:?} {b:?} {min}");
            }
        }
        assert!(jaro_winkler_reaches("security", "securities", 0.9));
        assert!(!jaro_winkler_reaches("date", "derivative", 0.9));
    }
}
