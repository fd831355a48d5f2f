//! C2 with an unannotated `main`: after `handle_closed_pipe()`, `println!`
//! into a closed pipe on the main thread ends the process where it failed,
//! at once, with 0 and nothing on stderr: std's runtime would end such a
//! `main` with 101, and no hook can run inside the panic hook.

use exit_policy::{at_exit, handle_closed_pipe};

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        eprintln!("not expected: the guard dropped");
    }
}

pub fn main() {
    handle_closed_pipe();
    at_exit(|status| eprintln!("not expected: hook with {status}"));
    let _guard = Guard;
    loop {
        println!("a line");
    }
}
