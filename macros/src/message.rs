//! The words of every diagnostic about a function's body or item: what is
//! wrong, why it matters under this policy, and what to write instead.

use crate::args::Policy;

/// What a raw exit path names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RawExit {
    /// `std::process::exit`, `libc::exit`: run libc `atexit`, no destructors.
    Exit,
    /// `std::process::abort`: SIGABRT, no code, nothing runs.
    Abort,
    /// `libc::_exit`: ends at once, nothing runs.
    UnderscoreExit,
}

pub(crate) fn raw_exit(written: &str, kind: RawExit, imported: bool, policy: Policy) -> String {
    let attribute = format!("#[exit_policy({})]", policy.name());
    let what = if imported {
        format!("importing `{written}` into this `{attribute}` function")
    } else {
        format!("`{written}` in this `{attribute}` function")
    };
    let why = match (kind, policy) {
        (RawExit::Exit | RawExit::UnderscoreExit, Policy::Graceful) => {
            "would end the process without running the destructors this policy promises"
        }
        (RawExit::Exit, Policy::Immediate) => {
            "would run libc `atexit` handlers and flush stdio, which this policy promises \
             never to do"
        }
        (RawExit::Abort, _) => {
            "would kill the process with SIGABRT: no exit code, no destructors, a crash report"
        }
        (RawExit::UnderscoreExit, Policy::Immediate) => {
            "bypasses the exit latch: an exit already in flight would lose its status"
        }
    };
    let instead = match policy {
        Policy::Graceful => {
            "call `exit_policy::exit(code)`, which unwinds and runs every `Drop`, or \
             `exit_policy::exit_now(code)` if this exit must skip them"
        }
        Policy::Immediate => {
            "call `exit_policy::exit(code)`, which is immediate here, or \
             `exit_policy::exit_now(code)`"
        }
    };
    format!("{what} {why}; {instead}")
}
