// A closure can't carry the attribute: rustc rejects attribute macros on
// expressions (E0658, twice), and `#[exit_policy]` says where it goes instead,
// with no parse-error cascade from its output.
use exit_policy::exit_policy;

fn main() {
    let quit = #[exit_policy(graceful)]
    |code: i32| exit_policy::exit(code);
    let _ = quit;
}
