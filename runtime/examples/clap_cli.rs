//! A command-line tool whose arguments clap parses, with every early end
//! going through `exit` (C1), and a quiet end when its reader goes away
//! (C2).
//!
//! `Args::parse()` would end the process inside clap for `--help`,
//! `--version` and a bad argument, with `std::process::exit`: the session
//! guard below would never say it closed. `parse_args()` prints what clap
//! prints, then calls `exit` with clap's status, which unwinds: the guard
//! is dropped, the hooks run. And `squares 100000 | head -1` ends with 0,
//! not a `BrokenPipe` panic.
//!
//! ```sh
//! cargo run -p exit-policy --features clap --example clap_cli -- 5
//! cargo run -p exit-policy --features clap --example clap_cli -- --help | head -1
//! cargo run -p exit-policy --features clap --example clap_cli -- five   # status 2
//! ```

use std::io::{self, Write};

use clap::Parser;
use exit_policy::{exit_policy, handle_closed_pipe, parse_args};

/// Prints the first COUNT square numbers.
#[derive(Parser)]
#[command(name = "squares", version)]
struct Args {
    /// How many squares to print.
    count: u64,
}

#[exit_policy(graceful)]
fn main() {
    handle_closed_pipe();
    let _session = Session::open();
    let args: Args = parse_args();
    let mut out = io::stdout().lock();
    for n in 1..=args.count {
        writeln!(out, "{}", n * n).expect("write");
    }
}

/// Something the program must close however it ends: here, a line on
/// stderr.
struct Session;

impl Session {
    fn open() -> Session {
        eprintln!("squares: session opened");
        Session
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        eprintln!("squares: session closed");
    }
}
