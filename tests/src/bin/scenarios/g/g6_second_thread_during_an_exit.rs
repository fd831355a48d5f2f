//! G6 and `exiting()` across threads, while main unwinds for
//! `exit(3)`: main's guard blocks in its `Drop` until a second thread has
//! done something, then lets the unwind finish. The cases:
//! - `g3_second_thread_observes_an_exit`: the second thread sees `exiting() == Some(3)` (it saw
//!   `None` before the exit);
//! - `g6_second_thread_exits_during_an_exit`: the second thread asks for `exit(4)` (graceful): it
//!   changes nothing. That thread unwinds, its request is dropped unjoined,
//!   and main still finishes its unwind and ends with 3; stderr stays empty;
//! - `g6_second_thread_exits_now_during_an_exit`: the second thread asks for `exit_now(4)`: the
//!   process ends at once with 3, the first code; one stderr line names both
//!   requests; no hook runs;
//! - `g4_second_thread_after_catch_exit`: the same inside `catch_exit`:
//!   the exit is main's alone while it unwinds to the catch (G4), so the
//!   second thread sees `None` during it and after, and main returns 0;
//! - `g4_own_exit_resumed_inside_catch_exit`: as that, with the exit caught
//!   by a plain `catch_unwind` and continued by `resume_if_exit` on the same
//!   thread, inside the `catch_exit`: still main's alone;
//! - `g4_a_worker_s_own_exit_resumed_on_main`: a worker's exit, its alone
//!   inside its own `catch_exit`, caught there by `catch_unwind` and handed
//!   to main, which continues it with `resume_if_exit` inside `catch_exit`:
//!   it left its thread, so it is the process's now, and the second thread
//!   sees it during the unwind (and `None` after the catch).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use exit_policy::{at_exit, catch_exit, exit, exit_now, exit_policy, exiting, resume_if_exit};

/// Sends its message when dropped, even when its thread unwinds.
struct Notify(Sender<&'static str>, &'static str);

impl Drop for Notify {
    fn drop(&mut self) {
        let _ = self.0.send(self.1);
    }
}

/// Blocks in `Drop` until the second thread answers.
struct Handshake<'a> {
    ask: &'a Sender<()>,
    answers: &'a Receiver<&'static str>,
}

impl Drop for Handshake<'_> {
    fn drop(&mut self) {
        println!("main guard: unwinding, exiting() = {:?}", exiting());
        self.ask.send(()).expect("second thread alive");
        let answer = self.answers.recv().expect("an answer");
        println!("main guard: the second thread {answer}");
    }
}

fn second_thread(mode: &str, asked: &Receiver<()>, answer: Sender<&'static str>) {
    println!("second thread: before, exiting() = {:?}", exiting());
    let _ = answer.send("is ready");
    asked.recv().expect("asked");
    let seen = exiting();
    println!("second thread: during the unwind, exiting() = {seen:?}");
    match mode {
        "second-exit" => {
            let _notify = Notify(answer, "asked for exit(4) and unwound");
            exit(4); // SITE: second exit
        }
        "second-exit-now" => exit_now(4), // SITE: second exit_now
        "observe" => {
            let _ = answer.send("saw it");
        }
        _ => {
            let _ = answer.send("saw it");
            asked.recv().expect("asked again");
            println!(
                "second thread: after catch_exit, exiting() = {:?}",
                exiting()
            );
            let _ = answer.send("saw it again");
        }
    }
}

#[exit_policy(graceful)]
fn work(ask: &Sender<()>, answers: &Receiver<&'static str>) {
    let _handshake = Handshake { ask, answers };
    exit(3); // SITE: first exit
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let caught = matches!(mode, "caught" | "resumed" | "resumed-from-a-worker");
    let (ask, asked) = channel();
    let (answer, answers) = channel();
    drop(thread::spawn(move || second_thread(mode, &asked, answer)));
    assert_eq!(answers.recv(), Ok("is ready"));
    if caught {
        let code = catch_exit(|| match mode {
            "resumed" => {
                let payload = std::panic::catch_unwind(|| exit(3)).unwrap_err();
                let _handshake = Handshake {
                    ask: &ask,
                    answers: &answers,
                };
                std::panic::resume_unwind(resume_if_exit(payload))
            }
            "resumed-from-a-worker" => {
                let worker = thread::spawn(|| {
                    let mut kept = None;
                    let _ = catch_exit(|| {
                        kept = Some(std::panic::catch_unwind(|| exit(3)).unwrap_err());
                    });
                    kept.expect("the worker's own exit")
                });
                let payload = worker.join().expect("the worker returns its exit");
                let _handshake = Handshake {
                    ask: &ask,
                    answers: &answers,
                };
                std::panic::resume_unwind(resume_if_exit(payload))
            }
            _ => work(&ask, &answers),
        })
        .map_err(|e| e.code());
        println!("main: catch_exit gave {code:?}");
        ask.send(()).expect("second thread alive");
        println!(
            "main: the second thread {}",
            answers.recv().expect("an answer")
        );
        return;
    }
    work(&ask, &answers);
}
