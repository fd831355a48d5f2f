// A graceful exit unwinds, and an unwind can't cross `extern "C"`.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
extern "C" fn callback(code: i32) {
    exit_policy::exit(code);
}

fn main() {
    callback(0);
}
