//! L2: with the `log` feature and a logger installed (`env_logger`, writing
//! `LOG LEVEL TARGET: message` to stdout), the start of the shutdown is a
//! record, emitted before main's guard drops, and every line the runtime
//! would print goes to the logger instead of stderr.
//!
//! - `l2_logger_sees_an_exit`: `exit(2)` from main: a WARN record, then the guard drops.
//! - `l2_logger_sees_a_signal`: SIGTERM after `ready`: an INFO record.
//! - `l2_logger_sees_a_panic`: a detached thread's panic after `handle_panics()`: an ERROR
//!   record naming the panic.
//! - `l2_logger_sees_an_interception`: a `catch_unwind` drops `exit(1)`: the start record,
//!   and the interception line as a WARN record; stderr stays empty.
//! - `l2_logger_filters_the_target`: the same, with the logger told to drop `exit_policy`:
//!   no record, and the interception line on stderr, as without a logger.

use std::io::Write;

use exit_policy::{checkpoint, exit, handle_panics, handle_signals};
use exit_policy_tests::Noisy;

fn logger(keep_exit_policy: bool) {
    let mut builder = env_logger::Builder::new();
    builder
        .filter_level(log::LevelFilter::Info)
        .target(env_logger::Target::Stdout)
        .format(|out, record| {
            writeln!(
                out,
                "LOG {} {}: {}",
                record.level(),
                record.target(),
                record.args()
            )
        });
    if !keep_exit_policy {
        builder.filter_module("exit_policy", log::LevelFilter::Off);
    }
    builder.init();
}

pub fn main(mode: &'static str) {
    logger(mode != "filtered");
    let _guard = Noisy("main's guard");
    match mode {
        "exit" => exit(2), // SITE: exit
        "signal" => {
            handle_signals().unwrap();
            println!("ready");
            loop {
                checkpoint();
                std::thread::yield_now();
            }
        }
        "panic" => {
            handle_panics();
            drop(
                std::thread::Builder::new()
                    .name("worker".into())
                    .spawn(|| panic!("the worker's bug")) // SITE: panic
                    .unwrap(),
            );
            loop {
                checkpoint();
                std::thread::yield_now();
            }
        }
        "interception" | "filtered" => {
            let swallowed = std::panic::catch_unwind(|| exit(1)); // SITE: swallowed
            drop(swallowed);
            println!("unreachable: the drop ends the process");
        }
        other => panic!("unknown mode {other:?}"),
    }
}
