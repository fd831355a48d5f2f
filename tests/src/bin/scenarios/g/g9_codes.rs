//! G9: `exit(code)` for the code given as the first argument; a second
//! argument `immediate` uses `exit_now` instead. `exit(0)` still unwinds;
//! codes whose low byte is 0 (256, -256) end with 1 and say so on stderr;
//! every other code passes through as the OS takes it (-1 reads as 255).

use exit_policy::{exit, exit_now, exit_policy};

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("guard dropped");
    }
}

#[exit_policy(graceful)]
fn quit(code: i32, immediate: bool) -> ! {
    let _guard = Guard;
    if immediate {
        exit_now(code);
    }
    exit(code);
}

pub fn main() {
    let mut args = std::env::args().skip(2);
    let code: i32 = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: g9 <code> [immediate]");
    let immediate = args.next().as_deref() == Some("immediate");
    quit(code, immediate);
}
