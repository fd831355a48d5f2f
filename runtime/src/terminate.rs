//! The two ways this crate ends a process, and the one line it may print.

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::hooks;

/// Set once some thread has started a graceful end.
static ENDING: AtomicBool = AtomicBool::new(false);
/// Set by an annotated `main` when it starts: the main thread's boundary.
static MAIN_IS_BOUNDARY: AtomicBool = AtomicBool::new(false);

thread_local! {
    static ENDING_HERE: Cell<bool> = const { Cell::new(false) };
}

/// Ends the process in order: `at_exit` hooks, then `std::process::exit`,
/// which flushes stdout and runs libc's `atexit` handlers.
pub(crate) fn graceful(code: i32) -> ! {
    let status = status(code);
    if ENDING.swap(true, Ordering::AcqRel) {
        if ENDING_HERE.get() {
            // Re-entered from a hook's own cleanup: the hooks are being run
            // already, so only the end is left to do.
            std::process::exit(status);
        }
        // Another thread is ending the process; it will take this one down.
        loop {
            std::thread::park();
        }
    }
    ENDING_HERE.set(true);
    hooks::run(status);
    std::process::exit(status)
}

/// Ends the process at once: no destructor, no hook, no flush, no handler.
pub(crate) fn immediate(code: i32) -> ! {
    let status = status(code);
    // SAFETY: `_exit` takes no pointers and is async-signal-safe; skipping
    // every destructor, hook and buffered write is the promise of this path.
    #[allow(unsafe_code)]
    unsafe {
        libc::_exit(status)
    }
}

/// The status the OS will report for `code`, with the one fix-up SPEC G9
/// asks for: a nonzero code whose low byte is zero would read as success.
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

pub(crate) fn mark_main_boundary() {
    MAIN_IS_BOUNDARY.store(true, Ordering::Relaxed);
}

pub(crate) fn main_is_boundary() -> bool {
    MAIN_IS_BOUNDARY.load(Ordering::Relaxed)
}

pub(crate) fn on_main_thread() -> bool {
    std::thread::current().name() == Some("main")
}
