//! Every example in `runtime/examples/` as a child process: what it prints, its exit status and the files it leaves. Each test is named by the rule it shows.

use crate::common::{Outcome, Running, run, scenario, scratch};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::SystemTime;

/// The files the service left in `dir`.
fn left_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the service's dir")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `worker_service` stopped in order: the workers were joined, the scratch
/// file removed, and every job reported on stdout is in the report, flushed
/// on the way out.
#[track_caller]
fn assert_stopped_in_order(out: &Outcome, dir: &Path) {
    let lines = out.lines();
    assert_eq!(
        lines[lines.len() - 2..],
        ["workers stopped", "scratch file removed"]
    );
    let jobs: Vec<&str> = lines[1..lines.len() - 2].to_vec();
    let report = std::fs::read_to_string(dir.join("report.txt")).expect("the report");
    assert_eq!(report.lines().collect::<Vec<_>>(), jobs, "{out:#?}");
    assert_eq!(left_in(dir), ["report.txt"]);
}

/// `worker_service` in `dir`, started.
fn worker_service(dir: &Path, args: &[&str]) -> Running {
    let mut command = example("worker_service");
    command.arg("--dir").arg(dir).args(args);
    Running::start(command)
}

/// The scratch dir the `cli` example announced on stderr.
fn cli_scratch(outcome: &Outcome) -> PathBuf {
    let line = outcome
        .stderr
        .lines()
        .find(|line| line.ends_with(" created"))
        .unwrap_or_else(|| panic!("no scratch dir announced: {outcome:?}"));
    let path = line
        .strip_prefix("cli: scratch dir ")
        .and_then(|rest| rest.strip_suffix(" created"))
        .expect("cli: scratch dir PATH created");
    PathBuf::from(path)
}

/// The report row whose label starts with `label`, split into its cells.
fn row<'a>(outcome: &'a Outcome, label: &str) -> Vec<&'a str> {
    let line = outcome
        .lines()
        .into_iter()
        .find(|line| line.starts_with(label))
        .unwrap_or_else(|| panic!("no report row {label:?} in:\n{}", outcome.stdout));
    line[label.len()..].split_whitespace().collect()
}

