// On a trait, the error says where the attribute can go instead.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
trait Shutdown {
    fn shutdown(&self) {}
}

struct Server;
impl Shutdown for Server {}

fn main() {
    Server.shutdown();
}
