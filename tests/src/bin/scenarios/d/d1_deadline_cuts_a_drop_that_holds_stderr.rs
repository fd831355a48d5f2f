//! D1: with a 200 ms deadline, a `Drop` that holds the stderr lock hangs
//! during `exit(4)` (it said it is closing a connection, and waits for the
//! peer). The deadline still ends the process with 4 and its one line: the
//! line is written without that lock.

use std::io::Write;
use std::time::Duration;

use exit_policy::{exit, set_deadline};

/// Holds stderr while it waits for a peer that never answers.
struct Connection;

impl Drop for Connection {
    fn drop(&mut self) {
        let mut err = std::io::stderr().lock();
        writeln!(err, "closing the connection...").unwrap();
        loop {
            std::thread::park();
        }
    }
}

pub fn main() {
    set_deadline(Some(Duration::from_millis(200)));
    let _connection = Connection;
    println!("exiting");
    exit(4); // SITE: deadline exit
}
