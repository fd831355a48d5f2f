// Two policies on one `impl` block: the second attribute is pointed at
// (otherwise the inner one would silently win).
use exit_policy::exit_policy;

struct Server;

#[exit_policy(immediate)]
#[exit_policy(graceful)]
impl Server {
    fn stop(&self) {}
}

fn main() {
    Server.stop();
}
