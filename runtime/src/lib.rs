//! Give every function a declared, compile-time-checked exit policy: a
//! graceful exit that runs every destructor and that no `catch_unwind` can
//! swallow, or an immediate exit that nothing can delay or intercept.
//!
//! ```toml
//! [dependencies]
//! exit-policy = "0.1"
//! ```
//!
//! ```
//! use exit_policy::{exit, exit_policy};
//! use std::io::{BufWriter, Write};
//!
//! #[exit_policy(graceful)]
//! fn main() {
//!     let mut out = BufWriter::new(std::io::stdout());
//!     writeln!(out, "report: 3 accounts checked").unwrap();
//!     if std::env::args().count() > 99 {
//!         exit(2); // unwinds: `out` is flushed, then the process ends with 2
//!     }
//! }
//! ```
//!
//! # The two policies
//!
//! | | destructors run? | interceptable? | [`at_exit`] hooks? | stdout flushed? | other threads? |
//! |---|---|---|---|---|---|
//! | `std::process::exit` | no | no | libc `atexit` only | std's buffer only | killed |
//! | `panic!` + `catch_unwind` | yes | yes, by any `catch_unwind` | only if it reaches `main` | if the process ends normally | ends only that thread |
//! | `#[exit_policy(graceful)]` | yes, innermost first | no, except on purpose with [`catch_exit`] | yes | yes | forward a worker's exit with [`resume_if_exit`] |
//! | `#[exit_policy(immediate)]`, [`exit_now`] | no | no | no | no | killed at once |
//!
//! - **graceful**: [`exit`] unwinds the thread, so every `Drop` runs; then the
//!   process ends with the code, after the [`at_exit`] hooks. A `catch_unwind`
//!   that catches the request and drops it ends the process right there, with
//!   the code and one line on stderr. Commit paths ask [`exiting`] first.
//! - **immediate**: [`exit`] is final, like Python's `os._exit`: no destructor,
//!   no hook, no interception. An exit raised by a graceful callee stops at
//!   the immediate function's frame.
//!
//! [`exit`] follows the innermost annotated function on the current thread
//! ([`current_policy`]); with none, it is graceful. Inside an annotated
//! function, a raw `std::process::exit`, `process::abort`, `libc::exit` or
//! `libc::_exit` is a compile error that says what to call instead.
//!
//! # Threads and async
//!
//! A thread or task does not inherit the policy of the code that spawned it:
//! annotate the function it runs, or give it one with [`Policy::in_scope`]
//! (a closure) or [`Policy::wrap`] (a future). A graceful exit on a worker
//! comes out of `join()` (or a task's `JoinHandle`) as `Err(payload)`;
//! [`.forward_exit()`](ForwardExit) on the join's result continues the exit
//! on the joining thread. An annotated `async fn` re-enters its policy on every poll, across
//! `.await` points and executor threads, and drops its values under it when
//! cancelled; `#[exit_policy(..)]` goes above or below `#[tokio::main]`.
//!
//! # Shutdown from outside
//!
//! [`handle_signals`] (feature `signals`, on by default) turns SIGINT,
//! SIGTERM and SIGHUP into graceful shutdowns ([`handle_signals_for`]
//! chooses others); a second one ends the process at once. Worker loops stop
//! at [`checkpoint`], async code waits with [`exit_requested`], and
//! [`set_deadline`] cuts a shutdown that hangs, naming what hung. A shutdown
//! a signal started ends by re-raising it, so the parent sees the real
//! cause (or with [`set_signal_status`]'s status). A service starts the same
//! shutdown from a handler with [`request_exit`], which returns, and drains
//! first with [`set_drain_delay`] while [`draining`] answers its readiness
//! check. Under systemd (feature `systemd`) it speaks the notify protocol;
//! in Kubernetes every end writes its cause to the termination log.
//!
//! # Caveats
//!
//! An exit unwinds, so to other code it looks like a panic: mutexes held on
//! the way are poisoned and unwind guards fire. A destructor that panics
//! during the unwind aborts the process. Nothing unwinds across `extern "C"`
//! frames. The compile-time check is lexical: an alias made outside the item,
//! such as `use std::process::exit as quit`, escapes it, so pair it with clippy's
//! `exit` lint and `disallowed-methods`. Under `panic = "abort"`, a graceful
//! exit runs the hooks and ends with its code, without destructors.
//!
//! The full contract, rule by rule, with the choices made where it is silent,
//! is the [`_contract`] page.
#![deny(missing_docs)]
#![warn(rust_2018_idioms)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// One way down, a file per concept. The entry points (`exit`, `waiting`,
// `scope`, `boundary`, `signals`, `panics`) and the guards (`guard`) use
// the shell (`shutdown`), which applies the inputs of the state machine
// (`machine`) and carries out its decisions: run the hooks (`hooks`), print
// a line (`lines`, the only module that prints) and end the process
// (`end`, the only module that does). Per-thread records are `thread` and
// `policy`; the plain data is `request`.
#[cfg(feature = "clap")]
mod args;
mod boundary;
mod end;
mod exit;
mod forward;
mod guard;
mod hooks;
mod lines;
// Without the `signals` feature nothing delivers a signal, but the machine
// stays the same, so that one model test checks the machine of both builds.
#[cfg_attr(not(feature = "signals"), allow(dead_code))]
mod machine;
mod os;
mod panics;
mod pipe;
mod policy;
mod request;
mod scope;
mod shutdown;
#[cfg(feature = "signals")]
mod signals;
#[cfg(feature = "systemd")]
mod systemd;
mod termination;
mod thread;
mod waiting;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[doc = include_str!("contract.md")]
pub mod _contract {}

