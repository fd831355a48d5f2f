//! The annotated `async fn` forms on edition 2021 (A1, W3). The same file,
//! `ui/pass/async_fn_forms.rs`, runs on edition 2024 as a trybuild pass
//! case; here the fixture crate `fixtures/edition-2021` compiles it as a
//! module, runs it, and documents it: rustdoc must still show `async fn`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{assert_outcome, run, scenario};

const FIXTURE: &str = "exit-policy-edition-2021";

/// The fixture's own target directory (it is its own workspace).
fn target() -> PathBuf {
    common::fixtures_target()
}

/// Runs `cargo <args>` on the fixture.
fn cargo(args: &[&str]) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/edition-2021/Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target())
        .status()
        .expect("run cargo on the edition-2021 fixture");
    assert!(
        status.success(),
        "cargo {args:?} on {} failed",
        manifest.display()
    );
}

fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        cargo(&["build"]);
        target().join("debug").join(FIXTURE)
    })
}

#[test]
fn a1_every_async_fn_form_runs_on_edition_2021() {
    let out = run(scenario(built().to_str().expect("utf-8 path")));
    assert_outcome(&out, 0, "every form ran on edition 2021\n", "");
}

#[test]
fn w3_rustdoc_still_shows_an_annotated_async_fn_as_async_fn() {
    cargo(&["doc", "--no-deps"]);
    let docs = target()
        .join("doc")
        .join(FIXTURE.replace('-', "_"))
        .join("forms");
    let page = |name: &str| std::fs::read_to_string(docs.join(name)).expect("a rustdoc page");
    let declaration = |html: &str| {
        let start = html.find("item-decl").expect("a declaration");
        html[start..start + html[start..].find("</code>").unwrap()].to_owned()
    };
    let elided = declaration(&page("fn.elided.html"));
    assert!(elided.contains("pub async fn elided("), "{elided}");
    assert!(!elided.contains("Future"), "{elided}");
    let counter = page("struct.Counter.html");
    assert_eq!(counter.matches("pub async fn ").count(), 4, "{counter}");
}
