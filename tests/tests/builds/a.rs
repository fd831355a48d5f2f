//! A: the attribute: its diagnostics and what compiles (UI cases), its
//! transparency to rustc, clippy and rustdoc, the `async fn` forms on edition
//! 2021, and the clippy configuration the README gives. A module per
//! fixture.

/// Compile-time behaviour of `#[exit_policy]` (A1-A6): what compiles, and
/// the exact diagnostics for what does not (`ui/pass`, `ui/fail`). Bless
/// with `TRYBUILD=overwrite cargo test -p exit-policy-tests --test builds
/// ui`, then read every changed `.stderr` as a user would. Its name sorts
/// first in this program, so libtest starts it first: it is the longest,
/// and the fixtures' tests run beside it.
#[test]
fn a2_ui_every_diagnostic_its_span_and_every_case_that_compiles() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}

mod transparent {
    //! The attribute is invisible to everything but the exit path. The fixture
    //! crate `fixtures/transparent` has the same functions plain and annotated
    //! (`src/plain.rs`, `src/annotated.rs`, every line number the same): it
    //! builds with rustc's warnings denied, clippy finds the same things in
    //! both, lint by lint and line by line, rustdoc's source links cover the
    //! same lines, and its tests (executor attributes inside annotated blocks,
    //! `#[track_caller]` with and without parameters) pass.

    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use crate::common::{Outcome, run_cargo};

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
            .env("CARGO_TARGET_DIR", crate::common::fixtures_target())
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
                // `fn ` for the methods of trait impls; not a trait's own
                // `async fn`, which the attribute can't tell from an impl's
                // when it sits on the method itself (see the contract, A7).
                let is_fn = ["pub fn ", "pub unsafe fn ", "pub async fn ", "fn "]
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
    fn a6_the_annotated_copy_is_the_plain_one_with_the_attribute_on_each_fn_line() {
        let plain = std::fs::read_to_string(fixture().join("src/plain.rs")).unwrap();
        let annotated = std::fs::read_to_string(fixture().join("src/annotated.rs")).unwrap();
        assert_eq!(annotated, annotated_from(&plain));
    }

    #[test]
    fn a6_annotated_functions_pass_their_tests() {
        let out = cargo("test", &["--quiet", "--lib"]);
        assert_eq!(out.status, Some(0), "{out:#?}");
        assert!(out.stdout.contains("test result: ok. 7 passed"), "{out:#?}");
    }

    #[test]
    fn a6_rustdoc_runs_the_same_doctests_for_the_plain_and_the_annotated_functions() {
        let out = cargo("test", &["--doc"]);
        assert_eq!(out.status, Some(0), "{out:#?}");
        // `test src/plain.rs - plain::fenced (line 104) ... ok`: per file,
        // the item and the line.
        let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in out.stdout.lines() {
            let Some(rest) = line.strip_prefix("test src/") else {
                continue;
            };
            let (file, test) = rest.split_once(" - ").unwrap();
            let test = test.split_once("::").unwrap().1;
            found
                .entry(file.to_owned())
                .or_default()
                .push(test.to_owned());
        }
        for tests in found.values_mut() {
            tests.sort();
        }
        let plain = &found["plain.rs"];
        // Two, whose fences `cfg_attr` writes: on an `async fn` and a sync one.
        assert_eq!(plain.len(), 2, "{out:#?}");
        assert!(
            plain.iter().all(|test| test.ends_with("... ok")),
            "{plain:?}"
        );
        assert_eq!(found.get("annotated.rs"), Some(plain), "{found:#?}");
    }

