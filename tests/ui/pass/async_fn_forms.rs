//! Every form of annotated `async fn` (A1, W3), run on edition 2024 here and
//! on edition 2021 by `tests/fixtures/edition-2021`, which compiles this file
//! as a module. Each annotated function has an unannotated twin with the
//! same body: both must log the same events in the same order (parameters
//! dropped when the future ends, as rustc's own desugaring drops them), and
//! only the policy differs.
#![deny(warnings)]

use std::cell::RefCell;
use std::future::Future;
use std::num::ParseIntError;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use exit_policy::{Policy, current_policy, exit_policy};

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(event: impl Into<String>) {
    LOG.with_borrow_mut(|log| log.push(event.into()));
}

fn take_log() -> Vec<String> {
    LOG.with_borrow_mut(std::mem::take)
}

/// Logs its drop, and the policy in force then.
pub struct Noisy(pub &'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        log(format!("dropped {} under {:?}", self.0, current_policy()));
    }
}

/// Pending once, then ready: a real suspension point.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn suspend() -> YieldOnce {
    YieldOnce(false)
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

// ---- elided and named lifetimes, generics, `impl Trait` ------------------

/// An elided lifetime, captured by the returned future.
#[exit_policy(graceful)]
pub async fn elided(text: &str) -> &str {
    suspend().await;
    text.trim()
}

/// Two named lifetimes, one of them unused by the output.
#[exit_policy(immediate)]
pub async fn named<'a, 'b>(first: &'a str, second: &'b str) -> &'a str {
    suspend().await;
    if second.is_empty() { "" } else { first }
}

/// A type parameter, an `impl Trait` argument and a `where` clause.
#[exit_policy(graceful)]
pub async fn generic<T>(value: T, sink: impl FnOnce(&T)) -> T
where
    T: Clone + Send,
{
    suspend().await;
    sink(&value);
    value
}

/// `?` and an early `return`, with the error type inferred from the output.
#[exit_policy(graceful)]
pub async fn fallible(text: &str) -> Result<u32, ParseIntError> {
    let n: u32 = text.parse()?;
    if n == 0 {
        return Ok(1);
    }
    suspend().await;
    Ok(n * 2)
}

/// `impl Trait` in the output.
#[exit_policy(immediate)]
pub async fn evens(limit: u32) -> impl Iterator<Item = u32> {
    suspend().await;
    (0..limit).filter(|n| n % 2 == 0)
}

// ---- parameters: `mut`, patterns, `_`, unused ----------------------------

/// Every kind of parameter; `_kept` and the `_` one are never used.
#[exit_policy(graceful)]
pub async fn parameters(mut count: u32, (a, b): (u32, u32), _: Noisy, _kept: Noisy) -> u32 {
    count += a + b;
    log(format!("body ran, count {count}"));
    suspend().await;
    count
}

/// The same body, without the attribute.
pub async fn parameters_plain(mut count: u32, (a, b): (u32, u32), _: Noisy, _kept: Noisy) -> u32 {
    count += a + b;
    log(format!("body ran, count {count}"));
    suspend().await;
    count
}

// ---- methods: `&self`, `&mut self`, `self`, `self: Box<Self>` ------------

pub struct Counter(pub u32);

#[exit_policy(immediate)]
impl Counter {
    pub async fn bump(&mut self) -> u32 {
        suspend().await;
        self.0 += 1;
        self.0
    }

    pub async fn peek(&self) -> (u32, Option<Policy>) {
        (self.0, current_policy())
    }

    pub async fn into_inner(self) -> u32 {
        self.0
    }

    pub async fn unboxed(self: Box<Self>) -> u32 {
        suspend().await;
        self.0
    }
}

// ---- traits: a default method, and an impl of a required one -------------

#[exit_policy(graceful)]
pub mod store {
    use exit_policy::{Policy, current_policy};

    #[allow(async_fn_in_trait)] // used only here, with no auto-trait bounds
    pub trait Store {
        /// Required: implementations bring their own policy.
        async fn get(&self, key: &str) -> usize;

        /// A default body takes the module's policy.
        async fn policy(&self) -> Option<Policy> {
            current_policy()
        }
    }
}

pub struct Memory;

impl store::Store for Memory {
    #[exit_policy(immediate)]
    async fn get(&self, key: &str) -> usize {
        super_suspend().await;
        key.len() + usize::from(current_policy() == Some(Policy::Immediate))
    }
}

fn super_suspend() -> YieldOnce {
    suspend()
}

pub fn main() {
    use store::Store;

    // Lifetimes, generics, `impl Trait`, and `Send` inferred from the body.
    let owned = String::from("  padded  ");
    assert_eq!(block_on(assert_send(elided(&owned))), "padded");
    assert_eq!(block_on(named("first", "second")), "first");
    let mut seen = 0;
    assert_eq!(block_on(generic(7_u8, |v| seen = *v)), 7);
    assert_eq!(seen, 7);
    assert_eq!(block_on(fallible("21")), Ok(42));
    assert_eq!(block_on(fallible("0")), Ok(1));
    assert!(block_on(fallible("x")).is_err());
    assert_eq!(block_on(evens(5)).collect::<Vec<_>>(), [0, 2, 4]);

    // Parameters are moved into the future and dropped when it ends, in the
    // same order as without the attribute; only the policy differs.
    let future = parameters(1, (2, 3), Noisy("wildcard"), Noisy("kept"));
    log("created");
    assert_eq!(block_on(future), 6);
    let annotated = take_log();
    let future = parameters_plain(1, (2, 3), Noisy("wildcard"), Noisy("kept"));
    log("created");
    assert_eq!(block_on(future), 6);
    let plain = take_log();
    assert_eq!(plain[0], "created");
    assert_eq!(
        annotated,
        plain
            .iter()
            .map(|event| event.replace("under None", "under Some(Graceful)"))
            .collect::<Vec<_>>()
    );

    // Receivers.
    let mut counter = Counter(1);
    assert_eq!(block_on(counter.bump()), 2);
    assert_eq!(block_on(counter.peek()), (2, Some(Policy::Immediate)));
    assert_eq!(block_on(Box::new(Counter(5)).unboxed()), 5);
    assert_eq!(block_on(counter.into_inner()), 2);

    // Traits.
    assert_eq!(block_on(Memory.get("key")), 4);
    assert_eq!(block_on(Memory.policy()), Some(Policy::Graceful));
    assert_eq!(current_policy(), None);
}
