//! The `form4` command line: a thin layer over the library.

mod cli;

/// PDF parsing allocates and frees many small objects; mimalloc does that
/// about a third faster than the system allocator (see benches/batch_bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Turn SEC Form 3/4/5 PDFs (EDGAR pages printed to PDF, the older EDGAR
/// layout, scanned copies) into EDGAR-shaped JSON with a confidence and a
/// page location for every field.
#[derive(Parser)]
#[command(name = "form4", version, after_help = "Examples:\n  form4 extract filing.pdf --pretty\n  form4 extract - < filing.pdf > filing.json\n\nExit codes: 0 ok, 1 internal error, 2 bad usage, 3 unreadable input, 4 encrypted,\n5 input too large, 6 not a Form 3/4/5, 7 needs OCR (install tesseract-ocr).")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(cli::extract::Args),
    Batch(cli::batch::Args),
    FromXml(cli::from_xml::Args),
    Eval(cli::eval::Args),
    Schema(cli::schema::Args),
    Inspect(cli::inspect::Args),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Extract(args) => cli::extract::run(args),
        Command::Batch(args) => cli::batch::run(args),
        Command::FromXml(args) => cli::from_xml::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Schema(args) => cli::schema::run(args),
        Command::Inspect(args) => cli::inspect::run(args),
    };
    std::process::exit(code);
}
