//! I3: a panic that is not an exit request passes through an immediate
//! function unchanged: its `Drop`s run, the caller catches it, std's panic
//! message is printed as usual, and the program goes on.

use std::panic;

use exit_policy::exit_policy;

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

#[exit_policy(immediate)]
fn audit(entries: &[i64]) -> i64 {
    let _guard = Guard("immediate guard");
    let mut total = 0;
    for &entry in entries {
        assert!(entry >= 0, "negative entry {entry}"); // SITE: panic
        total += entry;
    }
    total
}

pub fn main() {
    let caught = panic::catch_unwind(|| audit(&[1, -2]));
    let message = caught.unwrap_err();
    println!("caught: {}", message.downcast_ref::<String>().unwrap());
    println!("main: carried on");
}
