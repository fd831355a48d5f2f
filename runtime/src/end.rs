//! The ways this crate ends a process, the `at_exit` hooks an orderly end
//! runs, and the one line it may print about it.
//!
//! Each end takes the request that fixes the status, and how the end came
//! about, for the trace line (L1). A shutdown that a handled signal started
//! ends by re-raising that signal with its default action, so that the
//! parent sees the real cause (S5); any other ends with the request's code.

use std::fmt;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

use crate::request::{Exit, Request};
use crate::state::{self, Ender};

/// How an end came about, as the trace line says it.
#[derive(Clone, Copy)]
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

/// With `EXIT_POLICY_TRACE` set (to anything but `0`), one line on stderr
/// about how the process ended (L1): the status, the policy, the request,
/// the thread, and how long the shutdown took. The environment is read only
/// here, on the way out.
pub(crate) fn trace(how: How, first: Exit, status: i32) {
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
    let took = state::shutting_down_for().unwrap_or_default();
    report(format_args!(
        "trace: {what}, status {status}: {first}, on thread '{}', {took:.1?} after the request",
        thread.name().unwrap_or("<unnamed>"),
    ));
}

/// Ends the process in order: the `at_exit` hooks, then
/// `std::process::exit`, which flushes stdout and runs libc's `atexit`
/// handlers. Only the thread that ends the process prints about it, so no
/// line is cut short by an end on another thread.
pub(crate) fn graceful(how: How, first: Exit) -> ! {
    match state::start_ending() {
        Ender::ThisThread => {
            if let How::Intercepted = how {
                // A request equal to the first one, or the first itself:
                // naming the first names it.
                report(format_args!(
                    "{first} was intercepted: a catch_unwind (or a thread or task join) caught \
                     it and dropped it instead of passing it to `exit_policy::resume_if_exit`; \
                     ending the process here with status {}",
                    first.code
                ));
            }
            let status = status(first.code);
            run_hooks(status);
            finish(how, first, status)
        }
        Ender::ThisThreadAgain => finish(how, first, status(first.code)),
        Ender::AnotherThread => loop {
            std::thread::park();
        },
    }
}

/// The last step of an orderly end, once the hooks have run.
fn finish(how: How, first: Exit, status: i32) -> ! {
    trace(how, first, status);
    if let Some(signal) = first.signal {
        // `std::process::exit` would flush stdout; the default action of a
        // signal does not.
        let _ = std::io::stdout().flush();
        raise(signal);
    }
    std::process::exit(status)
}

/// Ends the process at once: no destructor, no hook, no flush, no handler.
pub(crate) fn immediate(how: How, first: Exit) -> ! {
    let status = status(first.code);
    trace(how, first, status);
    if let Some(signal) = first.signal {
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
    let _ = signal_hook::low_level::emulate_default_handler(signal);
}

/// Without the `signals` feature, no shutdown starts from a signal.
#[cfg(not(feature = "signals"))]
fn raise(_: i32) {}

/// The status the OS will report for `code`, with one fix-up (G9): a
/// nonzero code whose low byte is zero would read as success.
fn status(code: i32) -> i32 {
    if cfg!(unix) && code != 0 && code.trailing_zeros() >= 8 {
        report(format_args!(
            "exit code {code} would read as 0 (success) because the OS keeps only its low 8 bits; \
             exiting with status 1 instead"
        ));
        return 1;
    }
    code
}

/// Prints one line to stderr, prefixed with the crate's name.
pub(crate) fn report(message: fmt::Arguments<'_>) {
    eprintln!("exit-policy: {message}");
}

/// Runs every registered hook, newest first, including hooks that hooks
/// register.
pub(crate) fn run_hooks(status: i32) {
    while let Some(hook) = state::pop_hook() {
        state::set_hooks_running(Some(status));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| hook(status)));
        state::set_hooks_running(None);
        if let Err(mut payload) = outcome {
            if let Some(request) = payload.downcast_mut::<Request>() {
                report_ignored(request.disarm(), status);
            } else {
                report(format_args!(
                    "an at_exit hook panicked; the remaining hooks still run and the status \
                     stays {status}"
                ));
            }
            // A payload whose own Drop panics must not stop the other hooks.
            let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(payload)));
        }
    }
}

/// An exit from a hook under `panic = "abort"`, where it can't unwind back
/// to the hook runner: it is ignored all the same (G6, G8). The remaining
/// hooks run from here, then the process ends with the status the hooks
/// were running for. Never SIGABRT.
#[cold]
pub(crate) fn exit_from_hook_without_unwinding(request: Exit) -> ! {
    let status = state::hooks_running().unwrap_or(request.code);
    report_ignored(request, status);
    run_hooks(status);
    finish(How::Graceful, state::first().unwrap_or(request), status)
}

fn report_ignored(request: Exit, status: i32) {
    report(format_args!(
        "{request} from an at_exit hook was ignored: the process is already ending with \
         status {status}"
    ));
}

/// Whether this is the main thread.
pub(crate) fn on_main_thread() -> bool {
    std::thread::current().name() == Some("main")
}
