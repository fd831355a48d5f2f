//! Runs a scenario binary as a child process and captures what it did.

#![allow(dead_code)] // each test file uses a different part

use std::io::Read;
#[cfg(unix)]
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a child process did, seen from outside.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status, if it exited.
    pub status: Option<i32>,
    /// The signal that killed it, if one did (SIGABRT is 6).
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Stdout as lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

// The scenario programs (`tests/src/bin`): one for the cases that run under
// an annotated `main` (a folder per letter), one for the cases whose `main`
// carries no attribute, and the programs whose `main` itself is the case.
pub const SCENARIOS: &str = env!("CARGO_BIN_EXE_scenarios");
pub const PLAIN_MAIN: &str = env!("CARGO_BIN_EXE_plain_main");
pub const P3_THREAD_DOES_NOT_INHERIT: &str = env!("CARGO_BIN_EXE_p3_thread_does_not_inherit");

/// A command for the scenario program at `path` (one of the constants
/// above, or a copy of one), with a clean environment for panics: no
/// backtrace unless a test asks.
pub fn scenario(path: &str) -> Command {
    let mut command = Command::new(path);
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    command
}

/// How long a scenario may take before it is taken for hung: every one ends
/// in well under a second, so a hang fails its test quickly (and a broken
/// end that hangs everything fails the suite in minutes, not hours).
pub const HANG: Duration = Duration::from_secs(10);

/// A command that runs the case `name` of the scenario program `program`.
pub fn case(program: &str, name: &str) -> Command {
    let mut command = scenario(program);
    command.arg(name);
    command
}

/// Runs `command` to completion (at most [`HANG`], then it is killed and the
/// test fails) and captures status, signal, stdout and stderr.
pub fn run(command: Command) -> Outcome {
    Running::start(command).finish().0
}

/// Runs a `cargo` command to completion, with room for a cold build.
pub fn run_cargo(command: Command) -> Outcome {
    Running::start(command)
        .with_time_limit(Duration::from_secs(900))
        .finish()
        .0
}

/// A fresh, empty directory for one test's files, under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs the scenario binary `path` with `args`.
pub fn bin(path: &str, args: &[&str]) -> Outcome {
    let mut command = scenario(path);
    command.args(args);
    run(command)
}

/// `path:line:column` of `needle` on the line of the scenario file `file`
/// (`.rs` optional: `tests/src/bin/<file>`, or a case's module in one of
/// the programs' folders) that ends with `// SITE: <marker>`: what
/// `Location` prints for a call there, without hard-coding line numbers.
pub fn site(file: &str, marker: &str, needle: &str) -> String {
    let file = if Path::new(file).extension().is_some() {
        file.to_owned()
    } else {
        format!("{file}.rs")
    };
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin");
    let relative = [
        "scenarios/b",
        "scenarios/c",
        "scenarios/d",
        "scenarios/g",
        "scenarios/h",
        "scenarios/i",
        "scenarios/k",
        "scenarios/l",
        "scenarios/o",
        "scenarios/s",
        "plain_main",
    ]
    .iter()
    .map(|dir| format!("{dir}/{file}"))
    .find(|relative| bin.join(relative).exists())
    .unwrap_or(file);
    site_in(
        &format!("src/bin/{relative}"),
        &format!("tests/src/bin/{relative}"),
        marker,
        needle,
    )
}

/// The same for any file under `tests/` (`path`), as `Location` shows it
/// (`shown`: relative to the workspace, or to a fixture crate).
pub fn site_in(path: &str, shown: &str, marker: &str, needle: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let source = std::fs::read_to_string(&path).expect("read the source");
    let tag = format!("// SITE: {marker}");
    let (index, line) = source
        .lines()
        .enumerate()
        .find(|(_, line)| line.ends_with(&tag))
        .unwrap_or_else(|| panic!("no `{tag}` in {}", path.display()));
    let column = line.find(needle).expect("needle on the marked line") + 1;
    format!("{shown}:{}:{column}", index + 1)
}

/// What std prints for a panic on the main thread, without a backtrace.
pub fn std_panic(site: &str, message: &str) -> String {
    std_panic_on("main", site, message)
}

/// What std prints for a panic on the thread named `thread` (`<unnamed>`
/// for none), without a backtrace.
pub fn std_panic_on(thread: &str, site: &str, message: &str) -> String {
    format!(
        "\nthread '{thread}' (ID) panicked at {site}:\n{message}\nnote: run with \
         `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
    )
}

