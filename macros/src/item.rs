//! What the attribute may sit on (SPEC A1, A4): a function is split into
//! signature and raw body; `impl`, `trait` and inline `mod` blocks are parsed
//! whole and every function without a policy of its own is wrapped.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, ImplItem, Item, Signature, Token, TraitItem, Visibility};

use crate::args::{Args, Policy};
use crate::check;
use crate::expand::{self, Function, Place};
use crate::message::Scope;

/// Dispatches on the kind of item the attribute sits on.
pub(crate) fn expand(args: &Args, item: &TokenStream) -> syn::Result<TokenStream> {
    if is_expression(item) {
        return Err(on_expression(item));
    }
    if let Ok(f) = parse_function.parse2(item.clone()) {
        return match f {
            Parsed::Function(f) => expand::function(args, f, Place::Free),
            Parsed::Bodiless(sig) => Err(no_body(&sig)),
        };
    }
    let parsed: Item = syn::parse2(item.clone()).map_err(|error| unreadable(item, &error))?;
    match parsed {
        Item::Impl(block) => match second_attribute(args, &block.attrs, "an `impl` block") {
            Some(error) => Err(error),
            None => impl_block(args, block).map(ToTokens::into_token_stream),
        },
        Item::Mod(module) => match second_attribute(args, &module.attrs, "a module") {
            Some(error) => Err(error),
            None => module_block(args, module).map(ToTokens::into_token_stream),
        },
        other => Err(unsupported(&other)),
    }
}

/// Whether the attribute sits on a closure or an async block (expression
/// position: rustc gates this, but still expands the attribute).
pub(crate) fn is_expression(item: &TokenStream) -> bool {
    let first: Vec<TokenTree> = item.clone().into_iter().take(2).collect();
    let is_bar = |tree: &TokenTree| matches!(tree, TokenTree::Punct(p) if p.as_char() == '|');
    match first.as_slice() {
        [bar, ..] if is_bar(bar) => true,
        [TokenTree::Ident(word), ..] if word == "move" => true,
        [TokenTree::Ident(word), next] if word == "async" => match next {
            TokenTree::Ident(word) => word == "move",
            TokenTree::Group(group) => group.delimiter() == proc_macro2::Delimiter::Brace,
            other => is_bar(other),
        },
        _ => false,
    }
}

fn on_expression(item: &TokenStream) -> syn::Error {
    let span = item
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |tree| tree.span());
    syn::Error::new(
        span,
        "`#[exit_policy]` can't go on a closure or an async block: put it on the function they \
         are written in (its policy and its raw-exit check cover the closures and async blocks \
         in its body), or on the function the closure calls",
    )
}

enum Parsed {
    Function(Function),
    Bodiless(Signature),
}

/// `attrs vis sig { body }` or `attrs vis sig;`, keeping the body as tokens.
fn parse_function(input: ParseStream<'_>) -> syn::Result<Parsed> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let sig: Signature = input.parse()?;
    if input.peek(Token![;]) {
        let _: Token![;] = input.parse()?;
        return Ok(Parsed::Bodiless(sig));
    }
    if !input.peek(syn::token::Brace) {
        return Err(input.error("expected a function body"));
    }
    let body: TokenTree = input.parse()?;
    if !input.is_empty() {
        return Err(input.error("unexpected tokens after the function body"));
    }
    Ok(Parsed::Function(Function {
        attrs,
        vis,
        sig,
        body,
    }))
}

/// Errors about the function itself, before its body is looked at.
pub(crate) fn function_errors(args: &Args, f: &Function) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    errors.extend(second_attribute(args, &f.attrs, "a function"));
    if let Some(constness) = &f.sig.constness {
        errors.push(syn::Error::new_spanned(
            constness,
            "`#[exit_policy]` can't apply to a `const fn`: a `const fn` can't call \
             `exit_policy::exit` (it is not `const`) and may run at compile time, where no \
             policy exists; remove the attribute, or remove `const` if this function must exit",
        ));
    }
    if args.policy == Policy::Graceful {
        if let Some(abi) = &f.sig.abi {
            let is_rust = abi.name.as_ref().is_some_and(|name| {
                let name = name.value();
                name == "Rust" || name.ends_with("-unwind")
            });
            if !is_rust {
                errors.push(syn::Error::new_spanned(
                    abi,
                    "`#[exit_policy(graceful)]` on an `extern \"C\"` function: a graceful exit \
                     unwinds, and an unwind that reaches an `extern \"C\"` frame aborts the \
                     process instead of exiting; use `#[exit_policy(immediate)]` here, or the \
                     `extern \"C-unwind\"` ABI if every caller can unwind",
                ));
            }
        }
    }
    errors
}

