//! Where a person may be sent back to after signing in: a path of this site only (OWASP ASVS
//! 5.1.5, no open redirect).

/// A return address after signing in: a path of this site only. It starts with a single `/`,
/// holds only `A-Z a-z 0-9 / _ ? = & . % -`, and neither it nor its percent-decoded form starts
/// with `//` or `/\` (which browsers resolve to another host) or holds a control character or a
/// backslash. Anything else is refused (the caller sends the viewer home).
pub fn safe_return_path(candidate: Option<&str>) -> Option<String> {
    let c = candidate?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"/_?=&.%-".contains(&b);
    if c.len() >= 512 || !c.starts_with('/') || !c.bytes().all(allowed) {
        return None;
    }
    let decoded = percent_decode(c);
    let escapes_origin = |p: &[u8]| p.get(1).is_some_and(|b| *b == b'/' || *b == b'\\');
    if escapes_origin(c.as_bytes())
        || escapes_origin(&decoded)
        || decoded.iter().any(|b| b.is_ascii_control() || *b == b'\\')
    {
        return None;
    }
    Some(c.to_owned())
}

/// `%XX` sequences decoded once, as bytes (a malformed one is kept as it is).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |x: u8| (x as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (x, _, _) => {
                out.push(x);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(
            safe_return_path(Some("/mon-compte/cotisations")),
            Some("/mon-compte/cotisations".into())
        );
        assert_eq!(
            safe_return_path(Some(
                "/mon-compte/cotisations/paiement?compte=3&x=a-b_c.d%20e"
            )),
            Some("/mon-compte/cotisations/paiement?compte=3&x=a-b_c.d%20e".into())
        );
        assert_eq!(safe_return_path(None), None);
        for bad in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/mon-compte\r\nSet-Cookie: x=1",
            "/%2F/evil.example",
            "/%2f/evil.example",
            "/%5C/evil.example",
            "/%09/evil.example",
            "/a%0d%0aLocation:%20x",
            "/mon compte",
            "mon-compte",
            "",
            " /mon-compte",
            "/mon-compte#ancre",
            "/mon-compte@evil.example",
            "/é",
        ] {
            assert_eq!(safe_return_path(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(
            safe_return_path(Some(&format!("/{}", "a".repeat(600)))),
            None
        );
    }

    proptest::proptest! {
        /// Whatever is typed, no panic, and what is kept is a path of this site.
        #[test]
        fn whatever_is_typed_only_a_local_path_comes_out(input in "\\PC{0,80}", prefix in proptest::sample::select(vec!["", "/", "//", "/\\", "/%2F", "/%5c"])) {
            let candidate = format!("{prefix}{input}");
            if let Some(p) = safe_return_path(Some(&candidate)) {
                proptest::prop_assert!(p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\"));
                proptest::prop_assert!(p.bytes().all(|b| b.is_ascii_graphic()));
                proptest::prop_assert!(!p.to_ascii_lowercase().starts_with("/%2f") && !p.to_ascii_lowercase().starts_with("/%5c"));
            }
        }
    }
}
