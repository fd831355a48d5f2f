// The expansion raises no warning in a crate under `#![deny(warnings)]`.
#![deny(warnings)]

use exit_policy::exit_policy;

struct Service {
    ready: bool,
}

#[exit_policy(graceful)]
impl Service {
    #[must_use]
    fn is_ready(&self) -> bool {
        self.ready
    }
}

#[exit_policy(immediate)]
fn unused_param(_code: i32) {}

#[exit_policy(graceful)]
fn main() {
    unused_param(0);
    assert!(Service { ready: true }.is_ready());
}
