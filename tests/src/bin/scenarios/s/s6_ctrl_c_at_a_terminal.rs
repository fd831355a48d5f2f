//! S6: with stderr at a terminal, the first Ctrl-C of a shutdown says that
//! the shutdown started and that a second one stops the process at once.
//! The loop stops at its checkpoint, the hook runs, and the process dies by
//! SIGINT. The test runs it on a pseudo-terminal and types Ctrl-C.
//!
//! With the argument `s6_ctrl_c_at_a_terminal_logged`, a logger takes the lines (L2) and writes
//! each to stderr with what another thread would see while it was written:
//! `exiting()`, and whether a fresh `exit_requested()` is ready. The start
//! of the shutdown and the S6 line both come before any other thread can
//! see the shutdown, so before the loop stops and the hook prints.

use std::future::Future;
use std::io::Write;
use std::task::{Context, Waker};

use exit_policy::{checkpoint, exit_requested, exiting};
use exit_policy_tests::{handle_signals_with_a_hook, ready};

struct Logger;

impl log::Log for Logger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let mut probe = std::pin::pin!(exit_requested());
        let waited = probe.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        let _ = writeln!(
            std::io::stderr(),
            "LOG {}: {} (exiting: {:?}, exit_requested: {:?})",
            record.level(),
            record.args(),
            exiting(),
            waited
        );
    }

    fn flush(&self) {}
}

pub fn main(mode: &'static str) {
    if mode == "logged" {
        log::set_logger(&Logger).expect("the only logger");
        log::set_max_level(log::LevelFilter::Info);
    }
    handle_signals_with_a_hook();
    ready();
    loop {
        checkpoint();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
