//! C2: after `handle_closed_pipe()`, a print to a stdout whose reader has
//! gone ends the program quietly with 0. The cases: `println` (std's own
//! panic for a failed print, on main, under the annotated `main` of the
//! scenario program: the guard drops, the hook runs), `destructor` (a
//! destructor prints again while the first closed pipe unwinds: the process
//! ends there, at once, with 0, instead of aborting), `worker` (a worker's
//! print fails; main stops at its checkpoint), `handle-panics` (with
//! `handle_panics()` too, installed first: still 0, not 101).

use exit_policy::{at_exit, checkpoint, handle_closed_pipe, handle_panics};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        eprintln!("dropped {}", self.0);
        if self.0 == "a guard that prints" {
            println!("one more line");
        }
    }
}

pub fn main(mode: &str) {
    if mode == "handle-panics" {
        handle_panics();
    }
    handle_closed_pipe();
    at_exit(|status| eprintln!("hook: status {status}"));
    if mode == "worker" {
        let _guard = Guard("main's guard");
        std::thread::spawn(|| {
            loop {
                println!("a line from the worker");
            }
        });
        loop {
            checkpoint();
            std::thread::yield_now();
        }
    }
    let _guard = Guard(if mode == "destructor" {
        "a guard that prints"
    } else {
        "main's guard"
    });
    loop {
        println!("a line");
    }
}
