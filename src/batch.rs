//! Batch conversion support: which inputs a run covers, the one JSON record
//! each input yields, and what an earlier run already recorded (resume).
//!
//! The process side (worker pool, time and memory limits, output) is the
//! `form4 batch` command; everything here is plain data and files.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Document, Error};

/// Exit code recorded for an input whose extraction ran past the time limit.
pub const TIMEOUT_EXIT_CODE: i32 = 8;
/// Exit code recorded for an input whose extraction process died (abort,
/// out of memory, stack overflow).
pub const CRASHED_EXIT_CODE: i32 = 9;
/// Confidence below which a record needs review unless told otherwise: none,
/// so by default only failed inputs need review.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.0;

/// Why an input yielded no document: the `error` of an error record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub kind: String,
    pub message: String,
    pub exit_code: i32,
}

impl From<&Error> for Failure {
    fn from(e: &Error) -> Self {
        Failure {
            kind: e.kind().into(),
            message: e.to_string(),
            exit_code: e.exit_code(),
        }
    }
}

impl Failure {
    /// The extraction did not finish within `seconds`.
    pub fn timeout(seconds: f64) -> Self {
        Failure {
            kind: "timeout".into(),
            message: format!("the extraction took longer than {seconds} s and was stopped"),
            exit_code: TIMEOUT_EXIT_CODE,
        }
    }

    /// The extraction process died; `detail` says how.
    pub fn crashed(detail: &str) -> Self {
        Failure {
            kind: "crashed".into(),
            message: format!("the extraction process died: {detail}"),
            exit_code: CRASHED_EXIT_CODE,
        }
    }
}

/// One input of a batch: a path to extract, or a problem already found while
/// listing the inputs (a directory without PDFs, an unreadable directory).
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub path: String,
    pub problem: Option<Failure>,
}

impl Input {
    fn file(path: String) -> Self {
        Input {
            path,
            problem: None,
        }
    }

    fn io_problem(path: String, source: io::Error) -> Self {
        let problem = Failure::from(&Error::Io {
            path: path.clone(),
            source,
        });
        Input {
            path,
            problem: Some(problem),
        }
    }
}

/// The inputs named by `paths`, in the order given: a file stays itself
/// (missing and unreadable ones too: their record says why), a directory
/// becomes the `*.pdf` files under it (any case, recursively, sorted by
/// path; symbolic links to directories are not followed). A directory that
/// holds no PDF, or cannot be listed, is one input with a problem.
/// A path named twice is two inputs.
pub fn expand(paths: impl IntoIterator<Item = String>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if !fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            inputs.push(Input::file(path));
            continue;
        }
        let mut found = Vec::new();
        walk(Path::new(&path), &mut found);
        found.sort_by(|a, b| a.path.cmp(&b.path));
        if found.is_empty() {
            let none = io::Error::new(
                io::ErrorKind::NotFound,
                "no *.pdf file in this directory or below",
            );
            inputs.push(Input::io_problem(path, none));
        }
        inputs.extend(found);
    }
    inputs
}

fn walk(dir: &Path, found: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.push(Input::io_problem(dir.display().to_string(), e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return found.push(Input::io_problem(dir.display().to_string(), e)),
        };
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, found);
        } else if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
        {
            found.push(Input::file(path.display().to_string()));
        }
    }
}

/// Paths listed one per line (a `--files-from` list); blank lines are skipped
/// and a Windows line end is dropped.
pub fn read_list(reader: impl BufRead) -> io::Result<Vec<String>> {
    let mut paths = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if !line.is_empty() {
            paths.push(line.to_string());
        }
    }
    Ok(paths)
}

/// Part K of N of a run (`--shard K/N`, K from 1): an input belongs to the
/// part given by a stable hash of its path, so every machine splits the same
/// list the same way whatever its order, and all copies of a path go together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub part: u64,
    pub parts: u64,
}

impl Shard {
    pub fn contains(&self, path: &str) -> bool {
        fnv1a(path.as_bytes()) % self.parts == self.part - 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not K/N with 1 <= K <= N (e.g. 2/8)");
        let (part, parts) = s.split_once('/').ok_or_else(bad)?;
        let part: u64 = part.trim().parse().map_err(|_| bad())?;
        let parts: u64 = parts.trim().parse().map_err(|_| bad())?;
        if part == 0 || part > parts {
            return Err(bad());
        }
        Ok(Shard { part, parts })
    }
}

/// 64-bit FNV-1a: a hash that is the same on every machine and every run.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(PRIME)
    })
}

/// Whether a document needs a person to look at it: its overall confidence
/// or that of any field is below `min_confidence`.
pub fn needs_review(document: &Document, min_confidence: f64) -> bool {
    let extraction = &document.extraction;
    extraction.confidence < min_confidence
        || extraction
            .fields
            .iter()
            .any(|f| f.confidence < min_confidence)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentRecord<'a> {
    input: &'a str,
    #[serde(flatten)]
    document: &'a Document,
    needs_review: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FailureRecord<'a> {
    input: &'a str,
    error: &'a Failure,
    needs_review: bool,
}

