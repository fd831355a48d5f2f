//! Every check, with one error collector: one compile reports every problem
//! (A2, A4), in source order, each pointed at its own tokens.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::args::Args;
use crate::ast::{Block, Function, Item, Member, Refused, Shell, Wrappable};
use crate::message::{self, Scope, Unsupported};
use crate::policy::Policy;
use crate::raw_exit;

/// What the attribute can wrap, once nothing is wrong with it.
pub(crate) fn check(args: &Args, item: Item) -> syn::Result<Wrappable> {
    let wrappable = match item {
        Item::Wrappable(wrappable) => wrappable,
        Item::Refused(refused) => return Err(refused_error(&refused)),
    };
    let mut errors = Errors::default();
    match &wrappable {
        Wrappable::Fn(f) => {
            errors.second_attribute(args, &f.attrs, "a function");
            errors.function(args, f);
        }
        Wrappable::Block(block) => {
            let what = match block.shell {
                Shell::Impl(_) | Shell::Trait(_) => "an `impl` block",
                Shell::Mod(_) => "a module",
            };
            errors.second_attribute(args, block.shell.attrs(), what);
            errors.block(args, block);
        }
    }
    match errors.finish(args) {
        Some(all) => Err(all),
        None => Ok(wrappable),
    }
}

/// Every error found, by part of the item: a part's raw exits are known
/// only once the whole item is read (a rename anywhere in it counts), so
/// each part keeps its other errors and the range of its paths until then.
#[derive(Default)]
struct Errors {
    parts: Vec<Part>,
    scanner: raw_exit::Scanner,
}

/// One part of the item (a function, a `use`, another item of a block):
/// its errors so far, then its paths and the words for its raw exits.
struct Part {
    errors: Vec<syn::Error>,
    paths: Range<usize>,
    scope: Scope,
}

impl Errors {
    /// The part being checked, begun if it is a new one.
    fn part(&mut self) -> &mut Part {
        if self.parts.is_empty() {
            self.begin(Scope::Function);
        }
        let last = self.parts.len() - 1;
        &mut self.parts[last]
    }

    /// A new part, its paths still to come (none, for a part not scanned).
    fn begin(&mut self, scope: Scope) {
        self.parts.push(Part {
            errors: Vec::new(),
            paths: 0..0,
            scope,
        });
    }

    fn at(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        let error = syn::Error::new_spanned(tokens, message);
        self.part().errors.push(error);
    }

    /// Scans `tokens` as a part of its own, under `scope`.
    fn scan(&mut self, tokens: TokenStream, scope: Scope) {
        self.begin(scope);
        let paths = self.scanner.scan(tokens);
        self.part().paths = paths;
    }

    /// Every error, in source order, combined into one.
    fn finish(self, args: &Args) -> Option<syn::Error> {
        let mut all: Option<syn::Error> = None;
        for part in self.parts {
            let raw = self.scanner.found(part.paths).into_iter().map(|found| {
                let text = message::raw_exit(
                    &found.written,
                    found.means,
                    found.kind,
                    found.imported,
                    args.policy,
                    part.scope,
                );
                syn::Error::new_spanned(found.span(), text)
            });
            for error in part.errors.into_iter().chain(raw) {
                match &mut all {
                    Some(all) => all.combine(error),
                    None => all = Some(error),
                }
            }
        }
        all
    }

    /// A second `#[exit_policy]` next to the one being expanded.
    fn second_attribute(&mut self, args: &Args, attrs: &[syn::Attribute], what: &str) {
        if let Some(second) = attrs.iter().find(|attr| crate::ast::is_exit_policy(attr)) {
            let text = message::second_attribute(what, &args.tokens.to_string());
            self.at(second, text);
        }
    }

    fn function(&mut self, args: &Args, f: &Function) {
        // A function's checks and its raw exits are one part, in this order.
        self.begin(Scope::Function);
        if let Some(constness) = &f.sig.constness {
            self.at(constness, message::CONST_FN);
        }
        if args.policy == Policy::Graceful {
            if let Some(abi) = &f.sig.abi {
                let unwinds = abi.name.as_ref().is_some_and(|name| {
                    let name = name.value();
                    name == "Rust" || name.ends_with("-unwind")
                });
                if !unwinds {
                    self.at(abi, message::EXTERN_C_GRACEFUL);
                }
            }
        }
        let paths = self.scanner.scan(f.body.to_token_stream());
        self.part().paths = paths;
    }

