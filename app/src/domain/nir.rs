//! The NIR (numéro de sécurité sociale): 13 characters and a 2-digit key (`domain.md` §4).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum NirError {
    #[error("saisissez les 15 chiffres, clé comprise")]
    Empty,
    #[error("le numéro de sécurité sociale comporte 15 chiffres, clé comprise")]
    Length,
    #[error("le numéro de sécurité sociale contient des caractères non autorisés")]
    Format,
    #[error("la clé du numéro de sécurité sociale ne correspond pas")]
    Key,
}

/// A NIR whose format and key have been checked; stored as its 13 characters (no key).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nir(String);

/// Removes the spaces (and dots or dashes) people type between groups, and uppercases.
/// What was typed without spaces, dots and dashes, in capitals. Only ASCII is a NIR: lengths
/// and cuts then count characters, never inside one.
fn compact(input: &str) -> Result<String, NirError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.is_ascii() {
        Ok(s)
    } else {
        Err(NirError::Format)
    }
}

/// The 13 characters as a number, with Corsica's `2A`/`2B` counted as 19/18.
fn body_number(body: &str) -> Result<u64, NirError> {
    let bytes = body.as_bytes();
    if bytes.len() != 13 || !body.is_ascii() {
        return Err(NirError::Length);
    }
    let digits = match &body[5..7] {
        "2A" => format!("{}19{}", &body[..5], &body[7..]),
        "2B" => format!("{}18{}", &body[..5], &body[7..]),
        _ => body.to_string(),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(NirError::Format);
    }
    if !matches!(bytes[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8') {
        return Err(NirError::Format);
    }
    digits.parse::<u64>().map_err(|_| NirError::Format)
}

/// The key of a 13-character body: 97 − (number mod 97).
pub fn key_of(body: &str) -> Result<u8, NirError> {
    Ok((97 - body_number(body)? % 97) as u8)
}

impl Nir {
    /// Parses a full NIR with its key (15 characters once spaces are removed).
    pub fn parse_with_key(input: &str) -> Result<Nir, NirError> {
        let s = compact(input)?;
        if s.is_empty() {
            return Err(NirError::Empty);
        }
        if s.len() != 15 {
            return Err(NirError::Length);
        }
        let (body, key) = s.split_at(13);
        let expected = key_of(body)?;
        if !key.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NirError::Format);
        }
        let key: u8 = key.parse().map_err(|_| NirError::Format)?;
        if key != expected {
            return Err(NirError::Key);
        }
        Ok(Nir(body.to_string()))
    }

    /// Parses the 13 characters without the key, as people type them to sign in.
    pub fn parse_without_key(input: &str) -> Result<Nir, NirError> {
        let s = compact(input)?;
        if s.is_empty() {
            return Err(NirError::Empty);
        }
        if s.len() != 13 {
            return Err(NirError::Length);
        }
        body_number(&s)?;
        Ok(Nir(s))
    }

    /// The 13 characters, as stored.
    pub fn body(&self) -> &str {
        &self.0
    }

    /// The first digit: 2 for a woman, 8 on a temporary number given to a woman.
    pub fn is_female(&self) -> bool {
        matches!(self.0.as_bytes().first(), Some(b'2' | b'8'))
    }

    pub fn key(&self) -> u8 {
        // Valid by construction.
        key_of(&self.0).unwrap_or(0)
    }

    /// Grouped as on the carte Vitale: `2 95 10 99 126 111 93`.
    pub fn display(&self) -> String {
        let b = &self.0;
        format!(
            "{} {} {} {} {} {} {:02}",
            &b[0..1],
            &b[1..3],
            &b[3..5],
            &b[5..7],
            &b[7..10],
            &b[10..13],
            self.key()
        )
    }

    /// Masked for screens that need no more than a hint: `1 84 12 •• ••• ••• ••`.
    pub fn masked(&self) -> String {
        let b = &self.0;
        format!("{} {} {} •• ••• ••• ••", &b[0..1], &b[1..3], &b[3..5])
    }
}

