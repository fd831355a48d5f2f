//! Give every function a declared, compile-time-checked exit policy.
//!
//! ```
//! use exit_policy::{exit, exit_policy};
//!
//! #[exit_policy(graceful)]
//! fn main() {
//!     let log = std::io::BufWriter::new(std::io::stdout());
//!     # let _ = &log;
//!     if std::env::args().count() > 99 {
//!         exit(2); // unwinds: `log` is flushed, then the process ends with 2
//!     }
//! }
//! ```
//!
//! - `#[exit_policy(graceful)]`: [`exit`] unwinds so every `Drop` runs, then
//!   ends the process with its code. A `catch_unwind` that swallows it ends
//!   the process at that point instead, and says so on stderr.
//! - `#[exit_policy(immediate)]`: [`exit`] is final, like Python's
//!   `os._exit`: no destructor, no hook, no interception.
//!
//! Inside an annotated function, a raw `std::process::exit`, `process::abort`,
//! `libc::exit` or `libc::_exit` is a compile error that says what to call
//! instead.
//!
//! See the README for the semantics table, threads and async, and caveats.
#![deny(missing_docs)]
#![warn(rust_2018_idioms)]

mod catch;
mod hooks;
mod latch;
mod policy;
mod request;
mod terminate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use catch::{catch_exit, exiting, resume_if_exit};
pub use hooks::at_exit;
pub use policy::{Policy, current_policy};
pub use request::{Exit, exit, exit_now};

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
/// fn quit() {
///     std::process::exit(1); // error: `std::process::exit` skips the destructors ...
/// }
/// ```
///
/// ```
/// use exit_policy::{exit_policy, current_policy, Policy};
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
