// A trait method without a default body has nothing to wrap.
use exit_policy::exit_policy;

trait Shutdown {
    #[exit_policy(graceful)]
    fn shutdown(&self);
}

struct Server;
impl Shutdown for Server {
    fn shutdown(&self) {}
}

fn main() {
    Server.shutdown();
}
