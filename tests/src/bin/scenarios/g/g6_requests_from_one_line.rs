//! G6: requests made by the same `exit(3)` line are still different
//! requests. The one that lost the race is not taken for the winner.
//!
//! - `g6_loser_from_the_same_line_dropped`: two workers run the same `exit(3)`; main resumes the
//!   winner after dropping the loser. Dropping the loser prints nothing.
//! - `g6_loser_from_the_same_line_caught`: worker A unwinds for `exit(3)`; worker B catches its
//!   own `exit(3)`, from the same line, with `catch_exit`. That catch does
//!   not end A's shutdown: A's `Drop` still sees `exiting() == Some(3)`.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use exit_policy::{at_exit, catch_exit, exit, exiting, resume_if_exit};

fn fail() -> ! {
    exit(3)
}

/// Worker A's guard: once B has caught its request, looks at `exiting()`.
struct Commit(Sender<()>, Receiver<()>);

impl Drop for Commit {
    fn drop(&mut self) {
        self.0.send(()).unwrap();
        self.1.recv().unwrap();
        println!("A's drop: exiting() = {:?}", exiting());
    }
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook {status}"));
    match mode {
        "drop-loser" => {
            let winner = thread::spawn(|| fail()).join().unwrap_err();
            let loser = thread::spawn(|| fail()).join().unwrap_err();
            drop(loser);
            println!("dropped the loser");
            std::panic::resume_unwind(resume_if_exit(winner));
        }
        "catch-loser" => {
            let (a_unwinds, b_waits) = channel();
            let (b_caught, a_waits) = channel();
            let a = thread::spawn(move || {
                let _commit = Commit(a_unwinds, a_waits);
                fail()
            });
            b_waits.recv().unwrap();
            let b = thread::spawn(move || {
                let caught = catch_exit(|| fail());
                println!("B caught {:?}", caught.map_err(|e| e.code()));
                b_caught.send(()).unwrap();
            });
            b.join().unwrap();
            std::panic::resume_unwind(resume_if_exit(a.join().unwrap_err()));
        }
        other => panic!("unknown mode {other:?}"),
    }
}
