//! Code generation, for input that passed every check. Generated code names
//! everything by absolute path (A6) and keeps the user's tokens, with their
//! spans, exactly as written.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::{FnArg, ImplItem, Pat, ReturnType, Token, TraitItem, Type};

use crate::args::Args;
use crate::ast::{Block, Function, Member, Role, Shell, Wrappable};
use crate::policy::Policy;

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

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// The expansion of `item` under `#[exit_policy(graceful)]`, as text.
    fn expanded(item: TokenStream) -> String {
        let out = crate::expand(quote!(graceful), item).to_string();
        assert!(!out.contains("compile_error"), "{out}");
        out
    }

    #[test]
    fn an_executors_attribute_expands_first_on_an_async_fn() {
        for executor in [
            quote!(#[tokio::main]),
            quote!(#[tokio::test]),
            quote!(#[main]),
        ] {
            let out = expanded(quote!(#executor async fn main() { run().await }));
            assert!(
                out.ends_with(
                    "# [:: exit_policy :: exit_policy (graceful)] async fn main () { run () . await }"
                ),
                "{out}"
            );
        }
        // Not on a sync function, and not for other attributes.
        assert!(
            !expanded(quote!(
                #[test]
                fn t() {}
            ))
            .contains(":: exit_policy :: exit_policy")
        );
        let out = expanded(quote!(
            #[inline]
            async fn f() {}
        ));
        assert!(out.contains("Policy :: wrap"), "{out}");
    }

    #[test]
    fn an_async_fn_returns_its_body_wrapped_by_value() {
        let out = expanded(quote!(
            pub async fn f(x: u8) -> u8 {
                x
            }
        ));
        assert!(
            out.contains("# [cfg (doc)] pub async fn f (x : u8) -> u8 { x }"),
            "{out}"
        );
        assert!(out.contains("# [cfg (not (doc))] pub fn f (x : u8) -> impl :: core :: future :: Future < Output = u8 >"), "{out}");
        assert!(out.contains(":: exit_policy :: Policy :: wrap (:: exit_policy :: __private :: Graceful , async move { let x = x ;"), "{out}");
        // The typed return edge, so that `?` and type errors behave.
        assert!(out.contains("None :: < u8 >"), "{out}");
    }

    #[test]
    fn an_async_fn_that_never_returns_keeps_the_nested_shape() {
        let out = expanded(quote!(
            async fn f() -> ! {
                loop {}
            }
        ));
        assert!(out.starts_with("async fn f () -> ! {"), "{out}");
        assert!(out.contains(". await"), "{out}");
        assert!(!out.contains("cfg (doc)"), "{out}");
    }

    #[test]
    fn an_opaque_output_gets_no_typed_edge() {
        for output in [
            quote!(impl Sized),
            quote!((impl Sized, u8)),
            quote!(Box<impl Sized>),
        ] {
            let out = expanded(quote!(async fn f() -> #output { todo!() }));
            assert!(!out.contains("__exit_policy_return"), "{output}: {out}");
        }
        assert!(
            expanded(quote!(
                async fn f() {}
            ))
            .contains("None :: < () >")
        );
    }

    #[test]
    fn parameters_move_into_the_future_by_name_or_through_an_argument() {
        let out = expanded(quote!(
            async fn f(mut a: u8, ref b: u8, c @ 1..=2: u8, (d, e): (u8, u8), _: u8) {}
        ));
        assert!(out.contains("fn f (a : u8 , __exit_policy_arg1 : u8 , __exit_policy_arg2 : u8 , __exit_policy_arg3 : (u8 , u8) , __exit_policy_arg4 : u8)"), "{out}");
        assert!(out.contains("let mut a = a ;"), "{out}");
        assert!(out.contains("let ref b = __exit_policy_arg1 ;"), "{out}");
        assert!(
            out.contains("let c @ 1 ..= 2 = __exit_policy_arg2 ;"),
            "{out}"
        );
        assert!(out.contains("let (d , e) = __exit_policy_arg3 ;"), "{out}");
        assert!(out.contains("let _ = __exit_policy_arg4 ;"), "{out}");
        let method = expanded(quote!(
            async fn m(&self) {}
        ));
        assert!(method.contains("let _ = & self ;"), "{method}");
    }

    #[test]
    fn the_programs_main_is_chosen_at_compile_time_unless_its_type_cant_be_named() {
        let out = expanded(quote!(
            fn main() -> Result<(), E> {
                Ok(())
            }
        ));
        assert!(out.contains("Main < { :: exit_policy :: __private :: is_crate_root (:: core :: module_path ! ()) } > as :: exit_policy :: __private :: Boundary < Result < () , E > >"), "{out}");
        assert!(
            expanded(quote!(
                fn main() {}
            ))
            .contains("Boundary < () >")
        );
        for output in [quote!(impl Termination), quote!((impl A, B)), quote!(!)] {
            let out = expanded(quote!(fn main() -> #output { loop {} }));
            assert!(out.starts_with("fn main () -> :: std :: process :: ExitCode { :: exit_policy :: __private :: main (:: exit_policy :: __private :: Graceful , ||"), "{output}: {out}");
        }
    }

    #[test]
    fn a_function_that_could_be_a_test_gets_a_body_for_test_builds() {
        let out = expanded(quote!(
            fn checks() -> Result<(), E> {
                Ok(())
            }
        ));
        assert!(out.starts_with("# [cfg (test)] fn checks () -> Result < () , E > { :: exit_policy :: __private :: test (:: exit_policy :: __private :: Graceful , :: core :: module_path ! () , \"checks\" , || -> Result < () , E > { Ok (()) }) }"), "{out}");
        assert!(
            out.contains(
                "# [cfg (not (test))] fn checks () -> Result < () , E > { let __exit_policy_scope"
            ),
            "{out}"
        );
        let opaque = expanded(quote!(
            fn checks() -> impl Sized {}
        ));
        assert!(opaque.contains("\"checks\" , || { }"), "{opaque}");
        let plain = expanded(quote!(
            fn takes(x: u8) {}
        ));
        assert!(!plain.contains("cfg (test)"), "{plain}");
    }
}
