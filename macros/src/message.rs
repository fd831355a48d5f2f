//! The words of every diagnostic, in one place so they read alike: one short
//! sentence that says what is wrong, then a `= help:` line that says what to
//! write instead, the way rustc's own errors do.

use crate::policy::Policy;

/// `what` is wrong; `help` says what to write instead.
fn help(what: &str, help: &str) -> String {
    format!("{what}\n= help: {help}")
}

// ---- arguments ---------------------------------------------------------

pub(crate) const MISSING_POLICY: &str = "missing exit policy\n= help: write \
     `#[exit_policy(graceful)]` (an exit runs every `Drop`) or `#[exit_policy(immediate)]` (an \
     exit runs nothing)";

pub(crate) const ONLY_CRATE: &str =
    "missing exit policy next to `crate = ..`\n= help: add `graceful` or `immediate`";

pub(crate) const CRATE_TWICE: &str = "`crate = ..` is given twice\n= help: keep one";

pub(crate) const CRATE_WITHOUT_EQ: &str = "expected `=` after `crate`\n= help: write `crate = \
     path`, with the name your `Cargo.toml` gives the exit-policy dependency";

pub(crate) const CRATE_WITHOUT_PATH: &str = "expected a path after `crate =`\n= help: write \
     the name your `Cargo.toml` gives the exit-policy dependency, as in `crate = ep` for `ep = { \
     package = \"exit-policy\", .. }`";

pub(crate) fn stray(rest: &str) -> String {
    help(
        &format!("unexpected `{rest}` in `#[exit_policy(..)]`"),
        "the arguments are one policy, `graceful` or `immediate`, and optionally `crate = path`",
    )
}

pub(crate) fn unknown_policy(word: &str, suggestion: Option<Policy>) -> String {
    let what = format!("unknown exit policy `{word}`");
    match suggestion {
        Some(policy) => help(&what, &format!("did you mean `{}`?", policy.name())),
        None => help(
            &what,
            "the policies are `graceful` (an exit runs every `Drop`) and `immediate` (an exit \
             runs nothing)",
        ),
    }
}

pub(crate) fn two_policies(first: Policy, second: Policy) -> String {
    if first == second {
        help(&format!("`{}` is given twice", first.name()), "remove one")
    } else {
        help(
            &format!(
                "a function has one exit policy, but `{}` and `{}` are both given",
                first.name(),
                second.name()
            ),
            "keep the one this function needs",
        )
    }
}

// ---- items -------------------------------------------------------------

pub(crate) const ON_EXPRESSION: &str = "`#[exit_policy]` can't go on a closure or an async \
     block\n= help: put it on the function they are written in, whose policy and check cover \
     them, or on the function the closure calls";

pub(crate) const CONST_FN: &str = "`#[exit_policy]` can't apply to a `const fn`, which may \
     run at compile time, where nothing can exit\n= help: remove the attribute, or remove \
     `const` if this function must exit";

pub(crate) const EXTERN_C_GRACEFUL: &str = "a graceful exit can't unwind out of an `extern \
     \"C\"` function: the process would abort\n= help: use `#[exit_policy(immediate)]` here, or \
     the `extern \"C-unwind\"` ABI if every caller can unwind";

pub(crate) const NO_BODY: &str = "`#[exit_policy]` needs a function body to run under the \
     policy\n= help: put it on the method in each `impl` block, or give the trait method a \
     default body";

pub(crate) const MOD_WITHOUT_BODY: &str = "`#[exit_policy]` on `mod name;` can't see the \
     functions in the module's file\n= help: annotate the functions or `impl` blocks in that \
     file";

/// A second `#[exit_policy]` on `what`, which already has `#[exit_policy(args)]`.
pub(crate) fn second_attribute(what: &str, args: &str) -> String {
    help(
        &format!("a second `#[exit_policy]` on {what} that already has `#[exit_policy({args})]`"),
        "only one policy can apply; remove one of the two",
    )
}

