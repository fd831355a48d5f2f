//! Exits from inside annotated `async fn`s, polled by a hand-written
//! executor (the runtime is executor-agnostic). The cases:
//! - `g1_async_exit_two_awaits_deep`: an exit two awaits deep drops every async frame's values,
//!   innermost first, then main's, runs the hooks, ends with 3 (G1, P1);
//! - `i1_async_immediate_exit_after_an_await`: an exit after an await in an immediate `async fn` ends at
//!   once with 4: no drop, no hook (I1);
//! - `i2_async_graceful_callee_in_an_immediate_future`: a graceful `async fn` awaited by an immediate one
//!   exits with 5; its values drop, the unwind stops at the immediate
//!   future's frame (I2);
//! - `g6_async_exit_from_a_drop_while_unwinding`: while an async frame unwinds for `exit(3)`, a `Drop` in
//!   it asks for `exit(4)`: the process ends there with 3, after the hooks,
//!   and one stderr line names both requests (G6);
//! - `g5_async_panic_through_annotated_futures`: an ordinary panic crosses annotated async fns unchanged (G5, I3).

use exit_policy::{at_exit, exit, exit_policy};
use exit_policy_tests::{YieldOnce, block_on};

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

#[exit_policy(graceful)]
async fn outer(mode: &str) {
    let _value = Noisy("outer");
    YieldOnce::default().await;
    middle(mode).await;
    println!("unreachable: after middle");
}

async fn middle(mode: &str) {
    let _value = Noisy("middle (unannotated)");
    YieldOnce::default().await;
    match mode {
        "graceful" => leaf(3).await,
        "immediate" => immediate_leaf().await,
        "immediate-frame" => immediate_frame().await,
        "drop-exits" => stubborn().await,
        _ => panicking().await,
    }
}

#[exit_policy(graceful)]
async fn leaf(code: i32) {
    let _value = Noisy("leaf");
    YieldOnce::default().await;
    println!("leaf: exit({code})");
    exit(code); // SITE: leaf exit
}

#[exit_policy(immediate)]
async fn immediate_leaf() {
    let _value = Noisy("immediate leaf");
    YieldOnce::default().await;
    println!("immediate leaf: exit(4)");
    exit(4);
}

#[exit_policy(immediate)]
async fn immediate_frame() {
    let _value = Noisy("immediate frame");
    YieldOnce::default().await;
    leaf(5).await;
}

/// Asks for a second exit from its destructor.
struct Stubborn;

impl Drop for Stubborn {
    fn drop(&mut self) {
        println!("stubborn: asking for exit(4) while unwinding");
        exit(4); // SITE: second exit
    }
}

#[exit_policy(graceful)]
async fn stubborn() {
    let _value = Noisy("dropped after stubborn");
    let _stubborn = Stubborn;
    YieldOnce::default().await;
    exit(3); // SITE: first exit
}

#[exit_policy(graceful)]
async fn panicking() {
    let _value = Noisy("panicking");
    YieldOnce::default().await;
    inner_immediate_panic().await;
}

#[exit_policy(immediate)]
async fn inner_immediate_panic() {
    YieldOnce::default().await;
    panic!("an ordinary panic"); // SITE: panic
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let _value = Noisy("main");
    block_on(outer(mode));
    println!("unreachable: main returned");
}
