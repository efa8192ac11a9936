//! Saving as the file system sees it: permissions and links kept, the rename made durable, and
//! nothing left behind by a save that was killed mid-write.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
use strider::io;
use strider::model::synthetic::{Spec, generate};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(".strider-save-") && name.ends_with(".tmp")
        })
        .collect()
}

fn small_model() -> strider::model::Model {
    generate(Spec {
        elements: 6,
        flows: 8,
        boundaries: 1,
        threats: 4,
        seed: 3,
    })
}

#[test]
fn a_save_keeps_the_files_permissions_and_a_new_file_gets_the_usual_ones() {
    let dir = tempfile::tempdir().unwrap();
    let model = small_model();
    for wanted in [0o644, 0o640, 0o664] {
        let path = dir.path().join(format!("m{wanted:o}.ron"));
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(wanted)).unwrap();
        io::save(&model, &path).unwrap();
        assert_eq!(mode(&path), wanted, "{}", path.display());
    }
    let plain = dir.path().join("plain.txt");
    fs::File::create(&plain).unwrap();
    let new = dir.path().join("new.ron");
    io::save(&model, &new).unwrap();
    assert_eq!(
        mode(&new),
        mode(&plain),
        "a new model is created like any new file"
    );
}

#[test]
fn saving_onto_a_symbolic_link_replaces_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("model.ron");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("real/model.ron", &link).unwrap();
    let model = small_model();
    io::save(&model, &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(io::load(&real).unwrap(), model);
    assert!(temporaries(dir.path()).is_empty());
    assert!(temporaries(&real_dir).is_empty());
    // A link to a file that does not exist yet creates that file.
    let dangling = dir.path().join("later.ron");
    std::os::unix::fs::symlink("real/later.ron", &dangling).unwrap();
    io::save(&model, &dangling).unwrap();
    assert!(real_dir.join("later.ron").is_file());
}

/// Backdates a file's modification time, as if it had been left long ago.
fn age(path: &Path, by: Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - by).unwrap();
}

#[test]
fn a_save_removes_only_old_leftover_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join(".strider-save-AbC123.tmp");
    let fresh = dir.path().join(".strider-save-XyZ789.tmp");
    let other = dir.path().join(".other-save-AbC123.tmp");
    for p in [&old, &fresh, &other] {
        fs::write(p, "partial").unwrap();
    }
    age(&old, Duration::from_secs(120));
    age(&other, Duration::from_secs(120));
    io::save(&small_model(), &dir.path().join("m.ron")).unwrap();
    assert!(!old.exists(), "an old leftover is removed");
    assert!(
        fresh.exists(),
        "a save that may still be writing is left alone"
    );
    assert!(other.exists(), "only Strider's own temporaries are touched");
}

#[test]
fn killing_an_export_mid_write_never_tears_the_target_and_the_next_save_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that writing it takes a while: a kill lands inside the write.
    let big = generate(Spec {
        elements: 3_000,
        flows: 6_000,
        boundaries: 30,
        threats: 3_000,
        seed: 11,
    });
    let input = dir.path().join("input.ron");
    io::save(&big, &input).unwrap();
    let target = dir.path().join("existing.ron");
    let original = small_model();
    io::save(&original, &target).unwrap();
    let (mut kills, mut finished) = (0, 0);
    for round in 0..60 {
        if kills >= 30 {
            break;
        }
        let before = temporaries(dir.path()).len();
        let mut child = Command::new(env!("CARGO_BIN_EXE_strider"))
            .args(["export", input.to_str().unwrap(), "-o"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the temporary file exists (writing has begun), then kill a moment later.
        let started = Instant::now();
        let mut writing = false;
        while started.elapsed() < Duration::from_secs(30) {
            if temporaries(dir.path()).len() > before {
                writing = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_micros(((round * 7919) % 3000) as u64));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else if writing {
            kills += 1;
        }
        let now = io::load(&target).expect("the target is always a whole model");
        assert!(
            now == original || now == big,
            "round {round}: the target is torn"
        );
    }
    eprintln!("{kills} kills mid-write, {finished} exports finished");
    assert!(
        kills >= 30,
        "only {kills} kills landed mid-write ({finished} finished)"
    );
    let left = temporaries(dir.path());
    assert!(!left.is_empty(), "a killed write leaves its temporary file");
    // A minute later (backdated here), the next save removes every leftover.
    for p in &left {
        age(p, Duration::from_secs(90));
    }
    io::save(&original, &target).unwrap();
    assert!(temporaries(dir.path()).is_empty());
    assert_eq!(io::load(&target).unwrap(), original);
}
