// `crate = path` names the runtime when it is reachable under another name
// (a renamed dependency; tests/fixtures/renamed does it in Cargo.toml).
extern crate exit_policy as ep;

use ep::{Policy, current_policy};

#[ep::exit_policy(graceful, crate = ep)]
fn run() -> Option<Policy> {
    current_policy()
}

#[ep::exit_policy(crate = ep, immediate)]
fn main() {
    assert_eq!(run(), Some(Policy::Graceful));
}
