//! Running the external programs (tesseract, pdftoppm) with a time limit.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;

/// How often a running program is checked on, in milliseconds.
const POLL_INTERVAL_MS: u64 = 10;
/// Most bytes of a failing program's error output quoted in our error.
const MAX_QUOTED_STDERR: usize = 300;

/// Run `command` to completion within `timeout`. Its standard output is
/// discarded (the programs write their results to files); a failure quotes
/// the start of its error output. `program` and `package` name the program
/// and the Debian package that provides it, for the error when it is missing.
pub fn run(mut command: Command, timeout: Duration, program: &str, package: &str) -> Result<(), Error> {
    let mut stderr_file =
        tempfile::tempfile().map_err(|e| Error::Internal(format!("cannot make a temporary file: {e}")))?;
    let stderr = stderr_file
        .try_clone()
        .map_err(|e| Error::Internal(format!("cannot share a temporary file: {e}")))?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing(program, package),
            _ => Error::Internal(format!("cannot start {program}: {e}")),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                // Killing fails only when it has just exited; waiting reaps it either way.
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::TooLarge(format!(
                    "{program} did not finish within {} s",
                    timeout.as_secs_f64()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(POLL_INTERVAL_MS)),
            Err(e) => return Err(Error::Internal(format!("cannot wait for {program}: {e}"))),
        }
    };
    if status.success() {
        return Ok(());
    }
    let mut message = String::new();
    use std::io::Seek;
    let _ = stderr_file.rewind();
    let _ = stderr_file.read_to_string(&mut message);
    let message: String = message.trim().chars().take(MAX_QUOTED_STDERR).collect();
    Err(Error::Unreadable(format!("{program} failed ({status}): {message}")))
}

/// The error for a program that is not installed.
pub fn missing(program: &str, package: &str) -> Error {
    Error::NeedsOcr(format!(
        "the PDF has scanned pages and `{program}` is not installed (apt-get install {package})"
    ))
}
