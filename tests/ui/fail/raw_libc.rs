// `libc::exit` skips destructors; `libc::_exit` bypasses the exit latch.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn quit() {
    unsafe { libc::exit(1) }
}

#[exit_policy(immediate)]
fn stop() {
    unsafe { ::libc::_exit(1) }
}

fn main() {
    quit();
    stop();
}
