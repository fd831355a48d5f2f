// A trait's default method, annotated, is checked like any function.
use exit_policy::exit_policy;

trait Shutdown {
    #[exit_policy(graceful)]
    fn shutdown(&self) {
        std::process::exit(0);
    }
}

struct Server;
impl Shutdown for Server {}

fn main() {
    Server.shutdown();
}
