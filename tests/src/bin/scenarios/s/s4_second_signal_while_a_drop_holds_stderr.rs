//! S4: a signal shutdown gets stuck in a `Drop` that holds the stderr lock
//! (it said it is closing a connection, and waits for the peer). A second
//! SIGTERM still ends the process at once, by SIGTERM, with its one line:
//! the line is written without that lock.

use std::io::Write;

use exit_policy::{checkpoint, handle_signals};
use exit_policy_tests::ready;

/// Holds stderr while it waits for a peer that never answers.
struct Connection;

impl Drop for Connection {
    fn drop(&mut self) {
        let mut err = std::io::stderr().lock();
        writeln!(err, "closing the connection...").unwrap();
        // Said after stderr has it: the test's second signal waits for this.
        println!("closing");
        loop {
            std::thread::park();
        }
    }
}

pub fn main() {
    handle_signals().expect("signal handlers");
    let _connection = Connection;
    ready();
    loop {
        checkpoint();
        std::thread::yield_now();
    }
}
