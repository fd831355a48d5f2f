//! T: annotated tests as boundaries, checked by `cargo test` on a fixture
//! crate.

mod test_boundary {
    //! T1: an annotated test is a boundary. The fixture crate
    //! `fixtures/test-boundary` has tests that exit, with the attribute above
    //! and below `#[test]` and `#[tokio::test]`, and neighbours that must pass;
    //! `cargo test` on it must show exactly the exiting ones FAILED, each with
    //! the boundary's message. Without the attribute, an exit in a test ends the
    //! whole test binary (G3).

    use std::path::Path;
    use std::process::Command;

    use crate::common::{Outcome, normalize, run_cargo, site_in};

    /// `cargo test` on the fixture, in its own target directory, with `args`
    /// for the test harness.
    fn cargo_test(harness_args: &[&str], trace: bool) -> Outcome {
        let manifest =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/test-boundary/Cargo.toml");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .args(["test", "--quiet", "--lib", "--manifest-path"])
            .arg(&manifest)
            .arg("--")
            .arg("--format=pretty")
            .args(harness_args)
            .env("CARGO_TARGET_DIR", crate::common::fixtures_target())
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env_remove("EXIT_POLICY_TRACE");
        if !harness_args
            .iter()
            .any(|arg| arg.starts_with("--test-threads"))
        {
            // One at a time, in name order: the `a_` tests exit first.
            command.arg("--test-threads=1");
        }
        if trace {
            command.env("EXIT_POLICY_TRACE", "1");
        }
        run_cargo(command)
    }

    fn site(marker: &str, needle: &str) -> String {
        site_in(
            "fixtures/test-boundary/src/lib.rs",
            "src/lib.rs",
            marker,
            needle,
        )
    }

    #[test]
    fn t1_exiting_tests_fail_with_the_boundarys_message_and_their_neighbours_pass() {
        let out = cargo_test(&[], false);
        let stdout = normalize(&out.stdout);
        assert_eq!(out.status, Some(101), "{out:#?}");
        for test in [
            "a1_exits_with_the_attribute_above_test",
            "a2_exits_with_the_attribute_below_test",
            "a3_exits_in_a_tokio_test_attribute_above",
            "a4_exits_in_a_tokio_test_attribute_below",
            "a5_exits_under_a_raw_identifier",
            "r#match",
        ] {
            assert!(
                stdout.contains(&format!("test tests::{test} ... FAILED\n")),
                "{test}: {stdout}"
            );
        }
        for test in [
            "b1_a_neighbour_passes",
            "b2_exiting_was_cleared_by_the_boundaries",
            "b3_catch_exit_still_asserts_on_an_exit",
            "b4_should_panic_sees_the_boundarys_message - should panic",
        ] {
            assert!(
                stdout.contains(&format!("test tests::{test} ... ok\n")),
                "{test}: {stdout}"
            );
        }
        assert!(stdout.contains("test tests::c1_an_unannotated_test_that_exits ... ignored"));
        assert!(
            stdout.contains("test result: FAILED. 6 passed; 6 failed; 1 ignored;"),
            "{stdout}"
        );

        // Each failure names the code and the `exit` call, and points at catch_exit.
        let exits = [
            (
                "a1_exits_with_the_attribute_above_test",
                2,
                site("parse_port", "exit(2)"),
            ),
            (
                "a2_exits_with_the_attribute_below_test",
                3,
                site("below", "exit(3)"),
            ),
            (
                "a3_exits_in_a_tokio_test_attribute_above",
                4,
                site("tokio above", "exit(4)"),
            ),
            (
                "a4_exits_in_a_tokio_test_attribute_below",
                5,
                site("tokio below", "exit(5)"),
            ),
            (
                "a5_exits_under_a_raw_identifier",
                6,
                site("raw identifier", "exit(6)"),
            ),
            ("r#match", 7, site("raw keyword", "exit(7)")),
        ];
        for (test, code, exit_site) in exits {
            let head = format!("thread 'tests::{test}' (ID) panicked at src/lib.rs:");
            let at = stdout
                .find(&head)
                .unwrap_or_else(|| panic!("no failure of {test}: {stdout}"));
            let message = stdout[at..].split_once('\n').unwrap().1;
            let expected = format!(
                "exit({code}) requested at {exit_site} ended this test, which fails it\n= help: to \
                 assert that code exits, run it inside `exit_policy::catch_exit`\n"
            );
            assert!(message.starts_with(&expected), "{test}: {message}");
        }
        // No hook ran, and nothing was reported as intercepted.
        assert!(!stdout.contains("a hook ran"), "{stdout}");
        assert!(!out.stderr.contains("intercepted"), "{}", out.stderr);
    }

    #[test]
    fn l1_the_trace_names_a_test_boundary() {
        let out = cargo_test(&["tests::a2_exits_with_the_attribute_below_test"], true);
        let stdout = normalize(&out.stdout);
        let line = format!(
            "exit-policy: trace: graceful exit stopped at the test's boundary (the test fails), status \
             3: exit(3) requested at {}, on thread 'tests::a2_exits_with_the_attribute_below_test', ",
            site("below", "exit(3)")
        );
        assert!(stdout.contains(&line), "expected {line:?} in {stdout}");
    }

    #[test]
    fn t1_without_the_attribute_an_exit_in_a_test_ends_the_whole_test_binary() {
        let out = cargo_test(
            &[
                "--ignored",
                "--exact",
                "tests::c1_an_unannotated_test_that_exits",
            ],
            false,
        );
        // cargo reports the test binary's own status.
        assert!(out.stderr.contains("(exit status: 7)"), "{out:#?}");
        assert!(
            out.stderr.contains(&format!(
                "exit-policy: exit(7) requested at {} was intercepted",
                site("unannotated", "exit(7)")
            )),
            "{out:#?}"
        );
        assert!(!out.stdout.contains("test result"), "{out:#?}");
    }

    #[test]
    fn g4_tests_that_assert_exits_run_beside_tests_with_checkpoints_20_times_in_a_row() {
        for run in 0..20 {
            let out = cargo_test(&["parallel", "--test-threads=2"], false);
            assert!(
                out.status == Some(0) && out.stdout.contains("test result: ok. 2 passed;"),
                "run {run}: {out:#?}"
            );
        }
    }
}
