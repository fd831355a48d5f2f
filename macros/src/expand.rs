//! Code generation. `expand` never panics: every failure becomes a
//! `compile_error!` emitted next to the untouched item (SPEC A5).

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::{Attribute, ReturnType, Signature, Type, Visibility};

use crate::args::{self, Args, Policy};
use crate::message::Scope;
use crate::{check, item};

/// The attribute's whole job: `attr` are its arguments, `item` what it sits on.
pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = args::parse(attr).and_then(|args| item::expand(&args, &item));
    match result {
        Ok(expanded) => expanded,
        // In expression position (a closure) the output must stay one
        // expression: `{ compile_error!{..} original }`.
        Err(error) if item::is_expression(&item) => {
            let error = error.to_compile_error();
            quote!({ #error #item })
        }
        Err(error) => {
            let mut out = error.to_compile_error();
            out.extend(item);
            out
        }
    }
}

/// A function split into the pieces the expansion needs. The body stays raw
/// tokens: it is scanned, never parsed.
pub(crate) struct Function {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// The brace-delimited body, as written.
    pub(crate) body: TokenTree,
}

/// Where a function sits, which decides whether it is the program's `main`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// The attribute sits directly on a free function.
    Free,
    /// Inside an annotated `impl`, `trait` or `mod`.
    Nested,
}

/// Checks and wraps one function.
pub(crate) fn function(args: &Args, f: Function, place: Place) -> syn::Result<TokenStream> {
    let mut errors = item::function_errors(args, &f);
    errors.extend(check::raw_exits(
        f.body.to_token_stream(),
        args.policy,
        Scope::Function,
    ));
    // All of them, in source order (SPEC A2).
    if let Some(all) = errors.into_iter().reduce(|mut all, error| {
        all.combine(error);
        all
    }) {
        return Err(all);
    }
    if let Some(reordered) = defer_to_executor(args, &f, place) {
        return Ok(reordered);
    }
    let is_main = place == Place::Free
        && f.sig.ident == "main"
        && f.sig.inputs.is_empty()
        && f.sig.generics.params.is_empty()
        && f.sig.asyncness.is_none();
    Ok(if is_main {
        main(args, f)
    } else if f.sig.asyncness.is_some() {
        async_fn(args, f)
    } else {
        sync_fn(args, f)
    })
}

/// `fn f() { body }` becomes `fn f() { let scope = enter(); { body } }`:
/// a guard local plus the untouched block, so `return`, `?`, `self`, `mut`
/// parameters, borrows and `impl Trait` behave exactly as before.
fn sync_fn(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        sig,
        body,
    } = f;
    let scope = scope_guard(args);
    quote! {
        #(#attrs)* #vis #sig {
            #scope
            #body
        }
    }
}

fn scope_guard(args: &Args) -> TokenStream {
    let krate = &args.krate;
    let guard = match args.policy {
        Policy::Graceful => quote!(GracefulScope),
        Policy::Immediate => quote!(ImmediateScope),
    };
    // Mixed-site: the local can't clash with, or be named by, user code.
    quote_spanned! {Span::mixed_site()=>
        let __exit_policy_scope = #krate::__private::#guard::enter();
    }
}

/// An annotated `main` is the boundary (SPEC G2): the body runs in a
/// closure under the runtime's `main`, which ends graceful exits that reach
/// it, runs the hooks and reports the return value as std would.
fn main(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        mut sig,
        body,
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    let annotation = match &sig.output {
        ReturnType::Type(arrow, ty) if !contains_impl_trait(ty) => quote!(#arrow #ty),
        _ => TokenStream::new(),
    };
    sig.output = syn::parse_quote!(-> ::std::process::ExitCode);
    quote! {
        #(#attrs)* #vis #sig {
            #krate::__private::main(#policy, || #annotation #body)
        }
    }
}

/// `async fn` bodies run inside `Scoped`, which re-enters the policy on
/// every poll; the body future is pinned in place, never boxed.
fn async_fn(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        sig,
        body,
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    let body = typed_async_body(&sig.output, body);
    quote! {
        #(#attrs)* #vis #sig {
            #krate::__private::Scoped::new(#policy, ::core::pin::pin!(async move #body)).await
        }
    }
}

/// Gives the async block the function's return type, so that `?` and
/// `return` infer as they do in the `async fn` itself, and type errors point
/// at the user's code (async-trait's "fake return edge").
fn typed_async_body(output: &ReturnType, body: TokenTree) -> TokenStream {
    let ty: TokenStream = match output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) if contains_impl_trait(ty) || matches!(**ty, Type::Never(_)) => {
            return body.into_token_stream();
        }
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    // The edge fixes the block's type before the body is checked; the body
    // stays the tail, untouched, so a diverging body raises no lint. The
    // `return` carries the return type's span: "return type inferred here"
    // then points at the user's signature, not at the attribute.
    let ty_span = ty
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    let value = Ident::new("__exit_policy_return", Span::mixed_site());
    let edge_value = Ident::new(
        "__exit_policy_return",
        Span::mixed_site().located_at(ty_span),
    );
    let edge = quote_spanned!(ty_span=> return #edge_value;);
    quote_spanned! {Span::mixed_site()=>
        {
            if let ::core::option::Option::Some(#value) = ::core::option::Option::None::<#ty> {
                #edge
            }
            #body
        }
    }
}

/// `#[exit_policy(..)] #[tokio::main] async fn main()`: the executor's
/// attribute must turn `main` into a sync fn first, so the boundary wraps
/// the whole runtime. Re-emit this attribute after the others.
fn defer_to_executor(args: &Args, f: &Function, place: Place) -> Option<TokenStream> {
    let executor_attr = f.attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "main" || segment.ident == "test")
    });
    if place != Place::Free || f.sig.asyncness.is_none() || !executor_attr {
        return None;
    }
    let Function {
        attrs,
        vis,
        sig,
        body,
    } = f;
    let krate = &args.krate;
    let tokens = &args.tokens;
    Some(quote! {
        #(#attrs)*
        #[#krate::exit_policy(#tokens)]
        #vis #sig #body
    })
}

fn contains_impl_trait(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            TokenTree::Ident(ident) => ident == "impl",
            TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(ty.to_token_stream())
}

#[cfg(test)]
mod tests;
