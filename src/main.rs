use clap::Parser;
use std::process::ExitCode;
use strider::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            eprintln!(
                "strider: the desktop app is not part of this build yet; use `strider check FILE` or `strider export FILE -o OUT`."
            );
            ExitCode::from(strider::cli::EXIT_UNREADABLE)
        }
    }
}
