//! The convention check (A2): a lexical scan of an item's tokens for raw
//! exits. It walks token trees, never parses expressions, so it costs one
//! linear pass and sees into closures, async blocks, macro arguments and
//! `macro_rules!` bodies.
//!
//! Every path the scan meets is first resolved through what the annotated
//! item itself binds ([`Names`]: its `use` declarations, with their renames,
//! `extern crate .. as ..`, and the modules and types it declares), then
//! looked up, as a full path, in [`TABLE`]. Raw identifiers (`r#exit`) and
//! turbofish (`exit::<>`) are spelling only. A path through the user's own
//! items (`crate::process::exit`, `my::libc::exit`, a bare `exit`, a
//! `process` module the item declares) is never flagged, nor is anything
//! inside `stringify!(..)`, which only makes a string. A name imported
//! *outside* the item, or by a glob, is out of a lexical scan's reach (see
//! the README: clippy's `disallowed_methods` is the type-aware backstop).
//!
//! Two names need no binding: `process` is taken for `std::process` (the
//! usual `use std::process;` at the top of a file), and `nix::libc` is
//! `libc`, which `nix` re-exports.

use std::ops::Range;

use proc_macro2::{Delimiter, Ident, Spacing, Span, TokenStream, TokenTree};

use crate::message::RawExit;

/// The raw exits, by full path. The README's list, its `clippy.toml` block
/// and the contract page are checked against this table by a test.
pub(crate) const TABLE: &[(&str, RawExit)] = &[
    ("std::process::exit", RawExit::Exit),
    ("std::process::abort", RawExit::Abort),
    ("libc::exit", RawExit::Exit),
    ("libc::_exit", RawExit::UnderscoreExit),
    ("libc::abort", RawExit::Abort),
    ("nix::unistd::_exit", RawExit::UnderscoreExit),
];

/// One raw exit found in a body.
pub(crate) struct Found {
    /// The path as written, with the prefix of an enclosing `use` group.
    pub(crate) written: String,
    /// The full path from [`TABLE`], when a rename the item made hides it.
    pub(crate) means: Option<&'static str>,
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

/// What a name means inside the annotated item.
#[derive(Clone)]
enum Binding {
    /// A path (`use std::process as p`, `extern crate libc as c`), and
    /// whether the name differs from the path's last segment.
    Path(Vec<String>, bool),
    /// Something the item declares: a module, a type, a trait.
    Own,
}

/// Every name the annotated item binds, wherever in the item: a lexical
/// scan has no scopes, so a binding anywhere in the item counts everywhere
/// in it.
#[derive(Default)]
struct Names {
    bound: Vec<(String, Binding)>,
}

/// A path of two segments or more, or a `use` leaf, met in the item: a raw
/// exit if it resolves to one.
struct Candidate {
    segments: Vec<Segment>,
    imported: bool,
    first: Span,
}

/// The scan of one annotated item: one pass over each part of it collects
/// the names it binds and the paths it writes; once every part is read, the
/// paths are resolved through the names (a `use` later in the item counts).
/// One pass matters: each token crosses from the compiler to the macro
/// once, and each name is read as text once.
#[derive(Default)]
pub(crate) struct Scanner {
    names: Names,
    candidates: Vec<Candidate>,
}

impl Scanner {
    /// Reads `tokens` (a body, or an item of a block); the range of
    /// candidates it added, for [`Scanner::found`].
    pub(crate) fn scan(&mut self, tokens: TokenStream) -> Range<usize> {
        let start = self.candidates.len();
        self.tokens(tokens);
        start..self.candidates.len()
    }

    /// The names an item with a policy of its own declares at its top level
    /// (`mod process`), without looking into it: its own attribute checks
    /// its body.
    pub(crate) fn declarations(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for pair in trees.windows(2) {
            if let [TokenTree::Ident(keyword), TokenTree::Ident(name)] = pair {
                if matches!(keyword.to_string().as_str(), "mod" | "trait") {
                    self.names.declare(name);
                }
            }
        }
    }

    /// A module the item declares, as a block of its own.
    pub(crate) fn declare(&mut self, name: &Ident) {
        self.names.declare(name);
    }

    /// The raw exits among the candidates in `range`, in source order.
    pub(crate) fn found(&self, range: Range<usize>) -> Vec<Found> {
        self.candidates[range]
            .iter()
            .filter_map(|candidate| self.names.found(candidate))
            .collect()
    }