/// The record (one JSON line, no line end) of an input that was extracted.
pub fn document_record(input: &str, document: &Document, min_confidence: f64) -> String {
    let needs_review = needs_review(document, min_confidence);
    serde_json::to_string(&DocumentRecord {
        input,
        document,
        needs_review,
    })
    .expect("the output types always serialize")
}

/// The record (one JSON line, no line end) of an input that failed; it
/// always needs review.
pub fn failure_record(input: &str, failure: &Failure) -> String {
    serde_json::to_string(&FailureRecord {
        input,
        error: failure,
        needs_review: true,
    })
    .expect("the output types always serialize")
}

/// What a run needs to know of a record it wrote or finds on resume.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSummary {
    pub input: String,
    #[serde(default)]
    pub error: Option<FailureKind>,
    #[serde(default)]
    pub needs_review: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FailureKind {
    pub kind: String,
}

impl RecordSummary {
    pub fn parse(line: &str) -> Option<Self> {
        serde_json::from_str(line).ok()
    }
}

/// How many records each input path already has.
pub type Recorded = HashMap<String, usize>;

/// What an earlier run left in the JSON Lines file at `path`.
#[derive(Debug, Default)]
pub struct Existing {
    pub recorded: Recorded,
    /// Bytes of a torn last line (a run killed mid-write) cut off the file.
    pub truncated_bytes: u64,
    /// Whole lines that are not records; they are kept and their inputs redone.
    pub invalid_lines: usize,
}

/// Count the records of the JSON Lines file at `path` (nothing if it does not
/// exist) and cut off a torn last line, so that appending goes on cleanly.
pub fn existing_jsonl(path: &Path) -> io::Result<Existing> {
    let file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::default()),
        Err(e) => return Err(e),
    };
    let mut existing = Existing::default();
    let mut reader = BufReader::new(&file);
    let mut line = Vec::new();
    let mut whole_lines_end = 0u64;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        if line.last() != Some(&b'\n') {
            existing.truncated_bytes = read as u64;
            break;
        }
        whole_lines_end += read as u64;
        match std::str::from_utf8(&line)
            .ok()
            .and_then(RecordSummary::parse)
        {
            Some(record) => *existing.recorded.entry(record.input).or_default() += 1,
            None => existing.invalid_lines += 1,
        }
    }
    if existing.truncated_bytes > 0 {
        file.set_len(whole_lines_end)?;
    }
    Ok(existing)
}

/// Count the records already written into `dir` under the names `names`
/// (one per input, see [`out_dir_names`]); a missing or unreadable file is
/// not a record.
pub fn existing_in_dir(dir: &Path, names: &[String]) -> Recorded {
    let mut recorded = Recorded::new();
    for name in names {
        let Ok(text) = fs::read_to_string(dir.join(name)) else {
            continue;
        };
        if let Some(record) = RecordSummary::parse(&text) {
            *recorded.entry(record.input).or_default() += 1;
        }
    }
    recorded
}

