use exit_policy::exit_policy;

#[exit_policy(graceful)]
enum Mode {
    Fast,
}

fn main() {
    let _ = Mode::Fast;
}