fn modified(path: &Path) -> SystemTime {
    path.metadata()
        .and_then(|meta| meta.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn newest(dir: &Path) -> SystemTime {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return SystemTime::UNIX_EPOCH;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| modified(&entry.path()))
        .max()
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Missing, or older than a source it is built from.
fn stale(binary: &Path) -> bool {
    let Ok(built) = binary.metadata().and_then(|meta| meta.modified()) else {
        return true;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    ["runtime/src", "runtime/examples", "macros/src"]
        .iter()
        .any(|dir| newest(&root.join(dir)) > built)
        || ["runtime/Cargo.toml", "macros/Cargo.toml"]
            .iter()
            .any(|file| modified(&root.join(file)) > built)
}

fn built_examples() -> PathBuf {
    // target/<profile>/deps/examples-<hash> -> target/<profile>
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .ancestors()
        .nth(2)
        .expect("test binary lives in target/<profile>/deps");
    let dir = profile_dir.join("examples");
    if EXAMPLES.iter().any(|name| stale(&dir.join(name))) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build.args([
            "build",
            "-p",
            "exit-policy",
            "--features",
            "clap,tokio",
            "--examples",
        ]);
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build --examples");
        assert!(
            status.success(),
            "cargo build -p exit-policy --examples failed"
        );
    }
    dir
}

/// The built example `name`, fresh.
fn example(name: &str) -> Command {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(built_examples);
    scenario(dir.join(name).to_str().expect("utf-8 path"))
}

const EXAMPLES: [&str; 6] = [
    "banking",
    "cli",
    "clap_cli",
    "tokio_service",
    "security_check",
    "worker_service",
];

#[test]
fn g3_the_banking_example_reports_what_each_variant_did() {
    // The demo works under std::env::temp_dir(): point that at an empty dir
    // to see that it cleans up after itself.
    let tmp = scratch("examples-banking");
    let mut command = example("banking");
    command.env("TMPDIR", &tmp);
    let outcome = run(command);
    assert_eq!(outcome.status, Some(0), "{outcome:?}");
    assert_eq!(outcome.stderr, "", "the parent prints its report on stdout");

    // status, audit line, temp file, tx committed, at_exit, stderr
    assert_eq!(
        row(&outcome, "panic!() (for contrast)"),
        [
            "0", "written", "removed", "YES,", "corrupt", "ran", "panic", "message"
        ],
    );
    assert_eq!(
        row(&outcome, "std::process::exit(1)"),
        ["1", "LOST", "LEFT", "no", "-", "nothing"],
    );
    assert_eq!(
        row(&outcome, "#[exit_policy(graceful)]"),
        ["1", "written", "removed", "no", "ran", "interception"],
    );
    assert_eq!(
        row(&outcome, "#[exit_policy(immediate)]"),
        ["1", "LOST", "LEFT", "no", "-", "nothing"],
    );

    // The graceful child's own words: its commit path saw the exit, and the
    // catch-all's drop of the request was reported once.
    let out = &outcome.stdout;
    assert!(
        out.contains("stdout: framework: commit refused, exit(1) is in progress"),
        "{out}"
    );
    assert_eq!(out.matches("was intercepted").count(), 1, "{out}");

    let left: Vec<_> = std::fs::read_dir(&tmp).expect("read tmp").collect();
    assert!(left.is_empty(), "the demo left {left:?} in its temp dir");
}

#[test]
fn g1_the_cli_example_exits_with_2_on_a_bad_argument_and_keeps_its_output() {
    let tmp = scratch("examples-cli-bad");
    let mut command = example("cli");
    command.env("TMPDIR", &tmp);
    let outcome = run(command);
    assert_eq!(outcome.status, Some(2), "{outcome:?}");
    // The results buffered before the bad argument were flushed by the unwind;
    // nothing after it was computed.
    assert_eq!(outcome.lines(), ["4^2 = 16", "7^2 = 49"], "{outcome:?}");
    assert!(
        outcome
            .stderr
            .contains("cli: error: `seven` is not a number"),
        "{outcome:?}"
    );
    let scratch = cli_scratch(&outcome);
    assert!(
        outcome
            .stderr
            .contains(&format!("cli: scratch dir {} removed", scratch.display())),
        "{outcome:?}"
    );
    assert!(scratch.starts_with(&tmp), "{}", scratch.display());
    assert!(
        !scratch.exists(),
        "scratch dir left behind: {}",
        scratch.display()
    );
    assert!(!outcome.stderr.contains("panicked"), "{outcome:?}");
}

#[test]
fn g9_the_cli_example_exits_with_0_on_good_arguments() {
    let tmp = scratch("examples-cli-good");
    let mut command = example("cli");
    command.env("TMPDIR", &tmp).args(["3", "5"]);
    let outcome = run(command);
    assert_eq!(outcome.status, Some(0), "{outcome:?}");
    assert_eq!(outcome.lines(), ["3^2 = 9", "5^2 = 25"], "{outcome:?}");
    let scratch = cli_scratch(&outcome);
    assert!(
        scratch.starts_with(&tmp) && !scratch.exists(),
        "{}",
        scratch.display()
    );
}

/// The `tokio_service` example on a free port of the loopback, with a
/// drain of `drain_ms`, once it listens; and its address.
fn tokio_service(drain_ms: &str) -> (Running, String) {
    let mut command = example("tokio_service");
    command.args(["--port", "0", "--drain-ms", drain_ms]);
    let mut service = Running::start(command);
    let line = service.wait_for_line_starting("listening on ");
    let address = line["listening on ".len()..].trim().to_owned();
    (service, address)
}

/// A client that reads every status as an answer, not an error.
fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// `GET` or `POST` (empty) `path` of the service at `address`: the status
/// and the body.
fn request(method: &str, address: &str, path: &str) -> (u16, String) {
    let url = format!("http://{address}{path}");
    let agent = http();
    let response = match method {
        "GET" => agent.get(&url).call(),
        _ => agent.post(&url).send_empty(),
    };
    let mut response = response.unwrap_or_else(|error| panic!("{method} {path}: {error}"));
    let body = response.body_mut().read_to_string().expect("a text body");
    (response.status().as_u16(), body)
}

#[test]
#[cfg(unix)]
fn g10_the_tokio_service_example_stops_from_its_admin_route_after_draining() {
    let (mut service, address) = tokio_service("1500");
    assert_eq!(request("GET", &address, "/ready"), (200, "ready\n".into()));
    // SIGHUP is the program's own (S1): it reloads and keeps serving.
    service.signal("HUP");
    service.wait_for("reload: configuration reloaded");
    assert_eq!(request("POST", &address, "/jobs"), (202, "queued\n".into()));
    service.wait_for("worker: job 1 done");
    // The admin route is answered: request_exit returns (G10).
    assert_eq!(
        request("POST", &address, "/admin/stop"),
        (202, "stopping\n".into())
    );
    // During the drain the readiness check fails and the rest is served
    // (O3); the job queued now is done before the worker ends.
    assert_eq!(
        request("GET", &address, "/ready"),
        (503, "draining\n".into())
    );
    assert_eq!(request("POST", &address, "/jobs"), (202, "queued\n".into()));
    let (out, _) = service.finish();
    assert_eq!(out.status, Some(3), "{out:#?}");
    assert_eq!(
        out.lines()[1..],
        [
            "reload: configuration reloaded",
            "worker: job 1 done",
            "admin: stop requested",
            "worker: job 2 done",
            "server: shutting down (3): no new connections",
            "server: every request in flight answered",
            "worker: done",
            "at_exit: stopped with status 3",
        ],
        "{out:#?}"
    );
    assert_eq!(out.stderr, "", "{out:#?}");
}

#[test]
#[cfg(unix)]
fn s5_the_tokio_service_example_answers_a_slow_request_in_flight_then_dies_by_sigterm() {
    let (mut service, address) = tokio_service("300");
    let slow = std::thread::spawn(move || request("GET", &address, "/slow"));
    service.wait_for("slow: started");
    service.signal("TERM");
    assert_eq!(slow.join().unwrap(), (200, "slow: done\n".into()));
    let (out, _) = service.finish();
    assert_eq!(out.signal, Some(15), "{out:#?}");
    assert_eq!(
        out.lines()[1..],
        [
            "slow: started",
            "server: shutting down (143): no new connections",
            "slow: answered",
            "server: every request in flight answered",
            "worker: done",
            "at_exit: stopped with status 143",
        ],
        "{out:#?}"
    );
    assert_eq!(out.stderr, "", "{out:#?}");
}

#[test]
#[cfg(unix)]
fn k1_the_tokio_service_example_stops_with_101_when_a_handler_panics() {
    let (service, address) = tokio_service("300");
    // hyper catches the panic and drops the connection: no answer.
    let agent = http();
    assert!(
        agent
            .get(&format!("http://{address}/panic"))
            .call()
            .is_err()
    );
    let (out, _) = service.finish();
    assert_eq!(out.status, Some(101), "{out:#?}");
    assert_eq!(
        out.lines()[1..],
        [
            "server: shutting down (101): no new connections",
            "server: every request in flight answered",
            "worker: done",
            "at_exit: stopped with status 101",
        ],
        "{out:#?}"
    );
    assert!(
        out.stderr
            .contains("panicked at runtime/examples/tokio_service.rs")
            && out.stderr.contains("a bug in a handler"),
        "{out:#?}"
    );
}

#[test]
fn i1_the_security_check_example_ends_at_once_on_a_tampered_token() {
    let outcome = run(example("security_check"));
    assert_eq!(outcome.status, Some(77), "{outcome:?}");
    let last = outcome.lines().last().copied();
    assert_eq!(
        last,
        Some("verify: `tampered:0xdead` is not signed: exit(77), and nothing else runs"),
        "{outcome:?}"
    );
    assert!(!outcome.stdout.contains("MUST NOT APPEAR"), "{outcome:?}");
    assert_eq!(outcome.stderr, "", "{outcome:?}");
}

#[test]
fn i1_the_security_check_example_passes_a_signed_token() {
    let mut command = example("security_check");
    command.arg("signed:ok");
    let outcome = run(command);
    assert_eq!(outcome.status, Some(0), "{outcome:?}");
    assert!(
        outcome
            .stdout
            .contains("security_check: `signed:ok` is valid"),
        "{outcome:?}"
    );
    // On success, the ordinary end: destructors and hooks run.
    assert!(outcome.stdout.contains("session: saved"), "{outcome:?}");
    assert!(
        outcome.stdout.contains("at_exit: hook ran, status 0"),
        "{outcome:?}"
    );
}

#[test]
#[cfg(unix)]
fn s1_the_worker_service_example_stops_cleanly_on_sigint_and_dies_by_it() {
    let dir = scratch("examples-worker-service-sigint");
    let mut service = worker_service(&dir, &[]);
    service.wait_for("ready: press Ctrl-C to stop, twice to stop at once");
    service.signal("INT");
    let (out, _) = service.finish();
    assert_eq!(out.signal, Some(2), "{out:#?}");
    assert_eq!(
        out.stderr, "worker_service: stopped, status 130\n",
        "{out:#?}"
    );
    assert_stopped_in_order(&out, &dir);
}

#[test]
#[cfg(unix)]
fn s4_the_worker_service_example_stops_a_stuck_shutdown_at_once_on_a_second_sigint() {
    let dir = scratch("examples-worker-service-twice");
    let mut service = worker_service(&dir, &["--hang"]);
    service.wait_for("ready: press Ctrl-C to stop, twice to stop at once");
    service.signal("INT");
    service.wait_for("uploading the report... (stuck)");
    service.signal("INT");
    let (out, _) = service.finish();
    assert_eq!(out.signal, Some(2), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::second_signal("SIGINT"),
        "no hook ran: {out:#?}"
    );
    // Nothing after the stuck upload ran: the scratch file is still there.
    assert_eq!(left_in(&dir), ["report.txt", "scratch.tmp"]);
}

#[test]
#[cfg(unix)]
fn d1_the_worker_service_example_cuts_a_stuck_shutdown_at_the_deadline() {
    let dir = scratch("examples-worker-service-deadline");
    let mut service = worker_service(&dir, &["--hang", "--deadline-ms", "200"]);
    service.wait_for("ready: press Ctrl-C to stop, twice to stop at once");
    service.signal("TERM");
    let stuck = service.wait_for("uploading the report... (stuck)");
    let (out, ended) = service.finish();
    assert_eq!(out.signal, Some(15), "{out:#?}");
    assert_eq!(
        out.stderr,
        crate::common::deadline_cut("SIGTERM", &crate::common::running_thread("main"), 143),
        "{out:#?}"
    );
    assert!(ended - stuck < std::time::Duration::from_millis(1_200));
    assert_eq!(left_in(&dir), ["report.txt", "scratch.tmp"]);
}

#[test]
fn k1_the_worker_service_example_stops_in_order_with_101_on_a_workers_panic() {
    let dir = scratch("examples-worker-service-panic");
    let service = worker_service(&dir, &["--panic-after", "3"]);
    let (out, _) = service.finish();
    assert_eq!(out.status, Some(101), "{out:#?}");
    let panicked = crate::common::normalize(&out.stderr);
    assert!(
        panicked.starts_with("\nthread '<unnamed>' (ID) panicked at runtime/examples/"),
        "std's message, unchanged: {out:#?}"
    );
    assert!(
        panicked.contains("\nworker 1: a bug in job 5\n"),
        "{out:#?}"
    );
    assert!(
        out.stderr
            .ends_with("\nworker_service: stopped, status 101\n"),
        "{out:#?}"
    );
    assert_stopped_in_order(&out, &dir);
}

/// What `clap_cli` says on stderr around whatever clap prints there.
fn session(between: &str) -> String {
    format!("squares: session opened\n{between}squares: session closed\n")
}

#[test]
fn c1_the_clap_example_runs_as_clap_would() {
    let mut command = example("clap_cli");
    command.arg("3");
    let out = run(command);
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stdout, "1\n4\n9\n", "{out:#?}");
    assert_eq!(out.stderr, session(""), "{out:#?}");
}

#[test]
fn c1_version_is_printed_then_the_guard_drops_and_the_status_is_0() {
    let mut command = example("clap_cli");
    command.arg("--version");
    let out = run(command);
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stdout, "squares 0.1.0\n", "{out:#?}");
    assert_eq!(out.stderr, session(""), "{out:#?}");
}

