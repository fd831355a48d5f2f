use exit_policy::exit_policy;

#[exit_policy(graceful)]
const fn limit() -> u32 {
    3
}

fn main() {
    let _ = limit();
}