/// Never print the number in logs or debug output.
impl fmt::Debug for Nir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Nir(•••)")
    }
}

/// Whether the text looks like a NIR rather than an email (used to route a sign-in).
pub fn looks_like_nir(input: &str) -> bool {
    let Ok(s) = compact(input) else { return false };
    !input.contains('@')
        && (13..=15).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_two_digits_and_the_number_ascii() {
        // "+5" parses as a u8: the key must be digits only.
        assert_eq!(
            Nir::parse_with_key("1841276451089+5"),
            Err(NirError::Format)
        );
        assert_eq!(
            Nir::parse_with_key("1 84 12 76 451 089 46").map(|n| n.key()),
            Ok(46)
        );
        assert_eq!(
            Nir::parse_with_key("1 84 12 76 451 089 4é"),
            Err(NirError::Format)
        );
        assert_eq!(
            Nir::parse_without_key("1 84 12 76 451 08é"),
            Err(NirError::Format)
        );
        assert!(!looks_like_nir("1 84 12 76 451 089 4é"));
    }
    use proptest::prelude::*;

    #[test]
    fn an_empty_number_is_asked_for_as_the_form_asks_it() {
        assert_eq!(Nir::parse_with_key("  "), Err(NirError::Empty));
        assert!(NirError::Empty
            .to_string()
            .contains("15 chiffres, clé comprise"));
        assert!(NirError::Length
            .to_string()
            .contains("15 chiffres, clé comprise"));
    }

    #[test]
    fn the_first_digit_tells_a_woman_from_a_man() {
        assert!(Nir::parse_with_key("2 69 05 49 588 157 80")
            .unwrap()
            .is_female());
        assert!(!Nir::parse_with_key("1 84 12 76 451 089 46")
            .unwrap()
            .is_female());
    }

    #[test]
    fn accepts_the_reference_vectors() {
        for v in [
            "295109912611193",
            "253072B07300470",
            "253072A07300443",
            "184127645108946",
        ] {
            assert!(Nir::parse_with_key(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn accepts_the_demo_numbers_with_spaces() {
        for v in [
            "1 84 12 76 451 089 46",
            "2 69 05 49 588 157 80",
            "1 75 01 75 123 456 14",
            "2 88 06 92 011 022 26",
            "1 45 08 33 512 345 95",
            "2 12 03 75 056 789 07",
        ] {
            assert!(Nir::parse_with_key(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn rejects_the_reference_invalid_vectors_with_the_right_reason() {
        assert_eq!(Nir::parse_with_key("295109912611199"), Err(NirError::Key));
        assert_eq!(
            Nir::parse_with_key("253072C07300443"),
            Err(NirError::Format)
        );
        assert_eq!(
            Nir::parse_with_key("6546546546546703"),
            Err(NirError::Length)
        );
    }

    #[test]
    fn signs_in_with_thirteen_characters_and_spaces() {
        let nir = Nir::parse_without_key("1 84 12 76 451 089").unwrap();
        assert_eq!(nir.body(), "1841276451089");
        assert_eq!(nir.key(), 46);
    }

    #[test]
    fn displays_grouped_and_masked() {
        let nir = Nir::parse_with_key("295109912611193").unwrap();
        assert_eq!(nir.display(), "2 95 10 99 126 111 93");
        assert!(!nir.masked().contains("126"));
        assert_eq!(format!("{nir:?}"), "Nir(•••)");
    }

    proptest! {
        #[test]
        fn any_body_with_its_computed_key_is_valid(sex in 1u8..=2, rest in 0u64..1_000_000_000_000) {
            let body = format!("{sex}{rest:012}");
            let key = key_of(&body).unwrap();
            let full = format!("{body}{key:02}");
            prop_assert!(Nir::parse_with_key(&full).is_ok());
            let wrong = format!("{body}{:02}", (key % 97) + 1);
            prop_assert_eq!(Nir::parse_with_key(&wrong), Err(NirError::Key));
        }
    }
}
