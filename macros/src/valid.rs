//! Every check, with one error collector: one compile reports every problem
//! (A2, A4), in source order, each pointed at its own tokens.

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::args::{Args, Policy};
use crate::ast::{Block, Function, Item, Member, Refused, Shell, Wrappable};
use crate::message::{self, Scope, Unsupported};
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
    match errors.0 {
        Some(all) => Err(all),
        None => Ok(wrappable),
    }
}

/// Every error found so far, combined into one.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn at(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// A second `#[exit_policy]` next to the one being expanded.
    fn second_attribute(&mut self, args: &Args, attrs: &[syn::Attribute], what: &str) {
        if let Some(second) = attrs.iter().find(|attr| crate::ast::is_exit_policy(attr)) {
            let text = message::second_attribute(what, &args.tokens.to_string());
            self.at(second, text);
        }
    }

    fn function(&mut self, args: &Args, f: &Function) {
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
        self.raw_exits(args, f.body.to_token_stream(), Scope::Function);
    }

    fn raw_exits(&mut self, args: &Args, tokens: TokenStream, scope: Scope) {
        for found in raw_exit::scan(tokens) {
            let text = message::raw_exit(
                &found.written,
                found.kind,
                found.imported,
                args.policy,
                scope,
            );
            self.at(found.span(), text);
        }
    }

    fn block(&mut self, args: &Args, block: &Block) {
        for member in &block.members {
            match member {
                Member::Fn(f) => self.function(args, f),
                Member::Block(inner) => self.block(args, inner),
                Member::Use(import) => {
                    self.raw_exits(args, import.to_token_stream(), Scope::Module);
                }
                Member::Verbatim(_) => {}
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
