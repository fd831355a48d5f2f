//! H1 after `main` returned: its hooks run one at a time, newest first, and
//! the end already under way keeps its status (0). What comes during those
//! hooks changes nothing:
//!
//! - `h1_exit_during_mains_hooks`: hook 2 starts a detached worker that calls `exit(4)`
//!   and waits until that thread is gone. Hook 1 runs after hook 2, once.
//! - `h1_signal_during_mains_hooks`: a handled SIGTERM arrives while hook 2 runs (the test sends
//!   it when hook 2 says so). `exiting()` stays `None`, the status stays 0,
//!   and a 50 ms deadline does not cut the hooks: no shutdown started.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::thread;
use std::time::Duration;

use exit_policy::{at_exit, exit, exiting, handle_signals, set_deadline};
use exit_policy_tests::{signal_thread_blocked, wait_until};

/// Tells hook 2 that the worker thread is gone: thread-local destructors
/// run after the thread dropped its result.
struct Gone(Sender<()>);

impl Drop for Gone {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

thread_local! {
    static GONE: std::cell::RefCell<Option<Gone>> = const { std::cell::RefCell::new(None) };
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook 1 ran: status {status}, exiting() = {:?}", exiting()));
    match mode {
        "worker-exit" => at_exit(|_| {
            println!("hook 2 started");
            let (tx, gone) = channel();
            drop(thread::spawn(move || {
                GONE.with(|g| *g.borrow_mut() = Some(Gone(tx)));
                exit(4)
            }));
            gone.recv().unwrap();
            println!("hook 2 done");
        }),
        "sigterm" => {
            handle_signals().unwrap();
            set_deadline(Some(Duration::from_millis(50)));
            // A second observer of SIGTERM, so that hook 2 knows it came.
            let term = Arc::new(AtomicBool::new(false));
            signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term)).unwrap();
            at_exit(move |_| {
                wait_until(|| signal_thread_blocked().is_some());
                let blocked = signal_thread_blocked();
                println!("hook 2 started");
                // The signal came, and exit-policy's signal thread dealt
                // with it.
                wait_until(|| term.load(Ordering::SeqCst));
                wait_until(|| signal_thread_blocked() > blocked);
                println!("hook 2 saw SIGTERM: exiting() = {:?}", exiting());
                // Longer than the deadline: it must not cut these hooks.
                thread::sleep(Duration::from_millis(200));
                println!("hook 2 done");
            });
        }
        other => panic!("unknown mode {other:?}"),
    }
    println!("main: returning");
}
