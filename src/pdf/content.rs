//! Content stream operations as written, for rewriting a stream without
//! building (and later re-encoding) lopdf objects for every operand.
//!
//! [`split`] reads the plain syntax that page descriptions use: numbers,
//! names, strings, arrays, dictionaries and operators between spaces. It
//! marks each operation the way lopdf's parser does, so an operation copied
//! out unchanged reads back as lopdf read it in the first place. Anything
//! else (comments, inline images, `#` escapes in names, odd bytes, deep
//! nesting) makes it give up, and the caller decodes the stream with lopdf
//! ([`from_lopdf`]), which parses the rest of the syntax.

use std::borrow::Cow;

use pdf_extract::Object;
use pdf_extract::content::{Content, Operation};

/// Deepest nesting of arrays, dictionaries and parentheses in strings that
/// is split here; lopdf reads 100 levels, real content uses one or two.
const MAX_NESTING: usize = 32;
/// Longest integer split here, in digits: any shorter fits lopdf's `i64`.
const MAX_INTEGER_DIGITS: usize = 18;
/// Operands of a transformation (`cm`): the six numbers of its matrix.
const MATRIX_OPERANDS: usize = 6;

/// One operation of a content stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Op<'a> {
    pub operator: &'a [u8],
    /// The operands as written, each followed by white space or a delimiter,
    /// so that the operator can follow at once.
    pub operands: Cow<'a, [u8]>,
    /// How many operands there are.
    pub count: usize,
    /// The first operand, when it is a name (without its `/`).
    pub name: Option<&'a [u8]>,
    /// The matrix of a `cm` operation with six operands (0 for any that
    /// is not a number).
    /// (Boxed: few operations have one.)
    pub matrix: Option<Box<[f64; MATRIX_OPERANDS]>>,
}

impl Op<'_> {
    /// The operation as content stream text, on its own line.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.operands);
        out.extend_from_slice(self.operator);
        out.push(b'\n');
    }
}

/// The operations lopdf decoded, as [`Op`]s (operands written as lopdf
/// writes them).
pub fn from_lopdf(operations: &[Operation]) -> Vec<Op<'_>> {
    operations
        .iter()
        .map(|operation| {
            let matrix = is_matrix(operation.operator.as_bytes(), operation.operands.len()).then(|| {
                Box::new(std::array::from_fn(|i| match operation.operands[i] {
                    Object::Integer(n) => n as f64,
                    Object::Real(n) => n as f64,
                    _ => 0.0,
                }))
            });
            // Content::encode writes each operand followed by a space.
            let written = Content { operations: vec![Operation::new("", operation.operands.clone())] }.encode().unwrap_or_default();
            Op {
                operator: operation.operator.as_bytes(),
                operands: Cow::Owned(written),
                count: operation.operands.len(),
                name: operation.operands.first().and_then(|o| o.as_name().ok()),
                matrix,
            }
        })
        .collect()
}

/// The operations of `content`, or `None` when it holds syntax not read
/// here. Operands left without an operator at the end are dropped, as
/// lopdf drops them.
pub fn split(content: &[u8]) -> Option<Vec<Op<'_>>> {
    /// Content bytes per operation, about (a `Td` or `Tj` with its operands).
    const BYTES_PER_OPERATION: usize = 16;
    let mut ops = Vec::with_capacity(content.len() / BYTES_PER_OPERATION);
    let mut at = 0;
    let mut start = 0;
    let mut count = 0;
    let mut name = None;
    // Where the first operands are, to read a matrix from.
    let mut spans = [(0, 0); MATRIX_OPERANDS];
    loop {
        while content.get(at).is_some_and(|&c| is_content_space(c)) {
            at += 1;
        }
        let Some(&c) = content.get(at) else { break };
        if count == 0 {
            start = at;
        }
        let end = match c {
            b'/' => {
                let end = name_end(content, at)?;
                if count == 0 {
                    name = Some(&content[at + 1..end]);
                }
                end
            }
            b'(' | b'<' | b'[' => object_end(content, at, 0)?,
            _ if is_regular(c) => {
                let end = at + content[at..].iter().take_while(|&&c| is_regular(c)).count();
                let word = &content[at..end];
                if is_number(word) {
                    if let Some(span) = spans.get_mut(count) {
                        *span = (at, end);
                    }
                } else {
                    // lopdf reads these as operands (null, booleans) or as
                    // an inline image.
                    let special = [b"null".as_slice(), b"true", b"false", b"BI"].iter().any(|p| word.starts_with(p));
                    if special || !word.iter().all(|&c| is_operator(c)) {
                        return None;
                    }
                    // Operands that are not numbers count as 0, as they do
                    // for a matrix lopdf decoded.
                    let matrix = is_matrix(word, count).then(|| Box::new(spans.map(|(from, to)| number(&content[from..to]).unwrap_or(0.0))));
                    ops.push(Op { operator: word, operands: Cow::Borrowed(&content[start..at]), count, name, matrix });
                    (count, name, spans) = (0, None, [(0, 0); MATRIX_OPERANDS]);
                    at = end;
                    continue;
                }
                end
            }
            _ => return None,
        };
        count += 1;
        at = end;
    }
    Some(ops)
}

