//! The operating-system calls std does not offer, each in one small
//! function with the reason it is sound: ending the process at once, one
//! raw write to stderr, and, on Unix, reading a signal's disposition and
//! running code at libc's `exit`. This is the only module with `unsafe`
//! code.

#![allow(unsafe_code)]

/// Ends the process at once with `status`: no destructor, no hook, no
/// flush, no handler (`_exit`; on Windows the C runtime's, which skips its
/// exit handlers).
pub(crate) fn end_at_once(status: i32) -> ! {
    // SAFETY: `_exit` takes no pointers and is async-signal-safe; skipping
    // every destructor, hook and buffered write is what this end promises.
    unsafe { libc::_exit(status) }
}

/// Writes `bytes` to stderr (file descriptor 2) with one `write`, taking no
/// lock that other code can hold (std's `Stderr` has one) and allocating
/// nothing. A line shorter than a pipe's atomic size reaches a pipe whole.
/// Errors are ignored: there is nobody left to tell.
#[cfg(unix)]
pub(crate) fn write_stderr(bytes: &[u8]) {
    loop {
        // SAFETY: the pointer and length describe `bytes`, which outlives
        // the call; fd 2 is only read from this buffer, and if it is closed
        // the call fails with EBADF and writes nothing.
        let written = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        if written >= 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
        {
            return;
        }
    }
}

/// Writes `bytes` to stderr, taking no lock that other code can hold: on
/// Windows through a duplicate of std's stderr handle, in binary, where the
/// C runtime's `write` on descriptor 2 would turn every `\n` into `\r\n`.
/// Errors are ignored: there is nobody left to tell.
#[cfg(windows)]
pub(crate) fn write_stderr(bytes: &[u8]) {
    use std::io::Write as _;
    use std::os::windows::io::AsHandle as _;
    if let Ok(handle) = std::io::stderr().as_handle().try_clone_to_owned() {
        let _ = std::fs::File::from(handle).write_all(bytes);
    }
}

/// Whether `signal`'s disposition is to be ignored (`SIG_IGN`), as a parent
/// can leave it (`nohup`, a shell's background job): such a signal stays
/// ignored (S1).
#[cfg(all(unix, feature = "signals"))]
pub(crate) fn signal_ignored(signal: i32) -> bool {
    let mut current = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: a null new action only reads the current one into
    // `current`, which is valid for writes; an unknown signal makes the
    // call fail, and then it is taken as not ignored.
    let read = unsafe { libc::sigaction(signal, std::ptr::null(), current.as_mut_ptr()) };
    // SAFETY: `sigaction` filled it in when it returned 0; it was zeroed
    // before, so it is initialised either way.
    let current = unsafe { current.assume_init() };
    read == 0 && current.sa_sigaction == libc::SIG_IGN
}

/// Runs `at_the_end` when libc's `exit` runs its handlers, after std's
/// `process::exit` has flushed stdout without waiting for its lock: how an
/// end in order can end by a signal (S5) with stdout flushed as std
/// flushes it. Returns whether it was registered.
#[cfg(all(unix, feature = "signals"))]
pub(crate) fn at_libc_exit(at_the_end: extern "C" fn()) -> bool {
    // SAFETY: `atexit` stores a plain function pointer that lives as long
    // as the program; the function takes nothing and only ends the process.
    unsafe { libc::atexit(at_the_end) == 0 }
}