    fn block(&mut self, args: &Args, block: &Block) {
        let scope = match block.shell {
            Shell::Impl(_) => Scope::Impl,
            Shell::Trait(_) => Scope::Trait,
            Shell::Mod(_) => Scope::Module,
        };
        for member in &block.members {
            match member {
                Member::Fn(f) => self.function(args, f),
                Member::Block(inner) => {
                    if let Shell::Mod(module) = &inner.shell {
                        self.scanner.declare(&module.ident);
                    }
                    self.block(args, inner);
                }
                Member::Use(import) => self.scan(import.to_token_stream(), Scope::Module),
                Member::Verbatim(tokens) => self.scan(tokens.clone(), scope),
                Member::Own(tokens) => self.scanner.declarations(tokens.clone()),
            }
        }
    }
}

/// Why the attribute can't go on this item.
fn refused_error(refused: &Refused) -> syn::Error {
    match refused {
        Refused::Bodiless(sig) => syn::Error::new_spanned(sig, message::NO_BODY),
        Refused::ModWithoutBody(module) => {
            syn::Error::new_spanned(module, message::MOD_WITHOUT_BODY)
        }
        Refused::Expression(span) => syn::Error::new(*span, message::ON_EXPRESSION),
        Refused::Other(item) => {
            let (kind, tokens) = unsupported(item);
            syn::Error::new_spanned(tokens, message::unsupported(&kind))
        }
    }
}