/// The kinds of item the attribute refuses, for [`unsupported`].
pub(crate) enum Unsupported {
    /// A struct, enum, union or type alias.
    Type(&'static str),
    /// A `const` or a `static`.
    Value(&'static str),
    Trait,
    ForeignBlock,
    Other(&'static str),
}

pub(crate) fn unsupported(kind: &Unsupported) -> String {
    let (what, instead) = match kind {
        Unsupported::Type(what) => (
            *what,
            "a type runs no code of its own; put the attribute on its `impl` block, or on the \
             functions that may exit",
        ),
        Unsupported::Value(what) => (
            *what,
            "its value is computed at compile time and never exits; remove the attribute",
        ),
        Unsupported::Trait => (
            "a trait",
            "the policy would not reach the implementations; put it on each method that has a \
             default body, and on the `impl` blocks",
        ),
        Unsupported::ForeignBlock => (
            "an `extern` block",
            "foreign functions are not Rust code the policy can wrap; put it on the Rust \
             functions that call them",
        ),
        Unsupported::Other(what) => (
            *what,
            "it goes on functions, `impl` blocks and inline `mod` blocks",
        ),
    };
    help(&format!("`#[exit_policy]` can't go on {what}"), instead)
}

pub(crate) fn unreadable(error: &syn::Error) -> String {
    help(
        &format!("`#[exit_policy]` could not read this item: {error}"),
        "it goes on functions, `impl` blocks and inline `mod` blocks",
    )
}

// ---- raw exits in an annotated body ------------------------------------

/// What a raw exit path names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RawExit {
    /// `std::process::exit`, `libc::exit`: run libc `atexit`, no destructors.
    Exit,
    /// `std::process::abort`: SIGABRT, no code, nothing runs.
    Abort,
    /// `libc::_exit`: ends at once, nothing runs.
    UnderscoreExit,
}

/// Where the annotated code is, for the wording only.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Scope {
    /// A function, or a method of an annotated `impl` block.
    Function,
    /// An item (such as a `use`) directly inside an annotated `mod`.
    Module,
    /// An item other than a method (a `const`) inside an annotated `impl`.
    Impl,
    /// An item other than a method inside a trait of an annotated `mod`.
    Trait,
}

/// The message for a raw exit named `written` (as the user wrote it, with
/// the `use` prefix filled in), inside code under `policy`; `means` is the
/// full path when a rename the item made hides it.
pub(crate) fn raw_exit(
    written: &str,
    means: Option<&str>,
    kind: RawExit,
    imported: bool,
    policy: Policy,
    scope: Scope,
) -> String {
    let what = match (means, imported) {
        (Some(means), true) => format!("`{written}` (`{means}`, imported here)"),
        (Some(means), false) => format!("`{written}` (`{means}`)"),
        (None, true) => format!("`{written}` (imported here)"),
        (None, false) => format!("`{written}`"),
    };
    let holder = match scope {
        Scope::Function => "function",
        Scope::Module => "module",
        Scope::Impl => "impl",
        Scope::Trait => "trait",
    };
    let name = policy.name();
    let why = match (kind, policy) {
        (RawExit::Exit | RawExit::UnderscoreExit, Policy::Graceful) => {
            format!("skips the destructors this `{name}` {holder} promises to run")
        }
        (RawExit::Exit, Policy::Immediate) => {
            format!("runs `atexit` handlers and flushes stdio; this `{name}` {holder} runs nothing")
        }
        (RawExit::UnderscoreExit, Policy::Immediate) => {
            format!("skips the first-request-wins rule this `{name}` {holder} keeps for its code")
        }
        (RawExit::Abort, _) => {
            format!("crashes with SIGABRT, but the exits of this `{name}` {holder} end with a code")
        }
    };
    let instead = match policy {
        Policy::Graceful => {
            "call `exit_policy::exit(code)` to run every `Drop` first, or \
             `exit_policy::exit_now(code)` to skip them on purpose"
        }
        Policy::Immediate => {
            "call `exit_policy::exit(code)`, which is immediate here, or \
             `exit_policy::exit_now(code)`"
        }
    };
    help(&format!("{what} {why}"), instead)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first line: what is wrong, short enough to read at a glance.
    fn headline(text: &str) -> &str {
        text.lines().next().unwrap_or_default()
    }

    #[test]
    fn raw_exit_messages_say_what_then_what_to_write_instead() {
        for kind in [RawExit::Exit, RawExit::Abort, RawExit::UnderscoreExit] {
            for policy in Policy::ALL {
                for scope in [Scope::Function, Scope::Module, Scope::Impl, Scope::Trait] {
                    let text = raw_exit("std::process::exit", None, kind, false, policy, scope);
                    let (what, instead) = text.split_once("\n= help: ").expect("two parts");
                    assert!(what.starts_with("`std::process::exit` "), "{text}");
                    assert!(what.contains(policy.name()), "{text}");
                    assert!(what.len() <= 120, "{} characters: {what}", what.len());
                    assert!(
                        instead.starts_with("call `exit_policy::exit(code)`"),
                        "{text}"
                    );
                    assert!(instead.contains("`exit_policy::exit_now(code)`"), "{text}");
                }
            }
        }
        let text = raw_exit(
            "a",
            None,
            RawExit::Exit,
            true,
            Policy::Graceful,
            Scope::Module,
        );
        assert!(text.starts_with("`a` (imported here) "), "{text}");
        assert!(text.contains("`graceful` module"), "{text}");
    }

    /// The name of every message item this file defines: each
    /// `pub(crate) const` and `pub(crate) fn`, read from the source, so that
    /// a new message can't be added without the test below covering it.
    fn messages_in_the_source() -> Vec<&'static str> {
        include_str!("message.rs")
            .lines()
            .filter_map(|line| {
                let rest = line
                    .strip_prefix("pub(crate) const ")
                    .or_else(|| line.strip_prefix("pub(crate) fn "))?;
                rest.split([':', '(']).next()
            })
            .collect()
    }