/// Inside an annotated block: a function gets the block's policy unless it
/// has its own, or is a `const fn` (which can't call `exit` at all).
fn wants_policy(attrs: &[Attribute], sig: &Signature) -> bool {
    !attrs.iter().any(is_exit_policy) && sig.constness.is_none()
}

/// A second `#[exit_policy]` next to the one being expanded.
fn second_attribute(args: &Args, attrs: &[Attribute], what: &str) -> Option<syn::Error> {
    let second = attrs.iter().find(|attr| is_exit_policy(attr))?;
    Some(syn::Error::new_spanned(
        second,
        format!(
            "a second `#[exit_policy]` on {what} that already has `#[exit_policy({})]`: only \
             one policy can apply, so remove one of the two",
            args.tokens
        ),
    ))
}

fn is_exit_policy(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "exit_policy")
}

fn no_body(sig: &Signature) -> syn::Error {
    syn::Error::new_spanned(
        sig,
        "`#[exit_policy]` needs a function body to run under the policy, and this function \
         has none; put the attribute on the method in each `impl` block, or give the trait \
         method a default body",
    )
}

/// Wraps every method of an `impl` block that has no policy of its own.
fn impl_block(args: &Args, mut block: syn::ItemImpl) -> syn::Result<syn::ItemImpl> {
    let mut errors = Errors::default();
    block.items = std::mem::take(&mut block.items)
        .into_iter()
        .map(|item| match item {
            ImplItem::Fn(method) if wants_policy(&method.attrs, &method.sig) => {
                let f = Function {
                    body: as_tree(&method.block),
                    attrs: method.attrs,
                    vis: method.vis,
                    sig: method.sig,
                };
                errors
                    .wrap(args, f)
                    .map_or_else(ImplItem::Verbatim, ImplItem::Verbatim)
            }
            other => other,
        })
        .collect();
    errors.finish(block)
}

/// Wraps every default method of a trait (inside an annotated `mod`).
fn trait_block(args: &Args, mut block: syn::ItemTrait) -> syn::Result<syn::ItemTrait> {
    let mut errors = Errors::default();
    block.items = std::mem::take(&mut block.items)
        .into_iter()
        .map(|item| match item {
            TraitItem::Fn(method)
                if method.default.is_some() && wants_policy(&method.attrs, &method.sig) =>
            {
                let body = method.default.as_ref().map(as_tree);
                let f = Function {
                    body: body.unwrap_or_else(empty_body),
                    attrs: method.attrs,
                    vis: Visibility::Inherited,
                    sig: method.sig,
                };
                errors
                    .wrap(args, f)
                    .map_or_else(TraitItem::Verbatim, TraitItem::Verbatim)
            }
            other => other,
        })
        .collect();
    errors.finish(block)
}

