//! `form4 batch` end to end, through the built binary: one record per input
//! whatever the input, resume after a kill, shards, review flags, determinism.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;

mod batch_support;
use batch_support::{pdf_with_content, tiny_pdf, zlib_bomb};

const FORM4: &str = env!("CARGO_BIN_EXE_form4");
/// Real EDGAR page prints from the shared corpus (used when it is there).
const CORPUS_DIR: &str = "/work/shared/corpus/dev/real-html";

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("form4-batch-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Real EDGAR page prints to extract (the first few, when the corpus is there).
fn corpus_pdfs() -> Vec<String> {
    /// Enough to see real documents, few enough to stay fast in a debug build.
    const HOW_MANY: usize = 2;
    let Ok(entries) = fs::read_dir(CORPUS_DIR) else { return Vec::new() };
    let mut pdfs: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| p.display().to_string())
        .collect();
    pdfs.sort();
    pdfs.truncate(HOW_MANY);
    pdfs
}

/// Twenty small inputs of every sort: tiny PDFs, empty, random bytes, a text
/// file, a missing path. Returns their paths in a stable order.
fn mixed_inputs(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    let mut add = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        paths.push(path.display().to_string());
    };
    for i in 0..12 {
        add(
            &format!("tiny{i:02}.pdf"),
            &tiny_pdf(&format!("Form 4 test {i}")),
        );
    }
    add("empty.pdf", b"");
    add(
        "random.pdf",
        &(0..2000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<_>>(),
    );
    add("notes.pdf", b"just some text, not a PDF\n");
    add("truncated.pdf", &tiny_pdf("cut")[..200]);
    add("header-only.pdf", b"%PDF-1.7\n");
    add("UPPER.PDF", &tiny_pdf("upper case"));
    add(
        "garbage-xref.pdf",
        &tiny_pdf("x")
            .iter()
            .map(|&b| if b == b'0' { b'9' } else { b })
            .collect::<Vec<_>>(),
    );
    paths.push(dir.join("missing.pdf").display().to_string());
    paths
}

