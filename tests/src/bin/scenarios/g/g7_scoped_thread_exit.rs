//! `std::thread::scope` (G3, G7). The cases:
//! - `g7_scoped_thread_exit_joined`: the owner joins the scoped handle and passes the error to
//!   `resume_if_exit`: the exit continues on the owner thread, which drops
//!   its values, and the process ends with 3 (G7);
//! - `g3_scoped_thread_exit_unjoined`: nobody joins the scoped thread. Its request is dropped
//!   when that thread finishes, which ends the process with 4 right there
//!   (G3: the hook and one stderr line), before `scope` could raise its own
//!   "a scoped thread panicked" panic (status 101). The scope closure has
//!   returned, but the owner's other values are not dropped: it is still
//!   waiting inside `scope`;
//! - `g7_scoped_thread_exit_held`: as `g3_scoped_thread_exit_unjoined`, but the owner holds the handle until the scoped
//!   thread has finished, then drops it: the request is dropped on the owner
//!   thread, with the same outcome.

use std::sync::mpsc::{Sender, channel};
use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit, exit_policy, resume_if_exit};

struct Guard(&'static str, Option<Sender<()>>);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
        drop(self.1.take());
    }
}

#[exit_policy(graceful)]
fn scoped_work(code: i32) {
    let _guard = Guard("scoped thread guard", None);
    exit(code); // SITE: scoped exit
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let _guard = Guard("main guard", None);
    thread::scope(|s| {
        // Dropping it closes `done`: the scoped thread in `unjoined` waits
        // for that, so the output has one order.
        let (done, closed) = channel();
        let _inside = Guard("guard inside the scope closure", Some(done));
        match mode {
            "joined" => {
                if let Err(payload) = s.spawn(|| scoped_work(3)).join() {
                    std::panic::resume_unwind(resume_if_exit(payload));
                }
            }
            "unjoined" => {
                s.spawn(move || {
                    let _ = closed.recv();
                    scoped_work(4);
                });
            }
            _ => {
                let handle = s.spawn(|| scoped_work(4));
                // Bounded: the scoped thread finishes at once.
                for _ in 0..60_000 {
                    if handle.is_finished() {
                        break;
                    }
                    thread::sleep(Duration::from_millis(1));
                }
                println!("owner: dropping the finished thread's handle");
                drop(handle);
            }
        }
    });
    println!("unreachable: after the scope");
}
