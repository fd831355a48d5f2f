// The ban sees into closures written in the annotated body.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
fn run(items: &[i32]) {
    items.iter().for_each(|&item| {
        if item < 0 {
            std::process::exit(item);
        }
    });
}

fn main() {
    run(&[1, -1]);
}
