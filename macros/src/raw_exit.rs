//! The convention check (A2): a lexical scan of a body's tokens for raw
//! exits. It walks token trees, never parses expressions, so it costs one
//! linear pass and sees into closures, async blocks and macro arguments.
//!
//! A path is flagged when it reaches std's or libc's exits as written:
//! `std::process::exit`, `::std::process::exit`, `process::exit` (after
//! `use std::process`), `std::process::abort`, `process::abort`,
//! `libc::exit`, `libc::_exit`, and the same names imported by `use`, also
//! inside `use` groups. A path that goes through the user's own items
//! (`crate::process::exit`, `my::libc::exit`, a bare `exit`) is never
//! flagged. Aliases (`use std::process::exit as quit; quit(1)`) are caught
//! at the `use`; a glob or a re-export under another name is not (see the
//! README: clippy's `exit` lint is the type-aware backstop).

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::message::RawExit;

/// One raw exit found in a body.
pub(crate) struct Found {
    /// The path as written, with the prefix of an enclosing `use` group.
    pub(crate) written: String,
    pub(crate) kind: RawExit,
    /// Named by a `use` rather than called.
    pub(crate) imported: bool,
    /// Where the path starts and ends, for an error that covers all of it.
    pub(crate) first: Span,
    pub(crate) last: Span,
}

impl Found {
    /// Two tokens spanning the path, for `syn::Error::new_spanned`: the
    /// error then covers the whole path, first segment to last.
    pub(crate) fn span(&self) -> TokenStream {
        let start = TokenTree::Ident(Ident::new("start", self.first));
        let end = TokenTree::Ident(Ident::new("end", self.last));
        [start, end].into_iter().collect()
    }
}

/// Every raw exit in `tokens`, in source order.
pub(crate) fn scan(tokens: TokenStream) -> Vec<Found> {
    let mut scan = Scan { found: Vec::new() };
    scan.tokens(tokens);
    scan.found
}

struct Scan {
    found: Vec<Found>,
}

impl Scan {
    fn report(&mut self, written: String, kind: RawExit, imported: bool, first: Span, last: Span) {
        self.found.push(Found {
            written,
            kind,
            imported,
            first,
            last,
        });
    }

