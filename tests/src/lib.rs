//! Helpers shared by the scenario binaries: a deterministic `.await` point
//! and the smallest executor, so async scenarios need no runtime; and a way
//! to know that exit-policy's signal thread has dealt with a signal.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// Pending once (waking itself), then ready: a deterministic `.await` point.
#[derive(Debug, Default)]
pub struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Polls `future` with a no-op waker until it is ready, on this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// How many times exit-policy's signal thread has blocked so far: it
/// blocks again once it has dealt with a signal. Linux names threads in
/// `/proc`, cut to 15 bytes; `None` until the thread has named itself.
#[must_use]
pub fn signal_thread_blocked() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    for task in tasks.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == "exit-policy-sig" {
            let status = std::fs::read_to_string(task.path().join("status")).ok()?;
            let line = status
                .lines()
                .find_map(|line| line.strip_prefix("voluntary_ctxt_switches:"))?;
            return line.trim().parse().ok();
        }
    }
    None
}

/// Waits (at most 10 s) until `done` holds.
pub fn wait_until(done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() && start.elapsed() < Duration::from_secs(10) {
        std::thread::yield_now();
    }
}
