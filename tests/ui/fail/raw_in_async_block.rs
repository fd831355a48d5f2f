// The ban sees into async blocks written in the annotated body.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn task() -> impl std::future::Future<Output = ()> {
    async {
        std::process::exit(3);
    }
}

fn main() {
    let _ = task();
}
