//! `form4 batch`: many PDFs → one JSON record each, in parallel, resumable.
//!
//! Each extraction runs in a worker process (this binary, `form4 batch
//! --worker`) that reads paths on stdin and writes records on stdout, under
//! an address-space limit; the parent gives each file a wall-clock limit and
//! kills and replaces a worker that overruns it or dies, recording a
//! `timeout` or `crashed` error for that file. So no input can stall or take
//! down the run, and every input yields exactly one record.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use form4::batch::{self, Failure, Input, RecordSummary, Shard};
use form4::{Error, Settings};
use indicatif::{ProgressBar, ProgressStyle};

/// Default wall-clock limit per file, in seconds (a scanned Form 4 OCRs in
/// well under a minute).
const DEFAULT_TIMEOUT_SECS: f64 = 120.0;
/// Default largest input read, in bytes (Form 4 PDFs are under a few MB,
/// scans included).
const DEFAULT_MAX_SIZE: u64 = 100 << 20;
/// Default address-space limit of a worker process, in bytes.
const DEFAULT_MAX_MEMORY: u64 = 2 << 30;
/// How much of a worker's stderr per file is kept to explain its death, in bytes.
const STDERR_KEPT_BYTES: usize = 4096;
/// The allocator setting (mimalloc's, read from the environment) under which
/// workers run unless told otherwise: freed memory goes back to the system
/// after ten seconds unused, not one. A worker converts file after file, and
/// what one file frees the next needs; handed back sooner, it is faulted in
/// and zeroed anew, which cost a tenth of a worker's CPU time. The memory of
/// an occasional large file (a scan) is still handed back.
const WORKER_ALLOCATOR_SETTING: (&str, &str) = ("MIMALLOC_PURGE_DELAY", "10000");

/// Convert many PDFs, one JSON record per input.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  form4 batch filings/ -o filings.jsonl
  form4 batch filings/ -o filings.jsonl --resume        # after a crash or kill
  find . -name '*.pdf' | form4 batch --files-from - > out.jsonl
  form4 batch filings/ --out-dir json/ --min-confidence 0.9
  form4 batch filings/ --shard 3/8 -o part3.jsonl       # part 3 of 8 machines

Every input yields exactly one record: the extracted document with a leading
\"input\" key, or {\"input\", \"error\": {\"kind\", \"message\", \"exitCode\"}}.
Both carry \"needsReview\". A path listed twice is two inputs (two records).
Exit codes: 0 every input has its record, 1 the output cannot be written,
2 bad usage.")]
pub struct Args {
    /// PDF files, or directories searched recursively for *.pdf.
    pub inputs: Vec<String>,
    /// Also read input paths from this file, one per line (`-`: standard input).
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// Write JSON Lines here (standard output when neither this nor --out-dir is given).
    #[arg(short, long, conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write one JSON file per input into this directory (`<name>.json`).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Files converted at once (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Skip inputs the output already has a record for; a torn last line is cut off.
    #[arg(long)]
    pub resume: bool,
    /// Wall-clock limit per file, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: f64,
    /// Largest input read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_SIZE)]
    pub max_size: u64,
    /// Address-space limit of each worker process, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_MEMORY)]
    pub max_memory: u64,
    /// Mark records with a document or field confidence below this as needing review.
    #[arg(long, value_name = "T", default_value_t = batch::DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// Convert only part K of N (a stable hash of the path decides).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Write records in input order (default: as they finish).
    #[arg(long)]
    pub ordered: bool,
    /// Serve extractions on stdin/stdout for a parent batch (internal).
    #[arg(long, hide = true)]
    pub worker: bool,
}

pub fn run(args: Args) -> i32 {
    if args.worker {
        return match serve(&args) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("form4 batch worker: {e}");
                1
            }
        };
    }
    match Batch::prepare(&args).and_then(|batch| batch.run(&args)) {
        Ok(code) => code,
        Err(Fatal::Usage(message)) => {
            eprintln!("form4 batch: {message}");
            2
        }
        Err(Fatal::Output(message)) => {
            eprintln!("form4 batch: {message}");
            1
        }
    }
}

