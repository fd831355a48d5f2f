//! `expand` never panics. Arbitrary token trees and odd but
//! well-formed items go in; tokens (an expansion, or `compile_error!` next to
//! the untouched item) must come out.
//!
//! `cargo test` runs proptest's default 256 cases per property; set
//! `PROPTEST_CASES=10000` for a long run.

use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use proptest::prelude::*;

use crate::expand;

const IDENTS: &[&str] = &[
    "fn",
    "impl",
    "mod",
    "trait",
    "struct",
    "enum",
    "use",
    "as",
    "self",
    "Self",
    "super",
    "crate",
    "pub",
    "const",
    "static",
    "async",
    "unsafe",
    "extern",
    "where",
    "for",
    "dyn",
    "move",
    "return",
    "let",
    "in",
    "std",
    "core",
    "process",
    "libc",
    "exit",
    "_exit",
    "abort",
    "exit_policy",
    "graceful",
    "immediate",
    "gracefull",
    "main",
    "tokio",
    "test",
    "inline",
    "doc",
    "cfg",
    "Result",
    "Option",
    "Box",
    "T",
    "x",
    "_",
];
const RAW_IDENTS: &[&str] = &["type", "exit", "graceful", "match"];
const PUNCTS: &[char] = &[
    ':', ';', ',', '.', '=', '<', '>', '!', '#', '&', '*', '\'', '-', '+', '?', '@', '|', '/', '%',
    '^', '~', '$',
];
const DELIMITERS: &[Delimiter] = &[
    Delimiter::Parenthesis,
    Delimiter::Brace,
    Delimiter::Bracket,
    Delimiter::None,
];

fn leaf() -> impl Strategy<Value = TokenTree> {
    let span = Span::call_site;
    prop_oneof![
        4 => prop::sample::select(IDENTS).prop_map(move |s| Ident::new(s, span()).into()),
        1 => prop::sample::select(RAW_IDENTS).prop_map(move |s| Ident::new_raw(s, span()).into()),
        4 => (prop::sample::select(PUNCTS), any::<bool>()).prop_map(|(c, joint)| {
            let spacing = if joint { Spacing::Joint } else { Spacing::Alone };
            Punct::new(c, spacing).into()
        }),
        1 => any::<u64>().prop_map(|n| Literal::u64_unsuffixed(n).into()),
        1 => any::<i32>().prop_map(|n| Literal::i32_suffixed(n).into()),
        1 => (-1e9f64..1e9).prop_map(|n| Literal::f64_unsuffixed(n).into()),
        1 => any::<String>().prop_map(|s| Literal::string(&s).into()),
        1 => any::<char>().prop_map(|c| Literal::character(c).into()),
        1 => prop::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| Literal::byte_string(&b).into()),
    ]
}

/// Token sequences the scanner looks for, cut at awkward places.
const FRAGMENTS: &[&str] = &[
    "process ::",
    "std :: process ::",
    ":: std :: process :: exit",
    "x :: std :: process :: abort",
    "libc :: _exit",
    ":: libc ::",
    "use std :: process ::",
    "use",
    "use <",
    "use ::",
    "::",
    "process :: exit ::",
    "as",
    "self ::",
    "# [exit_policy (graceful)]",
    "impl Sized + use <'a>",
];

/// A piece of a stream: one token tree, or a fragment of several.
fn piece() -> impl Strategy<Value = Vec<TokenTree>> {
    let fragment = prop::sample::select(FRAGMENTS).prop_map(|text| {
        TokenStream::from_str(text)
            .unwrap_or_default()
            .into_iter()
            .collect()
    });
    let leaf = prop_oneof![3 => leaf().prop_map(|tree| vec![tree]), 1 => fragment];
    leaf.prop_recursive(5, 96, 10, |inner| {
        (
            prop::sample::select(DELIMITERS),
            prop::collection::vec(inner, 0..10),
        )
            .prop_map(|(delimiter, pieces)| {
                let stream = pieces.into_iter().flatten().collect();
                vec![Group::new(delimiter, stream).into()]
            })
    })
}

fn stream(max: usize) -> impl Strategy<Value = TokenStream> {
    prop::collection::vec(piece(), 0..max).prop_map(|pieces| pieces.into_iter().flatten().collect())
}

/// Arguments: mostly plausible ones, so that item expansion is reached.
fn attr() -> impl Strategy<Value = TokenStream> {
    let good = prop::sample::select(
        &[
            "graceful",
            "immediate",
            "graceful, crate = ep",
            "crate = ::a::b, immediate,",
            "crate = self::x, graceful",
        ][..],
    )
    .prop_map(|s| TokenStream::from_str(s).unwrap_or_default());
    prop_oneof![3 => good, 1 => stream(6)]
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(options)
}

