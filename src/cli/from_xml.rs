//! `form4 from-xml`: an EDGAR ownership XML → the same JSON document as `extract`.

use std::io::{Read, Write};
use std::path::PathBuf;

use form4::Error;

/// Convert an EDGAR ownershipDocument XML (or an SGML `.txt` submission
/// holding one) into the JSON of `SCHEMA.md`, method "xml", confidence 1.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  form4 from-xml filing.xml --pretty\n  form4 from-xml 0001127602-25-001055.txt -o filing.json"
)]
pub struct Args {
    /// The XML or `.txt` submission to read; `-` reads standard input.
    pub input: PathBuf,
    /// Where to write the JSON (standard output when omitted).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Indent the JSON for people to read.
    #[arg(long)]
    pub pretty: bool,
}

pub fn run(args: Args) -> i32 {
    match convert(&args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("form4: {}: {e}", args.input.display());
            e.exit_code()
        }
    }
}

fn convert(args: &Args) -> Result<(), Error> {
    let name = args.input.display().to_string();
    let io_error = |source| Error::Io { path: name.clone(), source };
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(io_error)?;
        buf
    } else {
        std::fs::read(&args.input).map_err(io_error)?
    };
    let document = form4::xml::document_from_xml(&bytes, &name)?;
    let mut json = form4::output::to_json(&document, args.pretty);
    json.push('\n');
    match &args.output {
        Some(path) => {
            std::fs::write(path, json).map_err(|source| Error::Io { path: path.display().to_string(), source })
        }
        None => std::io::stdout().write_all(json.as_bytes()).map_err(io_error),
    }
}