/// Where the operand starting at `at` ends (past its closing delimiter),
/// for operands that are strings, arrays or dictionaries or lie inside
/// them; `None` for syntax not read here.
fn object_end(content: &[u8], at: usize, depth: usize) -> Option<usize> {
    if depth > MAX_NESTING {
        return None;
    }
    match (content[at], content.get(at + 1)) {
        (b'(', _) => string_end(content, at),
        (b'<', Some(b'<')) => dictionary_end(content, at, depth),
        (b'<', _) => {
            let len = content[at + 1..].iter().take_while(|&&c| c.is_ascii_hexdigit() || is_white_space(c)).count();
            (content.get(at + 1 + len) == Some(&b'>')).then_some(at + len + 2)
        }
        (b'[', _) => {
            let mut at = at + 1;
            loop {
                at = skip_white_space(content, at);
                match *content.get(at)? {
                    b']' => return Some(at + 1),
                    _ => at = inner_object_end(content, at, depth)?,
                }
            }
        }
        (b'/', _) => name_end(content, at),
        (c, _) if is_regular(c) => {
            let end = at + content[at..].iter().take_while(|&&c| is_regular(c)).count();
            is_number(&content[at..end]).then_some(end)
        }
        _ => None,
    }
}

/// An object inside an array or dictionary (no operators there; `true`,
/// `false`, `null` and references are left to lopdf).
fn inner_object_end(content: &[u8], at: usize, depth: usize) -> Option<usize> {
    object_end(content, at, depth + 1)
}

/// A dictionary: names as keys, each followed by a value.
fn dictionary_end(content: &[u8], at: usize, depth: usize) -> Option<usize> {
    let mut at = at + 2;
    loop {
        at = skip_white_space(content, at);
        match *content.get(at)? {
            b'>' => return (content.get(at + 1) == Some(&b'>')).then_some(at + 2),
            b'/' => {
                at = skip_white_space(content, name_end(content, at)?);
                if content.get(at).is_none_or(|&c| c == b'>') {
                    return None;
                }
                at = inner_object_end(content, at, depth)?;
            }
            _ => return None,
        }
    }
}