/// The one line G3 prints when a request is caught and dropped.
pub fn intercepted(code: i32, site: &str) -> String {
    format!(
        "exit-policy: exit({code}) requested at {site} was intercepted: a catch_unwind (or a \
         thread or task join) caught it and dropped it instead of passing it to \
         `exit_policy::resume_if_exit`; ending the process here with status {code}\n"
    )
}

/// G7: the line for a worker's exit dropped by its own thread's end, with
/// nobody joining it.
pub fn unjoined(code: i32, site: &str) -> String {
    format!(
        "exit-policy: exit({code}) requested at {site} was dropped when thread '<unnamed>' ended, \
         because nobody joined it; ending the process here with status {code}. To end the \
         process from a thread nobody joins, call `exit_policy::request_exit({code})` (main's \
         destructors and the hooks run) or `exit_policy::exit_now({code})` (nothing runs)\n"
    )
}

/// G7: the line for a worker's exit dropped while `thread` panicked (an
/// `.unwrap()` on a join's result).
pub fn dropped_in_a_panic(request: &str, thread: &str, code: i32) -> String {
    format!(
        "exit-policy: {request} was dropped while thread '{thread}' panicked, as `.unwrap()` or \
         `.expect()` on a join's result does; ending the process here with status {code}. \
         Forward a worker's exit with `.forward_exit()` (`exit_policy::ForwardExit`) on the \
         join's result instead\n"
    )
}

// One helper per line the runtime prints, so that no test copies a
// message: `request` and `earlier` are how the runtime names a request
// (`exit(3) requested at FILE:LINE:COL`, or `SIGTERM`).

/// How the runtime names the request `exit(code)` made at `site`.
pub fn requested(code: i32, site: &str) -> String {
    format!("exit({code}) requested at {site}")
}

/// How the runtime names the request `exit_now(code)` made at `site` (C3).
pub fn requested_now(code: i32, site: &str) -> String {
    format!("exit_now({code}) requested at {site}")
}

/// G6: a request made while its thread unwinds for another.
pub fn came_while_unwinding(request: &str, current: &str, status: i32) -> String {
    format!(
        "exit-policy: {request} came while this thread was unwinding for {current}; ending the \
         process now with status {status}\n"
    )
}

/// G6: a request made while its thread unwinds for a panic.
pub fn came_during_a_panic(request: &str, status: i32) -> String {
    format!(
        "exit-policy: {request} came while this thread was unwinding for a panic and cannot \
         unwind again; ending the process now with status {status}\n"
    )
}

/// G6: an immediate request during a shutdown with another code.
pub fn ends_at_once_with_the_earlier(request: &str, status: i32, earlier: &str) -> String {
    format!(
        "exit-policy: {request} ends the process at once, with status {status} from the earlier \
         {earlier}\n"
    )
}

/// G6, H1: an exit asked for by an `at_exit` hook.
pub fn hook_exit_ignored(request: &str, status: i32) -> String {
    format!(
        "exit-policy: {request} from an at_exit hook was ignored: the process is already ending \
         with status {status}\n"
    )
}

/// H1: a hook that panicked.
pub fn hook_panicked(status: i32) -> String {
    format!(
        "exit-policy: an at_exit hook panicked; the remaining hooks still run and the status \
         stays {status}\n"
    )
}

/// G9: a code whose low byte is zero.
pub fn low_byte_zero(code: i32) -> String {
    format!(
        "exit-policy: exit code {code} would read as 0 (success) because the OS keeps only its \
         low 8 bits; exiting with status 1 instead\n"
    )
}

/// S4: a second handled signal, by name (`SIGINT`).
pub fn second_signal(name: &str) -> String {
    format!(
        "exit-policy: a second signal, {name}, arrived while shutting down; ending the process \
         now, without destructors or hooks\n"
    )
}

/// D1: a 200 ms deadline cut the shutdown for `what`.
pub fn deadline_cut(what: &str, running: &str, status: i32) -> String {
    format!(
        "exit-policy: the shutdown for {what} did not end within 200ms: {running}; ending the \
         process now with status {status}\n"
    )
}

