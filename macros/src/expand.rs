//! Code generation, for input that passed every check. Generated code names
//! everything by absolute path (A6) and keeps the user's tokens, with their
//! spans, exactly as written.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::{FnArg, ImplItem, Pat, ReturnType, Token, TraitItem, Type};

use crate::args::{Args, Policy};
use crate::ast::{Block, Function, Member, Role, Shell, Wrappable};

/// The expansion of what the attribute sits on.
pub(crate) fn wrappable(args: &Args, wrappable: Wrappable) -> TokenStream {
    match wrappable {
        Wrappable::Fn(f) if waits_for_executor(&f) => defer_to_executor(args, f),
        Wrappable::Fn(f) => function(args, f),
        Wrappable::Block(block) => self::block(args, block),
    }
}

fn function(args: &Args, f: Function) -> TokenStream {
    match f.role {
        Role::Main => main(args, f),
        Role::MaybeTest => maybe_test(args, f),
        Role::Plain if f.sig.asyncness.is_some() => async_fn(args, f),
        Role::Plain => sync_fn(args, f),
    }
}

/// The block with every member put back, its functions wrapped.
fn block(args: &Args, block: Block) -> TokenStream {
    let members: TokenStream = block
        .members
        .into_iter()
        .map(|member| match member {
            Member::Fn(f) => function(args, f),
            Member::Block(inner) => self::block(args, inner),
            Member::Use(import) => import.into_token_stream(),
            Member::Verbatim(tokens) => tokens,
        })
        .collect();
    match block.shell {
        Shell::Impl(mut shell) => {
            shell.items = vec![ImplItem::Verbatim(members)];
            shell.into_token_stream()
        }
        Shell::Trait(mut shell) => {
            shell.items = vec![TraitItem::Verbatim(members)];
            shell.into_token_stream()
        }
        Shell::Mod(mut shell) => {
            if let Some((_, items)) = &mut shell.content {
                *items = vec![syn::Item::Verbatim(members)];
            }
            shell.into_token_stream()
        }
    }
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
        ..
    } = f;
    let krate = &args.krate;
    let guard = match args.policy {
        Policy::Graceful => quote!(GracefulScope),
        Policy::Immediate => quote!(ImmediateScope),
    };
    // Mixed-site: the local can't clash with, or be named by, user code.
    let scope = quote_spanned! {Span::mixed_site()=>
        let __exit_policy_scope = #krate::__private::#guard::enter();
    };
    quote! {
        #(#attrs)* #vis #sig {
            #scope
            #body
        }
    }
}

/// An annotated `fn main` is the program's boundary (G2) only at the crate
/// root (B1), which a proc macro can't see: a `const fn` over
/// `module_path!()` picks, at compile time, `Main<true>` (the body runs under
/// the runtime's `main`, which ends graceful exits that reach it, runs the
/// hooks and reports the return value as std would, so the signature
/// returns `ExitCode`) or `Main<false>` (an ordinary annotated function that
/// returns what it declares).
fn main(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        mut sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    let Some(ty) = nameable_output(&sig.output) else {
        // `impl Trait` or `!` can't be a type argument: such a `main` is
        // always the boundary.
        sig.output = syn::parse_quote!(-> ::std::process::ExitCode);
        return quote! {
            #(#attrs)* #vis #sig {
                #krate::__private::main(#policy, || #body)
            }
        };
    };
    let selected = quote_spanned! {Span::mixed_site()=>
        <#krate::__private::Main<{
            #krate::__private::is_crate_root(::core::module_path!())
        }> as #krate::__private::Boundary<#ty>>
    };
    sig.output = syn::parse_quote!(-> #selected::Output);
    quote! {
        #(#attrs)* #vis #sig {
            #selected::run(#policy, || -> #ty #body)
        }
    }
}

