//! Code generation, for input that passed every check. Generated code names
//! everything by absolute path (A6) and keeps the user's tokens, with their
//! spans, exactly as written.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
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
            Member::Fn(f) if waits_for_executor(&f) => defer_to_executor(args, f),
            Member::Fn(f) => function(args, f),
            Member::Block(inner) => self::block(args, inner),
            Member::Use(import) => import.into_token_stream(),
            Member::Own(tokens) | Member::Verbatim(tokens) => tokens,
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

/// `{ body }`, the user's block, becomes `{ prefix body }`: the same
/// braces, with the user's span, and the user's statements after `prefix`
/// (inner attributes such as `#![allow(..)]` stay first). No block is
/// nested in a generated one, so rustc sees no braces it could call
/// unnecessary, and the item's span is still the user's item: clippy's
/// item lints fire, and rustdoc's source link covers the function.
fn within(body: &TokenTree, prefix: TokenStream) -> TokenTree {
    let TokenTree::Group(group) = body else {
        return body.clone();
    };
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    // Inner attributes (`#`, `!`, a group) are taken off the front three
    // tokens at a time, so the scan always ends. In a body that parses,
    // `#!` followed by a group is an inner attribute and nothing else.
    let mut rest = &tokens[..];
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(_),
        after @ ..,
    ] = rest
    {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            break;
        }
        rest = after;
    }
    let attributes = &tokens[..tokens.len() - rest.len()];
    let mut stream: TokenStream = attributes.iter().cloned().collect();
    stream.extend(prefix);
    stream.extend(rest.iter().cloned());
    let mut wrapped = Group::new(Delimiter::Brace, stream);
    wrapped.set_span(group.span());
    TokenTree::Group(wrapped)
}