/// The inputs that still need a record: every input, minus as many copies of
/// each path as `recorded` holds (earliest copies first). Returns indices
/// into `inputs`.
pub fn pending(inputs: &[Input], mut recorded: Recorded) -> Vec<usize> {
    (0..inputs.len())
        .filter(|&i| match recorded.get_mut(&inputs[i].path) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The file name of each input's record in an output directory: the PDF's
/// stem plus `.json` (so `x.pdf` gives `x.json`, what the corpus scorer
/// reads), or, when several inputs share that stem, the stem, a hash of the
/// path and the copy number (`x.3f2a9c01d4e5b6a7-2.json`).
pub fn out_dir_names(inputs: &[Input]) -> Vec<String> {
    let stem = |input: &Input| {
        let path = Path::new(&input.path);
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".into())
    };
    let mut stem_uses: HashMap<String, usize> = HashMap::new();
    for input in inputs {
        *stem_uses.entry(stem(input)).or_default() += 1;
    }
    let mut copies: HashMap<&str, usize> = HashMap::new();
    inputs
        .iter()
        .map(|input| {
            let stem = stem(input);
            let copy = copies.entry(&input.path).or_default();
            *copy += 1;
            if stem_uses[&stem] == 1 {
                format!("{stem}.json")
            } else {
                format!("{stem}.{:016x}-{copy}.json", fnv1a(input.path.as_bytes()))
            }
        })
        .collect()
}

/// Write `text` to `path` whole or not at all: into a temporary file first,
/// then renamed over `path`.
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    {
        use std::io::Write;
        let mut file = File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.flush()?;
    }
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Extraction, FieldEntry, Filing, Method, Source};

    fn document(confidence: f64, field_confidences: &[f64]) -> Document {
        Document {
            filing: Filing::default(),
            extraction: Extraction {
                source: Source {
                    file: "x.pdf".into(),
                    sha256: "00".into(),
                    pages: 1,
                },
                method: Method::Text,
                confidence,
                fields: field_confidences
                    .iter()
                    .map(|&c| FieldEntry {
                        path: "/remarks".into(),
                        confidence: c,
                        page: None,
                        bbox: None,
                        text: None,
                    })
                    .collect(),
                warnings: vec![],
            },
        }
    }

    #[test]
    fn shard_parses_and_rejects() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { part: 2, parts: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("1-8".parse::<Shard>().is_err());
        assert!("x/8".parse::<Shard>().is_err());
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn shards_partition_paths() {
        let paths: Vec<String> = (0..500).map(|i| format!("dir/{i}.pdf")).collect();
        let parts = 4;
        let mut sizes = vec![0; parts];
        for path in &paths {
            let owners: Vec<u64> = (1..=parts as u64)
                .filter(|&k| {
                    Shard {
                        part: k,
                        parts: parts as u64,
                    }
                    .contains(path)
                })
                .collect();
            assert_eq!(owners.len(), 1, "{path} belongs to {owners:?}");
            sizes[owners[0] as usize - 1] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 80), "uneven split {sizes:?}");
    }

    #[test]
    fn review_flag_follows_lowest_confidence() {
        assert!(!needs_review(&document(0.95, &[0.99, 0.91]), 0.9));
        assert!(needs_review(&document(0.85, &[0.99]), 0.9));
        assert!(needs_review(&document(0.95, &[0.99, 0.5]), 0.9));
        assert!(!needs_review(
            &document(0.0, &[0.0]),
            DEFAULT_MIN_CONFIDENCE
        ));
    }

    #[test]
    fn records_put_input_first_and_parse_back() {
        let line = document_record("a/b.pdf", &document(0.5, &[]), 0.9);
        assert!(
            line.starts_with(r#"{"input":"a/b.pdf","documentType":null,"#),
            "{line}"
        );
        assert!(line.ends_with(r#","needsReview":true}"#), "{line}");
        let summary = RecordSummary::parse(&line).unwrap();
        assert_eq!(
            (summary.input.as_str(), summary.error, summary.needs_review),
            ("a/b.pdf", None, true)
        );

        let line = failure_record("c.pdf", &Failure::timeout(2.0));
        assert_eq!(
            line,
            r#"{"input":"c.pdf","error":{"kind":"timeout","message":"the extraction took longer than 2 s and was stopped","exitCode":8},"needsReview":true}"#
        );
        assert_eq!(
            RecordSummary::parse(&line).unwrap().error.unwrap().kind,
            "timeout"
        );
    }

    #[test]
    fn pending_skips_recorded_copies_only() {
        let inputs: Vec<Input> = ["a", "b", "a", "c", "a"]
            .iter()
            .map(|p| Input::file(p.to_string()))
            .collect();
        let recorded = Recorded::from([
            ("a".to_string(), 2),
            ("c".to_string(), 1),
            ("zzz".to_string(), 1),
        ]);
        assert_eq!(pending(&inputs, recorded), vec![1, 4]);
    }

    #[test]
    fn out_dir_names_are_stems_unless_shared() {
        let inputs: Vec<Input> = ["d/x.pdf", "d/y.PDF", "e/y.pdf", "d/x2.pdf", "d/x2.pdf"]
            .iter()
            .map(|p| Input::file(p.to_string()))
            .collect();
        let names = out_dir_names(&inputs);
        assert_eq!(names[0], "x.json");
        assert!(
            names[1].starts_with("y.") && names[1].ends_with("-1.json"),
            "{}",
            names[1]
        );
        assert!(names[2].starts_with("y.") && names[2] != names[1]);
        assert!(names[3].ends_with("-1.json") && names[4].ends_with("-2.json"));
        assert_eq!(
            names[3].trim_end_matches("-1.json"),
            names[4].trim_end_matches("-2.json")
        );
    }

    #[test]
    fn torn_last_line_is_cut_off() {
        let dir = std::env::temp_dir().join(format!("form4-batch-unit-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.jsonl");
        let whole = "{\"input\":\"a\"}\n{\"input\":\"b\"}\nnot json\n{\"input\":\"a\"}\n";
        fs::write(&path, format!("{whole}{{\"input\":\"c\",\"documentTy")).unwrap();
        let existing = existing_jsonl(&path).unwrap();
        assert_eq!(
            existing.recorded,
            Recorded::from([("a".to_string(), 2), ("b".to_string(), 1)])
        );
        assert_eq!(existing.invalid_lines, 1);
        assert_eq!(existing.truncated_bytes, 24);
        assert_eq!(fs::read_to_string(&path).unwrap(), whole);
        fs::remove_dir_all(&dir).unwrap();
    }
}
