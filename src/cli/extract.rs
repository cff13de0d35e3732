//! `form4 extract`: one PDF → one JSON document.

use std::path::PathBuf;

use form4::{Error, Settings};

/// Extract one filing from a PDF and write its JSON.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  form4 extract filing.pdf -o filing.json --pretty\n  cat filing.pdf | form4 extract - > filing.json\n\nOn error, one line on stderr says what is wrong; the exit code tells the kind\n(3 unreadable, 4 encrypted, 5 too large, 6 not a Form 3/4/5, 7 needs OCR).")]
pub struct Args {
    /// The PDF to read; `-` reads standard input.
    pub input: PathBuf,
    #[command(flatten)]
    pub out: super::Output,
    /// `json` (SCHEMA.md) or `xml` (an EDGAR ownershipDocument of the data part).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// What `extract` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Json,
    Xml,
}

pub fn run(args: Args) -> i32 {
    super::report(&args.input, extract(&args))
}

fn extract(args: &Args) -> Result<(), Error> {
    let name = args.input.display().to_string();
    let bytes = super::read_input(&args.input)?;
    let document = form4::extract(&bytes, &name, &Settings::default())?;
    let text = match args.format {
        Format::Json => form4::output::to_json(&document, args.out.pretty),
        Format::Xml => form4::xml::to_ownership_xml(&document.filing),
    };
    super::write_output(args.out.output.as_deref(), &text)
}
