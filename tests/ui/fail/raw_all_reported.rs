// Every raw exit in a function is reported in one compile, not only the first.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn quit(code: i32) {
    if code == 1 {
        std::process::exit(1);
    }
    if code == 2 {
        std::process::abort();
    }
    ::std::process::exit(code);
}

fn main() {
    quit(2);
}
