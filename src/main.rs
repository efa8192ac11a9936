use clap::Parser;

// The canvas and the analysis allocate and free large buffers every frame or run; glibc's
// allocator returns them to the kernel each time, and the page faults cost more than the work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use strider::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => match strider::ui::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let message = e.to_string();
                eprintln!("strider: {}", strider::printable::printable(&message, true));
                ExitCode::from(strider::cli::EXIT_UNREADABLE)
            }
        },
    }
}