/// Why the run as a whole stops.
enum Fatal {
    Usage(String),
    Output(String),
}

/// The work of one run: its inputs and which of them still need a record.
struct Batch {
    inputs: Vec<Input>,
    /// Record file names in `--out-dir`, one per input.
    names: Vec<String>,
    pending: Vec<usize>,
}

impl Batch {
    fn prepare(args: &Args) -> Result<Batch, Fatal> {
        if !(args.timeout > 0.0 && args.timeout.is_finite()) {
            return Err(Fatal::Usage(
                "--timeout must be a positive number of seconds".into(),
            ));
        }
        if args.resume && args.output.is_none() && args.out_dir.is_none() {
            return Err(Fatal::Usage(
                "--resume needs -o FILE or --out-dir DIR to resume from".into(),
            ));
        }
        let mut paths = args.inputs.clone();
        if let Some(list) = &args.files_from {
            let listed = if list.as_os_str() == "-" {
                batch::read_list(io::stdin().lock())
            } else {
                File::open(list).and_then(|f| batch::read_list(BufReader::new(f)))
            };
            paths.extend(
                listed.map_err(|e| Fatal::Usage(format!("cannot read {}: {e}", list.display())))?,
            );
        }
        if paths.is_empty() {
            return Err(Fatal::Usage(
                "no inputs: name PDF files or directories, or use --files-from".into(),
            ));
        }
        let mut inputs = batch::expand(paths);
        let names = batch::out_dir_names(&inputs);
        let (inputs, names): (Vec<Input>, Vec<String>) = match args.shard {
            Some(shard) => inputs
                .drain(..)
                .zip(names)
                .filter(|(input, _)| shard.contains(&input.path))
                .unzip(),
            None => (inputs, names),
        };
        let recorded = if !args.resume {
            batch::Recorded::new()
        } else if let Some(path) = &args.output {
            let existing = batch::existing_jsonl(path).map_err(|e| {
                Fatal::Output(format!("cannot resume from {}: {e}", path.display()))
            })?;
            if existing.truncated_bytes > 0 {
                eprintln!(
                    "form4 batch: cut a torn last line ({} bytes) off {}",
                    existing.truncated_bytes,
                    path.display()
                );
            }
            if existing.invalid_lines > 0 {
                eprintln!(
                    "form4 batch: {} lines of {} are not records; their inputs are redone",
                    existing.invalid_lines,
                    path.display()
                );
            }
            existing.recorded
        } else {
            batch::existing_in_dir(args.out_dir.as_deref().expect("checked above"), &names)
        };
        let pending = batch::pending(&inputs, recorded);
        Ok(Batch {
            inputs,
            names,
            pending,
        })
    }

    fn run(self, args: &Args) -> Result<i32, Fatal> {
        let destination = Destination::open(args)?;
        let progress = if io::stderr().is_terminal() {
            let bar = ProgressBar::new(self.pending.len() as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
                )
                .expect("the template is valid"),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        let sink = Mutex::new(Sink {
            destination,
            reorder: args.ordered.then(Reorder::default),
            tally: Tally::default(),
            progress,
        });
        let limits = Limits {
            timeout: Duration::from_secs_f64(args.timeout),
            max_size: args.max_size,
            max_memory: args.max_memory,
            min_confidence: args.min_confidence,
        };
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.min(self.pending.len()).max(1))
            .build()
            .map_err(|e| Fatal::Output(format!("cannot start threads: {e}")))?;
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let failures: Vec<Option<String>> = pool.broadcast(|_| {
            let mut worker: Option<Worker> = None;
            while !stop.load(Ordering::Relaxed) {
                let slot = next.fetch_add(1, Ordering::Relaxed);
                let Some(&index) = self.pending.get(slot) else {
                    break;
                };
                let record = convert(&self.inputs[index], &mut worker, &limits);
                let written = sink.lock().expect("no thread panics holding the sink").put(
                    slot,
                    &self.names[index],
                    record,
                );
                if let Err(e) = written {
                    stop.store(true, Ordering::Relaxed);
                    return Some(e);
                }
            }
            if let Some(worker) = worker {
                worker.finish();
            }
            None
        });
        let sink = sink
            .into_inner()
            .expect("no thread panics holding the sink");
        sink.progress.finish_and_clear();
        if let Some(e) = failures.into_iter().flatten().next() {
            return Err(Fatal::Output(e));
        }
        eprintln!(
            "{}",
            sink.tally.summary(self.inputs.len() - self.pending.len())
        );
        Ok(0)
    }
}

