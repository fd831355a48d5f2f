//! I3 on a pool thread that runs under `#[exit_policy(immediate)]` and hands
//! a job's exit away: it catches the job's `exit(3)` and sends the payload
//! to main, which resumes it. The pool thread's own record of that exit is
//! gone with the payload: its next panic crosses the immediate frame as a
//! panic (I3), the pool catches it, and main's exit goes on in order (its
//! guard drops, the hook runs, status 3).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use exit_policy::{at_exit, exit, exit_policy, resume_if_exit};
use exit_policy_tests::Noisy;

#[exit_policy(graceful)]
fn job() {
    exit(3);
}

/// The pool's loop, under `immediate` from before its first job.
#[exit_policy(immediate)]
fn pool(to_main: &Sender<Box<dyn std::any::Any + Send>>, next: &Receiver<()>) {
    to_main.send(catch_unwind(job).unwrap_err()).unwrap();
    next.recv().unwrap();
    panic!("the pool's own bug"); // crosses this immediate frame
}

/// Lets the pool go on, and waits for it, while main unwinds.
struct NextJob(Option<thread::JoinHandle<()>>, Sender<()>);

impl Drop for NextJob {
    fn drop(&mut self) {
        self.1.send(()).unwrap();
        self.0.take().unwrap().join().unwrap();
        println!("pool done");
    }
}

pub fn main() {
    at_exit(|status| println!("hook {status}"));
    let ((to_main, from_pool), (go, next)) = (channel(), channel::<()>());
    let pool = thread::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(|| pool(&to_main, &next)));
        println!("the pool's panic passed: {}", outcome.is_err());
    });
    let payload = from_pool.recv().unwrap();
    let _guard = Noisy("main's guard");
    let _next = NextJob(Some(pool), go);
    std::panic::resume_unwind(resume_if_exit(payload));
}
