//! The input as types: what the attribute sits on, read once. A function's
//! body stays raw tokens (it is scanned, never parsed); `impl`, `trait` and
//! inline `mod` blocks are parsed whole, and the functions in them that
//! take the block's policy are taken out as [`Function`]s.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, ImplItem, Signature, Token, TraitItem, Visibility};

use crate::message;

/// What the attribute sits on.
pub(crate) enum Item {
    /// What the attribute can wrap.
    Wrappable(Wrappable),
    /// What it refuses, kept for the error message.
    Refused(Refused),
}

pub(crate) enum Wrappable {
    /// A function the attribute sits on directly.
    Fn(Function),
    /// An `impl` block or an inline `mod`.
    Block(Block),
}

pub(crate) enum Refused {
    /// A function without a body.
    Bodiless(Signature),
    /// `mod name;`, whose items are in another file.
    ModWithoutBody(syn::ItemMod),
    /// A closure or an async block: where the item starts.
    Expression(Span),
    /// Any other item.
    Other(syn::Item),
}

/// A function to run under the policy.
pub(crate) struct Function {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// The brace-delimited body, as written.
    pub(crate) body: TokenTree,
    pub(crate) role: Role,
}

/// Whether a function may be a boundary, decided once, here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    /// The attribute sits directly on a synchronous `fn main()` without
    /// parameters or generics: the program's `main` if it is at the crate
    /// root (B1).
    Main,
    /// A free function that could be a `#[test]`: synchronous, safe, with no
    /// parameters or generics. Built as a test (`cfg(test)`) and run as one,
    /// it is the test's boundary (T1).
    MaybeTest,
    /// Every other function, including any `fn main` inside a block.
    Plain,
}

/// An `impl`, `trait` or inline `mod` block whose members take the policy.
pub(crate) struct Block {
    /// The block with its members taken out; the expansion puts them back.
    pub(crate) shell: Shell,
    pub(crate) members: Vec<Member>,
}

pub(crate) enum Shell {
    Impl(syn::ItemImpl),
    Trait(syn::ItemTrait),
    Mod(syn::ItemMod),
}

impl Shell {
    pub(crate) fn attrs(&self) -> &[Attribute] {
        match self {
            Shell::Impl(block) => &block.attrs,
            Shell::Trait(block) => &block.attrs,
            Shell::Mod(block) => &block.attrs,
        }
    }
}

pub(crate) enum Member {
    /// A function that takes the block's policy.
    Fn(Function),
    /// A nested block without a policy of its own.
    Block(Block),
    /// A `use` directly inside an annotated `mod`: checked, kept as it is.
    Use(syn::ItemUse),
    /// An item with a policy of its own: kept as it is, for its own
    /// attribute to expand and check.
    Own(TokenStream),
    /// Kept as it is, and checked for raw exits (a `const` or `static`
    /// holding one, a `macro_rules!` whose body calls one): a `const fn`, a
    /// required trait method, or any other item.
    Verbatim(TokenStream),
}

impl Parse for Item {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if is_expression(input) {
            let span = input.span();
            let _: TokenStream = input.parse()?;
            return Ok(Item::Refused(Refused::Expression(span)));
        }
        if !is_function(input) {
            return Ok(match input.parse()? {
                syn::Item::Impl(block) => Item::Wrappable(Wrappable::Block(impl_block(block))),
                syn::Item::Mod(module) if module.content.is_some() => {
                    Item::Wrappable(Wrappable::Block(mod_block(module)))
                }
                syn::Item::Mod(module) => Item::Refused(Refused::ModWithoutBody(module)),
                other => Item::Refused(Refused::Other(other)),
            });
        }
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        if input.peek(Token![;]) {
            let _: Token![;] = input.parse()?;
            return Ok(Item::Refused(Refused::Bodiless(sig)));
        }
        if !input.peek(syn::token::Brace) {
            return Err(input.error("expected a function body"));
        }
        let body: TokenTree = input.parse()?;
        let role = if is_main(&sig) {
            Role::Main
        } else {
            free_role(&sig, &attrs)
        };
        Ok(Item::Wrappable(Wrappable::Fn(Function {
            attrs,
            vis,
            sig,
            body,
            role,
        })))
    }
}

/// Reads the item, or says in one error why it can't be read.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Item> {
    let empty = tokens.is_empty();
    syn::parse2(tokens).map_err(|error| {
        let span = if empty {
            Span::call_site()
        } else {
            error.span()
        };
        syn::Error::new(span, message::unreadable(&error))
    })
}

