//! `form4 from-xml`: an EDGAR ownership XML → the same JSON document as `extract`.

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
    #[command(flatten)]
    pub out: super::Output,
}

pub fn run(args: Args) -> i32 {
    super::report(&args.input, convert(&args))
}

fn convert(args: &Args) -> Result<(), Error> {
    let name = args.input.display().to_string();
    let bytes = super::read_input(&args.input)?;
    let document = form4::xml::document_from_xml(&bytes, &name)?;
    super::write_output(args.out.output.as_deref(), &form4::output::to_json(&document, args.out.pretty))
}