fn form4(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(FORM4)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn records(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn input_of(record: &Value) -> String {
    record["input"].as_str().unwrap().to_string()
}

fn error_kind(record: &Value) -> Option<&str> {
    record.get("error").map(|e| e["kind"].as_str().unwrap())
}

/// How many times each path occurs.
fn counts<'a>(paths: impl IntoIterator<Item = &'a String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for path in paths {
        *counts.entry(path.clone()).or_default() += 1;
    }
    counts
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "status {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn every_input_yields_one_record_with_its_error() {
    let dir = scratch("every");
    let paths = mixed_inputs(&dir);
    let nested = dir.join("nested/deeper");
    fs::create_dir_all(&nested).unwrap();
    fs::write(nested.join("in-dir.pdf"), tiny_pdf("nested")).unwrap();
    fs::write(nested.join("skip.txt"), "not a pdf").unwrap();
    let no_pdfs = dir.join("no-pdfs");
    fs::create_dir_all(&no_pdfs).unwrap();
    fs::write(no_pdfs.join("readme.txt"), "nothing here").unwrap();

    let mut args: Vec<&str> = vec!["batch", "--ordered", "-j", "2"];
    args.extend(paths.iter().map(String::as_str));
    let nested_arg = dir.join("nested").display().to_string();
    let no_pdfs_arg = no_pdfs.display().to_string();
    args.extend([nested_arg.as_str(), no_pdfs_arg.as_str()]);
    let output = form4(&args, None);
    let records = records(&stdout(&output));

    let mut expected = paths.clone();
    expected.push(nested.join("in-dir.pdf").display().to_string());
    expected.push(no_pdfs_arg.clone());
    assert_eq!(
        records.iter().map(input_of).collect::<Vec<_>>(),
        expected,
        "one record per input, in input order"
    );

    let kind_of = |name: &str| {
        let record = records
            .iter()
            .find(|r| input_of(r).ends_with(name))
            .unwrap();
        error_kind(record).map(str::to_string)
    };
    assert_eq!(kind_of("empty.pdf").as_deref(), Some("unreadable"));
    assert_eq!(kind_of("random.pdf").as_deref(), Some("unreadable"));
    assert_eq!(kind_of("notes.pdf").as_deref(), Some("unreadable"));
    assert_eq!(kind_of("missing.pdf").as_deref(), Some("io"));
    assert_eq!(kind_of("no-pdfs").as_deref(), Some("io"));
    for record in &records {
        if let Some(error) = record.get("error") {
            assert!(!error["message"].as_str().unwrap().is_empty());
            assert!(error["exitCode"].as_i64().unwrap() > 0);
            assert_eq!(record["needsReview"], Value::Bool(true));
        }
    }
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains(&format!("form4 batch: {} converted", expected.len())),
        "{summary}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_from_stdin_keeps_duplicates_as_separate_inputs() {
    let dir = scratch("files-from");
    let paths = mixed_inputs(&dir);
    let list: Vec<&str> = paths
        .iter()
        .chain(paths.iter().take(3))
        .map(String::as_str)
        .collect();
    let output = form4(
        &["batch", "--files-from", "-", "-j", "2"],
        Some(&format!("{}\r\n\n", list.join("\n"))),
    );
    let records = records(&stdout(&output));
    assert_eq!(records.len(), list.len());
    let listed: Vec<String> = list.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        counts(records.iter().map(input_of).collect::<Vec<_>>().iter()),
        counts(listed.iter())
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn resume_after_a_torn_last_line_completes_without_duplicates() {
    let dir = scratch("resume-torn");
    let paths = mixed_inputs(&dir);
    let out = dir.join("out.jsonl");
    let out_arg = out.display().to_string();
    let mut args: Vec<&str> = vec!["batch", "--ordered", "-o", &out_arg];
    args.extend(paths.iter().map(String::as_str));
    stdout(&form4(&args, None));
    let full = fs::read_to_string(&out).unwrap();
    // What a kill mid-write leaves: 7 whole records and part of the 8th.
    let lines: Vec<&str> = full.lines().collect();
    fs::write(
        &out,
        format!(
            "{}\n{}",
            lines[..7].join("\n"),
            &lines[7][..lines[7].len() / 2]
        ),
    )
    .unwrap();

    args.push("--resume");
    let output = form4(&args, None);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("7 already recorded"));
    let resumed = fs::read_to_string(&out).unwrap();
    assert_eq!(
        resumed, full,
        "--ordered resume rebuilds the very same file"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn resume_after_kill_completes_without_loss_or_duplicates() {
    let dir = scratch("resume-kill");
    let paths = mixed_inputs(&dir);
    // A named pipe never delivers data: the batch waits at it until the
    // per-file timeout, a window in which to kill the batch mid-run.
    let fifo = dir.join("stall.pdf");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let mut inputs = paths[..10].to_vec();
    inputs.push(fifo.display().to_string());
    inputs.extend(paths[10..].iter().cloned());
    let out = dir.join("out.jsonl");
    let out_arg = out.display().to_string();
    let mut args: Vec<&str> = vec!["batch", "-j", "1", "--timeout", "3", "-o", &out_arg];
    args.extend(inputs.iter().map(String::as_str));

    let mut run = Command::new(FORM4)
        .args(&args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines_written = || {
        fs::read_to_string(&out)
            .map(|t| t.lines().count())
            .unwrap_or(0)
    };
    for _ in 0..200 {
        if lines_written() >= 10 {
            break;
        }
        sleep(Duration::from_millis(50));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    let before = lines_written();
    assert!(
        before >= 10 && before < inputs.len(),
        "killed mid-run, {before} records written"
    );

    args.push("--resume");
    let output = form4(&args, None);
    assert!(output.status.success());
    let records = records(&fs::read_to_string(&out).unwrap());
    assert_eq!(
        counts(records.iter().map(input_of).collect::<Vec<_>>().iter()),
        counts(inputs.iter())
    );
    let stalled = records
        .iter()
        .find(|r| input_of(r) == fifo.display().to_string())
        .unwrap();
    assert_eq!(error_kind(stalled), Some("timeout"));
    assert_eq!(stalled["error"]["exitCode"], 8);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn out_dir_gets_one_file_per_input_and_resumes() {
    let dir = scratch("out-dir");
    let paths = mixed_inputs(&dir);
    let json = dir.join("json");
    let json_arg = json.display().to_string();
    let mut args: Vec<&str> = vec!["batch", "--out-dir", &json_arg];
    args.extend(paths.iter().map(String::as_str));
    args.push(&paths[0]);
    stdout(&form4(&args, None));
    let names: BTreeSet<String> = fs::read_dir(&json)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), paths.len() + 1, "{names:?}");
    assert!(
        names.contains("empty.json")
            && names.contains("UPPER.json")
            && names.contains("missing.json")
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("tiny00.")).count(),
        2,
        "a path given twice gets two files"
    );
    let empty: Value =
        serde_json::from_str(&fs::read_to_string(json.join("empty.json")).unwrap()).unwrap();
    assert_eq!(error_kind(&empty), Some("unreadable"));

    fs::remove_file(json.join("random.json")).unwrap();
    args.push("--resume");
    let output = form4(&args, None);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("1 converted"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(json.join("random.json").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn shards_partition_the_inputs() {
    let dir = scratch("shard");
    let paths = mixed_inputs(&dir);
    let mut seen: Vec<String> = Vec::new();
    let mut shard_sizes = Vec::new();
    for part in 1..=3 {
        let shard = format!("{part}/3");
        let mut args: Vec<&str> = vec!["batch", "--shard", &shard];
        args.extend(paths.iter().map(String::as_str));
        let inputs: Vec<String> = records(&stdout(&form4(&args, None)))
            .iter()
            .map(input_of)
            .collect();
        shard_sizes.push(inputs.len());
        seen.extend(inputs);
    }
    assert_eq!(
        counts(seen.iter()),
        counts(paths.iter()),
        "the shards together hold every input once"
    );
    assert!(shard_sizes.iter().all(|&n| n > 0), "{shard_sizes:?}");
    let bad = form4(&["batch", "--shard", "4/3", &paths[0]], None);
    assert_eq!(bad.status.code(), Some(2));
    fs::remove_dir_all(&dir).unwrap();
}

/// `needsReview` must be: an error, or a document or field confidence below T.
fn assert_review_rule(records: &[Value], threshold: f64) {
    for record in records {
        let expected = match record.get("extraction") {
            None => true,
            Some(extraction) => {
                let low = |c: &Value| c.as_f64().unwrap() < threshold;
                low(&extraction["confidence"])
                    || extraction["fields"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| low(&f["confidence"]))
            }
        };
        assert_eq!(
            record["needsReview"],
            Value::Bool(expected),
            "{}",
            input_of(record)
        );
    }
}

#[test]
fn min_confidence_sets_needs_review() {
    let dir = scratch("review");
    let mut paths = mixed_inputs(&dir);
    paths.extend(corpus_pdfs());
    for threshold in ["0", "0.9", "1.01"] {
        let mut args: Vec<&str> = vec!["batch", "--min-confidence", threshold];
        args.extend(paths.iter().map(String::as_str));
        let records = records(&stdout(&form4(&args, None)));
        assert_review_rule(&records, threshold.parse().unwrap());
        if threshold == "1.01" {
            assert!(
                records
                    .iter()
                    .all(|r| r["needsReview"] == Value::Bool(true))
            );
        }
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ordered_runs_are_byte_identical() {
    let dir = scratch("determinism");
    let mut paths = mixed_inputs(&dir);
    paths.extend(corpus_pdfs());
    let run = || {
        let mut args: Vec<&str> = vec!["batch", "--ordered", "-j", "2"];
        args.extend(paths.iter().map(String::as_str));
        stdout(&form4(&args, None))
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first.lines().count() >= 20);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_crashing_worker_becomes_a_record_and_the_batch_goes_on() {
    let dir = scratch("crash");
    let paths = mixed_inputs(&dir);
    // Page content that inflates to 60 MB cannot be decoded within a 64 MB
    // address space: the worker's allocation fails and it aborts.
    let bomb = dir.join("bomb.pdf");
    fs::write(
        &bomb,
        pdf_with_content(&zlib_bomb(b' ', 60 << 20), Some("/FlateDecode")),
    )
    .unwrap();
    let bomb = bomb.display().to_string();
    let args = [
        "batch",
        "-j",
        "1",
        "--ordered",
        "--max-memory",
        "67108864",
        &bomb,
        &paths[12],
        &paths[13],
    ];
    let records = records(&stdout(&form4(&args, None)));
    assert_eq!(
        records.iter().map(input_of).collect::<Vec<_>>(),
        vec![bomb, paths[12].clone(), paths[13].clone()]
    );
    assert_eq!(error_kind(&records[0]), Some("crashed"));
    assert_eq!(records[0]["error"]["exitCode"], 9);
    let message = records[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("signal 6") && message.contains("memory allocation"),
        "{message}"
    );
    assert_eq!(
        error_kind(&records[1]),
        Some("unreadable"),
        "a fresh worker took over"
    );
    assert_eq!(error_kind(&records[2]), Some("unreadable"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(form4(&["batch"], None).status.code(), Some(2));
    assert_eq!(
        form4(&["batch", "--resume", "x.pdf"], None).status.code(),
        Some(2)
    );
    assert_eq!(
        form4(&["batch", "--timeout", "0", "x.pdf"], None)
            .status
            .code(),
        Some(2)
    );
}
