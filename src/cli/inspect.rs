//! `form4 inspect`: draw each page with the extracted fields boxed on it.

use std::path::{Path, PathBuf};

use form4::{Error, Settings};

/// Draw each page of a PDF as SVG: its words and ruling lines, and every
/// extracted field boxed where it was read, red below confidence 0.5, orange
/// below 0.9, green above, labelled with its JSON Pointer.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  form4 inspect filing.pdf -o filing.svg      (filing-1.svg, filing-2.svg, … for several pages)\n  form4 inspect scan.pdf --background         (over the rendered page; needs pdftoppm)\n  rsvg-convert -z 2 filing-1.svg -o filing-1.png\n\nWhen the fields cannot be extracted the pages are still drawn, with the\nreason written on them and on stderr (exit code 0)."
)]
pub struct Args {
    /// The PDF to draw.
    pub input: PathBuf,
    /// The SVG to write; with several pages, `-N` goes before the extension.
    /// Defaults to the input's name with `.svg`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Lay the page as `pdftoppm` renders it (poppler-utils) under the
    /// drawing, to check the boxes against the print; words are outlined only.
    #[arg(long)]
    pub background: bool,
}

pub fn run(args: Args) -> i32 {
    super::report(&args.input, draw(&args))
}

fn draw(args: &Args) -> Result<(), Error> {
    let name = args.input.display().to_string();
    let bytes = super::read_input(&args.input)?;
    let inspection = form4::inspect::inspect(&bytes, &name, &Settings::default(), args.background)?;
    if let Some(e) = &inspection.extraction_error {
        eprintln!("form4: {name}: pages drawn without fields: {e}");
    }
    for warning in &inspection.warnings {
        eprintln!("form4: {name}: {warning}");
    }
    let output = args.output.clone().unwrap_or_else(|| args.input.with_extension("svg"));
    let several = inspection.pages.len() > 1;
    for (i, svg) in inspection.pages.iter().enumerate() {
        let path = if several { numbered(&output, i + 1) } else { output.clone() };
        std::fs::write(&path, svg).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// `page.svg`, 2 → `page-2.svg`.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}
