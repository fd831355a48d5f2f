//! The `#[exit_policy(..)]` attribute. Use it through the `exit-policy`
//! crate, which re-exports it next to the runtime it expands to.
//!
//! One way through: `args` and `ast` read the input, `valid` checks it
//! (with `raw_exit`, the convention check), `expand` writes the output;
//! `message` holds the words of every diagnostic, and `policy` the one type
//! they all share.

mod args;
mod ast;
mod expand;
mod message;
mod policy;
mod raw_exit;
mod valid;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;

/// The expansion calls into `exit_policy::__private`: depend on the
/// `exit-policy` crate, which re-exports this attribute, not on this one.
#[proc_macro_attribute]
pub fn exit_policy(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand(attr.into(), item.into()).into()
}

/// The attribute's whole job: `attr` are its arguments, `item` what it sits
/// on. Never panics: every problem becomes a `compile_error!` emitted next
/// to the untouched item (A5), so one mistake gives one error, not a
/// cascade, and the rest of the crate still compiles.
fn expand(attr: TokenStream2, item: TokenStream2) -> TokenStream2 {
    let expanded = syn::parse2::<args::Args>(attr).and_then(|args| {
        let parsed = ast::parse(item.clone())?;
        let wrappable = valid::check(&args, parsed)?;
        Ok(expand::wrappable(&args, wrappable, &item))
    });
    expanded.unwrap_or_else(|error| fallback(&error, item))
}

/// The error, then the item exactly as it came in.
fn fallback(error: &syn::Error, item: TokenStream2) -> TokenStream2 {
    let mut out = error.to_compile_error();
    if ast::starts_expression(&item) {
        // In expression position the output must stay one expression.
        return quote!({ #out #item });
    }
    out.extend(item);
    out
}

#[cfg(test)]
mod tests;