/// The per-file limits and record settings.
struct Limits {
    timeout: Duration,
    max_size: u64,
    max_memory: u64,
    min_confidence: f64,
}

/// One input's record: its JSON line and what the summary needs of it.
struct Record {
    line: String,
    summary: RecordSummary,
}

impl Record {
    fn failed(input: &str, failure: Failure) -> Record {
        let line = batch::failure_record(input, &failure);
        let summary = RecordSummary {
            input: input.to_string(),
            error: Some(batch::FailureKind { kind: failure.kind }),
            needs_review: true,
        };
        Record { line, summary }
    }
}

/// The record of one input, from a worker (started or replaced as needed).
fn convert(input: &Input, worker: &mut Option<Worker>, limits: &Limits) -> Record {
    if let Some(problem) = &input.problem {
        return Record::failed(&input.path, problem.clone());
    }
    if worker.is_none() {
        match Worker::spawn(limits) {
            Ok(started) => *worker = Some(started),
            Err(e) => {
                return Record::failed(
                    &input.path,
                    Failure::crashed(&format!("could not start it: {e}")),
                );
            }
        }
    }
    let running = worker.as_mut().expect("started above");
    match running.extract(&input.path, limits.timeout) {
        Answer::Record(line) => match RecordSummary::parse(&line) {
            Some(summary) if summary.input == input.path => Record { line, summary },
            _ => {
                let death = worker.take().expect("running").kill();
                Record::failed(
                    &input.path,
                    Failure::crashed(&format!(
                        "it answered with something else than a record ({death})"
                    )),
                )
            }
        },
        Answer::TimedOut => {
            worker.take().expect("running").kill();
            Record::failed(&input.path, Failure::timeout(limits.timeout.as_secs_f64()))
        }
        Answer::Died => {
            let death = worker.take().expect("running").kill();
            Record::failed(&input.path, Failure::crashed(&death))
        }
    }
}

/// A worker process and the threads reading its output.
struct Worker {
    child: Child,
    requests: ChildStdin,
    records: Receiver<String>,
    /// The start of what the worker wrote on stderr for the current file.
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_reader: JoinHandle<()>,
}

enum Answer {
    Record(String),
    TimedOut,
    Died,
}

