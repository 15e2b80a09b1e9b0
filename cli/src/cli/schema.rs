//! `nabla schema [COMMAND]`: the JSON Schema of the answers `--json` prints, generated from the
//! library's answer types (`nabla::answer::schema`); the checked-in copy is `docs/schema.json`.

use clap::Args;

use super::{print_json, usage, CliError};

/// Arguments of `nabla schema`.
#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The command whose answer to describe (default: every answer, by its `command` key).
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Runs `nabla schema`.
pub fn run(a: &SchemaArgs) -> Result<(), CliError> {
    match nabla::answer::schema(a.command.as_deref()) {
        Some(s) => {
            print_json(&s);
            Ok(())
        }
        None => Err(usage(nabla::tr!(
            "cli-schema-unknown",
            name = a.command.as_deref().unwrap_or(""),
            commands = nabla::answer::COMMANDS.join(", ")
        ))),
    }
}
