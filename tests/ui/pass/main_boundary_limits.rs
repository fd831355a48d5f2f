// B1 at compile time: a `fn main` in a submodule keeps its declared type;
// what a proc macro can't tell apart from the program's `main` (a `fn main`
// nested in a function at the crate root, an associated `fn main` whose own
// attribute sits on it, a `fn main` returning `impl Trait`) becomes one, and
// returns `ExitCode`, as documented.
use std::process::ExitCode;

use exit_policy::exit_policy;

mod sub {
    use exit_policy::exit_policy;

    #[exit_policy(graceful)]
    pub fn main() -> u8 {
        3
    }

    pub mod deeper {
        #[exit_policy::exit_policy(immediate)]
        pub fn main() -> Result<(), String> {
            Err("declared".to_owned())
        }
    }
}

struct App;

impl App {
    #[exit_policy(graceful)]
    fn main() {}
}

fn nested() -> ExitCode {
    #[exit_policy(graceful)]
    fn main() {}
    main()
}

mod opaque {
    #[exit_policy::exit_policy(graceful)]
    pub fn main() -> impl std::process::Termination {}
}

fn main() {
    let declared: u8 = sub::main();
    assert_eq!(declared, 3);
    let declared: Result<(), String> = sub::deeper::main();
    assert!(declared.is_err());
    let _: fn() -> ExitCode = App::main;
    let _: fn() -> ExitCode = nested;
    let _: fn() -> ExitCode = opaque::main;
}