/// What kind of item this is, and the keyword to point at.
fn unsupported(item: &syn::Item) -> (Unsupported, TokenStream) {
    match item {
        syn::Item::Struct(i) => (
            Unsupported::Type("a struct"),
            i.struct_token.to_token_stream(),
        ),
        syn::Item::Enum(i) => (Unsupported::Type("an enum"), i.enum_token.to_token_stream()),
        syn::Item::Union(i) => (
            Unsupported::Type("a union"),
            i.union_token.to_token_stream(),
        ),
        syn::Item::Type(i) => (
            Unsupported::Type("a type alias"),
            i.type_token.to_token_stream(),
        ),
        syn::Item::Const(i) => (
            Unsupported::Value("a `const`"),
            i.const_token.to_token_stream(),
        ),
        syn::Item::Static(i) => (
            Unsupported::Value("a `static`"),
            i.static_token.to_token_stream(),
        ),
        syn::Item::Trait(i) => (Unsupported::Trait, i.trait_token.to_token_stream()),
        syn::Item::ForeignMod(i) => (Unsupported::ForeignBlock, i.abi.to_token_stream()),
        syn::Item::Use(i) => (
            Unsupported::Other("a `use` item"),
            i.use_token.to_token_stream(),
        ),
        other => (Unsupported::Other("this item"), other.to_token_stream()),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use crate::message::{RawExit, Scope};

    /// Every error message `check` reports for `item` under `args`.
    fn errors(args: TokenStream, item: TokenStream) -> Vec<String> {
        let args: Args = syn::parse2(args).unwrap();
        let item = crate::ast::parse(item).unwrap();
        match check(&args, item) {
            Ok(_) => Vec::new(),
            Err(all) => all
                .into_iter()
                .map(|error| error.to_string().lines().next().unwrap().to_owned())
                .collect(),
        }
    }

    #[test]
    fn a_graceful_exit_must_be_able_to_unwind_out_of_the_function() {
        let refused = "a graceful exit can't unwind out of an `extern \"C\"` function: the process \
                       would abort";
        assert_eq!(
            errors(
                quote!(graceful),
                quote!(
                    extern "C" fn f() {}
                )
            ),
            [refused]
        );
        // A bare `extern` is `extern "C"` (braces keep rustfmt from adding
        // the "C").
        assert_eq!(
            errors(quote!(graceful), quote! { extern fn f() {} }),
            [refused]
        );
        for abi in [
            quote!(extern "Rust"),
            quote!(extern "C-unwind"),
            quote!(extern "system-unwind"),
        ] {
            assert!(
                errors(quote!(graceful), quote!(#abi fn f() {})).is_empty(),
                "{abi}"
            );
        }
        // Immediate never unwinds: any ABI will do.
        assert!(
            errors(
                quote!(immediate),
                quote!(
                    extern "C" fn f() {}
                )
            )
            .is_empty()
        );
    }

    #[test]
    fn every_problem_is_reported_in_source_order() {
        let all = errors(
            quote!(graceful),
            quote! {
                #[exit_policy(immediate)]
                const extern "C" fn f() { std::process::exit(1); libc::_exit(2) }
            },
        );
        assert_eq!(all.len(), 5, "{all:#?}");
        assert!(all[0].starts_with("a second `#[exit_policy]` on a function"));
        assert!(all[1].starts_with("`#[exit_policy]` can't apply to a `const fn`"));
        assert!(all[2].starts_with("a graceful exit can't unwind"));
        assert!(all[3].starts_with("`std::process::exit` skips"));
        assert!(all[4].starts_with("`libc::_exit` skips"));
    }

    #[test]
    fn a_module_the_block_declares_is_the_users_own() {
        // Nested without a policy, or with one of its own.
        for inner in [
            quote!(
                mod process {
                    pub fn exit(_: i32) {}
                }
            ),
            quote!(
                #[exit_policy(immediate)]
                mod process {
                    pub fn exit(_: i32) {}
                }
            ),
        ] {
            let item = quote! {
                mod app {
                    #inner
                    fn run() { process::exit(1) }
                }
            };
            assert_eq!(errors(quote!(graceful), item), Vec::<String>::new());
        }
    }

    #[test]
    fn blocks_are_checked_member_by_member() {
        let all = errors(
            quote!(immediate),
            quote! {
                #[exit_policy(graceful)]
                mod m {
                    use std::process::exit;
                    impl X { fn a(&self) { std::process::abort() } }
                    trait T { fn b(&self) { process::exit(1) } }
                    mod inner { fn c() { libc::exit(1) } }
                    fn own() {}
                }
            },
        );
        let headline = |written, kind, imported, scope| {
            let text = message::raw_exit(written, None, kind, imported, Policy::Immediate, scope);
            text.lines().next().unwrap().to_owned()
        };
        assert_eq!(
            all,
            [
                "a second `#[exit_policy]` on a module that already has `#[exit_policy(immediate)]`"
                    .to_owned(),
                headline("std::process::exit", RawExit::Exit, true, Scope::Module),
                headline("std::process::abort", RawExit::Abort, false, Scope::Function),
                headline("process::exit", RawExit::Exit, false, Scope::Function),
                headline("libc::exit", RawExit::Exit, false, Scope::Function),
            ]
        );
        assert_eq!(
            errors(
                quote!(graceful),
                quote!(
                    #[exit_policy(graceful)]
                    impl X {}
                )
            ),
            [
                "a second `#[exit_policy]` on an `impl` block that already has `#[exit_policy(graceful)]`"
            ]
        );
    }

    #[test]
    fn each_refused_item_names_itself() {
        let first = |item: TokenStream| errors(quote!(graceful), item).remove(0);
        assert_eq!(
            first(quote!(
                struct S;
            )),
            "`#[exit_policy]` can't go on a struct"
        );
        assert_eq!(
            first(quote!(
                enum E {}
            )),
            "`#[exit_policy]` can't go on an enum"
        );
        assert_eq!(
            first(quote!(union U { a: u8 })),
            "`#[exit_policy]` can't go on a union"
        );
        assert_eq!(
            first(quote!(
                type A = u8;
            )),
            "`#[exit_policy]` can't go on a type alias"
        );
        assert_eq!(
            first(quote!(
                const C: u8 = 1;
            )),
            "`#[exit_policy]` can't go on a `const`"
        );
        assert_eq!(
            first(quote!(
                static S: u8 = 1;
            )),
            "`#[exit_policy]` can't go on a `static`"
        );
        assert_eq!(
            first(quote!(
                trait T {}
            )),
            "`#[exit_policy]` can't go on a trait"
        );
        assert_eq!(
            first(quote!(
                extern "C" {}
            )),
            "`#[exit_policy]` can't go on an `extern` block"
        );
        assert_eq!(
            first(quote!(
                use a::b;
            )),
            "`#[exit_policy]` can't go on a `use` item"
        );
        assert_eq!(
            first(quote!(
                macro_rules! m {
                    () => {};
                }
            )),
            "`#[exit_policy]` can't go on this item"
        );
        assert!(
            first(quote!(
                fn f();
            ))
            .starts_with("`#[exit_policy]` needs a function body")
        );
        assert!(
            first(quote!(
                mod m;
            ))
            .starts_with("`#[exit_policy]` on `mod name;`")
        );
        assert!(first(quote!(|| 1)).starts_with("`#[exit_policy]` can't go on a closure"));
    }
}
