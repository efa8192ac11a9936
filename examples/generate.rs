//! Writes a large synthetic model, for measuring the command line on big inputs:
//! `cargo run --release --example generate -- ELEMENTS OUT.ron` (flows: twice the elements,
//! threats: as many as elements, one boundary per 40 elements).

use std::process::ExitCode;
use strider::model::synthetic::{Spec, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(Ok(elements)), Some(out)) = (args.first().map(|n| n.parse::<usize>()), args.get(1))
    else {
        eprintln!("usage: generate ELEMENTS OUT.ron");
        return ExitCode::from(2);
    };
    let model = generate(Spec {
        elements,
        flows: elements * 2,
        boundaries: elements / 40,
        threats: elements,
        seed: 42,
    });
    match strider::io::save(&model, std::path::Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}
