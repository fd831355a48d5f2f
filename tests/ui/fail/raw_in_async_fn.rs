// An `async fn` body is checked too.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
async fn serve() {
    std::process::exit(1);
}

fn main() {
    let _ = serve();
}