/// `fn f() { body }` becomes `fn f() { let scope = enter(); body }`: a
/// guard local before the user's untouched statements, so `return`, `?`,
/// `self`, `mut` parameters, borrows and `impl Trait` behave exactly as
/// before.
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
    let body = within(&body, scope);
    quote! {
        #(#attrs)* #vis #sig #body
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
        let run = braces_of(&body, quote!(#krate::__private::main(#policy, || #body)));
        return quote! {
            #(#attrs)* #vis #sig #run
        };
    };
    let selected = quote_spanned! {Span::mixed_site()=>
        <#krate::__private::Main<{
            #krate::__private::is_crate_root(::core::module_path!())
        }> as #krate::__private::Boundary<#ty>>
    };
    sig.output = syn::parse_quote!(-> #selected::Output);
    let run = quote!(#selected::run(#policy, || -> #ty #body));
    let run = braces_of(&body, run);
    quote! {
        #(#attrs)* #vis #sig #run
    }
}

/// `{ stream }`, with the braces of the user's `body`: a generated body
/// that still spans the user's.
fn braces_of(body: &TokenTree, stream: TokenStream) -> TokenTree {
    let mut group = Group::new(Delimiter::Brace, stream);
    group.set_span(body.span());
    TokenTree::Group(group)
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
    let run = braces_of(
        body,
        quote!(#krate::__private::test(#policy, ::core::module_path!(), #name, || #annotation #body)),
    );
    let as_test = quote! {
        #[cfg(test)]
        #(#attrs)* #vis #sig #run
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
/// edition. rustdoc and clippy get the function as written, still an
/// `async fn`.
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
        let run = braces_of(
            &body,
            quote!(#krate::Policy::wrap(#policy, async move #body).await),
        );
        return quote! {
            #(#attrs)* #vis #sig #run
        };
    }
    let as_written = sig.to_token_stream();
    let edge = return_edge(&sig.output);
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    sig.asyncness = None;
    sig.output = syn::parse_quote_spanned! {Span::mixed_site()=>
        -> impl ::core::future::Future<Output = #output>
    };
    let mut prefix = move_parameters(&mut sig.inputs);
    prefix.extend(edge);
    let future = within(&body, prefix);
    let run = braces_of(
        &body,
        quote!(#krate::Policy::wrap(#policy, async move #future)),
    );
    // rustdoc and clippy get the function as written: rustdoc shows an
    // `async fn`, and clippy's lints for async functions (`unused_async`)
    // see one. Neither produces code that runs.
    quote! {
        #[cfg(any(doc, clippy))]
        #(#attrs)* #vis #as_written #body

        #[cfg(not(any(doc, clippy)))]
        #(#attrs)* #vis #sig #run
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
/// at the user's code (async-trait's "fake return edge"). None for an
/// output that can't be named (`impl Trait`, `!`).
fn return_edge(output: &ReturnType) -> TokenStream {
    let ty: TokenStream = match output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) if contains_impl_trait(ty) || matches!(**ty, Type::Never(_)) => {
            return TokenStream::new();
        }
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    // The edge fixes the block's type before the body is checked; the
    // body's statements follow it, untouched, so a diverging body raises no
    // lint. The `return` carries the return type's span: "return type
    // inferred here" then points at the user's signature, not at the
    // attribute.
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
        if let ::core::option::Option::Some(#value) = ::core::option::Option::None::<#ty> {
            #edge
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
// expect-test writes every snapshot as `r#"..."#`, whether it needs the hash
// or not; rewriting them by hand would be undone by the next update.
#[allow(clippy::needless_raw_string_hashes)]
mod tests {
    use expect_test::{Expect, expect};
    use quote::quote;

    use super::*;

    /// Checks the expansion of `item` under `#[exit_policy(attr)]`,
    /// pretty-printed, against `snapshot`. Rewrite the snapshots with
    /// `UPDATE_EXPECT=1 cargo test -p exit-policy-macros` and read the diff.
    fn check(attr: TokenStream, item: TokenStream, snapshot: &Expect) {
        let out = crate::expand(attr, item);
        let file =
            syn::parse2::<syn::File>(out.clone()).unwrap_or_else(|error| panic!("{error}: {out}"));
        snapshot.assert_eq(&prettyplease::unparse(&file));
    }

    #[test]
    fn a_sync_function_gets_a_guard_and_its_untouched_body() {
        check(
            quote!(graceful),
            quote!(
                /// Adds one.
                #[inline]
                pub fn add_one(x: u8) -> u8 {
                    x + 1
                }
            ),
            &expect![[r#"
                /// Adds one.
                #[inline]
                pub fn add_one(x: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    x + 1
                }
            "#]],
        );
        check(
            quote!(immediate),
            quote!(
                fn verify(token: &str) {
                    check(token)?;
                }
            ),
            &expect![[r#"
                fn verify(token: &str) {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    check(token)?;
                }
            "#]],
        );
    }

    #[test]
    fn inner_attributes_stay_first_and_outer_ones_stay_on_their_statement() {
        check(
            quote!(graceful),
            quote!(
                fn f(y: u8) {
                    #![allow(unused_variables)]
                    #[allow(unused_mut)]
                    let mut x = y;
                }
            ),
            &expect![[r#"
                fn f(y: u8) {
                    #![allow(unused_variables)]
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    #[allow(unused_mut)]
                    let mut x = y;
                }
            "#]],
        );
    }

    #[test]
    fn two_punctuation_marks_and_a_group_are_no_attribute_unless_they_are_hash_bang() {
        // Syntax only: bodies that start like an inner attribute and are not.
        check(
            quote!(graceful),
            quote!(
                fn f(y: u8) -> u8 {
                    &![y]
                }
            ),
            &expect![[r#"
                fn f(y: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    &![y]
                }
            "#]],
        );
        check(
            quote!(graceful),
            quote!(
                fn g(y: u8) -> u8 {
                    -&[y]
                }
            ),
            &expect![[r#"
                fn g(y: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    -&[y]
                }
            "#]],
        );
    }

    #[test]
    fn an_executors_attribute_expands_first_on_an_async_fn() {
        check(
            quote!(graceful),
            quote!(
                #[tokio::main]
                async fn main() {
                    run().await
                }
            ),
            &expect![[r#"
                #[tokio::main]
                #[::exit_policy::exit_policy(graceful)]
                async fn main() {
                    run().await
                }
            "#]],
        );
        // Not for other attributes, nor on a sync function.
        check(
            quote!(graceful),
            quote!(
                #[inline]
                async fn f() {}
            ),
            &expect![[r#"
                #[cfg(any(doc, clippy))]
                #[inline]
                async fn f() {}
                #[cfg(not(any(doc, clippy)))]
                #[inline]
                fn f() -> impl ::core::future::Future<Output = ()> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move {
                            if let ::core::option::Option::Some(__exit_policy_return) = ::core::option::Option::None::<
                                (),
                            > {
                                return __exit_policy_return;
                            }
                        },
                    )
                }
            "#]],
        );
        check(
            quote!(graceful),
            quote!(
                #[test]
                fn t() {}
            ),
            &expect![[r##"
                #[cfg(test)]
                #[test]
                fn t() {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "t",
                        || -> () {},
                    )
                }
                #[cfg(not(test))]
                #[test]
                fn t() {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                }
            "##]],
        );
    }

    #[test]
    fn an_async_fn_returns_its_body_wrapped_by_value_with_a_typed_return_edge() {
        check(
            quote!(graceful),
            quote!(
                pub async fn f(x: u8) -> u8 {
                    x
                }
            ),
            &expect![[r#"
                #[cfg(any(doc, clippy))]
                pub async fn f(x: u8) -> u8 {
                    x
                }
                #[cfg(not(any(doc, clippy)))]
                pub fn f(x: u8) -> impl ::core::future::Future<Output = u8> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move {
                            let x = x;
                            if let ::core::option::Option::Some(__exit_policy_return) = ::core::option::Option::None::<
                                u8,
                            > {
                                return __exit_policy_return;
                            }
                            x
                        },
                    )
                }
            "#]],
        );
    }

    #[test]
    fn an_async_fn_that_never_returns_keeps_the_nested_shape() {
        check(
            quote!(graceful),
            quote!(
                async fn f() -> ! {
                    loop {}
                }
            ),
            &expect![[r#"
                async fn f() -> ! {
                    ::exit_policy::Policy::wrap(
                            ::exit_policy::__private::Graceful,
                            async move { loop {} },
                        )
                        .await
                }
            "#]],
        );
    }

    #[test]
    fn an_opaque_output_gets_no_typed_edge() {
        check(
            quote!(graceful),
            quote!(
                async fn f() -> Box<impl Sized> {
                    todo!()
                }
            ),
            &expect![[r#"
                #[cfg(any(doc, clippy))]
                async fn f() -> Box<impl Sized> {
                    todo!()
                }
                #[cfg(not(any(doc, clippy)))]
                fn f() -> impl ::core::future::Future<Output = Box<impl Sized>> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move { todo!() },
                    )
                }
            "#]],
        );
    }

    #[test]
    fn parameters_move_into_the_future_by_name_or_through_an_argument() {
        check(
            quote!(graceful),
            quote!(
                async fn f(mut a: u8, ref b: u8, c @ 1..=2: u8, (d, e): (u8, u8), _: u8) {}
            ),
            &expect![[r#"
                #[cfg(any(doc, clippy))]
                async fn f(mut a: u8, ref b: u8, c @ 1..=2: u8, (d, e): (u8, u8), _: u8) {}
                #[cfg(not(any(doc, clippy)))]
                fn f(
                    a: u8,
                    __exit_policy_arg1: u8,
                    __exit_policy_arg2: u8,
                    __exit_policy_arg3: (u8, u8),
                    __exit_policy_arg4: u8,
                ) -> impl ::core::future::Future<Output = ()> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move {
                            let mut a = a;
                            let __exit_policy_arg1 = __exit_policy_arg1;
                            let ref b = __exit_policy_arg1;
                            let __exit_policy_arg2 = __exit_policy_arg2;
                            let c @ 1..=2 = __exit_policy_arg2;
                            let __exit_policy_arg3 = __exit_policy_arg3;
                            let (d, e) = __exit_policy_arg3;
                            let __exit_policy_arg4 = __exit_policy_arg4;
                            let _ = __exit_policy_arg4;
                            if let ::core::option::Option::Some(__exit_policy_return) = ::core::option::Option::None::<
                                (),
                            > {
                                return __exit_policy_return;
                            }
                        },
                    )
                }
            "#]],
        );
        check(
            quote!(graceful),
            quote!(
                async fn m(&self) {}
            ),
            &expect![[r#"
                #[cfg(any(doc, clippy))]
                async fn m(&self) {}
                #[cfg(not(any(doc, clippy)))]
                fn m(&self) -> impl ::core::future::Future<Output = ()> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move {
                            let _ = &self;
                            if let ::core::option::Option::Some(__exit_policy_return) = ::core::option::Option::None::<
                                (),
                            > {
                                return __exit_policy_return;
                            }
                        },
                    )
                }
            "#]],
        );
    }

    #[test]
    fn the_programs_main_is_chosen_at_compile_time_unless_its_type_cant_be_named() {
        check(
            quote!(graceful),
            quote!(
                fn main() -> Result<(), E> {
                    Ok(())
                }
            ),
            &expect![[r#"
                fn main() -> <::exit_policy::__private::Main<
                    { ::exit_policy::__private::is_crate_root(::core::module_path!()) },
                > as ::exit_policy::__private::Boundary<Result<(), E>>>::Output {
                    <::exit_policy::__private::Main<
                        { ::exit_policy::__private::is_crate_root(::core::module_path!()) },
                    > as ::exit_policy::__private::Boundary<
                        Result<(), E>,
                    >>::run(::exit_policy::__private::Graceful, || -> Result<(), E> { Ok(()) })
                }
            "#]],
        );
        check(
            quote!(graceful),
            quote!(
                fn main() -> impl Termination {
                    loop {}
                }
            ),
            &expect![[r#"
                fn main() -> ::std::process::ExitCode {
                    ::exit_policy::__private::main(::exit_policy::__private::Graceful, || { loop {} })
                }
            "#]],
        );
    }

    #[test]
    fn a_function_that_could_be_a_test_gets_a_body_for_test_builds() {
        check(
            quote!(graceful),
            quote!(
                fn checks() -> Result<(), E> {
                    Ok(())
                }
            ),
            &expect![[r##"
                #[cfg(test)]
                fn checks() -> Result<(), E> {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "checks",
                        || -> Result<(), E> { Ok(()) },
                    )
                }
                #[cfg(not(test))]
                fn checks() -> Result<(), E> {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    Ok(())
                }
            "##]],
        );
        check(
            quote!(graceful),
            quote!(
                fn checks() -> impl Sized {}
            ),
            &expect![[r##"
                #[cfg(test)]
                fn checks() -> impl Sized {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "checks",
                        || {},
                    )
                }
                #[cfg(not(test))]
                fn checks() -> impl Sized {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                }
            "##]],
        );
    }

    #[test]
    fn a_block_applies_to_every_function_without_a_policy_of_its_own() {
        check(
            quote!(immediate),
            quote!(
                impl Vault {
                    fn open(&self) {}
                    #[exit_policy::exit_policy(graceful)]
                    fn close(&self) {}
                }
            ),
            &expect![[r#"
                impl Vault {
                    fn open(&self) {
                        let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    }
                    #[exit_policy::exit_policy(graceful)]
                    fn close(&self) {}
                }
            "#]],
        );
        check(
            quote!(graceful, crate = ep),
            quote!(
                mod jobs {
                    fn run() {}
                    impl Job {
                        fn step(&mut self) {}
                    }
                }
            ),
            &expect![[r#"
                mod jobs {
                    #[cfg(test)]
                    fn run() {
                        ep::__private::test(
                            ep::__private::Graceful,
                            ::core::module_path!(),
                            "run",
                            || -> () {},
                        )
                    }
                    #[cfg(not(test))]
                    fn run() {
                        let __exit_policy_scope = ep::__private::GracefulScope::enter();
                    }
                    impl Job {
                        fn step(&mut self) {
                            let __exit_policy_scope = ep::__private::GracefulScope::enter();
                        }
                    }
                }
            "#]],
        );
    }
}
