//! P2: with no annotated function anywhere, `current_policy()` is `None`
//! and `exit` is graceful: every `Drop` runs, the status is the code, and
//! nothing is printed on stderr.

use exit_policy::{current_policy, exit};

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}

fn inner() {
    let _guard = Guard("inner guard");
    println!("inner: {:?}", current_policy());
    exit(5);
}

pub fn main() {
    let _guard = Guard("main guard");
    inner();
    println!("not reached");
}
