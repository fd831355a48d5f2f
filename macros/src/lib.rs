//! The `#[exit_policy(..)]` attribute. Use it through the `exit-policy`
//! crate, which re-exports it next to the runtime it expands to.

mod args;
mod check;
mod expand;
mod item;
mod message;

use proc_macro::TokenStream;

/// The expansion calls into `exit_policy::__private`: depend on the
/// `exit-policy` crate, which re-exports this attribute, not on this one.
#[proc_macro_attribute]
pub fn exit_policy(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(attr.into(), item.into()).into()
}