    /// Expressions, statements and items: anything but the inside of a `use`.
    ///
    /// The loop takes one token off the front each turn and never steps by
    /// arithmetic, so no change to it can make the macro loop forever.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut rest = trees.as_slice();
        while let [tree, tail @ ..] = rest {
            rest = tail;
            match tree {
                TokenTree::Group(group) => self.tokens(group.stream()),
                // `use<'a>` in `impl Trait + use<'a>` is precise capturing,
                // not an import.
                TokenTree::Ident(ident) if ident == "use" && !is_punct(tail.first(), '<') => {
                    let end = tail
                        .iter()
                        .position(|tree| is_punct(Some(tree), ';'))
                        .unwrap_or(tail.len());
                    self.use_tree(&tail[..end], &[]);
                    rest = &tail[end..];
                }
                TokenTree::Ident(ident) if ident == "process" || ident == "libc" => {
                    self.expression_path(&trees, trees.len() - tail.len() - 1);
                }
                _ => {}
            }
        }
    }

    /// At `trees[at]` (`process` or `libc`): reports `[::][std::]process::exit`
    /// and the like, when the path is not reached through another item.
    fn expression_path(&mut self, trees: &[TokenTree], at: usize) {
        let Some(TokenTree::Ident(root)) = trees.get(at) else {
            return;
        };
        let is_libc = root == "libc";
        let Some(start) = path_start(trees, at, is_libc) else {
            return;
        };
        if !is_path_sep(trees, at + 1) {
            return;
        }
        let Some(TokenTree::Ident(leaf)) = trees.get(at + 3) else {
            return;
        };
        let Some(kind) = kind(is_libc, &leaf.to_string()) else {
            return;
        };
        // `process::exit::x` would be a module path, not the function.
        if is_path_sep(trees, at + 4) {
            return;
        }
        let written = format!("{}::{leaf}", render(&trees[start..=at]));
        self.report(written, kind, false, trees[start].span(), leaf.span());
    }

    /// The comma-separated use trees in `trees`, under the path `prefix`
    /// (the segments written before the enclosing `{..}`).
    fn use_tree(&mut self, trees: &[TokenTree], prefix: &[String]) {
        for item in trees.split(|tree| is_punct(Some(tree), ',')) {
            self.use_item(item, prefix);
        }
    }

    /// One use tree: `[::]a::b::c [as d]`, `a::b::{..}`, `a::*` or `{..}`.
    fn use_item(&mut self, item: &[TokenTree], prefix: &[String]) {
        let mut path = prefix.to_vec();
        let mut rest = item;
        if is_path_sep(rest, 0) {
            path.push(String::new());
            rest = &rest[2..];
        }
        let mut last_ident = None;
        // One segment and its `::` off the front each turn, as in `tokens`.
        while let [tree, tail @ ..] = rest {
            match tree {
                // An `as` never comes here: a path ends before it.
                TokenTree::Ident(ident) => {
                    path.push(ident.to_string());
                    last_ident = Some(ident);
                }
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    self.use_tree(&inner, &path);
                    return;
                }
                // A stray group (macro input, a syntax error): still look inside.
                TokenTree::Group(group) => {
                    self.tokens(group.stream());
                    return;
                }
                _ => break,
            }
            if !is_path_sep(tail, 0) {
                break;
            }
            rest = &tail[2..];
        }
        let Some(leaf) = last_ident else {
            return;
        };
        if let Some(kind) = imported_kind(&path) {
            let written = path
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("::");
            self.report(written, kind, true, item[0].span(), leaf.span());
        }
    }
}

/// Whether the full imported path (a leading `""` marks `::`) is a raw exit.
fn imported_kind(path: &[String]) -> Option<RawExit> {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let names = match names.as_slice() {
        ["", rest @ ..] if matches!(rest.first(), Some(&"std" | &"libc")) => rest,
        other => other,
    };
    match names {
        ["std", "process", leaf] | ["process", leaf] => kind(false, leaf),
        ["libc", leaf] => kind(true, leaf),
        _ => None,
    }
}

/// Where the path that reaches `process`/`libc` at `at` starts, if it
/// resolves to std or libc: `process` first (an import of `std::process`),
/// `std::process`, `::std::process`, `libc`, or `::libc`. A path such as
/// `crate::process::exit` or `my::libc::exit` names the user's own item.
fn path_start(trees: &[TokenTree], at: usize, is_libc: bool) -> Option<usize> {
    if at < 2 || !is_path_sep(trees, at - 2) {
        return Some(at);
    }
    // Preceded by `::`: a leading `::` (libc only), or `std::` for process.
    match at.checked_sub(3).map(|k| &trees[k]) {
        None if is_libc => Some(at - 2),
        Some(tree) if !is_path_segment(tree) && is_libc => Some(at - 2),
        Some(TokenTree::Ident(std)) if !is_libc && std == "std" => {
            let k = at - 3;
            if k >= 2 && is_path_sep(trees, k - 2) {
                // `::std::process` is std; `x::std::process` is not.
                match k.checked_sub(3).map(|m| &trees[m]) {
                    Some(tree) if is_path_segment(tree) => None,
                    _ => Some(k - 2),
                }
            } else {
                Some(k)
            }
        }
        _ => None,
    }
}

fn is_path_segment(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Ident(_)) || is_punct(Some(tree), '>')
}

fn kind(is_libc: bool, leaf: &str) -> Option<RawExit> {
    match (is_libc, leaf) {
        (_, "exit") => Some(RawExit::Exit),
        (false, "abort") => Some(RawExit::Abort),
        (true, "_exit") => Some(RawExit::UnderscoreExit),
        _ => None,
    }
}

fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Whether `trees[at..at + 2]` is the path separator `::`.
fn is_path_sep(trees: &[TokenTree], at: usize) -> bool {
    is_punct(trees.get(at), ':') && is_punct(trees.get(at + 1), ':')
}

fn render(trees: &[TokenTree]) -> String {
    let mut out = String::new();
    for tree in trees {
        match tree {
            TokenTree::Punct(p) => out.push(p.as_char()),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The paths reported in `body`, as the messages name them.
    fn flagged(body: TokenStream) -> Vec<String> {
        scan(body).into_iter().map(|found| found.written).collect()
    }

    #[test]
    fn every_listed_form() {
        assert_eq!(
            flagged(quote!(std::process::exit(1))),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(::std::process::exit(1))),
            ["::std::process::exit"]
        );
        assert_eq!(flagged(quote!(process::exit(1))), ["process::exit"]);
        assert_eq!(
            flagged(quote!(std::process::abort())),
            ["std::process::abort"]
        );
        assert_eq!(flagged(quote!(process::abort())), ["process::abort"]);
        assert_eq!(flagged(quote!(libc::exit(1))), ["libc::exit"]);
        assert_eq!(flagged(quote!(::libc::_exit(1))), ["::libc::_exit"]);
        assert_eq!(flagged(quote!(let r = ::libc::exit(1);)), ["::libc::exit"]);
        // One `:` is not a path separator: the path starts at `process`.
        assert_eq!(
            flagged(quote!(let s = S { quit: &process::exit };)),
            ["process::exit"]
        );
        assert_eq!(
            flagged(quote!(let f = std::process::exit;)),
            ["std::process::exit"]
        );
    }

    #[test]
    fn inside_closures_async_blocks_and_macros() {
        let body = quote! {
            let f = |c| std::process::exit(c);
            let g = async move { process::abort() };
            println!("{}", libc::exit(1));
        };
        assert_eq!(
            flagged(body),
            ["std::process::exit", "process::abort", "libc::exit"]
        );
    }

    #[test]
    fn imports_groups_and_aliases() {
        assert_eq!(
            flagged(quote!(
                use std::process::exit;
            )),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(
                use ::std::process::exit as quit;
            )),
            ["::std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(
                use std::process::{Command, abort as crash, exit};
            )),
            ["std::process::abort", "std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(
                pub use std::{
                    io,
                    process::{self, exit},
                };
            )),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(
                use libc::{_exit, exit};
            )),
            ["libc::_exit", "libc::exit"]
        );
        assert_eq!(
            flagged(quote!(
                use {std::process::exit};
            )),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(use std::process; process::exit(1);)),
            ["process::exit"]
        );
    }

    #[test]
    fn own_items_are_never_flagged() {
        let body = quote! {
            exit(1);
            self::exit(1);
            crate::process::exit(1);
            my::libc::exit(1);
            my::std::process::exit(1);
            <T as process>::exit(1);
            door.exit();
            process.exit();
            std::process::exit::inner();
            use crate::process::exit;
            use ::process::exit;
            use ::mycrate::process::exit;
            f(::process::exit(1));
            let r = ::process::exit(1);
            use my::{libc::exit as quit};
            use std::process::{Command, ExitCode};
            use std::process;
            std::process::Command::new("x");
        };
        assert_eq!(flagged(body), Vec::<String>::new());
    }

    #[test]
    fn a_stray_group_in_a_use_is_still_scanned() {
        // Macro input, or a syntax error rustc will report: look inside.
        assert_eq!(
            flagged(quote!(use x::(std::process::exit(1));)),
            ["std::process::exit"]
        );
        assert_eq!(flagged(quote!(use x::[libc::_exit(1)];)), ["libc::_exit"]);
    }

    #[test]
    fn precise_capturing_is_not_an_import() {
        let body = quote! {
            fn inner<'a>(x: &'a u8) -> impl Sized + use<'a> { std::process::exit(1) }
        };
        assert_eq!(flagged(body), ["std::process::exit"]);
    }
}
