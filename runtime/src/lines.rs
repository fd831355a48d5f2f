//! Every line this crate prints, one function per line, so that they read
//! alike and a change of wording is made in one place. Nothing else in the
//! crate writes to stderr or to the program's logger (a test below checks
//! the sources), except clap's own output, which `args.rs` has clap print
//! (C1).
//!
//! A line goes to the program's logger when the `log` feature is on and the
//! logger takes records of its level for the target `exit_policy` (L2);
//! otherwise to stderr, prefixed with the crate's name. Never both, and
//! never neither. The lines of an end at once (a second signal, the
//! deadline, an immediate exit) go straight to stderr, never to the logger:
//! that end waits for nothing user code can hold (a logger, std's stderr
//! lock), and allocates nothing.
//!
//! Every line for stderr is formatted into a buffer on the stack, then
//! written with one `write` to file descriptor 2: no lock, no allocation,
//! and a pipe or console that other threads or processes share gets it
//! whole. The one exception is the trace at a test's boundary, which goes
//! through std's `eprint!` so that the test harness captures it with the
//! test's output.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use crate::{os, termination};

#[cfg(feature = "signals")]
use crate::request::SignalName;
use crate::request::{Cause, Exit};

/// How much a line matters, for a logger (L2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// Something went wrong: a deadline cut, a hook that panicked, a panic.
    Error,
    /// Worth a look, though the process ends as it should: an interception,
    /// a request that came during an unwind, an exit with a nonzero code.
    Warn,
    /// The orderly course: a signal, `exit(0)`, the trace.
    Info,
}

/// Where a line goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum To {
    /// The program's logger if it takes the line, otherwise stderr.
    LoggerOrStderr,
    /// Stderr only: the line of an end at once.
    Stderr,
    /// The program's logger if it takes the line, otherwise std's stderr,
    /// which a test harness captures: a line about a test that goes on.
    LoggerOrTestOutput,
}

/// How an end came about, as the trace line (L1) says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// A graceful exit (or signal) that unwound to its boundary.
    Graceful,
    /// A graceful exit whose payload was dropped without `catch_exit`
    /// (G3), as the line says how (G7).
    Intercepted(Dropped),
    /// An immediate exit (I1, I2).
    Immediate,
    /// A second handled signal (S4). Only signal handling makes one.
    #[cfg(feature = "signals")]
    SecondSignal,
    /// The deadline passed (D1).
    Deadline,
    /// A test's boundary stopped the exit: the test fails, the process goes
    /// on (T1).
    TestBoundary,
}

impl How {
    /// Where the lines of this end go: an end at once waits for no logger.
    fn to(self) -> To {
        match self {
            How::Graceful | How::Intercepted(_) => To::LoggerOrStderr,
            How::TestBoundary => To::LoggerOrTestOutput,
            #[cfg(feature = "signals")]
            How::SecondSignal => To::Stderr,
            How::Immediate | How::Deadline => To::Stderr,
        }
    }
}

/// How an intercepted request's payload was dropped, as far as can be
/// told (G7): the line never blames a `catch_unwind` that does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dropped {
    /// By a catch, a join handle or a task's result that was thrown away.
    Caught,
    /// By its own thread after the thread's body was over: nobody joined
    /// the thread.
    ThreadEnded,
    /// On a thread that panicked, not for an exit: what `.unwrap()` or
    /// `.expect()` on a join's result does.
    InAPanic,
}

/// What a shutdown was still doing when its deadline passed (O4).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Running<'a> {
    /// The `at_exit` hook registered there.
    Hook(&'static std::panic::Location<'static>),
    /// The drain delay had not passed.
    Draining,
    /// The thread of this name was ending the process, past its hooks.
    Ending(&'a str),
    /// The thread of this name was unwinding for the shutdown.
    Unwinding(&'a str),
    /// No thread unwound for it: `main` had not come to its end.
    Nothing,
}

impl fmt::Display for Running<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Running::Hook(at) => write!(f, "the at_exit hook registered at {at} was still running"),
            Running::Draining => f.write_str("it was still draining (set_drain_delay)"),
            Running::Ending(name) => write!(
                f,
                "thread '{name}' was still ending the process, past the hooks (a libc atexit \
                 handler, or a thread-local's destructor)"
            ),
            Running::Unwinding(name) => {
                write!(f, "thread '{name}' was still running its destructors")
            }
            Running::Nothing => f.write_str(
                "no thread was unwinding for it: main had not come to its end (does its loop \
                 reach a checkpoint() or await exit_requested()?)",
            ),
        }
    }
}

