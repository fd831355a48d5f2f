// In an annotated `mod` or `impl`, the items that are not functions are
// scanned too: a `macro_rules!` whose body exits, and a `const` or `static`
// that holds the exit as a function pointer.
use exit_policy::exit_policy;

#[exit_policy(graceful)]
mod app {
    macro_rules! quit {
        ($code:expr) => {
            ::std::process::exit($code)
        };
    }

    pub const LEAVE: fn(i32) -> ! = std::process::exit;
    pub static CRASH: fn() -> ! = std::process::abort;

    pub fn run(code: i32) {
        quit!(code);
    }
}

struct Vault;

#[exit_policy(immediate)]
impl Vault {
    const SEAL: fn(i32) -> ! = std::process::exit;

    fn open(&self) {}
}

fn main() {
    let code = std::env::args().count() as i32;
    Vault.open();
    match code {
        1 => app::run(0),
        2 => (app::LEAVE)(1),
        3 => (app::CRASH)(),
        _ => (Vault::SEAL)(2),
    }
}
