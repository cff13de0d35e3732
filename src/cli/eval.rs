//! `form4 eval`: score predictions against ground truth (a port of
//! `corpus/tools/score.py`), optionally extracting the PDFs first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use form4::eval::{self, Predictions, Spec};
use rayon::prelude::*;

/// Exit code when the field F1 is below `--min-f1`.
const BELOW_MIN_F1: i32 = 8;
/// Exit code for bad arguments (as clap uses).
const BAD_USAGE: i32 = 2;

/// Score Form 4 JSON predictions against truth files: field precision, recall
/// and F1 after row alignment, exact documents, per field and family, and
/// calibration of the confidences.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  form4 eval --truth corpus/dev --pred out/ --by-family corpus/dev/manifest.json\n  form4 eval --truth corpus/dev --pdf corpus/dev --min-f1 0.9 --json report.json\n\nThe last line is `field_f1=… docs=… exact_docs=… ece=…`. Exit code 0, 2 for bad\narguments, 8 when the F1 is below --min-f1."
)]
pub struct Args {
    /// Truth file or directory (`*.truth.json`, searched recursively; else `*.json`).
    #[arg(long)]
    pub truth: PathBuf,
    /// Prediction file or directory of `<id>.json`.
    #[arg(long, required_unless_present = "pdf", conflicts_with = "pdf")]
    pub pred: Option<PathBuf>,
    /// Directory of `<id>.pdf` (searched recursively) to extract and score.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// With --pdf: also write each prediction to DIR/<id>.json.
    #[arg(long, value_name = "DIR", requires = "pdf")]
    pub save_pred: Option<PathBuf>,
    /// Write the full report (every error) as JSON here.
    #[arg(long, value_name = "REPORT")]
    pub json: Option<PathBuf>,
    /// Manifest giving each id its family: {id: family}, {id: {family}}, [{id, family}].
    #[arg(long, value_name = "MANIFEST")]
    pub by_family: Option<PathBuf>,
    /// Also score keys SCHEMA.md does not list (noSecuritiesOwned, totalValue, …).
    #[arg(long)]
    pub extras: bool,
    /// Exit with code 8 when the field F1 is below this.
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
}

pub fn run(args: Args) -> i32 {
    match score(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("form4 eval: {message}");
            BAD_USAGE
        }
    }
}

fn score(args: &Args) -> Result<i32, String> {
    for path in [Some(&args.truth), args.pred.as_ref(), args.pdf.as_ref()].into_iter().flatten() {
        if !path.exists() {
            return Err(format!("no such file or directory: {}", path.display()));
        }
    }
    let truth_files = eval::list_json(&args.truth, true);
    if truth_files.is_empty() {
        return Err(format!("no truth *.json files in {}", args.truth.display()));
    }
    let manifest = args
        .by_family
        .as_ref()
        .map(|m| eval::load_manifest(m).map_err(|e| format!("cannot read manifest {}: {e}", m.display())))
        .transpose()?;
    let predictions = match (&args.pred, &args.pdf) {
        (Some(pred), _) => {
            if args.truth.is_dir() && !pred.is_dir() {
                return Err("--truth is a directory, so --pred must be one too".into());
            }
            Predictions::Path(pred.clone())
        }
        (None, Some(pdf)) => Predictions::Loaded(extract_all(pdf, &truth_files, args.save_pred.as_deref())?),
        (None, None) => return Err("give --pred or --pdf".into()),
    };
    let report = eval::run(&args.truth, predictions, &Spec::new(args.extras), manifest.as_ref());
    if let Some(path) = &args.json {
        let mut text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    eval::print_report(&report, &mut std::io::stdout().lock()).map_err(|e| e.to_string())?;
    let f1 = report.summary.metrics.scores.f1;
    Ok(match args.min_f1 {
        Some(min) if f1 < min => {
            eprintln!("form4 eval: field F1 {f1:.4} is below --min-f1 {min}");
            BELOW_MIN_F1
        }
        _ => 0,
    })
}

/// Extract every `<id>.pdf` under `dir` that has a truth file, in parallel.
fn extract_all(
    dir: &Path,
    truth_files: &BTreeMap<String, PathBuf>,
    save: Option<&Path>,
) -> Result<BTreeMap<String, Result<serde_json::Value, String>>, String> {
    if let Some(save) = save {
        std::fs::create_dir_all(save).map_err(|e| format!("cannot create {}: {e}", save.display()))?;
    }
    let pdfs: Vec<(String, PathBuf)> = eval::find_files(dir, ".pdf", true)
        .into_iter()
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().to_string(), p)))
        .filter(|(id, _)| truth_files.contains_key(id))
        .collect();
    let settings = form4::Settings::default();
    Ok(pdfs
        .par_iter()
        .map(|(id, path)| {
            let outcome = std::fs::read(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|bytes| {
                    form4::extract(&bytes, &path.display().to_string(), &settings)
                        .map_err(|e| format!("extraction failed ({}): {e}", e.kind()))
                })
                .map(|doc| {
                    if let Some(save) = save {
                        let mut json = form4::output::to_json(&doc, true);
                        json.push('\n');
                        if let Err(e) = std::fs::write(save.join(format!("{id}.json")), json) {
                            eprintln!("form4 eval: cannot save the prediction of {id}: {e}");
                        }
                    }
                    serde_json::to_value(&doc).expect("the output types always serialize")
                });
            (id.clone(), outcome)
        })
        .collect())
}