    /// Every message, by the name of the item that makes it, in each of its
    /// forms.
    fn every_message() -> Vec<(&'static str, String)> {
        let mut all: Vec<(&str, String)> = [
            ("MISSING_POLICY", MISSING_POLICY),
            ("ONLY_CRATE", ONLY_CRATE),
            ("CRATE_TWICE", CRATE_TWICE),
            ("CRATE_WITHOUT_EQ", CRATE_WITHOUT_EQ),
            ("CRATE_WITHOUT_PATH", CRATE_WITHOUT_PATH),
            ("ON_EXPRESSION", ON_EXPRESSION),
            ("CONST_FN", CONST_FN),
            ("EXTERN_C_GRACEFUL", EXTERN_C_GRACEFUL),
            ("NO_BODY", NO_BODY),
            ("MOD_WITHOUT_BODY", MOD_WITHOUT_BODY),
        ]
        .map(|(name, text)| (name, text.to_owned()))
        .into();
        all.push(("stray", stray("= 1")));
        all.push(("unknown_policy", unknown_policy("fast", None)));
        all.push((
            "unknown_policy",
            unknown_policy("gracefull", Some(Policy::Graceful)),
        ));
        all.push((
            "two_policies",
            two_policies(Policy::Graceful, Policy::Immediate),
        ));
        all.push((
            "two_policies",
            two_policies(Policy::Immediate, Policy::Immediate),
        ));
        all.push((
            "second_attribute",
            second_attribute("a function", "graceful"),
        ));
        for kind in [
            Unsupported::Type("a struct"),
            Unsupported::Value("a `const`"),
            Unsupported::Trait,
            Unsupported::ForeignBlock,
            Unsupported::Other("this item"),
        ] {
            all.push(("unsupported", unsupported(&kind)));
        }
        let error = syn::Error::new(proc_macro2::Span::call_site(), "expected `fn`");
        all.push(("unreadable", unreadable(&error)));
        for kind in [RawExit::Exit, RawExit::Abort, RawExit::UnderscoreExit] {
            for policy in Policy::ALL {
                for scope in [Scope::Function, Scope::Module, Scope::Impl, Scope::Trait] {
                    for imported in [false, true] {
                        let text =
                            raw_exit("std::process::exit", None, kind, imported, policy, scope);
                        all.push(("raw_exit", text));
                    }
                }
            }
        }
        all
    }

    #[test]
    fn the_test_covers_every_message_the_source_defines() {
        let mut covered: Vec<&str> = every_message().iter().map(|(name, _)| *name).collect();
        covered.dedup();
        let mut defined = messages_in_the_source();
        // The helper that joins the two parts is private, not a message.
        defined.retain(|name| *name != "help");
        covered.sort_unstable();
        defined.sort_unstable();
        assert_eq!(covered, defined);
    }

    #[test]
    fn every_message_has_a_short_headline_and_a_help_line() {
        for (name, text) in every_message() {
            assert!(headline(&text).len() <= 120, "{name}: {text}");
            assert_eq!(text.lines().count(), 2, "{name}: {text}");
            assert!(
                text.lines().nth(1).unwrap().starts_with("= help: "),
                "{name}: {text}"
            );
        }
    }
}
