//! A1 for `async fn`: `return`, `?`, `self`, `mut` parameters, borrows,
//! generics and `impl Trait` returns behave as without the attribute, and a
//! body that is `Send` gives a `Send` future, which a multi-thread runtime
//! can spawn.

use std::fmt::Display;
use std::num::ParseIntError;

use exit_policy::{Policy, current_policy, exit_policy};

struct Counter {
    n: u32,
}

#[exit_policy(graceful)]
impl Counter {
    async fn bump(&mut self, by: u32) -> u32 {
        tokio::task::yield_now().await;
        self.n += by;
        self.n
    }

    async fn into_inner(self) -> u32 {
        tokio::task::yield_now().await;
        self.n
    }

    async fn peek(&self) -> Option<Policy> {
        tokio::task::yield_now().await;
        current_policy()
    }
}

trait Job {
    async fn run(&self) -> Option<Policy>;
}

impl Job for Counter {
    #[exit_policy(immediate)]
    async fn run(&self) -> Option<Policy> {
        tokio::task::yield_now().await;
        current_policy()
    }
}

#[exit_policy(graceful)]
async fn parse(text: &str) -> Result<u32, ParseIntError> {
    tokio::task::yield_now().await;
    let n: u32 = text.trim().parse()?;
    if n == 0 {
        return Ok(100);
    }
    Ok(n * 2)
}

#[exit_policy(immediate)]
async fn boxed_error(fail: bool) -> Result<&'static str, Box<dyn std::error::Error + Send + Sync>> {
    tokio::task::yield_now().await;
    if fail {
        Err("converted by ?")?;
    }
    Ok("fine")
}

#[exit_policy(immediate)]
async fn evens(limit: u32) -> impl Iterator<Item = u32> + Send {
    let even = |n: &u32| n % 2 == 0;
    tokio::task::yield_now().await;
    if limit == 0 {
        return (0..0).filter(even);
    }
    (0..limit).filter(even)
}

#[exit_policy(graceful)]
async fn first_word(text: &str) -> &str {
    tokio::task::yield_now().await;
    text.split(' ').next().unwrap_or(text)
}

#[exit_policy(graceful)]
async fn describe<T: Display + Send>(value: T) -> String {
    tokio::task::yield_now().await;
    format!("<{value}>")
}

#[exit_policy(immediate)]
async fn push_one(mut items: Vec<u32>) -> usize {
    tokio::task::yield_now().await;
    items.push(1);
    items.len()
}

#[exit_policy(graceful)]
async fn early(flag: bool) {
    tokio::task::yield_now().await;
    if flag {
        println!("early: returned early");
        return;
    }
    println!("early: ran to the end");
}

/// Compile-time check: the annotated futures are `Send` when their bodies are.
fn assert_send<T: Send>(_: &T) {}

pub fn main() {
    let mut counter = Counter { n: 1 };
    assert_send(&counter.bump(1));
    assert_send(&counter.run());
    assert_send(&parse("1"));
    assert_send(&boxed_error(false));
    assert_send(&evens(3));
    assert_send(&first_word("a b"));
    assert_send(&describe(1));
    assert_send(&push_one(Vec::new()));
    assert_send(&early(true));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        // tokio::spawn needs `Send + 'static`: it accepts the annotated futures.
        let handle = tokio::spawn(async move {
            let bumped = counter.bump(41).await;
            let peeked = counter.peek().await;
            let job = counter.run().await;
            let inner = counter.into_inner().await;
            (bumped, peeked, job, inner)
        });
        println!("self: {:?}", handle.await.expect("task"));
        for text in ["21", "0", "x"] {
            println!(
                "?: {text:?} -> {:?}",
                tokio::spawn(parse(text)).await.expect("task")
            );
        }
        for fail in [false, true] {
            let outcome = tokio::spawn(boxed_error(fail)).await.expect("task");
            println!(
                "? into Box<dyn Error>: {:?}",
                outcome.map_err(|e| e.to_string())
            );
        }
        let evens: Vec<u32> = tokio::spawn(evens(7)).await.expect("task").collect();
        println!("impl Trait: {evens:?}");
        println!("borrow: {}", first_word("hello async world").await);
        println!(
            "generic: {}",
            tokio::spawn(describe(7_u8)).await.expect("task")
        );
        println!(
            "mut param: {}",
            tokio::spawn(push_one(vec![1, 2])).await.expect("task")
        );
        tokio::spawn(early(true)).await.expect("task");
        tokio::spawn(early(false)).await.expect("task");
    });
}
