//! The ways this crate ends a process, and the lines it prints about it.
//! Plain actions: which end, with which status, is decided by the shutdown
//! (`shutdown.rs`).
//!
//! An orderly end flushes stdout and runs libc's `atexit` handlers
//! (`std::process::exit`); an end at once runs nothing (`_exit`). A shutdown
//! that a handled signal started ends by re-raising that signal with its
//! default action instead, so the parent sees the real cause (S5).

use std::fmt;
use std::io::Write;
use std::time::Duration;

/// How an end came about, as the trace line says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// A graceful exit (or signal) that unwound to its boundary.
    Graceful,
    /// A graceful exit that a `catch_unwind` caught and dropped (G3).
    Intercepted,
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

/// How much a line matters, for a logger (L2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// Something went wrong: a deadline cut, a hook that panicked, a panic.
    Error,
    /// Worth a look, though the process ends as it should: an interception,
    /// a request that came during an unwind, an exit with a nonzero code.
    Warn,
    /// The orderly course: a signal, `exit(0)`, the trace.
    Info,
}

/// One line about how the process ends. With the `log` feature and a
/// logger that takes it, it goes to that logger (target `exit_policy`);
/// otherwise to stderr, prefixed with the crate's name. Never both, and
/// never neither (L2).
pub(crate) fn report(level: Level, message: fmt::Arguments<'_>) {
    #[cfg(feature = "log")]
    if log_record(level, message) {
        return;
    }
    let _ = level;
    // Formatted first, then written at once: a console or a pipe that
    // other threads or processes share gets the line whole, and a thread
    // that ends the process meanwhile can't cut it in the middle.
    let line = format!("exit-policy: {message}\n");
    eprint!("{line}");
}

/// A record for the program's logger only, if one takes it: the start of a
/// shutdown (L2). Without a logger, nothing: an orderly shutdown keeps
/// stderr empty.
pub(crate) fn log_only(level: Level, message: fmt::Arguments<'_>) {
    #[cfg(feature = "log")]
    log_record(level, message);
    #[cfg(not(feature = "log"))]
    let _ = (level, message);
}

/// Hands the record to the logger if it takes records of `level` for the
/// target `exit_policy`, and flushes it: the process may end right after.
#[cfg(feature = "log")]
fn log_record(level: Level, message: fmt::Arguments<'_>) -> bool {
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

/// With `EXIT_POLICY_TRACE` set (to anything but `0`), one line on stderr
/// about how the process ended (L1): how, the status, what asked for it,
/// the thread, and how long the shutdown took. The environment is read only
/// here, on the way out.
pub(crate) fn trace(how: How, cause: &dyn fmt::Display, status: i32, took: Duration) {
    let on = std::env::var_os("EXIT_POLICY_TRACE")
        .is_some_and(|value| !value.is_empty() && value != "0");
    if !on {
        return;
    }
    let what = match how {
        How::Graceful => "graceful end",
        How::Intercepted => "graceful end where a catch_unwind dropped the request",
        How::Immediate => "immediate end",
        #[cfg(feature = "signals")]
        How::SecondSignal => "immediate end on a second signal",
        How::Deadline => "immediate end at the deadline",
        How::TestBoundary => "graceful exit stopped at the test's boundary (the test fails)",
    };
    let thread = std::thread::current();
    report(
        Level::Info,
        format_args!(
            "trace: {what}, status {status}: {cause}, on thread '{}', {took:.1?} after the request",
            thread.name().unwrap_or("<unnamed>"),
        ),
    );
}

/// The status the OS will report for `code`, with one fix-up (G9): on Unix
/// a nonzero code whose low byte is zero would read as success.
pub(crate) fn status(code: i32) -> i32 {
    if cfg!(unix) && code != 0 && code.trailing_zeros() >= 8 {
        report(
            Level::Warn,
            format_args!(
                "exit code {code} would read as 0 (success) because the OS keeps only its low 8 bits; \
             exiting with status 1 instead"
            ),
        );
        return 1;
    }
    code
}

/// Ends the process in order, once the hooks have run: by `signal` if a
/// signal started the shutdown, otherwise with `status`.
pub(crate) fn in_order(status: i32, signal: Option<i32>) -> ! {
    if let Some(signal) = signal {
        // `std::process::exit` would flush stdout; the default action of a
        // signal does not.
        let _ = std::io::stdout().flush();
        raise(signal);
    }
    std::process::exit(status)
}

/// Ends the process at once: no destructor, no hook, no flush, no handler.
pub(crate) fn at_once(status: i32, signal: Option<i32>) -> ! {
    if let Some(signal) = signal {
        raise(signal);
    }
    // SAFETY: `_exit` takes no pointers and is async-signal-safe; skipping
    // every destructor, hook and buffered write is the promise of this path.
    #[allow(unsafe_code)]
    unsafe {
        libc::_exit(status)
    }
}

/// Ends the process by `signal`'s default action, which kills it without
/// running anything (S5).
#[cfg(feature = "signals")]
fn raise(signal: i32) {
    // Only fails for a signal it does not know, which a handled one is not;
    // then the caller's plain exit with 128 + the number follows.
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    #[cfg(windows)]
    {
        let _ = signal;
        end_as_an_unhandled_ctrl_c();
    }
}

/// On Windows, what a console does with a Ctrl-C or Ctrl-Break that no
/// handler takes: the process ends at once with `STATUS_CONTROL_C_EXIT`,
/// the status Windows gives any process that Ctrl-C ends (S5). The C
/// runtime's own default for a raised SIGINT would end it with 3, the
/// status of `abort`, and it has none for SIGBREAK.
#[cfg(all(feature = "signals", windows))]
fn end_as_an_unhandled_ctrl_c() -> ! {
    // An NTSTATUS, which exit codes carry bit for bit.
    const STATUS_CONTROL_C_EXIT: i32 = i32::from_ne_bytes(0xC000_013A_u32.to_ne_bytes());
    at_once(STATUS_CONTROL_C_EXIT, None)
}

/// Without the `signals` feature, no shutdown starts from a signal.
#[cfg(not(feature = "signals"))]
fn raise(_: i32) {}