impl Worker {
    fn spawn(limits: &Limits) -> io::Result<Worker> {
        let mut command = Command::new(std::env::current_exe()?);
        command
            .args([
                "batch",
                "--worker",
                "--max-size",
                &limits.max_size.to_string(),
            ])
            .args(["--min-confidence", &limits.min_confidence.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let (setting, value) = WORKER_ALLOCATOR_SETTING;
        if std::env::var_os(setting).is_none() {
            command.env(setting, value);
        }
        let max_memory = limits.max_memory;
        // SAFETY: between fork and exec only async-signal-safe calls (setrlimit, setpgid, prctl).
        unsafe {
            command.pre_exec(move || {
                let memory = libc::rlimit {
                    rlim_cur: max_memory,
                    rlim_max: max_memory,
                };
                let no_core = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &memory) != 0
                    || libc::setrlimit(libc::RLIMIT_CORE, &no_core) != 0
                    // Own process group, so a kill also reaches helpers it started (tesseract).
                    || libc::setpgid(0, 0) != 0
                    // Die with the batch rather than linger if the batch is killed.
                    || libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0
                {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = command.spawn()?;
        let requests = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let mut worker_stderr = child.stderr.take().expect("piped");
        let (sender, records) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = worker_stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                let mut kept = kept.lock().expect("no thread panics holding it");
                let room = STDERR_KEPT_BYTES.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
            }
        });
        Ok(Worker {
            child,
            requests,
            records,
            stderr,
            stderr_reader,
        })
    }

    fn extract(&mut self, path: &str, timeout: Duration) -> Answer {
        let mut request = serde_json::to_string(path).expect("a string serializes");
        request.push('\n');
        self.stderr
            .lock()
            .expect("no thread panics holding it")
            .clear();
        if self
            .requests
            .write_all(request.as_bytes())
            .and_then(|()| self.requests.flush())
            .is_err()
        {
            return Answer::Died;
        }
        match self.records.recv_timeout(timeout) {
            Ok(line) => Answer::Record(line),
            Err(RecvTimeoutError::Timeout) => Answer::TimedOut,
            Err(RecvTimeoutError::Disconnected) => Answer::Died,
        }
    }

    /// Kill the worker (and anything it started) and say how it ended.
    fn kill(mut self) -> String {
        // SAFETY: kill(2) on the worker's own process group; no memory involved.
        unsafe { libc::kill(-(self.child.id() as libc::pid_t), libc::SIGKILL) };
        let status = self.child.wait();
        drop(self.requests);
        let _ = self.stderr_reader.join();
        let stderr = self.stderr.lock().expect("no thread panics holding it");
        describe_death(status, &stderr)
    }

    /// Let the worker finish: closing its stdin makes it exit.
    fn finish(mut self) {
        drop(self.requests);
        let _ = self.child.wait();
    }
}

/// How a worker ended, with the first line it wrote on stderr for the file
/// ("memory allocation of … failed", "thread 'main' has overflowed its stack").
fn describe_death(status: io::Result<ExitStatus>, stderr: &[u8]) -> String {
    let how = match status {
        Ok(status) => match (status.code(), status.signal()) {
            (Some(code), _) => format!("exit status {code}"),
            (None, Some(signal)) => format!("signal {signal}{}", signal_name(signal)),
            _ => "unknown end".into(),
        },
        Err(e) => format!("its end is unknown ({e})"),
    };
    let text = String::from_utf8_lossy(stderr);
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(first) => format!("{how}; it said: {first}"),
        None => how,
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGABRT => " (abort: failed allocation or stack overflow)",
        libc::SIGKILL => " (killed)",
        libc::SIGSEGV => " (segmentation fault)",
        libc::SIGBUS => " (bus error)",
        _ => "",
    }
}

/// Where records go.
enum Destination {
    Lines(Box<dyn Write + Send>),
    Directory(PathBuf),
}

impl Destination {
    fn open(args: &Args) -> Result<Destination, Fatal> {
        let cannot = |path: &Path, e: io::Error| {
            Fatal::Output(format!("cannot write {}: {e}", path.display()))
        };
        if let Some(dir) = &args.out_dir {
            fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
            return Ok(Destination::Directory(dir.clone()));
        }
        match &args.output {
            Some(path) => {
                let file = if args.resume {
                    OpenOptions::new().create(true).append(true).open(path)
                } else {
                    File::create(path)
                };
                Ok(Destination::Lines(Box::new(
                    file.map_err(|e| cannot(path, e))?,
                )))
            }
            None => Ok(Destination::Lines(Box::new(io::stdout()))),
        }
    }

