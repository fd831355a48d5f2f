//! The boundaries: the program's own annotated `main`, where a graceful
//! exit that unwound every frame ends the process and where the hooks run
//! when `main` returns (G2, H1, B1); and an annotated test, where a graceful
//! exit fails the test instead (T1).

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::process::{ExitCode, Termination};

use crate::exit;
use crate::lines::{self, How};
use crate::policy::{self, Policy};
use crate::request::{Cause, Request, RequestId};
use crate::shutdown;
use crate::thread;

/// Whether `module_path` (that of an annotated `fn main`) is a crate's root
/// module: only there is `fn main` the program's own (B1). Evaluated at
/// compile time, to choose the expansion's return type.
#[must_use]
const fn is_crate_root(module_path: &str) -> bool {
    // A module path is names joined by `::`: a `:` anywhere means a submodule.
    let bytes = module_path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether an annotated `fn main` in module `module_path` is the program's
/// entry point (B1): at a crate's root, in a crate that has an entry point.
/// `cargo` is what Cargo and rustdoc put in the compiler's environment, in
/// this order: `CARGO_CRATE_NAME` (set for every crate Cargo builds),
/// `CARGO_BIN_NAME` (a binary or an example), `CARGO_TARGET_TMPDIR` (an
/// integration test or a benchmark, whose `main` is theirs with
/// `harness = false`) and `UNSTABLE_RUSTDOC_TEST_PATH` (a doctest). A build
/// script is crate `build_script_build`. A crate Cargo builds with none of
/// these is a library, where `pub fn main` is an ordinary function; a crate
/// built without Cargo gets the crate root's `fn main` as its entry point.
#[must_use]
pub const fn is_program_root(module_path: &str, cargo: [Option<&str>; 4]) -> bool {
    let [krate, bin, tmpdir, doctest] = cargo;
    let has_entry = match krate {
        None => true,
        Some(name) => {
            bin.is_some()
                || tmpdir.is_some()
                || doctest.is_some()
                || same(name, "build_script_build")
        }
    };
    has_entry && is_crate_root(module_path)
}

/// `a == b`, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// An annotated `fn main`, at the crate root (`Main<true>`) or not.
#[derive(Debug)]
pub struct Main<const ROOT: bool>;

/// What an annotated `fn main` returning `T` becomes.
pub trait Boundary<T> {
    /// The return type its signature gets.
    type Output;
    /// Runs its body under `policy`.
    fn run(policy: Policy, body: impl FnOnce() -> T) -> Self::Output;
}

/// The program's `main`: the boundary, returning `ExitCode`.
impl<T: Termination> Boundary<T> for Main<true> {
    type Output = ExitCode;

    fn run(policy: Policy, body: impl FnOnce() -> T) -> ExitCode {
        main(policy, body)
    }
}

/// A `fn main` in a submodule: an ordinary annotated function.
impl<T> Boundary<T> for Main<false> {
    type Output = T;

    #[inline]
    fn run(policy: Policy, body: impl FnOnce() -> T) -> T {
        policy.in_scope(body)
    }
}

/// Runs `main`'s body under `policy`, ends a graceful exit that reaches it,
/// runs the `at_exit` hooks, and reports the body's return value as `main`
/// would (G2, H1). With a shutdown under way when `main` ends, the
/// shutdown fixes the status, once no other thread unwinds for it (G1,
/// G6).
pub fn main<T: Termination>(policy: Policy, body: impl FnOnce() -> T) -> ExitCode {
    thread::mark_main_boundary();
    let previous = policy::enter(Some(policy));
    let outcome = panic::catch_unwind(AssertUnwindSafe(body));
    policy::enter(previous);
    match outcome {
        Ok(value) => {
            // A shutdown under way (another thread's exit, a handled
            // signal) fixes the status, not main's return: this does not
            // return then.
            shutdown::main_ending();
            let code = value.report();
            shutdown::main_ended(status_of(code));
            code
        }
        Err(payload) => unwound(policy, payload),
    }
}

#[cold]
fn unwound(policy: Policy, mut payload: Box<dyn Any + Send>) -> ! {
    if let Some(request) = payload.downcast_mut::<Request>() {
        let (id, exit) = exit::take(request);
        if let Policy::Immediate = policy {
            shutdown::end_at_once(shutdown::immediate_requested(exit), How::Immediate);
        }
        // This thread's own request, or one that lost the race: the
        // shutdown it belongs to ends here (or, caught since, it starts
        // one again).
        shutdown::resumed(id, exit);
        shutdown::main_ended(exit.code);
        shutdown::end_in_order_for(Cause::Request(id, exit), How::Graceful);
    }
    // An ordinary panic: its message is already printed. With a shutdown
    // under way, main's panic is likely its consequence (a channel the
    // exiting thread closed), and the shutdown fixes the status (G6);
    // otherwise std reports 101, after the hooks.
    shutdown::main_ended(101);
    panic::resume_unwind(payload)
}

/// Runs the body of an annotated function that may be a test (no
/// parameters, built with `cfg(test)`) under `policy`. If it is running as
/// the test `name` in `module_path` (libtest runs each test on a thread named
/// after its path, also with `--test-threads=1`) and a graceful exit reaches
/// it, the test fails with a message and the process goes on (T1):
/// `exiting()` is cleared and no hook runs.
///
/// # Panics
///
/// That is how the test fails: with a panic whose message names the exit.
#[track_caller]
pub fn test<T>(policy: Policy, module_path: &str, name: &str, body: impl FnOnce() -> T) -> T {
    // Only libtest's thread for this test is its boundary; there, an exit is
    // the test's alone, as inside `catch_exit` (G4): the tests running
    // beside it don't see it.
    let boundary = running_as_test(module_path, name);
    let outcome = {
        let _catching = boundary.then(thread::catching);
        panic::catch_unwind(AssertUnwindSafe(|| policy.in_scope(body)))
    };
    match outcome {
        Ok(value) => value,
        Err(mut payload) => {
            if let Some(request) = payload.downcast_mut::<Request>().filter(|_| boundary) {
                let exit = exit::caught(request);
                shutdown::trace(
                    How::TestBoundary,
                    Cause::Request(RequestId::NONE, exit),
                    exit.code,
                );
                drop(payload);
                panic!("{}", lines::exit_ended_the_test(exit));
            }
            panic::resume_unwind(payload)
        }
    }
}

/// Whether this thread is libtest's thread for the test `name` declared in
/// `module_path`: the test's path is the module path without the crate's
/// name, then the function's name. libtest writes a segment that is a
/// keyword as a raw identifier (`tests::r#match`), and the macro gives
/// `name` without `r#`, so segments are compared without it.
fn running_as_test(module_path: &str, name: &str) -> bool {
    let Some(thread) = std::thread::current().name().map(str::to_owned) else {
        return false;
    };
    let unraw = |segment: &'_ str| segment.strip_prefix("r#").unwrap_or(segment).to_owned();
    let expected = module_path
        .split_once("::")
        .map(|(_, inner)| inner)
        .into_iter()
        .flat_map(|inner| inner.split("::"))
        .chain([name]);
    thread.split("::").map(unraw).eq(expected.map(unraw))
}

/// `ExitCode` hides its number; find it by comparison (exit path only).
fn status_of(code: ExitCode) -> i32 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, i32::from)
}

