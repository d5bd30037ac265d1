//! The `rapport` command. All work happens in the library; this file only
//! hands over to the CLI module and turns its result into an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
