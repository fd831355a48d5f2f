//! A multi-thread tokio `main` with `#[exit_policy(graceful)]` written above `#[tokio::main]`.
//! A7: the attribute works in either order next to `#[tokio::main]`. The
//! cases are in `tokio_shared`; run as `PROGRAM CASE`.

#[path = "tokio_shared/mod.rs"]
mod shared;

use exit_policy::{at_exit, exit_policy};

#[exit_policy(graceful)]
#[tokio::main]
async fn main() {
    at_exit(|status| println!("hook: status {status}"));
    let case = std::env::args().nth(1).expect("a case");
    let _value = shared::Noisy("main");
    shared::run(&case).await;
}
