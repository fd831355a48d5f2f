//! G4: `catch_exit` returns `Err(Exit)` for a graceful exit inside it and
//! the program goes on: dropping the `Exit` does nothing, `exiting()` is
//! `None` again, no hook runs for it, and the process ends with `main`'s
//! own status. With the argument `g4_catch_exit_then_resume`, `Exit::resume` continues the
//! exit instead (status 2).

use exit_policy::{at_exit, catch_exit, exit, exit_policy, exiting};

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("guard dropped; exiting() = {:?}", exiting());
    }
}

#[exit_policy(graceful)]
fn parse_port(arg: &str) -> u16 {
    let _guard = Guard;
    arg.parse().unwrap_or_else(|_| exit(2))
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    let resume = mode == "resume";
    let caught = catch_exit(|| parse_port("http")).unwrap_err();
    println!(
        "caught exit({}); exiting() = {:?}",
        caught.code(),
        exiting()
    );
    if resume {
        caught.resume();
    }
    println!("went on: {:?}", catch_exit(|| parse_port("8080")));
}
