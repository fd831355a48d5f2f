//! D2: a 10 s deadline and an exit that ends in time: nothing extra is
//! printed.

use std::time::Duration;

use exit_policy::{exit, set_deadline};
use exit_policy_tests::{Noisy, handle_signals_with_a_hook};

pub fn main() {
    handle_signals_with_a_hook();
    set_deadline(Some(Duration::from_secs(10)));
    let _guard = Noisy("main's guard");
    exit(6);
}