/// A function that could be a test gets a second body for test builds
/// (`cfg(test)`): it runs under the runtime's `test`, which, on the thread
/// libtest runs that test on, turns a graceful exit into the test's failure
/// (T1). Other builds get the ordinary expansion, unchanged.
fn maybe_test(args: &Args, f: Function) -> TokenStream {
    let krate = &args.krate;
    let policy = args.policy_path();
    let Function {
        attrs,
        vis,
        sig,
        body,
        ..
    } = &f;
    let name = sig.ident.to_string();
    let annotation = nameable_output(&sig.output).map(|ty| quote!(-> #ty));
    let as_test = quote! {
        #[cfg(test)]
        #(#attrs)* #vis #sig {
            #krate::__private::test(#policy, ::core::module_path!(), #name, || #annotation #body)
        }
    };
    let ordinary = sync_fn(args, f);
    quote! {
        #as_test
        #[cfg(not(test))]
        #ordinary
    }
}

/// The declared return type, where it can be named as a type argument
/// (`()` when none is declared): not `impl Trait`, not `!`.
fn nameable_output(output: &ReturnType) -> Option<TokenStream> {
    match output {
        ReturnType::Default => Some(quote!(())),
        ReturnType::Type(_, ty) if contains_impl_trait(ty) || matches!(**ty, Type::Never(_)) => {
            None
        }
        ReturnType::Type(_, ty) => Some(ty.to_token_stream()),
    }
}

/// `async fn f(x: T) -> R { body }` becomes a synchronous
/// `fn f(x: T) -> impl Future<Output = R>` that returns
/// `Policy::wrap(policy, async move { let x = x; body })`: one state machine,
/// wrapped by value, entered under the policy on every poll and on drop
/// (W2, W3). Every parameter is moved into the block, as rustc does when it
/// desugars an `async fn`, so each is dropped when the future ends, and
/// under its policy. The `impl` is written with this crate's own span,
/// whose edition (2024) makes the opaque type capture every lifetime in
/// scope, elided ones included, exactly as an `async fn` does in any
/// edition. rustdoc gets the function as written, still an `async fn`.
fn async_fn(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        mut sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    if matches!(&sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_))) {
        // `impl Future<Output = !>` can't be written on stable Rust: this one
        // form keeps the `async fn` and awaits the wrapped body inside it.
        return quote! {
            #(#attrs)* #vis #sig {
                #krate::Policy::wrap(#policy, async move #body).await
            }
        };
    }
    let as_written = sig.to_token_stream();
    let typed_body = typed_async_body(&sig.output, body.clone());
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    sig.asyncness = None;
    sig.output = syn::parse_quote_spanned! {Span::mixed_site()=>
        -> impl ::core::future::Future<Output = #output>
    };
    let bindings = move_parameters(&mut sig.inputs);
    quote! {
        #[cfg(doc)]
        #(#attrs)* #vis #as_written #body

        #[cfg(not(doc))]
        #(#attrs)* #vis #sig {
            #krate::Policy::wrap(#policy, async move { #bindings #typed_body })
        }
    }
}

/// Rewrites the parameters so that the async block takes each of them, and
/// returns the statements that move them in: `x` stays `x` (`let x = x;`),
/// `mut x` becomes `x` outside (`let mut x = x;`), and any other pattern is
/// bound to a hygienic `__exit_policy_argN` outside and destructured inside.
/// A receiver can't be rebound; a borrow of it makes the block take it.
///
/// The names these statements repeat resolve as the user's own (call-site
/// hygiene) but are marked as generated, so that lints about the user's
/// code (`used_underscore_binding` on `_name: T`, say) don't fire on them.
fn move_parameters(inputs: &mut Punctuated<FnArg, Token![,]>) -> TokenStream {
    let generated = |ident: &Ident| {
        let mut ident = ident.clone();
        ident.set_span(Span::call_site().located_at(ident.span()));
        ident
    };
    let mut bindings = TokenStream::new();
    for (n, input) in inputs.iter_mut().enumerate() {
        let typed = match input {
            FnArg::Receiver(receiver) => {
                let this = generated(&Ident::new("self", receiver.self_token.span));
                bindings.extend(quote!(let _ = &#this;));
                continue;
            }
            FnArg::Typed(typed) => typed,
        };
        let attrs = &typed.attrs;
        match &mut *typed.pat {
            Pat::Ident(binding) if binding.by_ref.is_none() && binding.subpat.is_none() => {
                let mutability = binding.mutability.take();
                let name = generated(&binding.ident);
                bindings.extend(quote!(#(#attrs)* let #mutability #name = #name;));
            }
            pattern => {
                let arg = Ident::new(&format!("__exit_policy_arg{n}"), Span::mixed_site());
                let pattern = std::mem::replace(pattern, syn::parse_quote!(#arg));
                bindings.extend(quote! {
                    #(#attrs)* let #arg = #arg;
                    #(#attrs)* let #pattern = #arg;
                });
            }
        }
    }
    bindings
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
/// attribute must turn the function into a sync fn first, so that the
/// policy wraps the whole runtime.
fn waits_for_executor(f: &Function) -> bool {
    f.sig.asyncness.is_some()
        && f.attrs.iter().any(|attr| {
            attr.path()
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "main" || segment.ident == "test")
        })
}

/// Re-emits this attribute after the others, for the executor to expand
/// first.
fn defer_to_executor(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let tokens = &args.tokens;
    quote! {
        #(#attrs)*
        #[#krate::exit_policy(#tokens)]
        #vis #sig #body
    }
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
