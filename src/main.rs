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
        Some(command) => {
            // Reports of tens of thousands of lines are written in 64 KiB blocks, not a system
            // call per line (stdout on its own flushes at every newline).
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let code = run(command, &mut out, &mut std::io::stderr());
            match std::io::Write::flush(&mut out) {
                Ok(()) => code,
                Err(e) => {
                    eprintln!("strider: cannot write the output: {e}");
                    ExitCode::from(strider::cli::EXIT_UNREADABLE)
                }
            }
        }
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