/// Wraps every function of an inline module, nested blocks included.
fn module_block(args: &Args, mut module: syn::ItemMod) -> syn::Result<syn::ItemMod> {
    let Some((brace, items)) = module.content.take() else {
        return Err(syn::Error::new_spanned(
            &module,
            "`#[exit_policy]` on `mod name;` can't see the functions in the module's file; \
             annotate the functions or `impl` blocks in that file instead",
        ));
    };
    let mut errors = Errors::default();
    let items = items
        .into_iter()
        .map(|item| {
            let outcome = match item {
                Item::Fn(f) if wants_policy(&f.attrs, &f.sig) => {
                    let f = Function {
                        body: as_tree(&f.block),
                        attrs: f.attrs,
                        vis: f.vis,
                        sig: f.sig,
                    };
                    return errors
                        .wrap(args, f)
                        .map_or_else(Item::Verbatim, Item::Verbatim);
                }
                Item::Impl(block) if !block.attrs.iter().any(is_exit_policy) => {
                    impl_block(args, block).map(Item::Impl)
                }
                Item::Trait(block) if !block.attrs.iter().any(is_exit_policy) => {
                    trait_block(args, block).map(Item::Trait)
                }
                Item::Mod(inner)
                    if !inner.attrs.iter().any(is_exit_policy) && inner.content.is_some() =>
                {
                    module_block(args, inner).map(Item::Mod)
                }
                Item::Use(import) => {
                    let tokens = import.to_token_stream();
                    for error in check::raw_exits(tokens, args.policy, Scope::Module) {
                        errors.push(error);
                    }
                    Ok(Item::Use(import))
                }
                other => Ok(other),
            };
            outcome.unwrap_or_else(|error| {
                errors.push(error);
                Item::Verbatim(TokenStream::new())
            })
        })
        .collect();
    module.content = Some((brace, items));
    errors.finish(module)
}

fn empty_body() -> TokenTree {
    TokenTree::Group(proc_macro2::Group::new(
        proc_macro2::Delimiter::Brace,
        TokenStream::new(),
    ))
}

fn as_tree(block: &syn::Block) -> TokenTree {
    block
        .to_token_stream()
        .into_iter()
        .next()
        .unwrap_or_else(empty_body)
}

/// Collects every error of a block, so one compile reports all of them.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Wraps `f`; on error, records it and returns no tokens (the caller
    /// re-emits the original item anyway).
    fn wrap(&mut self, args: &Args, f: Function) -> Result<TokenStream, TokenStream> {
        expand::function(args, f, Place::Nested).map_err(|error| {
            self.push(error);
            TokenStream::new()
        })
    }

    fn finish<T>(self, value: T) -> syn::Result<T> {
        self.0.map_or(Ok(value), Err)
    }
}

fn unsupported(item: &Item) -> syn::Error {
    let (what, tokens): (&str, TokenStream) = match item {
        Item::Struct(i) => ("a struct", i.struct_token.to_token_stream()),
        Item::Enum(i) => ("an enum", i.enum_token.to_token_stream()),
        Item::Union(i) => ("a union", i.union_token.to_token_stream()),
        Item::Const(i) => ("a `const`", i.const_token.to_token_stream()),
        Item::Static(i) => ("a `static`", i.static_token.to_token_stream()),
        Item::Trait(i) => ("a trait", i.trait_token.to_token_stream()),
        Item::Type(i) => ("a type alias", i.type_token.to_token_stream()),
        Item::Use(i) => ("a `use` item", i.use_token.to_token_stream()),
        Item::ForeignMod(i) => ("an `extern` block", i.abi.to_token_stream()),
        other => ("this item", other.to_token_stream()),
    };
    let why_and_instead = match item {
        Item::Struct(_) | Item::Enum(_) | Item::Union(_) | Item::Type(_) => {
            "a type runs no code of its own; put the attribute on its `impl` block, or on the \
             functions that may exit"
        }
        Item::Const(_) | Item::Static(_) => {
            "its value is computed at compile time and never exits; remove the attribute"
        }
        Item::Trait(_) => {
            "the policy would not reach the implementations; put it on each method that has a \
             default body, and on the `impl` blocks"
        }
        Item::ForeignMod(_) => {
            "foreign functions are not Rust code the policy can wrap; put it on the Rust \
             functions that call them"
        }
        _ => "put the attribute on the functions that may exit",
    };
    syn::Error::new_spanned(
        tokens,
        format!(
            "`#[exit_policy]` can't go on {what}, only on functions, `impl` blocks and inline \
             `mod` blocks: {why_and_instead}"
        ),
    )
}

/// Tokens that are no item syn can read (new syntax, or a macro's output).
fn unreadable(item: &TokenStream, error: &syn::Error) -> syn::Error {
    let span = if item.is_empty() {
        Span::call_site()
    } else {
        error.span()
    };
    syn::Error::new(
        span,
        format!(
            "`#[exit_policy]` could not read this item ({error}); it applies to functions, \
             `impl` blocks and inline `mod` blocks"
        ),
    )
}