#[cfg(test)]
mod tests {
    use super::is_program_root;

    #[test]
    fn b1_only_a_crate_with_an_entry_point_has_a_programs_main() {
        let cargo = |krate, bin, tmpdir, doctest| [Some(krate), bin, tmpdir, doctest];
        // A binary or an example, an integration test or a benchmark, a
        // doctest, a build script: at their root, `main` is the program's.
        assert!(is_program_root(
            "app",
            cargo("app", Some("app"), None, None)
        ));
        assert!(is_program_root("t", cargo("t", None, Some("/t/tmp"), None)));
        assert!(is_program_root(
            "lib",
            cargo("lib", None, None, Some("src/lib.rs"))
        ));
        assert!(is_program_root(
            "build_script_build",
            cargo("build_script_build", None, None, None)
        ));
        // Not in a submodule.
        assert!(!is_program_root(
            "app::cli",
            cargo("app", Some("app"), None, None)
        ));
        // A library (or its unit tests): an ordinary function.
        assert!(!is_program_root("lib", cargo("lib", None, None, None)));
        assert!(!is_program_root(
            "build_script",
            cargo("build_script", None, None, None)
        ));
        // Without Cargo, the crate root's `main` is taken for the entry point.
        assert!(is_program_root("app", [None, None, None, None]));
        assert!(!is_program_root("app::m", [None, None, None, None]));
    }
}
