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
        None => {
            purge_freed_memory_at_once();
            match strider::ui::run(cli.file) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let message = e.to_string();
                    eprintln!("strider: {}", strider::printable::printable(&message, true));
                    ExitCode::from(strider::cli::EXIT_UNREADABLE)
                }
            }
        }
    }
}

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc 2 and 3 alike;
/// libmimalloc-sys names only some options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc returns freed memory to the system 10 ms late, and only on a later allocation. An
/// idle window allocates nothing, so after a big model is placed or replaced the freed pages
/// stayed resident for as long as nobody touched the app. The desktop app purges at once; the
/// command line, which exits soon anyway, keeps the faster default.
fn purge_freed_memory_at_once() {
    // SAFETY: sets one of mimalloc's integer options; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}
