//! The command line, parsed by clap, with every early end (`--help`,
//! `--version`, a bad argument) going through [`exit`](crate::exit) (C1):
//! behind the cargo feature `clap`.

use std::io::Write as _;
use std::panic::Location;

use crate::exit;
use crate::request::Exit;

/// Parses the command line into `T`, as `T::parse()` does, except that an
/// early end goes through [`exit`](crate::exit) under the policy in force
/// (C1).
///
/// clap's own `parse()` ends the process itself for `--help`, `--version`
/// and a bad argument (`std::process::exit` inside clap): no destructor
/// runs, and the attribute can't see the call. Here clap prints what it
/// would, where it would, in its colours (`--help` and `--version` on
/// stdout, errors on stderr), stdout is flushed as clap flushes it, then
/// `exit` ends with clap's status (0 for `--help` and `--version`, 2 for a
/// usage error). Under `#[exit_policy(graceful)]` that unwinds, so guards
/// made before the parse are dropped and the `at_exit` hooks run. A
/// reader that has gone away (`prog --help | head -1`) is not an error:
/// what can't be printed is dropped, and the status stays clap's.
///
/// ```no_run
/// use clap::Parser;
/// use exit_policy::{exit_policy, parse_args};
///
/// /// Squares a number.
/// #[derive(Parser)]
/// #[command(version)]
/// struct Args {
///     /// The number to square.
///     n: u64,
/// }
///
/// #[exit_policy(graceful)]
/// fn main() {
///     let args: Args = parse_args(); // `--help`: help, then exit(0)
///     println!("{}", args.n * args.n);
/// }
/// ```
#[track_caller]
#[must_use]
pub fn parse_args<T: clap::Parser>() -> T {
    let at = Location::caller();
    T::try_parse().unwrap_or_else(|error| end_for(&error, at))
}

/// Ends the program for a clap error as clap's `Error::exit()` does, but
/// through [`exit`](crate::exit) under the policy in force (C1): what clap
/// prints for it (help, a version, or a usage error), then `exit` with
/// clap's status. For code that parses with clap's `try_` functions
/// (`Command::try_get_matches`, `Parser::try_parse_from`) instead of
/// [`parse_args`].
///
/// ```no_run
/// use exit_policy::{clap_exit, exit_policy};
///
/// #[exit_policy(graceful)]
/// fn main() {
///     let command = clap::Command::new("squares").arg(clap::Arg::new("n").required(true));
///     let matches = command.try_get_matches().unwrap_or_else(|e| clap_exit(&e));
///     println!("{:?}", matches.get_one::<String>("n"));
/// }
/// ```
#[track_caller]
pub fn clap_exit(error: &clap::Error) -> ! {
    end_for(error, Location::caller())
}

/// Prints what clap says for `error`, then exits with its status,
/// requested at `at`.
fn end_for(error: &clap::Error, at: &'static Location<'static>) -> ! {
    // clap writes help and version to stdout and errors to stderr; a
    // closed reader makes that fail, and the output is then nobody's.
    // stdout is flushed as clap flushes it (under `immediate` nothing
    // would later); stderr has no buffer.
    let _ = error.print();
    let _ = std::io::stdout().flush();
    exit::request(Exit::new(error.exit_code(), at))
}
