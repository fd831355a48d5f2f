//! Putting a policy in force for a closure (`Policy::in_scope`) or a future
//! (`Policy::wrap`, `WithPolicy`), with the guards an annotated function's
//! body runs under.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::guard::{GracefulScope, ImmediateScope};
use crate::policy::Policy;

/// Runs `f` under `policy`, with the guard an annotated function's body
/// runs under.
#[inline]
fn under<R>(policy: Policy, f: impl FnOnce() -> R) -> R {
    match policy {
        Policy::Graceful => {
            let _scope = GracefulScope::enter();
            f()
        }
        Policy::Immediate => {
            let _scope = ImmediateScope::enter();
            f()
        }
    }
}

impl Policy {
    /// Runs `f` under this policy, exactly as the body of an annotated
    /// function runs (W1): [`exit`](crate::exit) inside follows it, an
    /// immediate scope stops the exit requests of its callees (I2), and the
    /// caller's policy is back when `f` returns or unwinds.
    ///
    /// This is how a closure handed to a thread or a pool gets a policy: a
    /// thread does not inherit the policy of the code that spawned it (P3).
    ///
    /// ```
    /// use exit_policy::{current_policy, Policy};
    ///
    /// let worker = std::thread::spawn(|| {
    ///     Policy::Immediate.in_scope(|| {
    ///         // `exit` here would end the process at once.
    ///         current_policy()
    ///     })
    /// });
    /// assert_eq!(worker.join().unwrap(), Some(Policy::Immediate));
    /// assert_eq!(current_policy(), None);
    /// ```
    #[inline]
    pub fn in_scope<R>(self, f: impl FnOnce() -> R) -> R {
        under(self, f)
    }

    /// Wraps `future` so that it is polled under this policy, and dropped
    /// under it too, whether it completed or was cancelled (W2).
    ///
    /// This is how a task handed to `tokio::spawn` gets a policy: the task
    /// runs on whatever worker thread polls it, and a thread does not inherit
    /// the policy of the code that spawned it (P3). The wrapper allocates
    /// nothing, and is `Send`, `Sync` and `Unpin` exactly when `future` is.
    ///
    /// ```
    /// use std::future::Future;
    /// use std::pin::pin;
    /// use std::task::{Context, Poll, Waker};
    ///
    /// use exit_policy::{current_policy, Policy};
    ///
    /// let task = Policy::Immediate.wrap(async { current_policy() });
    /// let polled = pin!(task).poll(&mut Context::from_waker(Waker::noop()));
    /// assert_eq!(polled, Poll::Ready(Some(Policy::Immediate)));
    /// ```
    #[inline]
    pub fn wrap<F: Future>(self, future: F) -> WithPolicy<F> {
        WithPolicy {
            policy: self,
            inner: Some(future),
        }
    }
}

pin_project! {
    /// A future that polls `F` under a policy, and drops it under the same
    /// policy. Made by [`Policy::wrap`]; an annotated `async fn` returns one.
    ///
    /// ```
    /// use exit_policy::{Policy, WithPolicy};
    ///
    /// fn spawnable<F: std::future::Future + Send + 'static>(_: F) {}
    ///
    /// let task: WithPolicy<_> = Policy::Graceful.wrap(async { 7 });
    /// spawnable(task); // `Send` because the async block is
    /// ```
    #[must_use = "futures do nothing unless polled"]
    pub struct WithPolicy<F> {
        policy: Policy,
        // `None` only once dropped: the inner future is dropped in place,
        // under the policy, before this wrapper's own fields go.
        #[pin]
        inner: Option<F>,
    }

    impl<F> PinnedDrop for WithPolicy<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            let mut inner = this.inner;
            under(*this.policy, || inner.set(None));
        }
    }
}

impl<F: Future> Future for WithPolicy<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        match this.inner.as_pin_mut() {
            Some(inner) => under(*this.policy, || inner.poll(cx)),
            // Unreachable: the inner future is taken only by `drop`.
            None => Poll::Pending,
        }
    }
}

impl<F> fmt::Debug for WithPolicy<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithPolicy")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}