/// A literal string: balanced parentheses, `\` escaping the next byte.
fn string_end(content: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = at;
    while i < content.len() {
        match content[i] {
            b'\\' => i += 1,
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return None;
                }
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A name: `/` and regular bytes, without `#` escapes.
fn name_end(content: &[u8], at: usize) -> Option<usize> {
    let end = at + 1 + content[at + 1..].iter().take_while(|&&c| is_regular(c)).count();
    (!content[at..end].contains(&b'#')).then_some(end)
}

fn is_matrix(operator: &[u8], count: usize) -> bool {
    operator == b"cm" && count == MATRIX_OPERANDS
}

/// Whether `word` is wholly a number lopdf reads: an integer that fits an
/// `i64`, or a real with a `.`.
fn is_number(word: &[u8]) -> bool {
    let digits = word.strip_prefix(b"+").or_else(|| word.strip_prefix(b"-")).unwrap_or(word);
    let (whole, fraction) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    all_digits(whole)
        && match fraction {
            None => !whole.is_empty() && whole.len() <= MAX_INTEGER_DIGITS,
            Some(fraction) => all_digits(fraction) && !(whole.is_empty() && fraction.is_empty()),
        }
}

/// The value of a number as lopdf reads it: a real as `f32`, an integer
/// as `i64`.
fn number(word: &[u8]) -> Option<f64> {
    if !is_number(word) {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    if word.contains(&b'.') { text.parse::<f32>().ok().map(f64::from) } else { text.parse::<i64>().ok().map(|i| i as f64) }
}

fn skip_white_space(content: &[u8], at: usize) -> usize {
    at + content[at..].iter().take_while(|&&c| is_white_space(c)).count()
}

/// What each byte is to the syntax, looked up rather than compared.
const CLASSES: [Class; 256] = {
    let mut classes = [Class::Regular; 256];
    let mut c = 0;
    while c < 256 {
        classes[c] = match c as u8 {
            b' ' | b'\t' | b'\r' | b'\n' => Class::ContentSpace,
            b'\0' | b'\x0C' => Class::OtherSpace,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => Class::Delimiter,
            _ => Class::Regular,
        };
        c += 1;
    }
    classes
};

#[derive(Clone, Copy, PartialEq)]
enum Class {
    /// White space lopdf takes between operands and operations.
    ContentSpace,
    /// The rest of PDF's white space.
    OtherSpace,
    Delimiter,
    Regular,
}

/// Space between operands and operations (lopdf's, narrower than PDF's).
fn is_content_space(c: u8) -> bool {
    CLASSES[c as usize] == Class::ContentSpace
}

/// PDF white space, as in arrays and dictionaries.
fn is_white_space(c: u8) -> bool {
    matches!(CLASSES[c as usize], Class::ContentSpace | Class::OtherSpace)
}

fn is_regular(c: u8) -> bool {
    CLASSES[c as usize] == Class::Regular
}

fn is_operator(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The operations as lopdf decodes them, from their text.
    fn decoded(content: &[u8]) -> Vec<Operation> {
        Content::decode(content).unwrap().operations
    }

    /// `split` gives the operations lopdf finds, and written out they
    /// decode to the same operations.
    fn agrees_with_lopdf(content: &[u8]) {
        let ops = split(content).unwrap_or_else(|| panic!("not split: {}", String::from_utf8_lossy(content)));
        let expected = decoded(content);
        assert_eq!(ops.len(), expected.len());
        let mut written = Vec::new();
        for (op, operation) in ops.iter().zip(&expected) {
            assert_eq!(op.operator, operation.operator.as_bytes());
            assert_eq!(op.count, operation.operands.len());
            op.write(&mut written);
        }
        assert_eq!(format!("{:?}", decoded(&written)), format!("{expected:?}"));
        assert_eq!(from_lopdf(&expected).into_iter().map(|o| o.matrix).collect::<Vec<_>>(), ops.into_iter().map(|o| o.matrix).collect::<Vec<_>>());
    }

    #[test]
    fn splits_plain_content_as_lopdf_does() {
        agrees_with_lopdf(b"(x) 2 3. 4 5 6 cm 1 2 3 4 5 cm q 1 0 0 1 72.5 -.5 cm BT /F1 12 Tf (Hello \\(world\\) (nested)) Tj ET Q");
        agrees_with_lopdf(b"BT[(A)-20(B)1.5<41 42>]TJ ET /P <</MCID 3 /A [1 2 <<>>] /S (x)>> BDC EMC");
        agrees_with_lopdf(b"0.5 g 1 0 0 RG 0 0 1 0 k 10 10 m 20 20 l S 0 0 10 10 re f* /Im1 Do");
        agrees_with_lopdf(b"(a\\\nb)' 1 2 (c)\" +5 -3. Td T*\r\n");
        agrees_with_lopdf(b"");
        agrees_with_lopdf(b"   \n");
    }

    #[test]
    fn keeps_what_the_rewrite_needs() {
        let ops = split(b"2 0 0 2 10.5 -3 cm /Fm1 Do 0.25 g 1 2").unwrap();
        assert_eq!(ops.len(), 3, "trailing operands are dropped");
        assert_eq!(ops[0].matrix, Some(Box::new([2.0, 0.0, 0.0, 2.0, 10.5, -3.0])));
        assert_eq!(ops[1].matrix, None);
        assert_eq!(ops[1].name, Some(b"Fm1".as_slice()));
        assert_eq!((ops[2].count, &*ops[2].operands), (1, b"0.25 ".as_slice()));
        let mut line = Vec::new();
        ops[2].write(&mut line);
        assert_eq!(line, b"0.25 g\n");
    }

    #[test]
    fn leaves_other_syntax_to_lopdf() {
        for content in [
            b"% comment\n1 w".as_slice(),
            b"BI /W 1 /H 1 ID x EI",
            b"/A#20B gs",
            b"1.5.3 w",
            b"1-2 Td",
            b"true w",
            b"[1 0 R] 0 d",
            b"<< /A >> BDC",
            b"<zz> Tj",
            b"(unclosed Tj",
            b"1 w\x0C2 w",
            b"} Q",
            b"d0",
            b"123456789012345678901 w",
        ] {
            assert_eq!(split(content), None, "{}", String::from_utf8_lossy(content));
        }
        let deep = [vec![b'['; MAX_NESTING + 2], vec![b']'; MAX_NESTING + 2], b" TJ".to_vec()].concat();
        assert_eq!(split(&deep), None);
    }
}
