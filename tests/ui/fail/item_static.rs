use exit_policy::exit_policy;

#[exit_policy(graceful)]
static NAME: &str = "tool";

fn main() {
    let _ = NAME;
}