#[test]
fn c1_a_bad_argument_prints_clap_s_error_drops_the_guard_and_ends_with_2() {
    let mut command = example("clap_cli");
    command.arg("five");
    let out = run(command);
    assert_eq!(out.status, Some(2), "{out:#?}");
    assert_eq!(out.stdout, "", "{out:#?}");
    assert_eq!(
        out.stderr,
        session(
            "error: invalid value 'five' for '<COUNT>': invalid digit found in string\n\n\
             For more information, try '--help'.\n"
        ),
        "{out:#?}"
    );
}

#[test]
fn c1_help_into_a_reader_that_has_gone_is_no_error() {
    let mut command = example("clap_cli");
    command.arg("--help");
    let (out, _) = Running::start_into_a_closed_pipe(command).finish();
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stderr, session(""), "{out:#?}");
}

#[test]
fn c2_the_clap_example_into_a_closed_pipe_ends_quietly_with_0() {
    let mut command = example("clap_cli");
    command.arg("100000");
    let (out, _) = Running::start_into_a_closed_pipe(command).finish();
    assert_eq!(out.status, Some(0), "{out:#?}");
    assert_eq!(out.stderr, session(""), "{out:#?}");
}

#[test]
fn c2_the_cli_example_into_a_closed_pipe_ends_quietly_with_0_and_cleans_up() {
    // Enough output to fill the example's `BufWriter` many times over.
    let mut command = example("cli");
    command.args(std::iter::repeat_n("3", 3_000));
    let (out, _) = Running::start_into_a_closed_pipe(command).finish();
    assert_eq!(out.status, Some(0), "{out:#?}");
    let scratch = cli_scratch(&out);
    assert!(
        out.stderr
            .ends_with(&format!("cli: scratch dir {} removed\n", scratch.display())),
        "{out:#?}"
    );
    assert!(!out.stderr.contains("panicked"), "{out:#?}");
    assert!(!scratch.exists());
}
