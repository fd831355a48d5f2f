//! A multi-thread tokio `main` with `#[exit_policy(graceful)]` written below `#[tokio::main]`.
//! The scenarios are in `tokio_shared`.

#[path = "tokio_shared/mod.rs"]
mod shared;

use exit_policy::{at_exit, exit_policy};

#[tokio::main]
#[exit_policy(graceful)]
async fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let mode = std::env::args().nth(1).expect("a mode");
    let _value = shared::Noisy("main");
    shared::run(&mode).await;
}
