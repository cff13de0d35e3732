//! The tesseract command line: an image file in, words with boxes and
//! confidences out (its TSV format).

use std::path::Path;
use std::process::Command;

use super::{Settings, process};
use crate::error::Error;

/// The Debian package that provides tesseract.
pub const PACKAGE: &str = "tesseract-ocr";
/// Page segmentation mode for a uniform block of text (stacked crops).
pub const BLOCK_PSM: u32 = 6;
/// The TSV row level of a word (1 page, 2 block, 3 paragraph, 4 line, 5 word).
const WORD_LEVEL: u32 = 5;

/// One word of tesseract's TSV output, in pixels of the image read.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// Tesseract's confidence, 0–100.
    pub confidence: f64,
    /// Block, paragraph and line numbers: words with equal ones share a text line.
    pub line: (u32, u32, u32),
}

/// How one tesseract run reads its image.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Page segmentation mode (`--psm`).
    pub psm: u32,
    /// Resolution of the image, dots per inch (`--dpi`).
    pub dpi: f64,
    /// Only these characters may be recognized (`tessedit_char_whitelist`).
    pub whitelist: Option<&'a str>,
}

/// Fail with a clear message when tesseract cannot be run.
pub fn check_installed(settings: &Settings) -> Result<(), Error> {
    let mut command = Command::new(&settings.tesseract);
    command.arg("--version");
    process::run(command, settings.timeout(), "tesseract", PACKAGE)
}

/// Read the image file at `image` and return its words.
pub fn read(image: &Path, request: &Request, settings: &Settings) -> Result<Vec<TsvWord>, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Internal(format!("cannot make a temporary directory: {e}")))?;
    let base = dir.path().join("out");
    let mut command = Command::new(&settings.tesseract);
    command
        .env("OMP_THREAD_LIMIT", "1")
        .arg(image)
        .arg(&base)
        .args(["-l", &settings.language, "--psm", &request.psm.to_string(), "--dpi"])
        .arg(format!("{:.0}", request.dpi));
    if let Some(chars) = request.whitelist {
        command.arg("-c").arg(format!("tessedit_char_whitelist={chars}"));
    }
    command.arg("tsv");
    process::run(command, settings.timeout(), "tesseract", PACKAGE)?;
    let tsv = std::fs::read_to_string(base.with_extension("tsv"))
        .map_err(|e| Error::Internal(format!("tesseract wrote no TSV output: {e}")))?;
    Ok(parse_tsv(&tsv))
}

/// The words of tesseract's TSV output (header row, then one row per
/// page, block, paragraph, line and word); rows that are not words, have
/// no text or no confidence are skipped.
pub fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    tsv.lines()
        .skip(1)
        .filter_map(|row| {
            let cells: Vec<&str> = row.split('\t').collect();
            let [
                level,
                _page,
                block,
                par,
                line,
                _word,
                left,
                top,
                width,
                height,
                conf,
                text,
            ] = cells.as_slice()
            else {
                return None;
            };
            let int = |s: &str| s.trim().parse::<u32>().ok();
            let text = text.trim();
            let confidence: f64 = conf.trim().parse().ok()?;
            if int(level)? != WORD_LEVEL || text.is_empty() || confidence < 0.0 {
                return None;
            }
            Some(TsvWord {
                text: text.to_string(),
                left: int(left)?,
                top: int(top)?,
                width: int(width)?,
                height: int(height)?,
                confidence,
                line: (int(block)?, int(par)?, int(line)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_become_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t1700\t2200\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t129\t95\t163\t33\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t129\t95\t125\t33\t96.860390\tFORM\n\
                   5\t1\t1\t1\t1\t2\t268\t97\t24\t31\t96.208717\t4\n\
                   5\t1\t1\t1\t1\t3\t300\t97\t24\t31\t95.0\t \n\
                   5\t1\t2\t1\t1\t1\t158\t152\t53\t16\t79.079041\tCheck";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 3);
        assert_eq!(
            words[0],
            TsvWord {
                text: "FORM".into(),
                left: 129,
                top: 95,
                width: 125,
                height: 33,
                confidence: 96.86039,
                line: (1, 1, 1)
            }
        );
        assert_eq!(words[1].text, "4");
        assert_eq!((words[2].text.as_str(), words[2].line), ("Check", (2, 1, 1)));
        assert!((words[2].confidence - 79.079041).abs() < 1e-9);
    }

    #[test]
    fn malformed_rows_are_skipped() {
        let tsv = "header\n5\t1\t1\t1\t1\t1\tx\t95\t125\t33\t96\tFORM\n5\t1\t1\n";
        assert!(parse_tsv(tsv).is_empty());
    }
}
