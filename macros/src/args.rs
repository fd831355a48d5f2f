//! The attribute's arguments: one policy, `graceful` or `immediate`, and an
//! optional `crate = path`, in either order.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Path, Token};

use crate::message;
use crate::policy::Policy;

mod kw {
    syn::custom_keyword!(graceful);
    syn::custom_keyword!(immediate);
}

impl Parse for Policy {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if lookahead.peek(kw::graceful) {
            input.parse::<kw::graceful>()?;
            Ok(Policy::Graceful)
        } else if lookahead.peek(kw::immediate) {
            input.parse::<kw::immediate>()?;
            Ok(Policy::Immediate)
        } else if input.peek(Ident) {
            Err(unknown_word(&input.parse()?))
        } else {
            Err(lookahead.error())
        }
    }
}

/// Parsed arguments.
pub(crate) struct Args {
    pub(crate) policy: Policy,
    /// The runtime crate's path: `::exit_policy`, or the `crate = path` one.
    pub(crate) krate: TokenStream,
    /// The argument tokens as written, to re-emit the attribute elsewhere.
    pub(crate) tokens: TokenStream,
    /// The attribute sits on a member of an annotated block, where it was
    /// moved below a neighbour: the function is a method or a block's
    /// function, never the program's `main` or a test.
    pub(crate) member: bool,
}

/// The hidden argument that marks [`Args::member`].
pub(crate) const MEMBER: &str = "__member";

impl Args {
    /// `#krate::__private::Graceful` or `..::Immediate`.
    pub(crate) fn policy_path(&self) -> TokenStream {
        let krate = &self.krate;
        match self.policy {
            Policy::Graceful => quote!(#krate::__private::Graceful),
            Policy::Immediate => quote!(#krate::__private::Immediate),
        }
    }
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let tokens: TokenStream = input.fork().parse()?;
        if input.is_empty() {
            return Err(syn::Error::new(Span::call_site(), message::MISSING_POLICY));
        }
        let mut policy: Option<Policy> = None;
        let mut krate: Option<Path> = None;
        let mut member = false;
        loop {
            if input.peek(Token![crate]) {
                let path = input.call(crate_path)?;
                if krate.replace(path.1).is_some() {
                    return Err(syn::Error::new_spanned(path.0, message::CRATE_TWICE));
                }
            } else if input.peek(Ident) && input.fork().parse::<Ident>()? == MEMBER {
                // Written by this attribute only, when it moves itself below
                // a neighbour on a member of an annotated block.
                let _: Ident = input.parse()?;
                member = true;
            } else if input.peek(Ident) {
                let span = input.span();
                let parsed: Policy = input.parse()?;
                if let Some(first) = policy {
                    return Err(syn::Error::new(span, message::two_policies(first, parsed)));
                }
                policy = Some(parsed);
            } else {
                return Err(stray(input));
            }
            if input.is_empty() {
                break;
            }
            if !input.peek(Token![,]) {
                return Err(stray(input));
            }
            let _: Token![,] = input.parse()?;
            if input.is_empty() {
                break;
            }
        }
        let Some(policy) = policy else {
            return Err(syn::Error::new(Span::call_site(), message::ONLY_CRATE));
        };
        let krate = krate.map_or_else(|| quote!(::exit_policy), ToTokens::into_token_stream);
        Ok(Args {
            policy,
            krate,
            tokens,
            member,
        })
    }
}

/// `crate = path`, with the `crate` keyword kept for error spans.
fn crate_path(input: ParseStream<'_>) -> syn::Result<(Token![crate], Path)> {
    let keyword: Token![crate] = input.parse()?;
    let eq: Token![=] = input
        .parse()
        .map_err(|_| syn::Error::new(keyword.span, message::CRATE_WITHOUT_EQ))?;
    let path = input.call(Path::parse_mod_style).map_err(|error| {
        if input.is_empty() || input.peek(Token![,]) {
            syn::Error::new_spanned(quote!(#keyword #eq), message::CRATE_WITHOUT_PATH)
        } else {
            syn::Error::new(error.span(), message::CRATE_WITHOUT_PATH)
        }
    })?;
    Ok((keyword, path))
}

fn stray(input: ParseStream<'_>) -> syn::Error {
    let rest: TokenStream = input.parse().unwrap_or_default();
    syn::Error::new_spanned(&rest, message::stray(&rest.to_string()))
}

fn unknown_word(word: &Ident) -> syn::Error {
    let text = word.to_string();
    let lowered = text.to_lowercase();
    let suggestion = Policy::ALL
        .into_iter()
        .map(|policy| (distance(&lowered, policy.name()), policy))
        .filter(|&(d, policy)| d <= 2 || policy.name().starts_with(&lowered) && text.len() >= 3)
        .min_by_key(|&(d, _)| d)
        .map(|(_, policy)| policy);
    syn::Error::new_spanned(word, message::unknown_policy(&text, suggestion))
}

/// Levenshtein distance; the words are short.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(attr: TokenStream) -> syn::Result<Args> {
        syn::parse2(attr)
    }

    fn error(attr: TokenStream) -> String {
        parse(attr).err().expect("an error").to_string()
    }

    #[test]
    fn policies_and_crate_path() {
        let args = parse(quote!(graceful)).unwrap();
        assert_eq!(args.policy, Policy::Graceful);
        assert_eq!(args.krate.to_string(), ":: exit_policy");
        let args = parse(quote!(immediate, crate = ep)).unwrap();
        assert_eq!(args.policy, Policy::Immediate);
        assert_eq!(args.krate.to_string(), "ep");
        assert_eq!(args.tokens.to_string(), "immediate , crate = ep");
        let args = parse(quote!(crate = ::a::b, graceful,)).unwrap();
        assert_eq!(args.krate.to_string(), ":: a :: b");
    }

    #[test]
    fn errors_teach() {
        assert!(error(quote!()).starts_with("missing exit policy"));
        assert_eq!(
            error(quote!(gracefull)),
            "unknown exit policy `gracefull`\n= help: did you mean `graceful`?"
        );
        assert!(error(quote!(Immediate)).contains("did you mean `immediate`?"));
        assert!(error(quote!(imm)).contains("did you mean `immediate`?"));
        assert!(
            error(quote!(fast)).starts_with("unknown exit policy `fast`\n= help: the policies")
        );
        assert!(error(quote!(graceful, immediate)).contains("one exit policy"));
        assert!(error(quote!(graceful, graceful)).starts_with("`graceful` is given twice"));
        assert!(error(quote!(graceful graceful)).starts_with("unexpected `graceful`"));
        assert!(error(quote!(graceful = 1)).starts_with("unexpected `= 1`"));
        assert!(error(quote!(crate = ep)).starts_with("missing exit policy next to `crate = ..`"));
        assert!(
            error(quote!(crate = a, crate = b, graceful))
                .starts_with("`crate = ..` is given twice")
        );
        assert!(error(quote!(crate ep, graceful)).starts_with("expected `=` after `crate`"));
        assert!(error(quote!(crate =, graceful)).starts_with("expected a path after `crate =`"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("gracefull", "graceful"), 1);
        assert_eq!(distance("imediate", "immediate"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("ab", ""), 2);
        assert_eq!(distance("xgraceful", "graceful"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
