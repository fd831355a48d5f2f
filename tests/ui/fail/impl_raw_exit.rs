// On an `impl` block, the ban covers every method that has no policy of its own.
use exit_policy::exit_policy;

struct Server;

#[exit_policy(immediate)]
impl Server {
    fn stop(&self) {
        std::process::exit(1);
    }

    fn crash(&self) {
        std::process::abort();
    }
}

fn main() {
    Server.stop();
    Server.crash();
}
