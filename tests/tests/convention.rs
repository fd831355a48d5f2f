//! The convention, by name: the clippy configuration the README gives is
//! the one `fixtures/clippy-convention` uses, and with it clippy rejects
//! exactly the raw exits the attribute's lexical check can't see (an alias
//! imported outside the annotated item, a glob import, a re-export, a libc
//! call) and accepts `exit_policy::exit`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::run_cargo;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clippy-convention")
}

/// The README's `toml` block whose first line is `first`, without it.
fn readme_block(first: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let start = readme
        .find(&format!("```toml\n{first}\n"))
        .unwrap_or_else(|| panic!("no README block starting with {first:?}"));
    let block = &readme[start + "```toml\n".len() + first.len() + 1..];
    block[..block.find("```").unwrap()].to_owned()
}

#[test]
fn the_readmes_clippy_configuration_is_the_fixtures() {
    let clippy_toml = std::fs::read_to_string(fixture().join("clippy.toml")).unwrap();
    assert_eq!(
        readme_block("# clippy.toml, next to Cargo.toml"),
        clippy_toml
    );
    let manifest = std::fs::read_to_string(fixture().join("Cargo.toml")).unwrap();
    let lints = readme_block("# Cargo.toml");
    assert!(
        manifest.contains(&lints),
        "{lints:?} not in the fixture's Cargo.toml"
    );
    assert!(lints.starts_with("[lints.clippy]\n"), "{lints:?}");
}

#[test]
fn clippy_rejects_the_raw_exits_the_attribute_cant_see_and_nothing_else() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([
            "clippy",
            "--quiet",
            "--message-format=short",
            "--manifest-path",
        ])
        .arg(fixture().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", common::fixtures_target())
        .env_remove("RUSTFLAGS");
    let out = run_cargo(command);
    assert_ne!(out.status, Some(0), "clippy must fail: {out:#?}");
    let mut rejected: Vec<usize> = out
        .stderr
        .lines()
        .filter(|line| line.starts_with("src/main.rs:"))
        .map(|line| {
            assert!(
                line.contains(": error: use of a disallowed method `"),
                "{line}"
            );
            line.split(':').nth(1).unwrap().parse().unwrap()
        })
        .collect();
    rejected.sort_unstable();
    let source = std::fs::read_to_string(fixture().join("src/main.rs")).unwrap();
    let marked: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, line)| line.ends_with("// clippy rejects"))
        .map(|(n, _)| n + 1)
        .collect();
    assert_eq!(marked.len(), 4);
    assert_eq!(rejected, marked, "{}", out.stderr);
}