/// Whether a function signature comes next: attributes, a visibility and
/// qualifiers (`const`, `async`, `unsafe`, `extern "abi"`) before `fn`.
fn is_function(input: ParseStream<'_>) -> bool {
    let ahead = input.fork();
    let _ = ahead.call(Attribute::parse_outer);
    let _ = ahead.parse::<Visibility>();
    while ahead.peek(Token![const])
        || ahead.peek(Token![async])
        || ahead.peek(Token![unsafe])
        || ahead.peek(Token![extern])
        || ahead.peek(syn::LitStr)
    {
        let _ = ahead.parse::<TokenTree>();
    }
    ahead.peek(Token![fn])
}

/// `fn main()`, synchronous, without parameters or generics.
fn is_main(sig: &Signature) -> bool {
    sig.ident == "main" && takes_nothing(sig)
}

/// Synchronous, without parameters or generics.
fn takes_nothing(sig: &Signature) -> bool {
    sig.inputs.is_empty() && sig.generics.params.is_empty() && sig.asyncness.is_none()
}

/// The role of a free function that is not the program's `main`. One with
/// `#[track_caller]` is no test: a test's body runs in a closure, and a
/// closure can't pass its caller's location on.
fn free_role(sig: &Signature, attrs: &[Attribute]) -> Role {
    let tracks_caller = attrs
        .iter()
        .any(|attr| attr.path().is_ident("track_caller"));
    if takes_nothing(sig)
        && matches!(sig.safety, syn::Safety::Default)
        && sig.abi.is_none()
        && !tracks_caller
    {
        Role::MaybeTest
    } else {
        Role::Plain
    }
}

/// Whether the attribute sits on a closure or an async block (expression
/// position: rustc rejects an attribute there, but still expands it).
fn is_expression(input: ParseStream<'_>) -> bool {
    let closure = |input: ParseStream<'_>| input.peek(Token![|]) || input.peek(Token![||]);
    let async_block = input.peek(Token![async])
        && (input.peek2(Token![move])
            || input.peek2(syn::token::Brace)
            || input.peek2(Token![|])
            || input.peek2(Token![||]));
    closure(input) || input.peek(Token![move]) || async_block
}

/// Whether `tokens` start a closure or an async block: the fallback then
/// keeps them one expression.
pub(crate) fn starts_expression(tokens: &TokenStream) -> bool {
    syn::parse::Parser::parse2(
        |input: ParseStream<'_>| {
            let expression = is_expression(input);
            let _: TokenStream = input.parse()?;
            Ok(expression)
        },
        tokens.clone(),
    )
    .unwrap_or(false)
}

/// Whether `attr` is an `#[exit_policy]`, however it is named.
pub(crate) fn is_exit_policy(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "exit_policy")
}

/// Inside an annotated block, a function takes the block's policy unless it
/// has its own, or is a `const fn` (which can't call `exit` at all).
fn takes_policy(attrs: &[Attribute], sig: &Signature) -> bool {
    !attrs.iter().any(is_exit_policy) && sig.constness.is_none()
}

fn has_own_policy(attrs: &[Attribute]) -> bool {
    attrs.iter().any(is_exit_policy)
}

/// A method, or a trait's default method: never a boundary.
fn plain(attrs: Vec<Attribute>, vis: Visibility, sig: Signature, body: TokenTree) -> Member {
    Member::Fn(Function {
        attrs,
        vis,
        sig,
        body,
        role: Role::Plain,
    })
}

fn impl_block(mut block: syn::ItemImpl) -> Block {
    let members = std::mem::take(&mut block.items)
        .into_iter()
        .map(|item| match item {
            ImplItem::Fn(method) if takes_policy(&method.attrs, &method.sig) => {
                plain(method.attrs, method.vis, method.sig, as_tree(&method.block))
            }
            ImplItem::Fn(method) if has_own_policy(&method.attrs) => {
                Member::Own(method.into_token_stream())
            }
            other => Member::Verbatim(other.into_token_stream()),
        })
        .collect();
    Block {
        shell: Shell::Impl(block),
        members,
    }
}

fn trait_block(mut block: syn::ItemTrait) -> Block {
    let members = std::mem::take(&mut block.items)
        .into_iter()
        .map(|item| match item {
            TraitItem::Fn(method) if takes_policy(&method.attrs, &method.sig) => {
                match &method.default {
                    Some(body) => {
                        let body = as_tree(body);
                        plain(method.attrs, Visibility::Inherited, method.sig, body)
                    }
                    None => Member::Verbatim(method.into_token_stream()),
                }
            }
            TraitItem::Fn(method) if has_own_policy(&method.attrs) => {
                Member::Own(method.into_token_stream())
            }
            other => Member::Verbatim(other.into_token_stream()),
        })
        .collect();
    Block {
        shell: Shell::Trait(block),
        members,
    }
}