    #[test]
    fn a6_rustc_warns_the_same_in_the_plain_and_the_annotated_functions() {
        let out = cargo(
            "build",
            &["--quiet", "--message-format=json-diagnostic-short"],
        );
        assert_eq!(out.status, Some(0), "{out:#?}");
        let found = findings(&out.stdout);
        let plain = &found["plain.rs"];
        let lints: Vec<&str> = plain.keys().map(|(lint, _)| lint.as_str()).collect();
        for expected in [
            "unused_variables",
            "unused_mut",
            "unused_must_use",
            "ungated_async_fn_track_caller",
        ] {
            assert!(
                lints.contains(&expected),
                "{expected} not found in {plain:#?}"
            );
        }
        assert_eq!(found.get("annotated.rs"), Some(plain), "{found:#?}");
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
    fn a6_clippy_finds_the_same_in_the_plain_and_the_annotated_functions() {
        let out = cargo(
            "clippy",
            &[
                "--quiet",
                "--all-targets",
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
            "clippy::manual_async_fn",
            "clippy::non_canonical_clone_impl",
            "clippy::doc_markdown",
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
        let path = crate::common::fixtures_target()
            .join("doc/exit_policy_fixture_transparent")
            .join(page);
        let html =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (_, after) = html
            .split_once("class=\"src\" href=\"")
            .expect("a source link");
        let href = after.split_once('"').unwrap().0;
        href.split_once('#').expect("a line range").1.to_owned()
    }

    #[test]
    fn a6_rustdoc_source_links_cover_the_annotated_function_as_they_do_the_plain_one() {
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
}

mod editions {
    //! The annotated `async fn` forms on edition 2021 (A1, W3), and the order
    //! values drop in (A7), with bodies that borrow a parameter in their tail
    //! and inner attributes in bodies that become closures. The same file,
    //! `ui/pass/async_fn_forms.rs`, runs on edition 2024 as a trybuild pass
    //! case; here the fixture crate `fixtures/edition-2021` compiles it as a
    //! module, runs it, and documents it: rustdoc must still show `async fn`.

    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;

    use crate::common::{assert_outcome, run, scenario};

    const FIXTURE: &str = "exit-policy-edition-2021";

    /// The fixture's own target directory (it is its own workspace).
    fn target() -> PathBuf {
        crate::common::fixtures_target()
    }

    /// Runs `cargo <args>` on the fixture.
    fn cargo(args: &[&str]) {
        let manifest =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/edition-2021/Cargo.toml");
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
    fn a7_on_edition_2021_values_drop_in_the_plain_order_under_the_functions_policy() {
        let mut command = scenario(built().to_str().expect("utf-8 path"));
        command.arg("drops");
        let out = run(command);
        // rustc's order for 2021 (the local, then the tail's temporary, then
        // the parameter), for the plain and the annotated function alike;
        // the annotated ones under their policy, a sync function's
        // parameter under its caller's, an `async fn`'s under its own (W3).
        let expected = "plain:\n  local (none)\n  tail temporary (none)\n  parameter (none)\n\
                        annotated:\n  local (Immediate)\n  tail temporary (Immediate)\n  parameter (none)\n\
                        plain async:\n  local (none)\n  tail temporary (none)\n  parameter (none)\n\
                        annotated async:\n  local (Immediate)\n  tail temporary (Immediate)\n  parameter (Immediate)\n";
        assert_outcome(&out, 0, expected, "");
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
}

mod convention {
    //! The convention, by name: the clippy configuration the README gives is
    //! the one `fixtures/clippy-convention` uses, and with it clippy rejects
    //! exactly the raw exits the attribute's lexical check can't see (an alias
    //! imported outside the annotated item, a glob import, a re-export, a call
    //! outside any annotated item) and accepts `exit_policy::exit`; and both
    //! the configuration and the docs list the macro's table of raw exits.

    use std::path::{Path, PathBuf};
    use std::process::Command;

    use crate::common::run_cargo;

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
    fn a2_the_readmes_clippy_configuration_is_the_fixtures() {
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

    /// The full paths of the macro's table of raw exits, read from its source.
    fn table() -> Vec<String> {
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../macros/src/raw_exit.rs"),
        )
        .unwrap();
        let start = source.find("pub(crate) const TABLE").expect("the table");
        let table = &source[start..start + source[start..].find("];").unwrap()];
        let paths: Vec<String> = table
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        assert!(paths.len() >= 6, "{paths:?}");
        paths
    }

    #[test]
    fn a2_the_readme_its_clippy_configuration_and_the_contract_list_the_macros_table() {
        let table = table();
        let clippy_toml = readme_block("# clippy.toml, next to Cargo.toml");
        let configured: Vec<String> = clippy_toml
            .lines()
            .filter_map(|line| line.split_once("path = \"").map(|(_, rest)| rest))
            .map(|rest| rest.split_once('"').unwrap().0.to_owned())
            .filter(|path| !path.starts_with("clap"))
            .collect();
        assert_eq!(configured, table, "the clippy configuration");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let convention = &readme[readme.find("## The convention").unwrap()..];
        let contract = std::fs::read_to_string(root.join("runtime/src/contract.md")).unwrap();
        let a2 = &contract[contract.find("**A2.**").unwrap()..contract.find("**A3.**").unwrap()];
        for path in &table {
            let quoted = format!("`{path}`");
            assert!(convention.contains(&quoted), "{quoted} not in the README");
            assert!(a2.contains(&quoted), "{quoted} not in the contract's A2");
        }
    }

    #[test]
    fn a2_clippy_rejects_the_raw_exits_the_attribute_cant_see_and_nothing_else() {
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
            .env("CARGO_TARGET_DIR", crate::common::fixtures_target())
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
        assert_eq!(marked.len(), 10);
        assert_eq!(rejected, marked, "{}", out.stderr);
    }
}