    /// Expressions, statements and items, and the `use` trees among them.
    ///
    /// Each turn moves `at` forward by at least one token, so no change to
    /// the loop can make the macro loop forever. Only a path of two
    /// segments or more can name a raw exit (a name alone is a local, or an
    /// import reported at its `use`), so only a name followed by `::`, or a
    /// leading `::`, is read as a path.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        // Whether the token before ends a path segment (a name that is no
        // keyword, or the `>` of generics), so that a `::` after it
        // continues a path rather than starting one.
        let mut after_segment = false;
        let mut at = 0;
        while let Some(tree) = trees.get(at) {
            let start = at;
            at += 1;
            let ident = match tree {
                TokenTree::Group(group) => {
                    self.tokens(group.stream());
                    after_segment = false;
                    continue;
                }
                TokenTree::Punct(punct) => {
                    if punct.as_char() == ':' && !after_segment && starts_absolute(&trees, start) {
                        at += self.path(&trees[start..]);
                        after_segment = true;
                    } else {
                        after_segment = is_closing_angle(&trees, start);
                    }
                    continue;
                }
                TokenTree::Literal(_) => {
                    after_segment = false;
                    continue;
                }
                TokenTree::Ident(ident) => ident,
            };
            let name = ident.to_string();
            let continues = start >= 2 && is_path_sep(&trees, start - 2);
            let method = start >= 1 && is_punct(trees.get(start - 1), '.');
            after_segment = !is_keyword(&name);
            match name.as_str() {
                "use" if !is_punct(trees.get(at), '<') => {
                    let end = statement_end(&trees[at..]);
                    self.imports(&trees[at..at + end]);
                    at += end;
                    after_segment = false;
                }
                "extern" if is_word(trees.get(at), "crate") => {
                    let end = statement_end(&trees[at..]);
                    self.names.extern_crate(&trees[at..at + end]);
                    at += end;
                }
                // What follows names an item of the user's.
                "mod" | "struct" | "enum" | "union" | "trait" | "type" => {
                    if let Some(TokenTree::Ident(declared)) = trees.get(at) {
                        self.names.declare(declared);
                    }
                }
                // `stringify!(std::process::exit)` is a string, not a call.
                "stringify" if is_macro_call(&trees, at) => at += 2,
                _ if is_path_sep(&trees, at) && !continues && !method && !is_keyword(&name) => {
                    at += self.path(&trees[start..]);
                }
                _ => {}
            }
        }
    }

    /// The path at the front of `trees` (a name, or the `::` of an absolute
    /// path): keeps it as a candidate, and returns how many tokens after the
    /// first it took.
    fn path(&mut self, trees: &[TokenTree]) -> usize {
        let Some((segments, taken)) = path_at(trees) else {
            return 0;
        };
        if is_macro_call(trees, taken) {
            // A macro is not the function; `std::stringify!(..)` makes a
            // string, so what it quotes is no call either.
            let quotes = segments.last().is_some_and(|last| last.name == "stringify");
            return if quotes { taken + 1 } else { taken - 1 };
        }
        if segments.len() >= 2 {
            self.candidates.push(Candidate {
                first: trees[0].span(),
                segments,
                imported: false,
            });
        }
        taken - 1
    }

    /// The use trees of one `use` declaration: bindings, and candidates.
    fn imports(&mut self, trees: &[TokenTree]) {
        for leaf in use_leaves(trees) {
            self.names.bind_import(&leaf.path, leaf.alias);
            self.candidates.push(Candidate {
                segments: leaf.path,
                imported: true,
                first: leaf.first,
            });
        }
        // A stray group (macro input, a syntax error): still look inside.
        for tree in trees {
            if let TokenTree::Group(group) = tree {
                if group.delimiter() != Delimiter::Brace {
                    self.tokens(group.stream());
                }
            }
        }
    }
}

impl Names {
    /// A module, type or trait the item declares.
    fn declare(&mut self, name: &Ident) {
        self.bound.push((unraw(name), Binding::Own));
    }

