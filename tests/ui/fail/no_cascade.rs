// One mistake, one error: the function still exists for its callers, so
// there is no "cannot find function" cascade after the raw-exit error.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
pub fn quit(code: i32) -> ! {
    std::process::exit(code)
}

struct Server;

#[exit_policy(graceful)]
impl Server {
    fn stop(&self) -> ! {
        quit(1)
    }
}

fn main() {
    Server.stop();
}
