//! S: signals, checkpoints and `exit_requested`.

use exit_policy::{catch_exit, exit_requested, exiting};
use exit_policy_tests::exit_on_another_thread;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

fn wakes(counter: &Counter) -> usize {
    counter.0.load(Ordering::SeqCst)
}

fn poll(future: Pin<&mut impl Future<Output = i32>>, waker: &Waker) -> Poll<i32> {
    future.poll(&mut Context::from_waker(waker))
}

fn counting() -> (Waker, Arc<Counter>) {
    let counter = Arc::new(Counter(AtomicUsize::new(0)));
    (Waker::from(Arc::clone(&counter)), counter)
}

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A waker that counts its wakes.
struct Counter(AtomicUsize);

#[test]
fn s3_every_waiting_future_is_woken_once_when_a_shutdown_starts() {
    let (first_waker, first) = counting();
    let (replaced_waker, replaced) = counting();
    let (second_waker, second) = counting();
    let (dropped_waker, dropped) = counting();

    let mut a = pin!(exit_requested());
    let mut b = pin!(exit_requested());
    assert_eq!(poll(a.as_mut(), &replaced_waker), Poll::Pending);
    assert_eq!(poll(b.as_mut(), &second_waker), Poll::Pending);
    // Polled again with another waker: that one replaces the first.
    assert_eq!(poll(a.as_mut(), &first_waker), Poll::Pending);
    {
        // Dropped while waiting: it leaves nothing behind.
        let mut c = Box::pin(exit_requested());
        assert_eq!(poll(c.as_mut(), &dropped_waker), Poll::Pending);
    }

    // An exit on this thread inside `catch_exit` would be its alone (G4):
    // the shutdown comes from another thread's exit, continued here.
    let caught = catch_exit(|| exit_on_another_thread(9)).unwrap_err();
    assert_eq!(caught.code(), 9);
    assert_eq!(exiting(), None);
    assert_eq!(
        [
            wakes(&first),
            wakes(&replaced),
            wakes(&second),
            wakes(&dropped)
        ],
        [1, 0, 1, 0]
    );

    // The shutdown was caught, so they wait again; a new one completes while
    // a shutdown is under way.
    assert_eq!(poll(a.as_mut(), &first_waker), Poll::Pending);
    let during = catch_exit(|| {
        struct Polls;
        impl Drop for Polls {
            fn drop(&mut self) {
                let (waker, _) = counting();
                let mut late = pin!(exit_requested());
                assert_eq!(poll(late.as_mut(), &waker), Poll::Ready(11));
            }
        }
        let _polls = Polls;
        exit_on_another_thread(11)
    });
    assert_eq!(during.unwrap_err().code(), 11);
    assert_eq!(wakes(&first), 2);
}
