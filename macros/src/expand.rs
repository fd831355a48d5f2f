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

/// The expansion of what the attribute sits on; `item` is its tokens as
/// written.
pub(crate) fn wrappable(args: &Args, wrappable: Wrappable, item: &TokenStream) -> TokenStream {
    match wrappable {
        Wrappable::Fn(f) if waits_for_executor(&f) || expands_after_a_neighbour(&f.attrs) => {
            defer(args, f, args.member)
        }
        Wrappable::Fn(mut f) => {
            if args.member {
                f.role = Role::Plain;
            }
            function(args, f, false, Some(item))
        }
        Wrappable::Block(block) => self::block(args, block),
    }
}

/// Every annotated function is emitted twice, each copy behind a `cfg_attr`:
/// as written for rustdoc and clippy, expanded for every build that runs.
/// rustdoc then shows the signature and docs the user wrote (an `async fn`
/// stays one), and clippy lints exactly the user's code: no lint can fire,
/// or stay silent, because of a generated statement (A6). Both copies carry
/// the user's spans; only one survives `cfg`, before anything else sees it.
///
/// `written` is the function's tokens as they came, when the attribute sits
/// on it directly: copying them costs less than printing the parsed
/// function again.
fn function(
    args: &Args,
    f: Function,
    in_trait: bool,
    written: Option<&TokenStream>,
) -> TokenStream {
    let as_written = written.cloned().unwrap_or_else(|| {
        let Function {
            attrs,
            vis,
            sig,
            body,
            ..
        } = &f;
        quote!(#(#attrs)* #vis #sig #body)
    });
    let krate = &args.krate;
    let as_written = quote! {
        #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
        #krate::__private::as_written! { #as_written }
    };
    let expanded = match f.role {
        Role::Main => main(args, f),
        Role::MaybeTest => maybe_test(args, f),
        Role::Plain if f.sig.asyncness.is_some() => async_fn(args, f, in_trait),
        Role::Plain if boxes_a_future(&f) => boxed_future(args, f),
        Role::Plain => sync_fn(args, f),
    };
    quote! {
        #as_written
        #expanded
    }
}

/// What keeps the expanded copy out of rustdoc's and clippy's builds.
///
/// Both copies are gated by `cfg_attr` rather than `cfg`: rustdoc, when it
/// looks for doctests, reads an item's remaining `cfg` without `doc` in it,
/// so a copy kept by `cfg(any(doc, clippy))` would lose its doctests. A
/// `cfg_attr` whose condition is false leaves no `cfg` behind to read.
fn runs() -> TokenStream {
    quote!(#[cfg_attr(any(doc, clippy), cfg(any()))])
}

/// The block with every member put back, its functions wrapped. A block
/// under `#[async_trait]` keeps it and gives each of its functions this
/// attribute instead: async-trait must turn each `async fn` into the
/// boxed future it expands to before the policy can wrap that future.
fn block(args: &Args, block: Block) -> TokenStream {
    let later = expands_after_a_neighbour(block.shell.attrs());
    let in_trait = matches!(block.shell, Shell::Trait(_));
    let members: TokenStream = block
        .members
        .into_iter()
        .map(|member| match member {
            Member::Fn(f)
                if later || waits_for_executor(&f) || expands_after_a_neighbour(&f.attrs) =>
            {
                let member = f.role == Role::Plain;
                defer(args, f, member)
            }
            Member::Fn(f) => function(args, f, in_trait, None),
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

/// The inner attributes of the user's body (`#![allow(..)]`), as outer
/// attributes of the function, and the body without them. In a function's
/// body they apply to the function, so the meaning is the same; and the
/// expansion puts the body inside a block or a closure of its own, where an
/// inner attribute would be an attribute on an expression, which stable
/// Rust refuses.
///
/// The body returned starts with an empty statement of this crate's (`;`):
/// a block of one expression as a block's tail is what rustc's
/// `unused_braces` reports, and rustc says nothing about a semicolon a macro
/// wrote.
fn hoist(body: &TokenTree) -> (TokenStream, TokenTree) {
    let TokenTree::Group(group) = body else {
        return (TokenStream::new(), body.clone());
    };
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    // Inner attributes (`#`, `!`, a group) are taken off the front three
    // tokens at a time, so the scan always ends. In a body that parses,
    // `#!` followed by a group is an inner attribute and nothing else.
    let mut outer = TokenStream::new();
    let mut rest = &tokens[..];
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(attribute),
        after @ ..,
    ] = rest
    {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            break;
        }
        outer.extend([
            TokenTree::Punct(hash.clone()),
            TokenTree::Group(attribute.clone()),
        ]);
        rest = after;
    }
    let mut stream = quote_spanned!(Span::mixed_site()=> ;);
    stream.extend(rest.iter().cloned());
    let mut stripped = Group::new(Delimiter::Brace, stream);
    stripped.set_span(group.span());
    (outer, TokenTree::Group(stripped))
}

/// `{ prefix { body } }`: the user's block, untouched, as the tail of a
/// block of this crate's. The outer braces carry this crate's edition
/// (2024), in which a block's tail expression is a scope of its own: the
/// temporaries of the user's tail expression are dropped when it ends,
/// while the guard or the parameters in `prefix` are still there, on every
/// edition, as rustc itself does for an `async fn`'s body. They sit where
/// the user's braces are, so errors still point there.
fn around(body: &TokenTree, prefix: TokenStream) -> TokenTree {
    let mut stream = prefix;
    stream.extend([body.clone()]);
    let mut group = Group::new(Delimiter::Brace, stream);
    group.set_span(Span::mixed_site().located_at(body.span()));
    TokenTree::Group(group)
}

/// `fn f() { body }` becomes `fn f() { let scope = enter(); { body } }`: a
/// guard local, then the user's untouched block, so `return`, `?`, `self`,
/// `mut` parameters, borrows and `impl Trait` behave exactly as before, and
/// the tail's temporaries are dropped under the policy.
fn sync_fn(args: &Args, f: Function) -> TokenStream {
    let Function {
        attrs,
        vis,
        sig,
        body,
        ..
    } = f;
    let (inner, body) = hoist(&body);
    let body = around(&body, scope(args));
    let runs = runs();
    quote! {
        #runs
        #(#attrs)* #inner #vis #sig #body
    }
}

/// The guard local of a sync function's body.
fn scope(args: &Args) -> TokenStream {
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

/// The first type argument of `ty` when its last segment is `name`.
fn first_argument<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(generics) = &segment.arguments else {
        return None;
    };
    match generics.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Whether this sync function returns a boxed future it builds in one
/// expression, `Box::pin(future)`: what `#[async_trait]` turns an
/// `async fn` into (and `#[tracing::instrument]` keeps, instrumented).
/// The policy must then be in force while the future runs, not while the
/// box is made. Only the exact shape counts: a return type
/// `Pin<Box<dyn Future<..> + ..>>`, and a body that is the call alone.
fn boxes_a_future(f: &Function) -> bool {
    let ReturnType::Type(_, ty) = &f.sig.output else {
        return false;
    };
    let Some(Type::TraitObject(object)) =
        first_argument(ty, "Pin").and_then(|boxed| first_argument(boxed, "Box"))
    else {
        return false;
    };
    let is_future = object.bounds.iter().any(|bound| {
        matches!(bound, syn::TypeParamBound::Trait(trait_bound)
            if trait_bound.path.segments.last().is_some_and(|last| last.ident == "Future"))
    });
    is_future && boxed_expression(&f.body).is_some()
}

/// In a body that is one `Box::pin(expression)` and nothing else (the path
/// to `Box` may be written out): the tokens before the parenthesis, and
/// the expression.
fn boxed_expression(body: &TokenTree) -> Option<(Vec<TokenTree>, Group)> {
    let TokenTree::Group(group) = body else {
        return None;
    };
    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
    let [head @ .., TokenTree::Ident(pin), TokenTree::Group(call)] = tokens.as_slice() else {
        return None;
    };
    let path_only = head.iter().all(|tree| match tree {
        TokenTree::Ident(_) => true,
        TokenTree::Punct(punct) => punct.as_char() == ':',
        _ => false,
    });
    let boxed = head.len() >= 3
        && matches!(&head[head.len() - 3], TokenTree::Ident(boxed) if boxed == "Box")
        && is_punct(head.last(), ':');
    if !(path_only && boxed && pin == "pin" && call.delimiter() == Delimiter::Parenthesis) {
        return None;
    }
    let mut before = head.to_vec();
    before.push(TokenTree::Ident(pin.clone()));
    Some((before, call.clone()))
}

fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// `Box::pin(future)` becomes `Box::pin(Policy::wrap(policy, future))`:
/// the future runs, and is dropped, under the policy (W2), as an annotated
/// `async fn`'s does.
fn boxed_future(args: &Args, f: Function) -> TokenStream {
    let Some((before, call)) = boxed_expression(&f.body) else {
        return sync_fn(args, f);
    };
    let Function {
        attrs,
        vis,
        sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    let future = call.stream();
    let mut wrapped = Group::new(
        Delimiter::Parenthesis,
        quote!(#krate::Policy::wrap(#policy, #future)),
    );
    wrapped.set_span(call.span());
    let mut stream: TokenStream = before.into_iter().collect();
    stream.extend([TokenTree::Group(wrapped)]);
    let body = braces_of(&body, stream);
    let runs = runs();
    quote! {
        #runs
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
    let runs = runs();
    let (inner, body) = hoist(&body);
    let Some(ty) = nameable_output(&sig.output) else {
        // `impl Trait` or `!` can't be a type argument: such a `main` is
        // always the boundary.
        sig.output = syn::parse_quote!(-> ::std::process::ExitCode);
        let run = braces_of(&body, quote!(#krate::__private::main(#policy, || #body)));
        return quote! {
            #runs
            #(#attrs)* #inner #vis #sig #run
        };
    };
    // Cargo tells, through the environment of the compiler it runs, whether
    // the crate has an entry point: a library's `pub fn main` is ordinary.
    let selected = quote_spanned! {Span::mixed_site()=>
        <#krate::__private::Main<{
            #krate::__private::is_program_root(
                ::core::module_path!(),
                [
                    ::core::option_env!("CARGO_CRATE_NAME"),
                    ::core::option_env!("CARGO_BIN_NAME"),
                    ::core::option_env!("CARGO_TARGET_TMPDIR"),
                    ::core::option_env!("UNSTABLE_RUSTDOC_TEST_PATH"),
                ],
            )
        }> as #krate::__private::Boundary<#ty>>
    };
    sig.output = syn::parse_quote!(-> #selected::Output);
    let run = quote!(#selected::run(#policy, || -> #ty #body));
    let run = braces_of(&body, run);
    quote! {
        #runs
        #(#attrs)* #inner #vis #sig #run
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
    // libtest names a test's thread after the function, without `r#`.
    let name = syn::ext::IdentExt::unraw(&sig.ident).to_string();
    let annotation = nameable_output(&sig.output).map(|ty| quote!(-> #ty));
    let (inner, body) = hoist(body);
    let run = braces_of(
        &body,
        quote!(#krate::__private::test(#policy, ::core::module_path!(), #name, || #annotation #body)),
    );
    let as_test = quote! {
        #[cfg_attr(any(doc, clippy, not(test)), cfg(any()))]
        #(#attrs)* #inner #vis #sig #run
    };
    let ordinary = sync_fn(args, f);
    quote! {
        #as_test
        #[cfg_attr(test, cfg(any()))]
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
/// `Policy::wrap(policy, async move { let x = x; { body } })`: one state
/// machine, wrapped by value, entered under the policy on every poll and on
/// drop (W2, W3). Every parameter is moved into the block, as rustc does
/// when it desugars an `async fn`, so each is dropped when the future ends,
/// and under its policy; the user's block is the tail of a block with this
/// crate's edition, so its tail's temporaries drop before the parameters,
/// as rustc's desugaring does too. The `impl` is written with this crate's
/// own span, whose edition (2024) makes the opaque type capture every
/// lifetime in scope, elided ones included, exactly as an `async fn` does
/// in any edition.
///
/// Where being an `async fn` is what rustc reads (`-> !`, which can't be
/// written as `impl Future<Output = !>` on stable; `#[must_use]`, which on
/// an `async fn` also covers the awaited value; `#[track_caller]`, a no-op
/// rustc warns about; a trait's method, which rustc lints as an `async fn`
/// in a public trait), the function stays an `async fn` that awaits the
/// same wrapped block. Its parameters then wait in the outer future until
/// the first poll moves them in.
fn async_fn(args: &Args, f: Function, in_trait: bool) -> TokenStream {
    let Function {
        attrs,
        vis,
        mut sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let policy = args.policy_path();
    let runs = runs();
    let never = matches!(&sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)));
    let stays_async = never
        || in_trait
        || attrs
            .iter()
            .any(|attr| attr.path().is_ident("must_use") || attr.path().is_ident("track_caller"));
    let (inner, body) = hoist(&body);
    let edge = return_edge(&sig.output);
    let mut prefix = move_parameters(&mut sig.inputs);
    prefix.extend(edge);
    let future = around(&body, prefix);
    if stays_async {
        let run = braces_of(
            &body,
            quote!(#krate::Policy::wrap(#policy, async move #future).await),
        );
        return quote! {
            #runs
            #(#attrs)* #inner #vis #sig #run
        };
    }
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    sig.asyncness = None;
    sig.output = syn::parse_quote_spanned! {Span::mixed_site()=>
        -> impl ::core::future::Future<Output = #output>
    };
    let run = braces_of(
        &body,
        quote!(#krate::Policy::wrap(#policy, async move #future)),
    );
    quote! {
        #runs
        #(#attrs)* #inner #vis #sig #run
    }
}

/// Rewrites the parameters so that the async block takes each of them, and
/// returns the statements that move them in: `x` stays `x` (`let x = x;`),
/// `mut x` becomes `x` outside (`let mut x = x;`), and any other pattern is
/// bound to a hygienic `__exit_policy_argN` outside and destructured inside.
/// A receiver can't be rebound; a borrow of it makes the block take it.
///
/// The binding keeps the user's name and span, so rustc's warnings about
/// it (an unused parameter, a `mut` not needed) read as they do without the
/// attribute; the name it is moved from resolves as the user's own
/// (call-site hygiene) but is marked as generated, so nothing is reported
/// twice.
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
                let name = &binding.ident;
                let from = generated(name);
                bindings.extend(quote!(#(#attrs)* let #mutability #name = #from;));
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

/// Whether a neighbour below this attribute must expand first, so that
/// the policy wraps what it makes: an executor's `main` or `test` on an
/// `async fn` (the policy then wraps the whole runtime), `instrument`
/// (its span and its `ret` and `err` then see the function's own body and
/// value), and `async_trait` (the policy then wraps the boxed future it
/// makes). With the attribute below them, rustc expands them first anyway:
/// both orders give the same function.
fn expands_after_a_neighbour(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().segments.last().is_some_and(|segment| {
            let name = &segment.ident;
            name == "instrument" || name == "async_trait"
        })
    })
}

/// `#[tokio::main]` or `#[tokio::test]` on an `async fn`.
fn waits_for_executor(f: &Function) -> bool {
    f.sig.asyncness.is_some()
        && f.attrs.iter().any(|attr| {
            attr.path()
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "main" || segment.ident == "test")
        })
}

/// Re-emits this attribute after the others, for them to expand first;
/// `member` marks a function that can be neither `main` nor a test (a
/// method, or a function of a block where it is not), as it is where it
/// stands now.
fn defer(args: &Args, f: Function, member: bool) -> TokenStream {
    let Function {
        attrs,
        vis,
        sig,
        body,
        ..
    } = f;
    let krate = &args.krate;
    let tokens = &args.tokens;
    let marker = (member && !args.member).then(|| {
        let word = Ident::new(crate::args::MEMBER, Span::call_site());
        quote!(, #word)
    });
    quote! {
        #(#attrs)*
        #[#krate::exit_policy(#tokens #marker)]
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
            &expect![[r##"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    #[doc = r" Adds one."] #[inline] pub fn add_one(x : u8) -> u8 { x + 1 }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                /// Adds one.
                #[inline]
                pub fn add_one(x: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    {
                        x + 1
                    }
                }
            "##]],
        );
        check(
            quote!(immediate),
            quote!(
                fn verify(token: &str) {
                    check(token)?;
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn verify(token : & str) { check(token) ?; }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn verify(token: &str) {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    {
                        check(token)?;
                    }
                }
            "#]],
        );
    }

    #[test]
    fn inner_attributes_become_the_functions_and_outer_ones_stay_on_their_statement() {
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn f(y : u8) { #![allow(unused_variables)] #[allow(unused_mut)] let mut x = y; }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                #[allow(unused_variables)]
                fn f(y: u8) {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    {
                        #[allow(unused_mut)]
                        let mut x = y;
                    }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn f(y : u8) -> u8 { & ! [y] }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn f(y: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    {
                        &![y]
                    }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn g(y : u8) -> u8 { - & [y] }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn g(y: u8) -> u8 {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    {
                        -&[y]
                    }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    #[inline] async fn f() {}
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
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
                            { }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    #[test] fn t() {}
                }
                #[cfg_attr(any(doc, clippy, not(test)), cfg(any()))]
                #[test]
                fn t() {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "t",
                        || -> () { },
                    )
                }
                #[cfg_attr(test, cfg(any()))]
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                #[test]
                fn t() {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    { }
                }
            "##]],
        );
    }

    #[test]
    fn an_async_trait_block_gives_each_method_the_attribute_as_a_member() {
        check(
            quote!(immediate),
            quote!(
                #[async_trait]
                impl Service for S {
                    async fn main(&self) {}
                    fn new() -> Self {
                        S
                    }
                }
            ),
            &expect![[r#"
                #[async_trait]
                impl Service for S {
                    #[::exit_policy::exit_policy(immediate, __member)]
                    async fn main(&self) {}
                    #[::exit_policy::exit_policy(immediate, __member)]
                    fn new() -> Self {
                        S
                    }
                }
            "#]],
        );
        // A member is never the program's `main`, nor a test.
        check(
            quote!(immediate, __member),
            quote!(
                fn main() {}
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn main() {}
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn main() {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    { }
                }
            "#]],
        );
    }

    #[test]
    fn a_boxed_future_built_in_one_call_is_wrapped_and_nothing_else_is() {
        check(
            quote!(immediate),
            quote!(
                fn call<'a>(&'a self) -> Pin<Box<dyn Future<Output = u8> + Send + 'a>> {
                    Box::pin(async move { 1 })
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn call < 'a > (& 'a self) -> Pin < Box < dyn Future < Output = u8 > + Send + 'a >> {
                    Box::pin(async move { 1 }) }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn call<'a>(&'a self) -> Pin<Box<dyn Future<Output = u8> + Send + 'a>> {
                    Box::pin(
                        ::exit_policy::Policy::wrap(
                            ::exit_policy::__private::Immediate,
                            async move { 1 },
                        ),
                    )
                }
            "#]],
        );
        // A `pin` that is not `Box`'s.
        check(
            quote!(immediate),
            quote!(
                fn other(&self) -> Pin<Box<dyn Future<Output = ()>>> {
                    Rc::pin(make())
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn other(& self) -> Pin < Box < dyn Future < Output = () >> > { Rc::pin(make()) }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn other(&self) -> Pin<Box<dyn Future<Output = ()>>> {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    {
                        Rc::pin(make())
                    }
                }
            "#]],
        );
        // An iterator of futures is no future; a statement before the box
        // would run outside the policy: both get the ordinary expansion.
        check(
            quote!(immediate),
            quote!(
                fn jobs(
                    v: Vec<Job>,
                ) -> Pin<Box<dyn Iterator<Item = Pin<Box<dyn Future<Output = ()>>>>>>
                {
                    Box::pin(v.into_iter())
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn jobs(v : Vec < Job >,) -> Pin < Box < dyn Iterator < Item = Pin < Box < dyn Future
                    < Output = () >> >> >> { Box::pin(v.into_iter()) }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn jobs(
                    v: Vec<Job>,
                ) -> Pin<Box<dyn Iterator<Item = Pin<Box<dyn Future<Output = ()>>>>>> {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    {
                        Box::pin(v.into_iter())
                    }
                }
            "#]],
        );
        check(
            quote!(immediate),
            quote!(
                fn later(&self) -> Pin<Box<dyn Future<Output = ()>>> {
                    let a = prepare();
                    Box::pin(a)
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn later(& self) -> Pin < Box < dyn Future < Output = () >> > { let a = prepare();
                    Box::pin(a) }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn later(&self) -> Pin<Box<dyn Future<Output = ()>>> {
                    let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                    {
                        let a = prepare();
                        Box::pin(a)
                    }
                }
            "#]],
        );
    }

    #[test]
    fn an_output_with_impl_trait_anywhere_in_it_cannot_be_named() {
        for output in [
            quote!(-> impl Sized),
            quote!(-> Box<impl Sized>),
            quote!(-> (impl Sized, u8)),
            quote!(-> !),
        ] {
            let output: ReturnType = syn::parse2(output.clone()).unwrap();
            assert!(nameable_output(&output).is_none());
        }
        let output: ReturnType = syn::parse2(quote!(-> (u8, u16))).unwrap();
        assert!(nameable_output(&output).is_some());
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    pub async fn f(x : u8) -> u8 { x }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
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
                            {
                                x
                            }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    async fn f() -> ! { loop {} }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                async fn f() -> ! {
                    ::exit_policy::Policy::wrap(
                            ::exit_policy::__private::Graceful,
                            async move {
                                {
                                    loop {}
                                }
                            },
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    async fn f() -> Box < impl Sized > { todo!() }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn f() -> impl ::core::future::Future<Output = Box<impl Sized>> {
                    ::exit_policy::Policy::wrap(
                        ::exit_policy::__private::Graceful,
                        async move {
                            {
                                todo!()
                            }
                        },
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    async fn f(mut a : u8, ref b : u8, c @ 1..= 2 : u8, (d, e) : (u8, u8), _ : u8) {}
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
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
                            { }
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    async fn m(& self) {}
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
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
                            { }
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
            &expect![[r##"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn main() -> Result < (), E > { Ok(()) }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn main() -> <::exit_policy::__private::Main<
                    {
                        ::exit_policy::__private::is_program_root(
                            ::core::module_path!(),
                            [
                                ::core::option_env!("CARGO_CRATE_NAME"),
                                ::core::option_env!("CARGO_BIN_NAME"),
                                ::core::option_env!("CARGO_TARGET_TMPDIR"),
                                ::core::option_env!("UNSTABLE_RUSTDOC_TEST_PATH"),
                            ],
                        )
                    },
                > as ::exit_policy::__private::Boundary<Result<(), E>>>::Output {
                    <::exit_policy::__private::Main<
                        {
                            ::exit_policy::__private::is_program_root(
                                ::core::module_path!(),
                                [
                                    ::core::option_env!("CARGO_CRATE_NAME"),
                                    ::core::option_env!("CARGO_BIN_NAME"),
                                    ::core::option_env!("CARGO_TARGET_TMPDIR"),
                                    ::core::option_env!("UNSTABLE_RUSTDOC_TEST_PATH"),
                                ],
                            )
                        },
                    > as ::exit_policy::__private::Boundary<
                        Result<(), E>,
                    >>::run(
                        ::exit_policy::__private::Graceful,
                        || -> Result<(), E> {
                            Ok(())
                        },
                    )
                }
            "##]],
        );
        check(
            quote!(graceful),
            quote!(
                fn main() -> impl Termination {
                    loop {}
                }
            ),
            &expect![[r#"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn main() -> impl Termination { loop {} }
                }
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn main() -> ::std::process::ExitCode {
                    ::exit_policy::__private::main(
                        ::exit_policy::__private::Graceful,
                        || {
                            loop {}
                        },
                    )
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
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn checks() -> Result < (), E > { Ok(()) }
                }
                #[cfg_attr(any(doc, clippy, not(test)), cfg(any()))]
                fn checks() -> Result<(), E> {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "checks",
                        || -> Result<(), E> {
                            Ok(())
                        },
                    )
                }
                #[cfg_attr(test, cfg(any()))]
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn checks() -> Result<(), E> {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    {
                        Ok(())
                    }
                }
            "##]],
        );
        check(
            quote!(graceful),
            quote!(
                fn checks() -> impl Sized {}
            ),
            &expect![[r##"
                #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                ::exit_policy::__private::as_written! {
                    fn checks() -> impl Sized {}
                }
                #[cfg_attr(any(doc, clippy, not(test)), cfg(any()))]
                fn checks() -> impl Sized {
                    ::exit_policy::__private::test(
                        ::exit_policy::__private::Graceful,
                        ::core::module_path!(),
                        "checks",
                        || { },
                    )
                }
                #[cfg_attr(test, cfg(any()))]
                #[cfg_attr(any(doc, clippy), cfg(any()))]
                fn checks() -> impl Sized {
                    let __exit_policy_scope = ::exit_policy::__private::GracefulScope::enter();
                    { }
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
                    #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                    ::exit_policy::__private::as_written! {
                        fn open(& self) {}
                    }
                    #[cfg_attr(any(doc, clippy), cfg(any()))]
                    fn open(&self) {
                        let __exit_policy_scope = ::exit_policy::__private::ImmediateScope::enter();
                        { }
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
                    #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                    ep::__private::as_written! {
                        fn run() {}
                    }
                    #[cfg_attr(any(doc, clippy, not(test)), cfg(any()))]
                    fn run() {
                        ep::__private::test(
                            ep::__private::Graceful,
                            ::core::module_path!(),
                            "run",
                            || -> () { },
                        )
                    }
                    #[cfg_attr(test, cfg(any()))]
                    #[cfg_attr(any(doc, clippy), cfg(any()))]
                    fn run() {
                        let __exit_policy_scope = ep::__private::GracefulScope::enter();
                        { }
                    }
                    impl Job {
                        #[cfg_attr(not(any(doc, clippy)), cfg(any()))]
                        ep::__private::as_written! {
                            fn step(& mut self) {}
                        }
                        #[cfg_attr(any(doc, clippy), cfg(any()))]
                        fn step(&mut self) {
                            let __exit_policy_scope = ep::__private::GracefulScope::enter();
                            { }
                        }
                    }
                }
            "#]],
        );
    }
}
