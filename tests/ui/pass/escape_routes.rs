// What the errors tell users to write instead compiles.
use exit_policy::{exit, exit_now, exit_policy};

#[exit_policy(graceful)]
fn quit(code: i32) -> ! {
    exit(code)
}

#[exit_policy(graceful)]
fn quit_now(code: i32) -> ! {
    exit_now(code)
}

#[exit_policy(immediate)]
fn stop(code: i32) -> ! {
    exit_policy::exit(code)
}

fn main() {
    if std::env::args().count() > 99 {
        quit(1);
    }
    if std::env::args().count() > 99 {
        quit_now(1);
    }
    if std::env::args().count() > 99 {
        stop(1);
    }
}
