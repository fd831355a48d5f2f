//! The convention check (SPEC A2): a lexical scan of a body's tokens for raw
//! exits. It walks token trees, never parses expressions, so it costs one
//! linear pass and sees into closures, async blocks and macro arguments.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

use crate::args::Policy;
use crate::message::{self, RawExit};

/// Every raw exit in `tokens`, one error each.
pub(crate) fn raw_exits(tokens: TokenStream, policy: Policy) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    scan(tokens, policy, &mut errors);
    errors
}

fn scan(tokens: TokenStream, policy: Policy, errors: &mut Vec<syn::Error>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut in_use = false;
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => {
                if in_use && group.delimiter() == Delimiter::Brace {
                    scan_use_group(group.stream(), policy, errors);
                } else {
                    scan(group.stream(), policy, errors);
                }
            }
            TokenTree::Ident(ident) if ident == "use" => in_use = true,
            TokenTree::Punct(p) if p.as_char() == ';' => in_use = false,
            TokenTree::Ident(ident) if ident == "process" || ident == "libc" => {
                if let Some(error) = raw_path(&trees, i, policy, in_use) {
                    errors.push(error);
                }
            }
            _ => {}
        }
    }
}

/// Inside `use ...::{..}`: nested paths and groups are scanned as use trees.
fn scan_use_group(tokens: TokenStream, policy: Policy, errors: &mut Vec<syn::Error>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => scan_use_group(group.stream(), policy, errors),
            TokenTree::Ident(ident) if ident == "process" || ident == "libc" => {
                if let Some(error) = raw_path(&trees, i, policy, true) {
                    errors.push(error);
                }
            }
            _ => {}
        }
    }
}

/// At `trees[at]` (`process` or `libc`): is this the start of a raw exit path
/// that resolves to std or libc, such as `std::process::exit`, `process::abort`,
/// `::libc::_exit` or `use std::process::{exit, ..}`?
fn raw_path(trees: &[TokenTree], at: usize, policy: Policy, in_use: bool) -> Option<syn::Error> {
    let TokenTree::Ident(root) = &trees[at] else {
        return None;
    };
    let is_libc = root == "libc";
    let start = path_start(trees, at, is_libc)?;
    if !is_path_sep(trees, at + 1) {
        return None;
    }
    let written_prefix = render(&trees[start..=at]);
    match trees.get(at + 3)? {
        TokenTree::Ident(leaf) => {
            let kind = kind(is_libc, &leaf.to_string())?;
            // `process::exit::<..>` does not exist; `exit::something` would be
            // a module path, not the function.
            if is_path_sep(trees, at + 4) {
                return None;
            }
            let written = format!("{written_prefix}::{leaf}");
            let span: TokenStream = trees[start..=at + 3].iter().cloned().collect();
            Some(syn::Error::new_spanned(
                span,
                message::raw_exit(&written, kind, in_use, policy),
            ))
        }
        TokenTree::Group(group) if in_use && group.delimiter() == Delimiter::Brace => {
            // `use std::process::{exit, abort as stop}`: report each leaf.
            let mut found = None::<syn::Error>;
            let leaves: Vec<TokenTree> = group.stream().into_iter().collect();
            for (j, leaf) in leaves.iter().enumerate() {
                let TokenTree::Ident(name) = leaf else {
                    continue;
                };
                let after_sep = j >= 2 && is_path_sep(&leaves, j - 2);
                if after_sep {
                    continue;
                }
                let Some(kind) = kind(is_libc, &name.to_string()) else {
                    continue;
                };
                let written = format!("{written_prefix}::{name}");
                let error = syn::Error::new_spanned(
                    name.to_token_stream(),
                    message::raw_exit(&written, kind, true, policy),
                );
                match &mut found {
                    Some(all) => all.combine(error),
                    None => found = Some(error),
                }
            }
            found
        }
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
    let before_sep = at.checked_sub(3);
    match before_sep.map(|k| &trees[k]) {
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
    matches!(tree, TokenTree::Ident(_)) || matches!(tree, TokenTree::Punct(p) if p.as_char() == '>')
}

fn kind(is_libc: bool, leaf: &str) -> Option<RawExit> {
    match (is_libc, leaf) {
        (_, "exit") => Some(RawExit::Exit),
        (false, "abort") => Some(RawExit::Abort),
        (true, "_exit") => Some(RawExit::UnderscoreExit),
        _ => None,
    }
}

/// Whether `trees[at..at + 2]` is the path separator `::`.
fn is_path_sep(trees: &[TokenTree], at: usize) -> bool {
    let colon = |k: usize| matches!(trees.get(k), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    colon(at) && colon(at + 1)
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
