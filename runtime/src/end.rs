//! The two ways this crate ends a process, and nothing else: which end,
//! with which status, is decided by the shutdown (`shutdown.rs`), and the
//! lines printed about it are `lines.rs`.
//!
//! An end in order is std's `process::exit`: it flushes stdout as std
//! does, with a lock it only tries (a thread that holds stdout, a filter
//! waiting on stdin, can't make it wait), and runs libc's `atexit`
//! handlers. An end at once runs nothing (`_exit`). A shutdown that a
//! handled signal started ends by re-raising that signal with its default
//! action instead, so the parent sees the real cause (S5); where that can't
//! end the process (PID 1 of a PID namespace, which the kernel protects
//! from its own default-action signals), it ends at once with 128 + the
//! signal's number.

use std::sync::atomic::{AtomicU32, Ordering};

/// Ends the process in order, once the hooks have run: by `signal` if a
/// signal started the shutdown, otherwise with `status`. Called again
/// while that end runs (a thread-local destructor that libc's `exit` runs
/// asks to exit), it ends at once with the same status: std aborts a
/// second `process::exit` on the same thread.
pub(crate) fn in_order(status: i32, signal: Option<i32>) -> ! {
    if IN_ORDER.swap(std::process::id(), Ordering::SeqCst) == std::process::id() {
        at_once(status, signal);
    }
    if let Some(signal) = signal {
        by_signal_after_exit(signal, status);
    }
    std::process::exit(status)
}

/// The process whose end in order has begun; 0 before. Only one thread
/// gets that far: any other is parked by the shutdown.
static IN_ORDER: AtomicU32 = AtomicU32::new(0);

/// Ends the process at once: no destructor, no hook, no flush, no handler;
/// by `signal`'s default action if a signal started the shutdown.
pub(crate) fn at_once(status: i32, signal: Option<i32>) -> ! {
    if let Some(signal) = signal {
        raise(signal);
    }
    crate::os::end_at_once(status)
}

/// Re-raises `signal` with its default action (S5): returns only if that
/// could not end the process, as for PID 1 of a PID namespace; the caller
/// then ends it at once with 128 + the signal's number.
fn raise(signal: i32) {
    #[cfg(all(unix, feature = "signals"))]
    {
        if std::process::id() == 1 {
            // The kernel drops a default-action signal that PID 1 sends
            // itself, and signal-hook's fallback, `abort`, is dropped too:
            // then libc crashes the process. So PID 1 does not try.
            return;
        }
        // Resets the default action, unblocks the signal and raises it; it
        // only returns for a signal it does not know, which a handled one
        // is not.
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    #[cfg(all(windows, feature = "signals"))]
    {
        let _ = signal;
        end_as_an_unhandled_ctrl_c();
    }
    // Without the `signals` feature, no shutdown starts from a signal.
    #[cfg(not(feature = "signals"))]
    let _ = signal;
}

/// Arranges for the end in order that follows (`std::process::exit`, which
/// flushes stdout without waiting for its lock) to end by `signal` after
/// the flush: libc runs the handler registered here, last registered and
/// so first, before any other `atexit` handler, which a signal's default
/// action would skip too. If it can't be registered, the process ends now,
/// by the signal or with 128 + its number, without the flush. On Windows
/// the end in order that Ctrl-C started ends with `STATUS_CONTROL_C_EXIT`,
/// after std has flushed stdout.
fn by_signal_after_exit(signal: i32, status: i32) {
    #[cfg(all(unix, feature = "signals"))]
    {
        DIE_BY.store(signal, std::sync::atomic::Ordering::SeqCst);
        if !crate::os::at_libc_exit(die_by_signal) {
            raise(signal);
            crate::os::end_at_once(status);
        }
    }
    #[cfg(all(windows, feature = "signals"))]
    {
        let _ = (signal, status);
        std::process::exit(STATUS_CONTROL_C_EXIT)
    }
    // Without the `signals` feature, no shutdown starts from a signal.
    #[cfg(not(feature = "signals"))]
    let _ = (signal, status);
}

/// The signal an end in order re-raises once std has flushed stdout.
#[cfg(all(unix, feature = "signals"))]
static DIE_BY: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// libc's `exit` is running its handlers: end by the signal now, or, where
/// that can't end the process, with 128 + its number.
#[cfg(all(unix, feature = "signals"))]
extern "C" fn die_by_signal() {
    let signal = DIE_BY.load(std::sync::atomic::Ordering::SeqCst);
    raise(signal);
    crate::os::end_at_once(128 + signal)
}

/// On Windows a console ends a process that does not handle Ctrl-C or
/// Ctrl-Break at once with `STATUS_CONTROL_C_EXIT`, the status Windows
/// gives any process that Ctrl-C ends (S5); the C runtime's own default
/// for a raised SIGINT would end it with 3, the status of `abort`.
#[cfg(all(windows, feature = "signals"))]
fn end_as_an_unhandled_ctrl_c() -> ! {
    crate::os::end_at_once(STATUS_CONTROL_C_EXIT)
}

/// An NTSTATUS, which exit codes carry bit for bit.
#[cfg(all(windows, feature = "signals"))]
const STATUS_CONTROL_C_EXIT: i32 = i32::from_ne_bytes(0xC000_013A_u32.to_ne_bytes());
