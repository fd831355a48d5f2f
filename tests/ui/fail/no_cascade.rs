// One mistake, one error: the original item is still emitted next to the
// error, so there is no "no method named `stop`" and no "unused import" after
// the raw-exit error.
use exit_policy::exit_policy;
use std::io::Write;

struct Server;

#[exit_policy(graceful)]
impl Server {
    fn stop(&self, out: &mut impl Write) -> ! {
        let _ = out.flush();
        std::process::exit(1)
    }
}

fn main() {
    Server.stop(&mut std::io::stdout());
}