/// A cause as the lines name it: `exit(3) requested at src/main.rs:9:5`,
/// `SIGTERM`, `a panic at src/lib.rs:4:9 on thread 'worker'`.
pub(crate) struct Named(pub(crate) Cause);

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Cause::Request(_, exit) | Cause::Signal(exit) | Cause::Asked(exit) => exit.fmt(f),
            Cause::Panic(site) => site.fmt(f),
            Cause::Main(status) => write!(f, "main's end with status {status}"),
            Cause::ClosedPipe => f.write_str("a print to a closed pipe"),
        }
    }
}

/// The trace's note of the thread that asked, when another ended the
/// process (C3).
struct AskedOn<'a>(&'a str);

impl fmt::Display for AskedOn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ", asked on thread '{}'", self.0)
    }
}

/// A part of a line that may be absent.
struct Maybe<T>(Option<T>);

impl<T: fmt::Display> fmt::Display for Maybe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(part) => part.fmt(f),
            None => Ok(()),
        }
    }
}

// ---- the lines ---------------------------------------------------------

/// L2: the record the start of a shutdown is, while the program and its
/// logger still run. The logger's only: without one, an orderly shutdown
/// keeps stderr empty. An orderly `exit(0)` or a signal is news, a nonzero
/// exit is worth a look, a panic is an error.
pub(crate) fn shutdown_started(cause: Cause) {
    let level = match cause {
        Cause::Request(_, exit) | Cause::Asked(exit) if exit.code == 0 => Level::Info,
        Cause::Request(..) | Cause::Asked(_) => Level::Warn,
        Cause::Signal(_) | Cause::Main(_) | Cause::ClosedPipe => Level::Info,
        Cause::Panic(_) => Level::Error,
    };
    record_only(
        level,
        format_args!(
            "shutdown started by {}: status {}",
            Named(cause),
            cause.code()
        ),
    );
}

/// G3: a request was dropped without `catch_exit`, as `dropped` says
/// (G7).
pub(crate) fn intercepted(cause: Cause, dropped: Dropped) {
    let (named, code) = (Named(cause), cause.code());
    let thread = std::thread::current();
    let thread = thread.name().unwrap_or("<unnamed>");
    let say = |message| say(Level::Warn, To::LoggerOrStderr, message);
    match dropped {
        Dropped::Caught => say(format_args!(
            "{named} was intercepted: a catch_unwind (or a thread or task join) caught it and \
             dropped it instead of passing it to `exit_policy::resume_if_exit`; ending the \
             process here with status {code}"
        )),
        Dropped::ThreadEnded => say(format_args!(
            "{named} was dropped when thread '{thread}' ended, because nobody joined it; ending \
             the process here with status {code}. To end the process from a thread nobody \
             joins, call `exit_policy::request_exit({code})` (main's destructors and the hooks \
             run) or `exit_policy::exit_now({code})` (nothing runs)"
        )),
        Dropped::InAPanic => say(format_args!(
            "{named} was dropped while thread '{thread}' panicked, as `.unwrap()` or `.expect()` \
             on a join's result does; ending the process here with status {code}. Forward a \
             worker's exit with `.forward_exit()` (`exit_policy::ForwardExit`) on the join's \
             result instead"
        )),
    }
}

/// G6: an immediate exit during a shutdown whose code differs.
pub(crate) fn immediate_keeps_the_earlier_code(exit: Exit, earlier: Cause) {
    say(
        Level::Warn,
        To::Stderr,
        format_args!(
            "{exit} ends the process at once, with status {} from the earlier {}",
            earlier.code_at_once(),
            Named(earlier),
        ),
    );
}

/// G6: a request made while its thread unwinds for another request.
pub(crate) fn came_while_unwinding(exit: Exit, current: Exit, code: i32) {
    say(
        Level::Warn,
        To::LoggerOrStderr,
        format_args!(
            "{exit} came while this thread was unwinding for {current}; ending the process now \
             with status {code}"
        ),
    );
}

