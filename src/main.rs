use clap::Parser;
use std::process::ExitCode;
use strider::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => match strider::ui::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("strider: {e}");
                ExitCode::from(strider::cli::EXIT_UNREADABLE)
            }
        },
    }
}