#[cfg(feature = "clap")]
#[cfg_attr(docsrs, doc(cfg(feature = "clap")))]
pub use args::{clap_exit, parse_args};
pub use exit::{catch_exit, checkpoint, exit, exit_now, request_exit, resume_if_exit};
pub use forward::ForwardExit;
pub use hooks::at_exit;
pub use panics::{handle_panics, panic_handler};
pub use pipe::handle_closed_pipe;
pub use policy::{Policy, current_policy};
pub use request::Exit;
pub use scope::WithPolicy;
#[cfg(feature = "signals")]
#[cfg_attr(docsrs, doc(cfg(feature = "signals")))]
pub use signals::{Signal, handle_signals, handle_signals_for, set_signal_status};
#[cfg(feature = "systemd")]
#[cfg_attr(docsrs, doc(cfg(feature = "systemd")))]
pub use systemd::notify_ready;
pub use waiting::{draining, exit_requested, exiting, set_deadline, set_drain_delay};

/// Declares the exit policy of a function, an `impl` block or an inline `mod`.
///
/// - `#[exit_policy(graceful)]`: [`exit`] unwinds, every `Drop` runs, the
///   process ends with the code; nobody can swallow it.
/// - `#[exit_policy(immediate)]`: [`exit`] ends the process at once; an exit
///   request raised by a graceful callee stops at this function's frame.
///
/// Optional: `crate = path` names this crate when it is renamed in
/// `Cargo.toml`, as in `#[exit_policy(graceful, crate = ep)]`.
///
/// A raw exit inside an annotated function does not compile:
///
/// ```compile_fail
/// #[exit_policy::exit_policy(graceful)]
/// fn quit(code: i32) {
///     std::process::exit(code);
/// }
/// ```
///
/// ```text
/// error: `std::process::exit` skips the destructors this `graceful` function promises to run
///        = help: call `exit_policy::exit(code)` to run every `Drop` first, or `exit_policy::exit_now(code)` to skip them on purpose
///  --> src/main.rs:3:5
///   |
/// 3 |     std::process::exit(code);
///   |     ^^^^^^^^^^^^^^^^^^
/// ```
///
/// Both policies, on a function and on an `impl` block:
///
/// ```
/// use exit_policy::{catch_exit, exit, exit_policy, current_policy, Policy};
///
/// #[exit_policy(graceful)]
/// fn load(path: &str) -> String {
///     std::fs::read_to_string(path).unwrap_or_else(|_| exit(2)) // unwinds
/// }
///
/// assert_eq!(catch_exit(|| load("/no/such/file")).unwrap_err().code(), 2);
///
/// struct Vault;
///
/// #[exit_policy(immediate)]
/// impl Vault {
///     fn open(&self) -> Option<Policy> {
///         current_policy()
///     }
/// }
///
/// assert_eq!(Vault.open(), Some(Policy::Immediate));
/// ```
#[doc(inline)]
pub use exit_policy_macros::exit_policy;

/// The README's code blocks, run as doctests by `cargo test --doc` so that
/// they can't rot. `runtime/README.md` is a link to the workspace README.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
