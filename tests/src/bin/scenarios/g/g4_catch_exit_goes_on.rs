//! G4: `catch_exit` returns `Err(Exit)` for a graceful exit inside it and
//! the program goes on: dropping the `Exit` does nothing, `exiting()` is
//! `None` again, no hook runs for it, and the process ends with `main`'s
//! own status. With the argument `g4_catch_exit_then_resume`, `Exit::resume` continues the
//! exit instead (status 2). In `g4_own_exit_intercepted_inside_catch_exit`,
//! a plain `catch_unwind` inside the `catch_exit` catches the thread's own
//! exit and drops it: that intercepts it, and the process ends there, in
//! order, with 2 and one line (G3), as for any other exit.

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
    arg.parse().unwrap_or_else(|_| exit(2)) // SITE: port exit
}

pub fn main(mode: &'static str) {
    at_exit(|status| println!("hook: status {status}"));
    if mode == "intercepted" {
        let _ = catch_exit(|| {
            let swallowed = std::panic::catch_unwind(|| parse_port("http"));
            drop(swallowed);
            println!("not reached: after the drop");
        });
        println!("not reached: after catch_exit");
    }
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
