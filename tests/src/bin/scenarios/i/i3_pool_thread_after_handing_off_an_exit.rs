//! I3 on a pool thread that handed an exit away: it caught a job's
//! `exit(3)` with `catch_unwind` and sent the payload to main, which
//! resumes it. The pool thread's next job panics inside an immediate
//! function: that panic passes through (I3), and the exit goes on.

use std::panic::catch_unwind;
use std::sync::mpsc::{Sender, channel};
use std::thread;

use exit_policy::{at_exit, exit, exit_policy, resume_if_exit};

#[exit_policy(immediate)]
fn check(entry: i64) {
    assert!(entry >= 0, "negative entry {entry}");
}

/// Lets the pool run its next job, and waits for it, while main unwinds.
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
        to_main.send(catch_unwind(|| exit(3)).unwrap_err()).unwrap();
        next.recv().unwrap();
        println!("job 2 panicked: {}", catch_unwind(|| check(-2)).is_err());
    });
    let payload = from_pool.recv().unwrap();
    let _next = NextJob(Some(pool), go);
    std::panic::resume_unwind(resume_if_exit(payload));
}