/// G6: a request made while its thread unwinds for a panic.
pub(crate) fn came_during_a_panic(exit: Exit, code: i32) {
    say(
        Level::Warn,
        To::LoggerOrStderr,
        format_args!(
            "{exit} came while this thread was unwinding for a panic and cannot unwind again; \
             ending the process now with status {code}"
        ),
    );
}

/// H1: a hook panicked.
pub(crate) fn hook_panicked(status: i32) {
    say(
        Level::Error,
        To::LoggerOrStderr,
        format_args!(
            "an at_exit hook panicked; the remaining hooks still run and the status stays \
             {status}"
        ),
    );
}

/// G6, H1: a hook asked to exit.
pub(crate) fn hook_exit_ignored(exit: Exit, status: i32) {
    say(
        Level::Warn,
        To::LoggerOrStderr,
        format_args!(
            "{exit} from an at_exit hook was ignored: the process is already ending with status \
             {status}"
        ),
    );
}

/// G9: a nonzero code whose low byte is zero, on the way to an end `how`.
pub(crate) fn low_byte_zero(code: i32, how: How) {
    say(
        Level::Warn,
        how.to(),
        format_args!(
            "exit code {code} would read as 0 (success) because the OS keeps only its low 8 \
             bits; exiting with status 1 instead"
        ),
    );
}

/// D1: the deadline cut the shutdown short; O4: what was running.
pub(crate) fn deadline_passed(cause: Cause, limit: Duration, running: Running<'_>) {
    say(
        Level::Error,
        To::Stderr,
        format_args!(
            "the shutdown for {} did not end within {limit:?}: {running}; ending the process now \
             with status {}",
            Named(cause),
            cause.code_at_once()
        ),
    );
}

/// D1: the deadline's thread could not start.
pub(crate) fn no_watchdog(error: &std::io::Error) {
    say(
        Level::Error,
        To::LoggerOrStderr,
        format_args!(
            "the deadline's watchdog thread could not start ({error}); this shutdown has no \
             deadline"
        ),
    );
}

/// S4: a second handled signal.
#[cfg(feature = "signals")]
pub(crate) fn second_signal(signal: i32) {
    say(
        Level::Warn,
        To::Stderr,
        format_args!(
            "a second signal, {}, arrived while shutting down; ending the process now, without \
             destructors or hooks",
            SignalName(signal)
        ),
    );
}

/// S6: the first Ctrl-C of a shutdown, said only where stderr is a
/// terminal: anywhere else (a pipe, a file, a service manager) stderr stays
/// empty.
#[cfg(feature = "signals")]
pub(crate) fn ctrl_c_at_a_terminal() {
    use std::io::IsTerminal;

    if std::io::stderr().is_terminal() {
        say(
            Level::Info,
            To::LoggerOrStderr,
            format_args!("shutting down (Ctrl-C); press Ctrl-C again to stop at once"),
        );
    }
}

/// Whether L1's trace is asked for: `UNREAD` until `read_trace_setting`.
static TRACE: AtomicU8 = AtomicU8::new(UNREAD);
const UNREAD: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

/// Reads `EXIT_POLICY_TRACE` from the environment, through std, which
/// keeps the read safe from a concurrent `set_var`: called on the exit
/// path before anything decides to end the process at once, so that such
/// an end reads only this copy and allocates nothing.
pub(crate) fn read_trace_setting() {
    let on = std::env::var_os("EXIT_POLICY_TRACE")
        .is_some_and(|value| !value.is_empty() && value != "0");
    TRACE.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// Whether L1's trace is asked for (the environment is read the first time
/// if it was not yet).
pub(crate) fn tracing() -> bool {
    if TRACE.load(Ordering::Relaxed) == UNREAD {
        read_trace_setting();
    }
    TRACE.load(Ordering::Relaxed) == ON
}

/// A short string copied to the stack (a thread's name for the trace), cut
/// at 64 bytes, so that a line can name it after the lock it came from is
/// let go, without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Copied {
    bytes: [u8; 64],
    len: usize,
}

