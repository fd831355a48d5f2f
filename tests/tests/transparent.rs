//! The attribute is invisible to everything but the exit path. The fixture
//! crate `fixtures/transparent` has the same functions plain and annotated
//! (`src/plain.rs`, `src/annotated.rs`, every line number the same): it
//! builds with rustc's warnings denied, clippy finds the same things in
//! both, lint by lint and line by line, rustdoc's source links cover the
//! same lines, and its tests (executor attributes inside annotated blocks,
//! `#[track_caller]` with and without parameters) pass.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Outcome, run_cargo};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transparent")
}

/// `cargo SUBCOMMAND` on the fixture, in the fixtures' shared target dir.
fn cargo(subcommand: &str, args: &[&str]) -> Outcome {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(fixture().join("Cargo.toml"))
        .args(args)
        .env("CARGO_TARGET_DIR", common::fixtures_target())
        .env_remove("RUSTFLAGS")
        .env_remove("RUST_BACKTRACE");
    run_cargo(command)
}

/// `plain.rs` with the attribute at the start of each `fn` line, and its
/// own three header lines: what `annotated.rs` must be.
fn annotated_from(plain: &str) -> String {
    let header = "//! `plain.rs`, with `#[exit_policy(graceful)]` at the start of each `fn`\n\
                  //! line: clippy must find exactly what it finds there, on the same lines.\n\
                  //! (The test checks that the two files differ only so.)\n";
    let body: String = plain
        .lines()
        .skip(3)
        .map(|line| {
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            let is_fn = ["pub fn ", "pub unsafe fn ", "pub async fn "]
                .iter()
                .any(|start| code.starts_with(start));
            if is_fn {
                format!("{indent}#[exit_policy::exit_policy(graceful)] {code}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    format!("{header}{body}")
}

#[test]
fn the_annotated_copy_is_the_plain_one_with_the_attribute_on_each_fn_line() {
    let plain = std::fs::read_to_string(fixture().join("src/plain.rs")).unwrap();
    let annotated = std::fs::read_to_string(fixture().join("src/annotated.rs")).unwrap();
    assert_eq!(annotated, annotated_from(&plain));
}

#[test]
fn a6_annotated_functions_build_with_rustcs_warnings_denied_and_their_tests_pass() {
    // `src/lib.rs` has `#![deny(warnings)]`.
    let out = cargo("test", &["--quiet"]);
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert!(out.stdout.contains("test result: ok. 6 passed"), "{out:#?}");
}

/// Every clippy finding, as (lint, line) with how often, per file.
fn findings(json: &str) -> BTreeMap<String, BTreeMap<(String, u32), u32>> {
    let mut found: BTreeMap<String, BTreeMap<(String, u32), u32>> = BTreeMap::new();
    for line in json
        .lines()
        .filter(|line| line.contains("\"compiler-message\""))
    {
        let Some(lint) = line
            .split_once("\"code\":{\"code\":\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(lint, _)| lint.to_owned())
        else {
            continue;
        };
        // The short rendering: `src/FILE:LINE:COLUMN: warning: ...`.
        let rendered = line.split_once("\"rendered\":\"src/").unwrap().1;
        let mut parts = rendered.splitn(3, ':');
        let file = parts.next().unwrap().to_owned();
        let number = parts.next().unwrap().parse().unwrap();
        *found
            .entry(file)
            .or_default()
            .entry((lint, number))
            .or_default() += 1;
    }
    found
}

#[test]
fn clippy_finds_the_same_in_the_plain_and_the_annotated_functions() {
    let out = cargo(
        "clippy",
        &[
            "--quiet",
            "--message-format=json-diagnostic-short",
            "--",
            "--cap-lints",
            "warn",
            "-W",
            "clippy::pedantic",
        ],
    );
    assert_eq!(out.status, Some(0), "{out:#?}");
    let found = findings(&out.stdout);
    let plain = &found["plain.rs"];
    let lints: Vec<&str> = plain.keys().map(|(lint, _)| lint.as_str()).collect();
    for expected in [
        "clippy::must_use_candidate",
        "clippy::missing_errors_doc",
        "clippy::missing_panics_doc",
        "clippy::needless_return",
        "clippy::missing_safety_doc",
        "clippy::inline_always",
        "clippy::unused_async",
        "clippy::return_self_not_must_use",
        "clippy::new_without_default",
    ] {
        assert!(
            lints.contains(&expected),
            "{expected} not found in {plain:#?}"
        );
    }
    assert_eq!(found.get("annotated.rs"), Some(plain), "{found:#?}");
}

/// The line range rustdoc's "Source" link of item page `page` shows.
fn source_range(page: &str) -> String {
    let path = common::fixtures_target()
        .join("doc/exit_policy_fixture_transparent")
        .join(page);
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (_, after) = html
        .split_once("class=\"src\" href=\"")
        .expect("a source link");
    let href = after.split_once('"').unwrap().0;
    href.split_once('#').expect("a line range").1.to_owned()
}

#[test]
fn rustdoc_source_links_cover_the_annotated_function_as_they_do_the_plain_one() {
    let out = cargo("doc", &["--quiet", "--no-deps"]);
    assert_eq!(out.status, Some(0), "{out:#?}");
    for page in [
        "fn.add.html",
        "fn.early.html",
        "fn.later.html",
        "struct.Counter.html",
    ] {
        assert_eq!(
            source_range(&format!("annotated/{page}")),
            source_range(&format!("plain/{page}")),
            "{page}"
        );
    }
    // A function over several lines: the link covers all of them.
    assert_eq!(source_range("annotated/fn.early.html"), "13-15");
}