/// A function as `(attributes and visibility, attributes and the rest, the rest)`:
/// a trait's items take no visibility.
fn function() -> impl Strategy<Value = (String, String, String)> {
    (
        (
            pick(&[
                "",
                "#[inline]",
                "/// doc\n",
                "#[doc = \"x\"] #[must_use]",
                "#[exit_policy(graceful)]",
                "#[exit_policy::exit_policy(immediate)]",
                "#[tokio::main]",
                "#[test]",
                "#[cfg(any())]",
            ]),
            pick(&["", "pub", "pub(crate)", "pub(in crate::a)"]),
            pick(&[
                "",
                "const",
                "async",
                "unsafe",
                "async unsafe",
                "const unsafe",
                "extern \"C\"",
                "extern \"C-unwind\"",
                "unsafe extern \"system\"",
                "extern",
            ]),
            pick(&["main", "f", "r#type", "exit", "_x"]),
        ),
        (
            pick(&[
                "",
                "<T>",
                "<'a, T: 'a + Clone, const N: usize>",
                "<T = u8>",
                "<F: Fn() -> ()>",
            ]),
            pick(&[
                "",
                "self",
                "&self",
                "&'a mut self, x: u8",
                "mut x: i32",
                "(a, b): (u8, u8)",
                "_: impl Sized",
                "self: Box<Self>",
                "#[cfg(x)] y: u8",
            ]),
            pick(&[
                "",
                "-> !",
                "-> impl Iterator<Item = u8>",
                "-> Result<(), E>",
                "-> Self",
                "-> impl Future<Output = ()> + use<'a>",
                "-> (impl A, B)",
                "-> [u8; { 1 + 2 }]",
                "-> ::std::process::ExitCode",
            ]),
            pick(&["", "where T: Copy", "where for<'b> F: Fn(&'b u8),"]),
            pick(&[
                "{}",
                ";",
                "{ std::process::exit(1) }",
                "{ use std::{process::{self, exit as q}}; q(1) }",
                "{ let f = || async { ::libc::_exit(1) }; }",
                "{ println!(\"{}\", process::abort()) }",
                "{ fn inner() -> impl Sized + use<> {} }",
                "{ { { ( [ ] ) } } }",
                "{ return; }",
                "{ x? }",
                "{ use {}; use ::{*}; use a::{b::{self as c, *}, d as _}; }",
            ]),
        ),
    )
        .prop_map(
            |((attrs, vis, quals, name), (generics, params, ret, clause, body))| {
                let rest = format!("{quals} fn {name}{generics}({params}) {ret} {clause} {body}");
                (format!("{attrs} {vis}"), format!("{attrs} {rest}"), rest)
            },
        )
}

/// Well-formed-but-odd items: functions, blocks holding them, and items the
/// attribute rejects.
fn odd_item() -> impl Strategy<Value = TokenStream> {
    let text = prop_oneof![
        3 => function().prop_map(|(head, _, rest)| format!("{head} {rest}")),
        2 => (function(), function(), pick(&["", "<T>", "<'a>"])).prop_map(|(a, b, g)| {
            let (a, b) = (format!("{} {}", a.0, a.2), b.1);
            format!("impl{g} Trait for X{g} where X: Y {{ {a} {b} const C: u8 = 1; type T = u8; }}")
        }),
        2 => (function(), function(), function(), pick(&["", "use std::process::exit;"]))
            .prop_map(|(a, b, c, extra)| {
                let (a, b, c) = (format!("{} {}", a.0, a.2), format!("{} {}", b.0, b.2), c.1);
                format!(
                    "pub mod m {{ {a} impl X {{ {b} }} trait T {{ {c} fn d(); }} \
                     mod n {{ {a} }} {extra} struct S; mod far; }}"
                )
            }),
        1 => pick(&[
            "struct S<T>(T);",
            "trait T { fn a(); fn b() {} }",
            "mod m;",
            "enum E {}",
            "const X: u8 = 1;",
            "static S: &str = \"\";",
            "extern \"C\" { fn f(); }",
            "macro_rules! m { () => {} }",
            "union U { a: u8 }",
            "type A = u8;",
            "impl X {}",
            "use a::b;",
            "fn",
            "",
        ]).prop_map(str::to_owned),
    ];
    text.prop_map(|text| TokenStream::from_str(&text).unwrap_or_default())
}

/// The property: `expand` returns, and on an error the original item comes
/// right after the `compile_error!` (A5).
fn returns_tokens(attr: TokenStream, item: TokenStream) {
    let original = item.to_string();
    let out = expand(attr, item).to_string();
    if out.starts_with(":: core :: compile_error") {
        assert!(out.ends_with(&original), "item not re-emitted: {out}");
    } else {
        assert!(!out.is_empty() || original.is_empty());
    }
}

proptest! {
    #[test]
    fn arbitrary_tokens_never_panic(attr in stream(8), item in stream(16)) {
        returns_tokens(attr, item);
    }

    #[test]
    fn odd_items_never_panic(attr in attr(), item in odd_item()) {
        returns_tokens(attr, item);
    }

    #[test]
    fn arbitrary_bodies_never_panic(attr in attr(), body in stream(24), head in function()) {
        // A real signature around arbitrary body tokens, so the scan runs.
        let head = head.0 + " fn f(&self) -> u8";
        let mut item = TokenStream::from_str(&head).unwrap_or_default();
        item.extend([TokenTree::from(Group::new(Delimiter::Brace, body))]);
        returns_tokens(attr, item);
    }

    #[test]
    fn good_args_on_arbitrary_tokens_never_panic(attr in attr(), item in stream(16)) {
        returns_tokens(attr, item);
    }
}