impl Copied {
    pub(crate) fn of(text: &str) -> Copied {
        let mut len = text.len().min(64);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; 64];
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Copied { bytes, len }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// L1: with `EXIT_POLICY_TRACE` set (to anything but `0`), how the process
/// ended: how, the status, what asked for it, the thread that ended it,
/// the thread that asked if that was another (`asked_on`: C3), and how long
/// the shutdown took. O2: the same words, without the time, replace the
/// termination log's contents at every end (not at a test's boundary,
/// where the process goes on).
pub(crate) fn trace(how: How, cause: Cause, status: i32, took: Duration, asked_on: Option<&str>) {
    let terminating = how != How::TestBoundary && termination::wanted();
    if !tracing() && !terminating {
        return;
    }
    let what = match how {
        How::Graceful => "graceful end",
        How::Intercepted(Dropped::Caught) => {
            "graceful end where a catch_unwind dropped the request"
        }
        How::Intercepted(Dropped::ThreadEnded) => {
            "graceful end where a thread nobody joined dropped the request"
        }
        How::Intercepted(Dropped::InAPanic) => "graceful end where a panic dropped the request",
        How::Immediate => "immediate end",
        #[cfg(feature = "signals")]
        How::SecondSignal => "immediate end on a second signal",
        How::Deadline => "immediate end at the deadline",
        How::TestBoundary => "graceful exit stopped at the test's boundary (the test fails)",
    };
    let thread = std::thread::current();
    let ended = Ended {
        what,
        status,
        cause,
        thread: thread.name().unwrap_or("<unnamed>"),
        asked_on,
    };
    if terminating {
        let mut line = Line::new();
        let _ = write!(line, "exit-policy: {ended}");
        termination::write(line.finish());
    }
    if tracing() {
        say(
            Level::Info,
            how.to(),
            format_args!("trace: {ended}, {took:.1?} after the request"),
        );
    }
}

/// How the process ended, as the trace (L1) and the termination message
/// (O2) say it.
struct Ended<'a> {
    what: &'a str,
    status: i32,
    cause: Cause,
    thread: &'a str,
    asked_on: Option<&'a str>,
}

impl fmt::Display for Ended<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, status {}: {}, on thread '{}'{}",
            self.what,
            self.status,
            Named(self.cause),
            self.thread,
            Maybe(self.asked_on.map(AskedOn)),
        )
    }
}

/// O1: what systemd's `STATUS=` says when a shutdown starts.
#[cfg(all(unix, feature = "systemd"))]
pub(crate) fn stopping_status(cause: Cause) -> String {
    format!("stopping: {}, status {}", Named(cause), cause.code())
}

/// S1: the error `handle_signals_for(&[])` returns.
#[cfg(feature = "signals")]
pub(crate) const NO_SIGNALS: &str = "exit-policy: handle_signals_for(&[]) handles nothing; name \
     at least one Signal, or call handle_signals() for SIGINT, SIGTERM and SIGHUP";

/// S1: the error for a signal this platform can't deliver.
#[cfg(feature = "signals")]
pub(crate) fn signal_not_here(signal: &str) -> String {
    format!(
        "exit-policy: Signal::{signal} can't be handled on this platform (Windows delivers only \
         Interrupt, Break and Close to a console program)"
    )
}

/// T1: the message of the panic that fails a test an exit reached. Not
/// printed here: the panic hook prints it, as it does any test's failure.
pub(crate) fn exit_ended_the_test(exit: Exit) -> String {
    format!(
        "{exit} ended this test, which fails it\n= help: to assert that code exits, run it \
         inside `exit_policy::catch_exit`"
    )
}

// ---- where a line goes ----------------------------------------------

/// Writes one line: to the program's logger if `to` allows it and the
/// logger takes it, otherwise to stderr.
fn say(level: Level, to: To, message: fmt::Arguments<'_>) {
    #[cfg(feature = "log")]
    if to != To::Stderr && to_the_logger(level, message) {
        return;
    }
    let _ = level;
    let mut line = Line::new();
    let _ = write!(line, "exit-policy: {message}");
    let line = line.finish();
    if to == To::LoggerOrTestOutput {
        // Through std's `eprint!`, which a test harness captures and shows
        // with the test it belongs to; the process goes on.
        eprint!("{}", String::from_utf8_lossy(line));
    } else {
        os::write_stderr(line);
    }
}

/// A record for the program's logger only, if one takes it.
fn record_only(level: Level, message: fmt::Arguments<'_>) {
    #[cfg(feature = "log")]
    to_the_logger(level, message);
    #[cfg(not(feature = "log"))]
    let _ = (level, message);
}

