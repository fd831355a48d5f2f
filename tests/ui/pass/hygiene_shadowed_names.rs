// User items named `std`, `core`, `Result`, `Option`, `Box`, `exit` and
// `exit_policy` in scope do not confuse the generated code.
#![allow(dead_code, non_camel_case_types)]

mod std {}
mod core {}
mod exit_policy {}
struct Result;
struct Option;
struct Box;
fn exit() {}
struct GracefulScope;
struct ExitCode;

#[::exit_policy::exit_policy(graceful)]
fn run() -> u32 {
    exit();
    1
}

#[::exit_policy::exit_policy(graceful)]
async fn later() -> u32 {
    2
}

#[::exit_policy::exit_policy(graceful)]
mod app {
    pub struct Option;

    pub fn run() -> u32 {
        3
    }
}

#[::exit_policy::exit_policy(graceful)]
fn main() {
    let _ = later();
    ::std::assert_eq!(run() + app::run(), 4);
}
