//! The two ways this crate ends a process, and nothing else: which end,
//! with which status, is decided by the shutdown (`shutdown.rs`), and the
//! lines printed about it are `lines.rs`.
//!
//! An orderly end flushes stdout and runs libc's `atexit` handlers
//! (`std::process::exit`); an end at once runs nothing (`_exit`). A shutdown
//! that a handled signal started ends by re-raising that signal with its
//! default action instead, so the parent sees the real cause (S5).

use std::io::Write;

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
