//! The words of every diagnostic about a function's body: what is wrong, why
//! it matters under this policy, and what to write instead (STYLE "Errors").

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

/// Where the annotated code is, for the wording only.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Scope {
    /// A function, or a method of an annotated `impl` block.
    Function,
    /// An item (such as a `use`) directly inside an annotated `mod`.
    Module,
}

/// The message for a raw exit named `written` (as the user wrote it, with
/// the `use` prefix filled in), inside code under `policy`.
pub(crate) fn raw_exit(
    written: &str,
    kind: RawExit,
    imported: bool,
    policy: Policy,
    scope: Scope,
) -> String {
    let what = if imported {
        format!("`{written}` (imported here)")
    } else {
        format!("`{written}`")
    };
    let holder = match scope {
        Scope::Function => "function",
        Scope::Module => "module",
    };
    let attribute = format!("`#[exit_policy({})]`", policy.name());
    let why = match (kind, policy) {
        (RawExit::Exit, Policy::Graceful) => format!(
            "ends the process without running destructors, but this {holder} is {attribute}, \
             which promises they run"
        ),
        (RawExit::UnderscoreExit, Policy::Graceful) => format!(
            "ends the process at once without running destructors, but this {holder} is \
             {attribute}, which promises they run"
        ),
        (RawExit::Exit, Policy::Immediate) => format!(
            "runs libc `atexit` handlers and flushes stdio, but this {holder} is {attribute}, \
             which promises an exit runs nothing"
        ),
        (RawExit::UnderscoreExit, Policy::Immediate) => format!(
            "bypasses exit-policy's first-request-wins latch, so in this {attribute} \
             {holder} an exit already under way could end with the wrong code"
        ),
        (RawExit::Abort, _) => format!(
            "kills the process with SIGABRT (no exit code, no destructors, a crash report), \
             but this {holder} is {attribute}, whose exits end with the code you choose"
        ),
    };
    let instead = match policy {
        Policy::Graceful => {
            "call `exit_policy::exit(code)`, which unwinds, runs every `Drop`, then exits, or \
             `exit_policy::exit_now(code)` if this exit must skip them"
        }
        Policy::Immediate => {
            "call `exit_policy::exit(code)`, which is immediate here, or \
             `exit_policy::exit_now(code)`"
        }
    };
    format!("{what} {why}; {instead}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_says_what_why_and_instead() {
        for kind in [RawExit::Exit, RawExit::Abort, RawExit::UnderscoreExit] {
            for policy in [Policy::Graceful, Policy::Immediate] {
                for scope in [Scope::Function, Scope::Module] {
                    let text = raw_exit("x::exit", kind, false, policy, scope);
                    assert!(text.starts_with("`x::exit` "), "{text}");
                    assert!(text.contains(policy.name()), "{text}");
                    assert!(text.contains("call `exit_policy::exit(code)`"), "{text}");
                    assert!(text.contains("`exit_policy::exit_now(code)`"), "{text}");
                }
            }
        }
        let text = raw_exit("a", RawExit::Exit, true, Policy::Graceful, Scope::Module);
        assert!(text.starts_with("`a` (imported here) "), "{text}");
        assert!(text.contains("this module is"), "{text}");
    }
}