    /// Write one record whole, then flush it, so a kill loses at most this one.
    fn write(&mut self, name: &str, mut line: String) -> Result<(), String> {
        line.push('\n');
        match self {
            Destination::Lines(out) => out
                .write_all(line.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write the output: {e}")),
            Destination::Directory(dir) => {
                let path = dir.join(name);
                batch::write_atomically(&path, &line)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
        }
    }
}

/// Records that finished ahead of an earlier input, held for `--ordered`.
#[derive(Default)]
struct Reorder {
    next: usize,
    held: BTreeMap<usize, (String, String)>,
}

/// The single place records are written and counted.
struct Sink {
    destination: Destination,
    reorder: Option<Reorder>,
    tally: Tally,
    progress: ProgressBar,
}

impl Sink {
    /// Take the record of the `slot`-th pending input.
    fn put(
        &mut self,
        slot: usize,
        name: &str,
        Record { line, summary }: Record,
    ) -> Result<(), String> {
        self.tally.count(summary);
        self.progress.inc(1);
        let Some(reorder) = &mut self.reorder else {
            return self.destination.write(name, line);
        };
        reorder.held.insert(slot, (name.to_string(), line));
        while let Some((name, line)) = reorder.held.remove(&reorder.next) {
            reorder.next += 1;
            self.destination.write(&name, line)?;
        }
        Ok(())
    }
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: BTreeMap<String, usize>,
    needs_review: usize,
}

impl Tally {
    fn count(&mut self, summary: RecordSummary) {
        match summary.error {
            Some(failure) => *self.failed.entry(failure.kind).or_default() += 1,
            None => self.ok += 1,
        }
        self.needs_review += usize::from(summary.needs_review);
    }

    fn summary(&self, already_recorded: usize) -> String {
        let failed: usize = self.failed.values().sum();
        let kinds: Vec<String> = self
            .failed
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        let kinds = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        format!(
            "form4 batch: {} converted: {} ok, {failed} failed{kinds}, {} need review; {already_recorded} already recorded",
            self.ok + failed,
            self.ok,
            self.needs_review
        )
    }
}

/// The worker side: paths (JSON strings, one per line) on stdin, records on
/// stdout. Anything the library prints on stdout is sent to stderr instead,
/// so stdout carries records only.
fn serve(args: &Args) -> io::Result<()> {
    let mut records = records_out()?;
    let settings = Settings::default();
    for line in io::stdin().lock().lines() {
        let path: String = serde_json::from_str(&line?).map_err(io::Error::other)?;
        let record = match read_limited(&path, args.max_size)
            .and_then(|bytes| form4::extract(&bytes, &path, &settings))
        {
            Ok(document) => batch::document_record(&path, &document, args.min_confidence),
            Err(e) => batch::failure_record(&path, &Failure::from(&e)),
        };
        records.write_all(record.as_bytes())?;
        records.write_all(b"\n")?;
        records.flush()?;
    }
    Ok(())
}

/// A private handle on the original stdout; fd 1 becomes a copy of stderr.
fn records_out() -> io::Result<io::BufWriter<File>> {
    // SAFETY: dup/dup2 on the process's own standard descriptors; the new fd
    // is owned by the returned File alone.
    unsafe {
        let fd = libc::dup(libc::STDOUT_FILENO);
        if fd < 0 || libc::dup2(libc::STDERR_FILENO, libc::STDOUT_FILENO) < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(io::BufWriter::new(File::from(OwnedFd::from_raw_fd(fd))))
    }
}

/// The file's bytes, refusing files over `max_size` (also ones that grow or
/// never end, like devices).
fn read_limited(path: &str, max_size: u64) -> Result<Vec<u8>, Error> {
    let io_error = |source| Error::Io {
        path: path.to_string(),
        source,
    };
    let too_large = || {
        Error::TooLarge(format!(
            "the file is over the limit of {max_size} bytes (--max-size)"
        ))
    };
    let file = File::open(path).map_err(io_error)?;
    if file.metadata().map_err(io_error)?.len() > max_size {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > max_size {
        return Err(too_large());
    }
    Ok(bytes)
}