/// One line of text in a buffer on the stack: what doesn't fit is cut, and
/// the cut is shown.
struct Line {
    bytes: [u8; Line::CAPACITY],
    len: usize,
    cut: bool,
}

impl Line {
    /// Long enough for every line with two source paths of a few hundred
    /// bytes each.
    const CAPACITY: usize = 1024;
    const CUT: &'static [u8] = "…\n".as_bytes();

    fn new() -> Self {
        Self {
            bytes: [0; Self::CAPACITY],
            len: 0,
            cut: false,
        }
    }

    /// The line with its newline.
    fn finish(&mut self) -> &[u8] {
        let room = Self::CAPACITY - Self::CUT.len();
        if self.cut {
            // Back to the start of a character, so the line stays UTF-8.
            let mut end = self.len.min(room);
            while end > 0 && (self.bytes[end] & 0b1100_0000) == 0b1000_0000 {
                end -= 1;
            }
            self.bytes[end..end + Self::CUT.len()].copy_from_slice(Self::CUT);
            self.len = end + Self::CUT.len();
        } else {
            self.bytes[self.len] = b'\n';
            self.len += 1;
        }
        &self.bytes[..self.len]
    }
}

impl fmt::Write for Line {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let room = Self::CAPACITY - 1 - self.len;
        let taken = text.len().min(room);
        self.bytes[self.len..self.len + taken].copy_from_slice(&text.as_bytes()[..taken]);
        self.len += taken;
        if taken < text.len() {
            self.cut = true;
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// Hands the record to the logger if it takes records of `level` for the
/// target `exit_policy`, and flushes it: the process may end right after.
#[cfg(feature = "log")]
fn to_the_logger(level: Level, message: fmt::Arguments<'_>) -> bool {
    let level = match level {
        Level::Error => log::Level::Error,
        Level::Warn => log::Level::Warn,
        Level::Info => log::Level::Info,
    };
    let metadata = log::Metadata::builder()
        .level(level)
        .target("exit_policy")
        .build();
    let logger = log::logger();
    if level > log::max_level() || !logger.enabled(&metadata) {
        return false;
    }
    logger.log(
        &log::Record::builder()
            .metadata(metadata)
            .args(message)
            .module_path_static(Some(module_path!()))
            .build(),
    );
    logger.flush();
    true
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// What prints, or reaches the logger, in the crate's code.
    const PRINTING: [&str; 7] = [
        "eprint!",
        "eprintln!",
        "print!(",
        "println!",
        "stderr()",
        "log::",
        "\"exit-policy:",
    ];

    /// The code in `text`, without comments and doc comments (whose
    /// examples print) and without its unit tests.
    fn code(text: &str) -> String {
        let text = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        text.lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }

    #[test]
    fn no_line_is_printed_from_anywhere_else() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        assert!(files.len() > 10, "found the sources: {files:?}");
        for file in files {
            let name = file.strip_prefix(&src).unwrap();
            // This file; the raw write to stderr it uses (`os.rs`); and the
            // model test, which prints its counts. The paths are compared as
            // paths, so the check holds on Windows too.
            let exempt = ["lines.rs", "os.rs"].map(PathBuf::from);
            if exempt.iter().any(|path| name == path)
                || name == Path::new("machine").join("model.rs")
            {
                continue;
            }
            let name = name.display();
            let code = code(&std::fs::read_to_string(&file).expect("read a source file"));
            for printing in PRINTING {
                assert!(
                    !code.contains(printing),
                    "{name} prints (`{printing}`): every line belongs in lines.rs"
                );
            }
        }
    }

    #[test]
    fn a_copied_name_is_cut_at_64_bytes_on_a_character_boundary() {
        assert_eq!(super::Copied::of("squarer").as_str(), "squarer");
        // 90 bytes of 3-byte characters: byte 64 falls inside one.
        let long = "€".repeat(30);
        assert_eq!(super::Copied::of(&long).as_str(), "€".repeat(21));
    }

    #[test]
    fn the_check_sees_a_line_printed_in_code_not_in_a_doc_comment() {
        let code = code(
            "/// eprintln!(\"in a doc\");\nfn f() {\n    eprintln!(\"exit-policy: oops\");\n}\n",
        );
        assert!(PRINTING.iter().any(|printing| code.contains(printing)));
        assert!(!code.contains("in a doc"));
    }
}
