//! The ways this crate ends a process, the `at_exit` hooks an orderly end
//! runs, and the one line it may print about it.
//!
//! Each end takes the request that fixes the status. A shutdown that a
//! handled signal started ends by re-raising that signal with its default
//! action, so that the parent sees the real cause (S5); any other ends with
//! the request's code.

use std::fmt;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

use crate::request::{Exit, Request};
use crate::state::{self, Ender};

/// Ends the process in order: the `at_exit` hooks, then
/// `std::process::exit`, which flushes stdout and runs libc's `atexit`
/// handlers.
pub(crate) fn graceful(first: Exit) -> ! {
    let status = status(first.code);
    match state::start_ending() {
        Ender::ThisThread => run_hooks(status),
        Ender::ThisThreadAgain => {}
        Ender::AnotherThread => loop {
            std::thread::park();
        },
    }
    finish(first, status)
}

/// The last step of an orderly end, once the hooks have run.
fn finish(first: Exit, status: i32) -> ! {
    if let Some(signal) = first.signal {
        // `std::process::exit` would flush stdout; the default action of a
        // signal does not.
        let _ = std::io::stdout().flush();
        raise(signal);
    }
    std::process::exit(status)
}

/// Ends the process at once: no destructor, no hook, no flush, no handler.
pub(crate) fn immediate(first: Exit) -> ! {
    if let Some(signal) = first.signal {
        raise(signal);
    }
    let status = status(first.code);
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
    finish(state::first().unwrap_or(request), status)
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
