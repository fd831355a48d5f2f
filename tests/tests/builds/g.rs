//! G8: graceful exits under `panic = "abort"`, checked on a fixture crate
//! built with that profile.

mod panic_abort {
    //! G8: a binary whose whole dependency graph, the runtime included, is
    //! built with `panic = "abort"` (the fixture crate in
    //! `tests/fixtures/panic-abort`). A graceful exit runs the hooks, flushes
    //! stdout and ends with its code: no destructor, and never SIGABRT.

    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;

    use crate::common::{Outcome, run};

    /// Builds the fixture once per test binary (it is its own workspace,
    /// with its own profile) and returns the path of its binary.
    fn fixture() -> &'static Path {
        static BINARY: OnceLock<PathBuf> = OnceLock::new();
        BINARY.get_or_init(|| {
            let manifest =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/panic-abort/Cargo.toml");
            let target = crate::common::fixtures_target();
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .arg("build")
                .arg("--quiet")
                .arg("--manifest-path")
                .arg(&manifest)
                .env("CARGO_TARGET_DIR", &target)
                .status()
                .expect("run cargo build for the panic-abort fixture");
            assert!(status.success(), "building {} failed", manifest.display());
            target.join("debug/exit-policy-panic-abort")
        })
    }

    fn run_abort(mode: &str) -> Outcome {
        let mut command = crate::common::scenario(fixture().to_str().expect("utf-8 path"));
        command.arg(mode);
        run(command)
    }

    /// `src/main.rs:line:column` of `needle` on the fixture's line that ends
    /// with `// SITE: <marker>`.
    fn site(marker: &str, needle: &str) -> String {
        crate::common::site_in(
            "fixtures/panic-abort/src/main.rs",
            "src/main.rs",
            marker,
            needle,
        )
    }

    #[track_caller]
    fn assert_outcome(out: &Outcome, status: i32, stdout: &str, stderr: &str) {
        assert_eq!(
            out.signal, None,
            "killed by a signal (SIGABRT is 6): {out:#?}"
        );
        assert_eq!(out.status, Some(status), "status: {out:#?}");
        assert_eq!(out.stdout, stdout, "stdout: {out:#?}");
        assert_eq!(out.stderr, stderr, "stderr: {out:#?}");
    }

    fn hooks(status: i32) -> String {
        format!("hook registered last: status {status}\nhook registered first: status {status}\n")
    }

    #[test]
    fn g8_graceful_exit_runs_hooks_flushes_stdout_and_no_destructor() {
        let out = run_abort("deep");
        assert_outcome(
            &out,
            3,
            "main: deep\na partial line, not flushed yet;",
            &hooks(3),
        );
    }

    #[test]
    fn g8_graceful_exit_on_a_spawned_thread_ends_the_process_with_its_code() {
        let out = run_abort("thread");
        assert_outcome(
            &out,
            5,
            "main: thread\na partial line from the worker;",
            &hooks(5),
        );
    }

    #[test]
    fn g8_graceful_exit_in_an_async_fn_after_an_await() {
        let out = run_abort("async");
        assert_outcome(
            &out,
            6,
            "main: async\na partial line from async code;",
            &hooks(6),
        );
    }

    #[test]
    fn g8_exit_from_a_hook_is_ignored_without_sigabrt() {
        let out = run_abort("hook-exits");
        assert_outcome(
            &out,
            3,
            "main: hook-exits\na partial line, not flushed yet;",
            &format!(
                "hook registered last: status 3\nhook registered second: asking for exit(9)\n\
                 {}hook registered first: status 3\n",
                crate::common::hook_exit_ignored(
                    &crate::common::requested(9, &site("hook exit", "exit(9)")),
                    3
                ),
            ),
        );
    }

    #[test]
    fn g8_a_hook_that_joins_a_worker_stopped_at_its_checkpoint_returns() {
        let out = run_abort("hook-joins-a-worker");
        assert_eq!(out.status, Some(3), "{out:#?}");
        assert_eq!(
            out.stdout, "main: hook-joins-a-worker\na partial line, not flushed yet;",
            "{out:#?}"
        );
        assert_eq!(
            out.stderr,
            "hook registered last: status 3\nworker: stopped at the flag\nhook registered \
             second: joined the worker\nhook registered first: status 3\n",
            "{out:#?}"
        );
    }

    #[test]
    fn g6_an_exit_from_a_thread_local_destructor_as_the_process_ends_changes_nothing() {
        let out = run_abort("thread-local-exits");
        assert_outcome(
            &out,
            3,
            "main: thread-local-exits\na partial line, not flushed yet;",
            &format!("{}thread-local: asking for exit(9)\n", hooks(3)),
        );
    }

    #[test]
    fn g8_immediate_exit_runs_no_hook_and_loses_the_partial_line() {
        let out = run_abort("immediate");
        assert_outcome(&out, 4, "main: immediate\n", "");
    }

    #[test]
    fn g8_after_a_hooks_exit_the_trace_still_names_the_first_request() {
        let mut command = crate::common::scenario(fixture().to_str().expect("utf-8 path"));
        command.arg("hook-exits").env("EXIT_POLICY_TRACE", "1");
        let out = run(command);
        assert_eq!(out.status, Some(3), "{out:#?}");
        let expected = format!(
            "exit-policy: trace: graceful end, status 3: exit(3) requested at {}, on thread 'main', ",
            site("deep exit", "exit(3)")
        );
        let trace = out
            .stderr
            .lines()
            .find(|line| line.starts_with("exit-policy: trace: "));
        assert!(
            trace.is_some_and(|line| line.starts_with(&expected)),
            "expected {expected:?} in {out:#?}"
        );
    }
}
