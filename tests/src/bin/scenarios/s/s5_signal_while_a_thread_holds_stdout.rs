//! S5: a filter's thread holds the stdout lock while it waits for input (it
//! printed "ready" through that lock). SIGTERM: main's loop unwinds at its
//! checkpoint, its guard drops, the hook runs (both say so on stderr: stdout
//! is held), and the process dies by SIGTERM. The end flushes stdout as
//! `std::process::exit` does, without waiting for the lock.

use std::io::Write;

use exit_policy::{at_exit, checkpoint, handle_signals};

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        eprintln!("dropped main's guard");
    }
}

pub fn main() {
    handle_signals().expect("signal handlers");
    at_exit(|status| eprintln!("hook: status {status}"));
    let _guard = Guard;
    std::thread::spawn(|| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "ready").unwrap();
        out.flush().unwrap();
        loop {
            std::thread::park(); // a read of stdin that never returns
        }
    });
    loop {
        checkpoint();
        std::thread::yield_now();
    }
}