fn mod_block(mut module: syn::ItemMod) -> Block {
    let items = module
        .content
        .as_mut()
        .map(|(_, items)| std::mem::take(items))
        .unwrap_or_default();
    let members = items
        .into_iter()
        .map(|item| match item {
            syn::Item::Fn(f) if takes_policy(&f.attrs, &f.sig) => Member::Fn(Function {
                role: free_role(&f.sig, &f.attrs),
                body: as_tree(&f.block),
                attrs: f.attrs,
                vis: f.vis,
                sig: f.sig,
            }),
            syn::Item::Impl(block) if !has_own_policy(&block.attrs) => {
                Member::Block(impl_block(block))
            }
            syn::Item::Trait(block) if !has_own_policy(&block.attrs) => {
                Member::Block(trait_block(block))
            }
            syn::Item::Mod(inner) if !has_own_policy(&inner.attrs) && inner.content.is_some() => {
                Member::Block(mod_block(inner))
            }
            syn::Item::Use(import) => Member::Use(import),
            syn::Item::Fn(f) if has_own_policy(&f.attrs) => Member::Own(f.into_token_stream()),
            syn::Item::Impl(block) => Member::Own(block.into_token_stream()),
            syn::Item::Trait(block) => Member::Own(block.into_token_stream()),
            syn::Item::Mod(inner) if has_own_policy(&inner.attrs) => {
                Member::Own(inner.into_token_stream())
            }
            other => Member::Verbatim(other.into_token_stream()),
        })
        .collect();
    Block {
        shell: Shell::Mod(module),
        members,
    }
}

