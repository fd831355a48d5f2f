//! G6: an exit requested from an `at_exit` hook changes nothing: one stderr
//! line says it was ignored, the other hooks still run, the status stays
//! that of the first request.

use exit_policy::{at_exit, exit};

pub fn main() {
    at_exit(|status| println!("hook registered first: status {status}"));
    at_exit(|_| {
        println!("hook registered second: asking for exit 9");
        exit(9); // SITE: hook exit
    });
    at_exit(|status| println!("hook registered third: status {status}"));
    exit(3); // SITE: first exit
}
