//! `form4 schema`: the JSON Schema of the output, generated from the Rust types.

use std::io::Write;

/// Print the JSON Schema (draft 2020-12) of the documents `extract` and
/// `from-xml` write.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  form4 schema > form4.schema.json")]
pub struct Args {}

pub fn run(_args: Args) -> i32 {
    let schema = schemars::schema_for!(form4::Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("form4 schema: {e}");
            1
        }
    }
}
