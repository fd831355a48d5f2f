//! The `#[exit_policy(..)]` attribute. Use it through the `exit-policy`
//! crate, which re-exports it next to the runtime it expands to.

mod args;
mod check;
mod expand;
mod item;
mod message;

use proc_macro::TokenStream;

/// Declares a function's exit policy. See the `exit-policy` crate.
#[proc_macro_attribute]
pub fn exit_policy(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(attr.into(), item.into()).into()
}
