//! Mutated fixtures (truncated, bytes flipped, xref broken, a stream turned
//! into a zlib bomb) through `form4 batch`: exactly one well-formed record
//! each, the batch finishes, and no input makes the library panic.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pdf_extract::{Document, Object};
use serde_json::Value;

mod batch_support;
use batch_support::{tiny_pdf, zlib_bomb};

const FORM4: &str = env!("CARGO_BIN_EXE_form4");
/// Real EDGAR page prints; their first file is mutated too when present.
const CORPUS_DIR: &str = "/work/shared/corpus/dev/real-html";
/// Fixed seed: the same mutants on every run.
const SEED: u64 = 0x5eed_f04d;
/// Mutants of each kind made from each fixture.
const MUTANTS_PER_KIND: usize = 6;
/// Most bytes flipped in one mutant.
const MAX_FLIPS: usize = 32;
/// What the bomb inflates to, in bytes.
const BOMB_BYTES: usize = 300 << 20;

/// xorshift64*: a small deterministic generator, enough to pick offsets.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n as u64) as usize
    }
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut fixtures = vec![("tiny".to_string(), tiny_pdf("Form 4 fixture"))];
    let corpus_pdf = fs::read_dir(CORPUS_DIR).ok().and_then(|entries| {
        let mut pdfs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        pdfs.sort();
        pdfs.into_iter().next()
    });
    if let Some(path) = corpus_pdf {
        fixtures.push(("real".to_string(), fs::read(path).unwrap()));
    } else {
        eprintln!("{CORPUS_DIR} missing: mutating the hand-made fixture only");
    }
    fixtures
}

/// The fixture with its first page's first content stream replaced by a bomb.
fn with_bomb(pdf: &[u8]) -> Vec<u8> {
    let mut document = Document::load_mem(pdf).unwrap();
    let page = *document.get_pages().values().next().unwrap();
    let content = document.get_page_contents(page)[0];
    let Ok(Object::Stream(stream)) = document.get_object_mut(content) else {
        panic!("page content is a stream")
    };
    stream
        .dict
        .set("Filter", Object::Name(b"FlateDecode".to_vec()));
    stream.dict.remove(b"DecodeParms");
    stream.set_content(zlib_bomb(b' ', BOMB_BYTES));
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    bytes
}

/// Replace every occurrence of `from` by `to` (same length).
fn replaced(pdf: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = pdf.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Every mutant of every fixture, named by what was done.
fn mutants() -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(SEED);
    let mut mutants = Vec::new();
    for (name, pdf) in fixtures() {
        for _ in 0..MUTANTS_PER_KIND {
            let at = rng.below(pdf.len());
            mutants.push((format!("{name}-truncated-at-{at}"), pdf[..at].to_vec()));
        }
        for k in 0..MUTANTS_PER_KIND {
            let mut flipped = pdf.clone();
            for _ in 0..=rng.below(MAX_FLIPS) {
                let at = rng.below(flipped.len());
                flipped[at] ^= 1 << rng.below(8);
            }
            mutants.push((format!("{name}-flipped-{k}"), flipped));
        }
        // The xref table: its keyword, its offsets, the pointer to it, the trailer.
        mutants.push((
            format!("{name}-xref-keyword"),
            replaced(&pdf, b"startxref", b"startxreF"),
        ));
        mutants.push((
            format!("{name}-xref-offsets"),
            replaced(&pdf, b" 00000 n", b" 99999 n"),
        ));
        let pointer = pdf.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
        let mut bad_pointer = pdf.clone();
        bad_pointer[pointer] = if bad_pointer[pointer] == b'9' {
            b'1'
        } else {
            b'9'
        };
        mutants.push((format!("{name}-xref-pointer"), bad_pointer));
        mutants.push((
            format!("{name}-no-trailer"),
            replaced(&pdf, b"trailer", b"xxxxxxx"),
        ));
        mutants.push((format!("{name}-zlib-bomb"), with_bomb(&pdf)));
    }
    mutants
}

#[test]
fn mutated_fixtures_yield_one_record_each() {
    let dir = std::env::temp_dir().join(format!("form4-fuzz-corpus-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in mutants() {
        let path = dir.join(format!("{name}.pdf"));
        fs::write(&path, bytes).unwrap();
        paths.push(path.display().to_string());
    }
    let list = dir.join("list.txt");
    fs::write(&list, paths.join("\n")).unwrap();
    let out = dir.join("out.jsonl");
    let status = Command::new(FORM4)
        .args([
            "batch",
            "--files-from",
            &list.display().to_string(),
            "-o",
            &out.display().to_string(),
            "--ordered",
        ])
        .args(["--timeout", "300", "--max-memory", "2147483648"])
        .status()
        .unwrap();
    assert!(status.success());

    let text = fs::read_to_string(&out).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), paths.len(), "exactly one record per mutant");
    let inputs: Vec<&str> = records
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, paths.iter().map(String::as_str).collect::<Vec<_>>());
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in &records {
        let kind = match record.get("error") {
            Some(error) => error["kind"].as_str().unwrap().to_string(),
            None => "ok".to_string(),
        };
        let name = Path::new(record["input"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        kinds.entry(kind).or_default().push(name);
    }
    eprintln!(
        "{} mutants: {:?}",
        records.len(),
        kinds.iter().map(|(k, v)| (k, v.len())).collect::<Vec<_>>()
    );
    for kind in ["internal", "crashed", "timeout"] {
        assert!(!kinds.contains_key(kind), "{kind}: {:?}", kinds[kind]);
    }
    fs::remove_dir_all(&dir).unwrap();
}
