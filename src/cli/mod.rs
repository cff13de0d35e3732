//! One module per subcommand, and the input/output plumbing they share.

pub mod batch;
pub mod eval;
pub mod extract;
pub mod from_xml;
pub mod inspect;
pub mod schema;

use std::io::{Read, Write};
use std::path::Path;

use form4::Error;

/// Where and how a subcommand writes its document.
#[derive(clap::Args)]
pub struct Output {
    /// Where to write (standard output when omitted).
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
    /// Indent the JSON for people to read.
    #[arg(long)]
    pub pretty: bool,
}

/// The exit code of a subcommand's outcome; an error is one line on stderr.
pub fn report(input: &Path, outcome: Result<(), Error>) -> i32 {
    match outcome {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("form4: {}: {e}", input.display());
            e.exit_code()
        }
    }
}

/// The bytes of an input file (`-` is standard input), refusing more than
/// `pdf::MAX_FILE_BYTES` so that `/dev/zero` cannot exhaust memory.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let io_error = |source| Error::Io { path: name.clone(), source };
    let source: Box<dyn Read> = if name == "-" { Box::new(std::io::stdin()) } else { Box::new(std::fs::File::open(path).map_err(io_error)?) };
    let mut bytes = Vec::new();
    source.take(form4::pdf::MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() > form4::pdf::MAX_FILE_BYTES {
        return Err(Error::TooLarge(format!("the input is larger than {} bytes", form4::pdf::MAX_FILE_BYTES)));
    }
    Ok(bytes)
}

/// Write `text` and a newline to `path`, or to standard output.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), Error> {
    let line = format!("{text}\n");
    match path {
        Some(path) => std::fs::write(path, line).map_err(|source| Error::Io { path: path.display().to_string(), source }),
        None => std::io::stdout().write_all(line.as_bytes()).map_err(|source| Error::Io { path: "standard output".into(), source }),
    }
}