    /// `extern crate NAME [as ALIAS]` (the tokens after `extern`).
    fn extern_crate(&mut self, trees: &[TokenTree]) {
        if let [_, TokenTree::Ident(krate), after @ ..] = trees {
            let krate = unraw(krate);
            let name = match after {
                [TokenTree::Ident(r#as), TokenTree::Ident(alias)] if r#as == "as" => unraw(alias),
                _ => krate.clone(),
            };
            let renamed = name != krate;
            self.bound.push((name, Binding::Path(vec![krate], renamed)));
        }
    }

    fn bind_import(&mut self, path: &[Segment], alias: Option<String>) {
        let mut names: Vec<String> = path.iter().map(|segment| segment.name.clone()).collect();
        if names.last().is_some_and(|last| last == "self") {
            names.pop();
        }
        let Some(last) = names.last().cloned() else {
            return;
        };
        let name = alias.unwrap_or_else(|| last.clone());
        if name == "_" || name == "*" || last == "*" {
            return;
        }
        let renamed = name != last;
        self.bound.push((name, Binding::Path(names, renamed)));
    }

    /// The full path `path` names, and whether a rename took part; `None`
    /// for a path through the user's own items. A chain of renames is
    /// followed a few steps deep (a cycle is a compile error of its own).
    fn resolve(&self, path: &[String]) -> Option<(Vec<String>, bool)> {
        let mut path = path.to_vec();
        let mut renamed = false;
        for _ in 0..8 {
            let first = path.first()?;
            if first.is_empty() {
                // `::name`: a crate, never a local binding.
                path.remove(0);
                return Some((normal(path), renamed));
            }
            if ["crate", "self", "super", "Self", "$crate"].contains(&first.as_str()) {
                return None;
            }
            let binding = self
                .bound
                .iter()
                .find(|(name, binding)| name == first && matches!(binding, Binding::Path(..)))
                .or_else(|| self.bound.iter().find(|(name, _)| name == first));
            match binding {
                Some((_, Binding::Own)) => return None,
                Some((_, Binding::Path(target, rename))) => {
                    // `use std::process;` binds `process` to itself plus a
                    // prefix: stop when the target starts where it began.
                    if target.first() == Some(first) && target.len() == 1 {
                        return Some((normal(path), renamed));
                    }
                    renamed |= *rename;
                    path.splice(0..1, target.iter().cloned());
                }
                None if first == "process" => {
                    path.insert(0, "std".to_owned());
                    return Some((normal(path), renamed));
                }
                None => return Some((normal(path), renamed)),
            }
        }
        None
    }
}

/// `nix::libc::..` is `libc::..`.
fn normal(mut path: Vec<String>) -> Vec<String> {
    if path.len() > 2 && path[0] == "nix" && path[1] == "libc" {
        path.remove(0);
    }
    path
}

/// The table's entry for a full path.
fn lookup(path: &[String]) -> Option<(&'static str, RawExit)> {
    TABLE.iter().copied().find(|(full, _)| {
        let mut segments = full.split("::");
        path.iter()
            .all(|name| segments.next() == Some(name.as_str()))
            && segments.next().is_none()
    })
}

impl Names {
    /// The raw exit `candidate` names, if it names one.
    fn found(&self, candidate: &Candidate) -> Option<Found> {
        let segments = &candidate.segments;
        let names: Vec<String> = segments.iter().map(|s| s.name.clone()).collect();
        let (full, renamed) = self.resolve(&names)?;
        let (path, kind) = lookup(&full)?;
        let written = segments
            .iter()
            .map(|segment| segment.written.as_str())
            .collect::<Vec<_>>()
            .join("::");
        Some(Found {
            written,
            means: renamed.then_some(path),
            kind,
            imported: candidate.imported,
            first: candidate.first,
            last: segments.last()?.span,
        })
    }
}

/// One segment of a path: its name without `r#`, as written, and where.
#[derive(Clone)]
struct Segment {
    name: String,
    written: String,
    span: Span,
}

impl Segment {
    fn of(ident: &Ident) -> Self {
        Segment {
            name: unraw(ident),
            written: ident.to_string(),
            span: ident.span(),
        }
    }

    /// The empty first segment of an absolute path (`::std::..`).
    fn root(span: Span) -> Self {
        Segment {
            name: String::new(),
            written: String::new(),
            span,
        }
    }
}

/// Whether an absolute path (`::name`) starts at `trees[at]`, given that
/// no path segment comes before it.
fn starts_absolute(trees: &[TokenTree], at: usize) -> bool {
    is_path_sep(trees, at) && matches!(trees.get(at + 2), Some(TokenTree::Ident(_)))
}

/// Whether `trees[at]` is a `>` that closes generics (`Vec<T>::new`), not
/// the end of an arrow (`->`, `=>`) or a comparison (`>=`).
fn is_closing_angle(trees: &[TokenTree], at: usize) -> bool {
    let arrow = at >= 1
        && matches!(&trees[at - 1], TokenTree::Punct(p)
            if (p.as_char() == '-' || p.as_char() == '=') && p.spacing() == Spacing::Joint);
    is_punct(trees.get(at), '>') && !arrow
}

/// Whether `trees[at..]` is `!` and a group: a macro call's arguments.
fn is_macro_call(trees: &[TokenTree], at: usize) -> bool {
    is_punct(trees.get(at), '!') && matches!(trees.get(at + 1), Some(TokenTree::Group(_)))
}

/// Keywords, which never start or continue a path (`return ::libc::exit`,
/// `in std::..`). `self`, `super`, `crate` and `Self` are path segments.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

/// The path at the front of `trees`: its segments, and how many tokens it
/// takes (turbofish included).
fn path_at(trees: &[TokenTree]) -> Option<(Vec<Segment>, usize)> {
    let mut segments = Vec::new();
    let mut at = 0;
    if is_path_sep(trees, 0) {
        segments.push(Segment::root(trees[0].span()));
        at = 2;
    }
    while let Some(TokenTree::Ident(ident)) = trees.get(at) {
        segments.push(Segment::of(ident));
        at += 1;
        // A turbofish, `::<..>`: spelling only.
        if is_path_sep(trees, at) && is_punct(trees.get(at + 2), '<') {
            at = generics_end(trees, at + 2)?;
        }
        if is_path_sep(trees, at) && matches!(trees.get(at + 2), Some(TokenTree::Ident(_))) {
            at += 2;
        } else {
            break;
        }
    }
    (!segments.is_empty()).then_some((segments, at))
}

/// The index after the `>` that closes the `<` at `trees[open]`; an arrow's
/// `>` (`fn() -> T`) closes nothing.
fn generics_end(trees: &[TokenTree], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, tree) in trees.iter().enumerate().skip(open) {
        if let TokenTree::Punct(punct) = tree {
            match punct.as_char() {
                '<' => depth += 1,
                '>' if !is_punct(trees.get(at.wrapping_sub(1)), '-') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(at + 1);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// One leaf of a use tree: the full path written (the prefix of every
/// enclosing `{..}` filled in), its `as` name, and where the leaf's own
/// part (inside its group) starts.
struct Leaf {
    path: Vec<Segment>,
    alias: Option<String>,
    first: Span,
}

/// The leaves of a use tree.
fn use_leaves(trees: &[TokenTree]) -> Vec<Leaf> {
    let mut leaves = Vec::new();
    use_tree(trees, &[], &mut leaves);
    leaves
}

fn use_tree(trees: &[TokenTree], prefix: &[Segment], leaves: &mut Vec<Leaf>) {
    for item in trees.split(|tree| is_punct(Some(tree), ',')) {
        let mut path = prefix.to_vec();
        let mut rest = item;
        if is_path_sep(rest, 0) {
            path.push(Segment::root(rest[0].span()));
            rest = &rest[2..];
        }
        // One segment and its `::` off the front each turn.
        let mut alias = None;
        let mut nested = false;
        while let [tree, tail @ ..] = rest {
            match tree {
                TokenTree::Ident(ident) if ident == "as" => {
                    if let Some(TokenTree::Ident(name)) = tail.first() {
                        alias = Some(unraw(name));
                    } else if is_punct(tail.first(), '_') {
                        alias = Some("_".to_owned());
                    }
                    break;
                }
                TokenTree::Ident(ident) => path.push(Segment::of(ident)),
                TokenTree::Punct(star) if star.as_char() == '*' => {
                    path.push(Segment {
                        name: "*".to_owned(),
                        written: "*".to_owned(),
                        span: star.span(),
                    });
                }
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    use_tree(&inner, &path, leaves);
                    nested = true;
                    break;
                }
                _ => break,
            }
            rest = tail;
            if is_path_sep(rest, 0) {
                rest = &rest[2..];
            } else if !matches!(rest.first(), Some(TokenTree::Ident(ident)) if ident == "as") {
                break;
            }
        }
        if let (false, Some(first)) = (nested, item.first()) {
            if path.len() > prefix.len() {
                leaves.push(Leaf {
                    path,
                    alias,
                    first: first.span(),
                });
            }
        }
    }
}

/// The index of the `;` that ends the statement at the front of `trees`.
fn statement_end(trees: &[TokenTree]) -> usize {
    trees
        .iter()
        .position(|tree| is_punct(Some(tree), ';'))
        .unwrap_or(trees.len())
}

fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    match name.strip_prefix("r#") {
        Some(bare) => bare.to_owned(),
        None => name,
    }
}

fn is_word(tree: Option<&TokenTree>, word: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(ident)) if ident == word)
}

fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Whether `trees[at..at + 2]` is the path separator `::` (two joined
/// colons: in `x: ::std`, the first colon is a type's, not a path's).
fn is_path_sep(trees: &[TokenTree], at: usize) -> bool {
    matches!(trees.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && is_punct(trees.get(at + 1), ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The paths reported in `item`, as the messages name them (with the
    /// full path after a rename).
    fn flagged(item: TokenStream) -> Vec<String> {
        let mut scanner = Scanner::default();
        let range = scanner.scan(item);
        scanner
            .found(range)
            .into_iter()
            .map(|found| match found.means {
                Some(means) => format!("{} = {means}", found.written),
                None => found.written,
            })
            .collect()
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
        assert_eq!(flagged(quote!(libc::abort())), ["libc::abort"]);
        assert_eq!(flagged(quote!(let r = ::libc::exit(1);)), ["::libc::exit"]);
        // One `:` is not a path separator: the path starts at `process`.
        assert_eq!(
            flagged(quote!(let s = S { quit: &process::exit };)),
            ["process::exit"]
        );
        assert_eq!(
            flagged(quote!(let s = S { quit: ::std::process::exit };)),
            ["::std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(let f = std::process::exit;)),
            ["std::process::exit"]
        );
    }

    #[test]
    fn every_table_entry_by_its_full_path() {
        for (path, _) in TABLE {
            let tokens: TokenStream = format!("{path}(1)").parse().unwrap();
            assert_eq!(flagged(tokens), [*path]);
        }
    }

    #[test]
    fn nix_exits_and_the_libc_it_re_exports() {
        assert_eq!(
            flagged(quote!(nix::unistd::_exit(1))),
            ["nix::unistd::_exit"]
        );
        assert_eq!(flagged(quote!(nix::libc::exit(1))), ["nix::libc::exit"]);
        assert_eq!(
            flagged(quote!(use nix::unistd; unistd::_exit(1);)),
            ["unistd::_exit"]
        );
        assert_eq!(
            flagged(quote!(
                use nix::unistd::_exit;
            )),
            ["nix::unistd::_exit"]
        );
    }

    /// Tokens from text: rustfmt would take the empty turbofish out of a
    /// `quote!`.
    fn tokens(text: &str) -> TokenStream {
        text.parse().unwrap()
    }

    #[test]
    fn turbofish_and_raw_identifiers_are_spelling() {
        assert_eq!(
            flagged(tokens("std::process::exit::<>(1)")),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(tokens("libc::exit::<i32>(1); libc::_exit::<fn() -> u8>(2)")),
            ["libc::exit", "libc::_exit"]
        );
        assert_eq!(
            flagged(quote!(r#std::process::exit(1))),
            ["r#std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(std::process::r#exit(1))),
            ["std::process::r#exit"]
        );
        assert_eq!(
            flagged(quote!(std::r#process::abort())),
            ["std::r#process::abort"]
        );
        assert_eq!(
            flagged(quote!(
                use std::process::r#exit;
            )),
            ["std::process::r#exit"]
        );
        // An arrow's `>` closes no generic list.
        assert_eq!(
            flagged(quote!(f::<fn() -> u8>(); libc::exit(1))),
            ["libc::exit"]
        );
    }

    #[test]
    fn renames_the_item_makes() {
        assert_eq!(
            flagged(quote!(use std::process as p; p::exit(1);)),
            ["p::exit = std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(use std::{process as q}; q::abort();)),
            ["q::abort = std::process::abort"]
        );
        assert_eq!(
            flagged(quote!(use std as s; s::process::exit(1);)),
            ["s::process::exit = std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(
                use std as s;
                use s::process::exit;
            )),
            ["s::process::exit = std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(extern crate libc as c; c::_exit(1);)),
            ["c::_exit = libc::_exit"]
        );
        assert_eq!(
            flagged(quote!(use std::process::{self as pr}; pr::exit(1);)),
            ["pr::exit = std::process::exit"]
        );
        // A rename anywhere in the item counts everywhere in it.
        assert_eq!(
            flagged(quote!(
                fn a() {
                    p::exit(1)
                }
                use std::process as p;
            )),
            ["p::exit = std::process::exit"]
        );
    }

    #[test]
    fn inside_closures_async_blocks_macros_and_macro_definitions() {
        let body = quote! {
            let f = |c| std::process::exit(c);
            let g = async move { process::abort() };
            println!("{}", libc::exit(1));
            macro_rules! quit { () => { ::std::process::exit(1) }; }
        };
        assert_eq!(
            flagged(body),
            [
                "std::process::exit",
                "process::abort",
                "libc::exit",
                "::std::process::exit"
            ]
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
        // The import is reported; the calls through it are not again.
        assert_eq!(
            flagged(quote!(use std::process::exit as quit; quit(1);)),
            ["std::process::exit"]
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
            <T>::process::exit(1);
            <T>::libc::exit(1);
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
            std::process::exit!();
        };
        assert_eq!(flagged(body), Vec::<String>::new());
    }

    #[test]
    fn a_module_the_item_declares_and_stringify_are_not_raw_exits() {
        let item = quote! {
            mod process { pub fn exit(code: i32) -> i32 { code } }
            fn f() -> i32 { process::exit(1) }
        };
        assert_eq!(flagged(item), Vec::<String>::new());
        let item = quote! {
            struct libc;
            impl libc { fn exit(_: i32) {} }
            fn f() { libc::exit(1) }
        };
        assert_eq!(flagged(item), Vec::<String>::new());
        assert_eq!(
            flagged(quote!(let s = stringify!(std::process::exit(1));)),
            Vec::<String>::new()
        );
        // A rename to std's wins over nothing else: `q` is std's.
        assert_eq!(
            flagged(quote!(mod q {} use std::process as q; q::exit(1);)),
            ["q::exit = std::process::exit"]
        );
    }

    #[test]
    fn after_an_arrow_or_a_keyword_a_path_starts() {
        assert_eq!(
            flagged(quote!(match c {
                0 => ::std::process::exit(1),
                _ => {}
            })),
            ["::std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(if c == 1 {
                return ::libc::_exit(2);
            })),
            ["::libc::_exit"]
        );
        assert_eq!(
            flagged(quote!(loop {
                break std::process::abort();
            })),
            ["std::process::abort"]
        );
        assert_eq!(
            flagged(quote!(let f = move || -> ! { ::std::process::exit(1) };)),
            ["::std::process::exit"]
        );
        // Generics' `>` ends a segment: what follows continues that path.
        assert_eq!(
            flagged(quote!(<T>::process::exit(1); Vec::<u8>::libc::exit(1);)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn what_a_qualified_stringify_quotes_is_not_a_call() {
        assert_eq!(
            flagged(quote!(core::stringify!(std::process::exit); ::std::stringify!(libc::exit);)),
            Vec::<String>::new()
        );
        // But a raw exit right after it is.
        assert_eq!(
            flagged(quote!(core::stringify!(x); std::process::exit(1))),
            ["std::process::exit"]
        );
    }

    #[test]
    fn a_turbofish_is_part_of_the_path_it_sits_in() {
        // Not the function: a path that goes on after its turbofish.
        assert_eq!(
            flagged(tokens(
                "std::process::exit::<u8>::inner(); libc::exit::<fn() -> u8>::inner()"
            )),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_scan_goes_on_after_every_form_it_skips() {
        // After an absolute path.
        assert_eq!(
            flagged(quote!(f(a, b); ::libc::exit(1); ::libc::_exit(2))),
            ["::libc::exit", "::libc::_exit"]
        );
        // After a path, a macro's arguments and a call's.
        assert_eq!(
            flagged(quote!(log::info!("{}", std::process::exit(1)))),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(my::call(std::process::exit(1)))),
            ["std::process::exit"]
        );
        // A path followed by a block is no macro call.
        assert_eq!(
            flagged(quote!(let f = std::process::exit; { f(1) })),
            ["std::process::exit"]
        );
        // After `extern "C"`, `extern crate` and `stringify`, bare or not.
        assert_eq!(
            flagged(quote!(extern "C" { fn f(); } std::process::exit(1);)),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(let a = 1; extern crate libc as c; c::_exit(1);)),
            ["c::_exit = libc::_exit"]
        );
        assert_eq!(
            flagged(quote!(extern crate libc; libc::exit(1);)),
            ["libc::exit"]
        );
        assert_eq!(
            flagged(quote!(let a = 1; let s = stringify!(x); std::process::exit(1))),
            ["std::process::exit"]
        );
        assert_eq!(
            flagged(quote!(let x = stringify; std::process::exit(1))),
            ["std::process::exit"]
        );
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
