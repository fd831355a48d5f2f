// The ban sees into macro arguments.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn report(ok: bool) {
    assert!(ok || { std::process::exit(4) }, "unreachable");
    println!("{}", if ok { 0 } else { std::process::exit(5) });
}

fn main() {
    report(true);
}