/// O4: what the deadline's line says was running: a thread's destructors.
pub fn running_thread(name: &str) -> String {
    format!("thread '{name}' was still running its destructors")
}

/// O4: what the deadline's line says was running: a hook.
pub fn running_hook(site: &str) -> String {
    format!("the at_exit hook registered at {site} was still running")
}

/// O4: what the deadline's line says when no thread unwound for it.
pub const RUNNING_NOTHING: &str = "no thread was unwinding for it: main had not come to its end \
     (does its loop reach a checkpoint() or await exit_requested()?)";

/// Replaces the thread id std prints (`thread 'main' (12345)`) with `ID`.
pub fn normalize(stderr: &str) -> String {
    let mut out = String::with_capacity(stderr.len());
    let mut rest = stderr;
    while let Some(at) = rest.find("' (") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && tail[digits..].starts_with(')') {
            out.push_str("ID");
            rest = &tail[digits..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The stdout of a program that printed each of `lines`.
pub fn lines(lines: &[&str]) -> String {
    lines.iter().flat_map(|line| [*line, "\n"]).collect()
}

/// Asserts the exact outcome: exited (no signal) with `status`, and exactly
/// this stdout and stderr (thread ids normalized).
#[track_caller]
pub fn assert_outcome(out: &Outcome, status: i32, stdout: &str, stderr: &str) {
    assert_eq!(out.signal, None, "killed by a signal: {out:#?}");
    assert_eq!(out.status, Some(status), "status: {out:#?}");
    assert_eq!(out.stdout, stdout, "stdout: {out:#?}");
    assert_eq!(normalize(&out.stderr), stderr, "stderr: {out:#?}");
}

/// Starts `command`. Under Wine, creating a process fails now and then
/// with `ERROR_INTERNAL_ERROR` (1359), about once in a few thousand spawns
/// when many start at once: the child never ran a line of its own, so
/// starting it again hides nothing about how it ends. Windows itself does
/// not fail that way for a binary that exists; every other error is the
/// test's.
fn spawn(command: &mut Command) -> std::io::Result<std::process::Child> {
    const ERROR_INTERNAL_ERROR: i32 = 1359;
    let mut attempts = 1;
    loop {
        match command.spawn() {
            Err(e)
                if cfg!(windows)
                    && e.raw_os_error() == Some(ERROR_INTERNAL_ERROR)
                    && attempts < 5 =>
            {
                attempts += 1;
            }
            result => return result,
        }
    }
}

/// Runs `program` with `args` on a pseudo-terminal
/// (`fixtures/ctrl_c_at_a_terminal.py`) and types Ctrl-C after each of
/// `markers` in turn; stdout is what the terminal showed, then how the
/// program ended.
pub fn ctrl_c_at_a_terminal(
    markers: &[&str],
    program: impl AsRef<std::ffi::OsStr>,
    args: &[&str],
) -> Outcome {
    let mut command = Command::new("python3");
    command.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/ctrl_c_at_a_terminal.py"
    ));
    for marker in markers {
        command.args(["--ctrl-c-after", marker]);
    }
    command.arg(program).args(args).env_remove("RUST_BACKTRACE");
    run(command)
}

/// What the terminal showed, without the echoed keystrokes (`^C`).
pub fn shown(out: &Outcome) -> String {
    out.stdout.replace("^C", "")
}

/// A child process still running: its stdout arrives line by line, so a
/// test can wait for the line that says the child is ready, then act.
pub struct Running {
    child: std::process::Child,
    /// Each complete line of stdout, as it arrives.
    lines: std::sync::mpsc::Receiver<String>,
    /// The lines read so far, for messages.
    seen: Vec<String>,
    /// All of stdout, exactly as written (a last line may lack its newline).
    stdout: std::thread::JoinHandle<String>,
    stderr: std::thread::JoinHandle<String>,
    /// How long it may run, and how long a line may take to come.
    limit: Duration,
}

impl Running {
    /// Starts `command` with piped output.
    pub fn start(command: Command) -> Running {
        Running::start_with(command, Stdio::piped())
    }

    /// Starts `command` with stdout a pipe whose reader has gone before the
    /// child starts (`prog | head -0`): every write to it fails with a
    /// broken pipe, whenever it comes. Stdout reads as empty.
    // `std::io::pipe` is newer than the crates' minimum Rust; the tests run
    // on the pinned toolchain only, and the minimum is checked by building
    // the published crates with it.
    #[allow(clippy::incompatible_msrv)]
    pub fn start_into_a_closed_pipe(command: Command) -> Running {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        Running::start_with(command, writer.into())
    }

    fn start_with(mut command: Command, stdout: Stdio) -> Running {
        command
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped());
        let mut child = spawn(&mut command).expect("spawn scenario");
        let stdout = child.stdout.take();
        let mut stderr = child.stderr.take().expect("stderr");
        let (send, lines) = std::sync::mpsc::channel();
        let stdout = std::thread::spawn(move || {
            let Some(mut stdout) = stdout else {
                return String::new();
            };
            let mut all = Vec::new();
            let mut chunk = [0; 4096];
            let mut line_start = 0;
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                all.extend_from_slice(&chunk[..n]);
                while let Some(end) = all[line_start..].iter().position(|&b| b == b'\n') {
                    let line = String::from_utf8_lossy(&all[line_start..line_start + end]);
                    let _ = send.send(line.into_owned());
                    line_start += end + 1;
                }
            }
            String::from_utf8(all).expect("utf-8 stdout")
        });
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            stderr.read_to_string(&mut s).expect("utf-8 stderr");
            s
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
            stdout,
            stderr,
            limit: HANG,
        }
    }

    /// Allows the child `limit` instead of [`HANG`].
    #[must_use]
    pub fn with_time_limit(mut self, limit: Duration) -> Running {
        self.limit = limit;
        self
    }

    /// Reads stdout until the line `wanted` arrives (within the time limit);
    /// returns when it did.
    #[track_caller]
    pub fn wait_for(&mut self, wanted: &str) -> Instant {
        let deadline = Instant::now() + self.limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                let _ = self.child.kill();
                panic!(
                    "no line {wanted:?} from the child; it printed {:#?}",
                    self.seen
                );
            };
            let done = line == wanted;
            self.seen.push(line);
            if done {
                return Instant::now();
            }
        }
    }

    /// Reads stdout until a line that starts with `prefix` arrives (within
    /// the time limit); returns that line.
    #[track_caller]
    pub fn wait_for_line_starting(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + self.limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                let _ = self.child.kill();
                panic!(
                    "no line starting {prefix:?} from the child; it printed {:#?}",
                    self.seen
                );
            };
            self.seen.push(line.clone());
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    /// Sends the signal named `name` (`TERM`, `INT`, ...) with `kill`.
    #[cfg(unix)]
    pub fn signal(&self, name: &str) {
        signal_pid(self.child.id(), name);
    }

    /// The process id of the child.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the child to end (within the time limit, then it is killed
    /// and the test fails); returns what it did and when it ended.
    pub fn finish(mut self) -> (Outcome, Instant) {
        let deadline = Instant::now() + self.limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "the child hung for {:?} and was killed; stdout: {:#?}",
                    self.limit, self.seen
                );
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let ended = Instant::now();
        let outcome = Outcome {
            status: status.code(),
            signal: killed_by(status),
            stdout: self.stdout.join().expect("stdout reader"),
            stderr: self.stderr.join().expect("stderr reader"),
        };
        (outcome, ended)
    }
}

/// Sends the signal named `name` (`TERM`, `INT`, ...) to process `pid`
/// with `kill`.
#[cfg(unix)]
pub fn signal_pid(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -s {name} {pid} failed");
}

/// The signal that killed the child, on Unix; Windows has none.
fn killed_by(status: std::process::ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    return status.signal();
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// Asserts the exact outcome of a child killed by `signal`.
#[track_caller]
pub fn assert_killed(out: &Outcome, signal: i32, stdout: &str, stderr: &str) {
    assert_eq!(out.signal, Some(signal), "signal: {out:#?}");
    assert_eq!(out.stdout, stdout, "stdout: {out:#?}");
    assert_eq!(normalize(&out.stderr), stderr, "stderr: {out:#?}");
}

/// The target directory the fixture crates build in: the workspace's own.
/// Cargo releases its lock on it once the tests are built, and the macro
/// crate and its dependencies (syn, quote) are built there already, with
/// the features a fixture gives them, so no fixture builds them again. Each
/// fixture is its own workspace; cargo locks the directory while one builds,
/// so they build one at a time.
pub fn fixtures_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .to_path_buf()
}
