//! The scenario program: every case that runs under an annotated `main`,
//! a folder per letter of the contract, each case a module whose `main` is
//! the case. Run as `scenarios CASE [ARGS]`; each letter's `CASES` table
//! names its cases (`<rule>_<behaviour>`). The program's `main` is the
//! cases' boundary: a case's own `main` runs under it, and what a case
//! returns is what this `main` returns.

mod b;
mod c;
mod d;
mod g;
mod h;
mod i;
mod k;
mod l;
mod o;
mod s;

#[exit_policy::exit_policy(graceful)]
fn main() -> Result<(), String> {
    exit_policy_tests::run_case(&[
        b::CASES,
        c::CASES,
        d::CASES,
        g::CASES,
        h::CASES,
        i::CASES,
        k::CASES,
        l::CASES,
        o::CASES,
        s::CASES,
    ])
}
