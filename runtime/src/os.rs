//! The operating-system calls std does not offer, each in one small
//! function with the reason it is sound: ending the process at once, one
//! raw write to stderr, whether the program runs with elevated privileges,
//! and, on Unix, reading a signal's disposition and running code at libc's
//! `exit`. This is the only module with `unsafe` code.

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

/// Whether the program runs with elevated privileges (setuid, setgid, or
/// file capabilities): the kernel's `AT_SECURE`, which glibc's
/// `secure_getenv` reads too. The environment variables of O1 and O2 are
/// then ignored.
#[cfg(target_os = "linux")]
pub(crate) fn privileged() -> bool {
    // SAFETY: `getauxval` reads the auxiliary vector the kernel gave the
    // process; it takes and returns plain integers, and returns 0 for an
    // entry it does not have.
    unsafe { libc::getauxval(libc::AT_SECURE) != 0 }
}

/// Whether the program runs setuid or setgid, on the other Unix systems:
/// `issetugid`, which stays true after the program sets its ids back,
/// where the system has it; otherwise whether its real and effective ids
/// differ.
#[cfg(all(unix, not(target_os = "linux")))]
pub(crate) fn privileged() -> bool {
    #[cfg(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))]
    // SAFETY: `issetugid` takes nothing and cannot fail.
    return unsafe { libc::issetugid() != 0 };
    #[allow(unreachable_code)]
    // SAFETY: these four calls take nothing and cannot fail.
    unsafe {
        libc::getuid() != libc::geteuid() || libc::getgid() != libc::getegid()
    }
}

/// Windows has no setuid programs.
#[cfg(windows)]
pub(crate) fn privileged() -> bool {
    false
}

/// Windows: adds `handler` to the console's control handlers, which run
/// newest first: it sees every event before the C runtime's handler (the
/// one that turns Ctrl-C and Ctrl-Break into signals), and passes on those
/// it does not handle. Returns whether it was added.
#[cfg(all(windows, feature = "signals"))]
pub(crate) fn on_console_events(handler: extern "system" fn(u32) -> i32) -> bool {
    let handler: unsafe extern "system" fn(u32) -> i32 = handler;
    // SAFETY: the handler is a plain function with the signature the call
    // expects, which lives as long as the program; Windows runs it on a
    // thread of its own.
    unsafe { windows_sys::Win32::System::Console::SetConsoleCtrlHandler(Some(handler), 1) != 0 }
}