/// A parsed block back as the one brace-delimited token tree it was.
fn as_tree(block: &syn::Block) -> TokenTree {
    block
        .to_token_stream()
        .into_iter()
        .next()
        .unwrap_or_else(|| TokenTree::Group(Group::new(Delimiter::Brace, TokenStream::new())))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn item(tokens: TokenStream) -> Item {
        parse(tokens).unwrap_or_else(|error| panic!("unreadable: {error}"))
    }

    fn role(tokens: TokenStream) -> Role {
        match item(tokens) {
            Item::Wrappable(Wrappable::Fn(f)) => f.role,
            _ => panic!("not a function"),
        }
    }

    fn refused(tokens: TokenStream) -> Refused {
        match item(tokens) {
            Item::Refused(refused) => refused,
            Item::Wrappable(_) => panic!("accepted"),
        }
    }

    #[test]
    fn closures_and_async_blocks_are_expressions() {
        for tokens in [
            quote!(|code: i32| exit(code)),
            quote!(|| exit(1)),
            quote!(move || exit(1)),
            quote!(async { exit(1) }),
            quote!(async move { exit(1) }),
            quote!(async |code| exit(code)),
            quote!(async || exit(1)),
        ] {
            assert!(starts_expression(&tokens), "{tokens}");
            assert!(matches!(refused(tokens), Refused::Expression(_)));
        }
        for tokens in [
            quote!(
                async fn f() {}
            ),
            quote!(
                fn f() {}
            ),
            quote!(impl X {}),
            quote!(),
        ] {
            assert!(!starts_expression(&tokens), "{tokens}");
        }
    }

    #[test]
    fn every_qualifier_still_makes_a_function() {
        for tokens in [
            quote!(
                const fn f() {}
            ),
            quote!(
                async fn f() {}
            ),
            quote!(
                unsafe fn f() {}
            ),
            quote!(
                extern "C" fn f() {}
            ),
            quote!(
                pub(crate) async unsafe fn f() {}
            ),
            quote!(
                #[inline]
                fn f() {}
            ),
        ] {
            assert!(
                matches!(item(tokens.clone()), Item::Wrappable(Wrappable::Fn(_))),
                "{tokens}"
            );
        }
        assert!(matches!(
            refused(quote!(
                fn f();
            )),
            Refused::Bodiless(_)
        ));
        for tokens in [
            quote!(
                const X: u8 = 1;
            ),
            quote!(
                unsafe impl Send for X {}
            ),
            quote!(
                extern "C" {}
            ),
            quote!(
                static S: u8 = 1;
            ),
        ] {
            assert!(
                !matches!(item(tokens.clone()), Item::Wrappable(Wrappable::Fn(_))),
                "{tokens}"
            );
        }
    }

    #[test]
    fn the_role_of_a_function_is_decided_here() {
        assert_eq!(
            role(quote!(
                fn main() {}
            )),
            Role::Main
        );
        assert_eq!(
            role(quote!(
                fn main() -> Result<(), E> {}
            )),
            Role::Main
        );
        // A main with parameters, generics or `async` is not the program's.
        assert_eq!(
            role(quote!(
                fn main(x: u8) {}
            )),
            Role::Plain
        );
        assert_eq!(
            role(quote!(
                fn main<T>() {}
            )),
            Role::Plain
        );
        assert_eq!(
            role(quote!(
                async fn main() {}
            )),
            Role::Plain
        );
        // Anything a `#[test]` could be.
        assert_eq!(
            role(quote!(
                fn checks() {}
            )),
            Role::MaybeTest
        );
        assert_eq!(
            role(quote!(
                fn checks() -> Result<(), E> {}
            )),
            Role::MaybeTest
        );
        for tokens in [
            quote!(
                fn takes(x: u8) {}
            ),
            quote!(
                fn generic<T>() {}
            ),
            quote!(
                async fn later() {}
            ),
            quote!(
                unsafe fn raw() {}
            ),
            quote!(
                extern "C" fn callback() {}
            ),
        ] {
            assert_eq!(role(tokens.clone()), Role::Plain, "{tokens}");
        }
    }

    /// The functions a block takes out, by name and role.
    fn members(block: &Block) -> Vec<(String, Option<Role>)> {
        block
            .members
            .iter()
            .flat_map(|member| match member {
                Member::Fn(f) => vec![(f.sig.ident.to_string(), Some(f.role))],
                Member::Block(inner) => members(inner),
                Member::Use(_) => vec![("use".to_owned(), None)],
                Member::Verbatim(tokens) => vec![(format!("verbatim {tokens}"), None)],
                Member::Own(tokens) => vec![(format!("own {tokens}"), None)],
            })
            .collect()
    }

    fn block(tokens: TokenStream) -> Block {
        match item(tokens) {
            Item::Wrappable(Wrappable::Block(block)) => block,
            _ => panic!("not a block"),
        }
    }

    #[test]
    fn a_module_wraps_every_function_without_a_policy_of_its_own() {
        let module = block(quote! {
            mod app {
                fn run() {}
                fn main() {}
                const fn limit() -> u8 { 1 }
                #[exit_policy(immediate)] fn own() {}
                use std::io;
                impl X { fn method(&self) {} #[exit_policy(graceful)] fn own(&self) {} }
                #[exit_policy(immediate)] impl Y { fn kept(&self) {} }
                trait T { fn required(&self); fn provided(&self) {} #[exit_policy(immediate)] fn own(&self) {} }
                #[exit_policy(immediate)] trait U { fn kept(&self) {} }
                mod inner { fn deep(x: u8) {} }
                #[exit_policy(immediate)] mod own_policy { fn kept() {} }
                mod file;
            }
        });
        let names: Vec<String> = members(&module)
            .into_iter()
            .map(|(name, role)| match role {
                Some(role) => format!("{name} {role:?}"),
                None if name.starts_with("verbatim") || name.starts_with("own") => name
                    .split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" "),
                None => name,
            })
            .collect();
        assert_eq!(
            names,
            [
                "run MaybeTest",
                // Inside a block, `fn main` is never the program's (B1).
                "main MaybeTest",
                "verbatim const fn limit",
                "own # [exit_policy (immediate)]",
                "use",
                "method Plain",
                "own # [exit_policy (graceful)]",
                "own # [exit_policy (immediate)]",
                "verbatim fn required (&",
                "provided Plain",
                "own # [exit_policy (immediate)]",
                "own # [exit_policy (immediate)]",
                "deep Plain",
                "own # [exit_policy (immediate)]",
                "verbatim mod file ;",
            ]
        );
    }

    #[test]
    fn an_item_syn_cant_read_gets_one_error_that_says_so() {
        let error = parse(quote!(fn f() -> {})).err().expect("unreadable");
        let message = error.to_string();
        assert!(
            message.starts_with("`#[exit_policy]` could not read this item: "),
            "{message}"
        );
        assert!(
            message
                .ends_with("\n= help: it goes on functions, `impl` blocks and inline `mod` blocks"),
            "{message}"
        );
        let nothing = parse(TokenStream::new()).err().expect("unreadable");
        assert!(
            nothing
                .to_string()
                .starts_with("`#[exit_policy]` could not read this item: ")
        );
    }

    #[test]
    fn a_module_without_a_body_is_refused() {
        assert!(matches!(
            refused(quote!(
                mod file;
            )),
            Refused::ModWithoutBody(_)
        ));
        assert!(matches!(
            refused(quote!(
                struct S;
            )),
            Refused::Other(_)
        ));
    }

    #[test]
    fn the_attribute_is_recognised_by_its_last_segment() {
        let attrs: Vec<Attribute> = syn::parse::Parser::parse2(
            Attribute::parse_outer,
            quote!(#[exit_policy(graceful)] #[ep::exit_policy(immediate)] #[inline] #[exit_policy_x]),
        )
        .unwrap();
        let found: Vec<bool> = attrs.iter().map(is_exit_policy).collect();
        assert_eq!(found, [true, true, false, false]);
    }
}
