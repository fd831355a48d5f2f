use exit_policy::exit_policy;

#[exit_policy(immediate)]
const LIMIT: u32 = 3;

fn main() {
    let _ = LIMIT;
}
