//! Parsing the attribute's arguments: `graceful | immediate` and an optional
//! `crate = path`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{ParseStream, Parser};
use syn::{Ident, Path, Token};

/// The two policies, as the macro sees them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Policy {
    Graceful,
    Immediate,
}

impl Policy {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Policy::Graceful => "graceful",
            Policy::Immediate => "immediate",
        }
    }
}

/// Parsed arguments.
#[derive(Clone)]
pub(crate) struct Args {
    pub(crate) policy: Policy,
    /// The runtime crate's path: `::exit_policy`, or the `crate = path` one.
    pub(crate) krate: TokenStream,
    /// The argument tokens as written, to re-emit the attribute elsewhere.
    pub(crate) tokens: TokenStream,
}

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

const POLICIES: [&str; 2] = ["graceful", "immediate"];

pub(crate) fn parse(attr: TokenStream) -> syn::Result<Args> {
    let tokens = attr.clone();
    if attr.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "missing exit policy: write `#[exit_policy(graceful)]` (an exit unwinds and runs every \
             `Drop`) or `#[exit_policy(immediate)]` (an exit ends the process at once)",
        ));
    }
    let parser = |input: ParseStream<'_>| {
        let mut policy: Option<(Policy, Ident)> = None;
        let mut krate: Option<Path> = None;
        loop {
            if input.peek(Token![crate]) {
                let keyword: Token![crate] = input.parse()?;
                if krate.is_some() {
                    return Err(syn::Error::new_spanned(
                        keyword,
                        "`crate = ..` is given twice; keep one",
                    ));
                }
                let eq: Token![=] = input.parse().map_err(|_| {
                    syn::Error::new(
                        keyword.span,
                        "expected `=` after `crate`: write `crate = path`, the name this \
                         crate's `Cargo.toml` gives the exit-policy dependency",
                    )
                })?;
                let path = input.call(Path::parse_mod_style).map_err(|e| {
                    let message = "expected a path after `crate =`: the name this crate's \
                                   `Cargo.toml` gives the exit-policy dependency, as in \
                                   `crate = ep` for `ep = { package = \"exit-policy\", .. }`";
                    if input.is_empty() || input.peek(Token![,]) {
                        syn::Error::new_spanned(quote!(#keyword #eq), message)
                    } else {
                        syn::Error::new(e.span(), message)
                    }
                })?;
                krate = Some(path);
            } else if input.peek(Ident) {
                let word: Ident = input.parse()?;
                let parsed = match word.to_string().as_str() {
                    "graceful" => Policy::Graceful,
                    "immediate" => Policy::Immediate,
                    other => return Err(unknown_word(&word, other)),
                };
                if let Some((first, _)) = &policy {
                    let message = if *first == parsed {
                        format!("`{}` is given twice; keep one", parsed.name())
                    } else {
                        format!(
                            "a function has one exit policy, but `{}` and `{}` are both given; \
                             keep the one this function needs",
                            first.name(),
                            parsed.name()
                        )
                    };
                    return Err(syn::Error::new_spanned(word, message));
                }
                policy = Some((parsed, word));
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
        let Some((policy, _)) = policy else {
            return Err(syn::Error::new(
                Span::call_site(),
                "missing exit policy: add `graceful` or `immediate` next to `crate = ..`",
            ));
        };
        let krate = krate.map_or_else(|| quote!(::exit_policy), ToTokens::into_token_stream);
        Ok(Args {
            policy,
            krate,
            tokens: tokens.clone(),
        })
    };
    parser.parse2(attr)
}

fn stray(input: ParseStream<'_>) -> syn::Error {
    let rest: TokenStream = input.parse().unwrap_or_default();
    let message = format!(
        "unexpected `{rest}`: the arguments are one policy, `graceful` or `immediate`, \
         optionally followed by `, crate = path`"
    );
    syn::Error::new_spanned(rest, message)
}

fn unknown_word(word: &Ident, text: &str) -> syn::Error {
    let suggestion = POLICIES
        .iter()
        .map(|p| (distance(&text.to_lowercase(), p), p))
        .filter(|(d, p)| *d <= 2 || p.starts_with(&text.to_lowercase()) && text.len() >= 3)
        .min();
    let message = match suggestion {
        Some((_, p)) => format!("unknown exit policy `{text}`; did you mean `{p}`?"),
        None => format!(
            "unknown exit policy `{text}`: expected `graceful` (an exit unwinds and runs every \
             `Drop`) or `immediate` (an exit ends the process at once)"
        ),
    };
    syn::Error::new_spanned(word, message)
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
        let args = parse(quote!(crate = ::a::b, graceful,)).unwrap();
        assert_eq!(args.krate.to_string(), ":: a :: b");
    }

    #[test]
    fn errors_teach() {
        assert!(error(quote!()).starts_with("missing exit policy"));
        assert_eq!(
            error(quote!(gracefull)),
            "unknown exit policy `gracefull`; did you mean `graceful`?"
        );
        assert!(error(quote!(Immediate)).contains("did you mean `immediate`?"));
        assert!(error(quote!(fast)).starts_with("unknown exit policy `fast`: expected"));
        assert!(error(quote!(graceful, immediate)).contains("one exit policy"));
        assert!(error(quote!(graceful graceful)).starts_with("unexpected `graceful`"));
        assert!(error(quote!(graceful = 1)).starts_with("unexpected `= 1`"));
        assert!(error(quote!(crate = ep)).contains("missing exit policy"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("gracefull", "graceful"), 1);
        assert_eq!(distance("imediate", "immediate"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
