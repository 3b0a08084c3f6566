//! Mobile phone numbers, to call a person back or text them a reminder.
//!
//! French mobiles are 06/07 + 8 digits (E.164 +33 6…/+33 7…). Overseas mobiles use 06 90/91
//! (Guadeloupe, +590), 06 94 (Guyane, +594), 06 96/97 (Martinique, +596), 06 92/93 (Réunion,
//! +262), 06 39 (Mayotte, +262): `+33 6 90 …` is invalid, `+590 6 90 00 00 00` is valid.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Country calling code of metropolitan France.
const METROPOLITAN_CODE: &str = "33";

/// Overseas mobile prefixes (the first three digits after the trunk 0) and the calling code of
/// their territory.
const OVERSEAS_PREFIXES: [(&str, &str); 8] = [
    ("690", "590"), // Guadeloupe (and Saint-Martin, Saint-Barthélemy)
    ("691", "590"),
    ("694", "594"), // Guyane
    ("696", "596"), // Martinique
    ("697", "596"),
    ("692", "262"), // La Réunion
    ("693", "262"),
    ("639", "262"), // Mayotte
];

/// The calling codes we accept: metropolitan France and the overseas departments.
const CALLING_CODES: [&str; 5] = [METROPOLITAN_CODE, "590", "594", "596", "262"];

/// Digits of a number without its country code or trunk 0 (`612345678`).
const SUBSCRIBER_DIGITS: usize = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PhoneError {
    #[error("saisissez votre numéro de mobile, par exemple 06 12 34 56 78")]
    Empty,
    #[error("saisissez un numéro de mobile à 10 chiffres, par exemple 06 12 34 56 78")]
    Format,
    #[error("ce numéro n'est pas un numéro de mobile (06 ou 07)")]
    NotMobile,
    #[error("un mobile d'outre-mer (06 90, 06 94, 06 96…) s'écrit avec l'indicatif de son territoire, par exemple +590 6 90 00 00 00")]
    WrongTerritory,
}

/// A checked mobile number, kept in E.164 form without spaces (`+33612345678`,
/// `+590690000000`).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobilePhone(String);

/// The calling code a mobile's subscriber digits belong to.
fn territory_code(subscriber: &str) -> &'static str {
    OVERSEAS_PREFIXES
        .iter()
        .find(|(prefix, _)| subscriber.starts_with(prefix))
        .map_or(METROPOLITAN_CODE, |(_, code)| code)
}

/// Splits international digits (after `+` or `00`) into a known calling code and the rest.
fn split_calling_code(digits: &str) -> Option<(&'static str, &str)> {
    CALLING_CODES
        .iter()
        .find_map(|code| digits.strip_prefix(code).map(|rest| (*code, rest)))
}

impl MobilePhone {
    /// Parses a number as people type it: national (`06 12 34 56 78`, `0690 00 00 00`) or
    /// international (`+33 6 12 34 56 78`, `0033 6…`, `+590 6 90 00 00 00`), with spaces, dots,
    /// dashes or a `(0)` after the calling code. A national overseas number gets its territory's
    /// calling code.
    pub fn parse(input: &str) -> Result<MobilePhone, PhoneError> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '(' | ')'))
            .collect();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (international, digits) = if let Some(rest) = s.strip_prefix('+') {
            (true, rest)
        } else if let Some(rest) = s.strip_prefix("00") {
            (true, rest)
        } else {
            (false, s.as_str())
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(PhoneError::Format);
        }
        let (written_code, subscriber) = if international {
            let (code, rest) = split_calling_code(digits).ok_or(PhoneError::Format)?;
            // `+33 06…` or `+33 (0)6…`: the trunk 0 written by habit.
            let rest = if rest.len() == SUBSCRIBER_DIGITS + 1 {
                rest.strip_prefix('0').unwrap_or(rest)
            } else {
                rest
            };
            (Some(code), rest)
        } else {
            (None, digits.strip_prefix('0').ok_or(PhoneError::Format)?)
        };
        if subscriber.len() != SUBSCRIBER_DIGITS || subscriber.starts_with('0') {
            return Err(PhoneError::Format);
        }
        if !subscriber.starts_with(['6', '7']) {
            return Err(PhoneError::NotMobile);
        }
        let code = territory_code(subscriber);
        if written_code.is_some_and(|w| w != code) {
            return Err(PhoneError::WrongTerritory);
        }
        Ok(MobilePhone(format!("+{code}{subscriber}")))
    }

    /// E.164 without spaces: `+33612345678`.
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// The calling code, without `+` (`33`, `590`…).
    fn calling_code(&self) -> &str {
        &self.0[1..self.0.len() - SUBSCRIBER_DIGITS]
    }

    /// The nine digits after the calling code.
    fn subscriber(&self) -> &str {
        &self.0[self.0.len() - SUBSCRIBER_DIGITS..]
    }

    /// As written in France: `06 12 34 56 78`, `06 90 00 00 00`.
    pub fn national(&self) -> String {
        let s = self.subscriber();
        format!(
            "0{} {} {} {} {}",
            &s[0..1],
            &s[1..3],
            &s[3..5],
            &s[5..7],
            &s[7..9]
        )
    }

    /// As written from abroad: `+33 6 12 34 56 78`, `+590 6 90 00 00 00`.
    pub fn international(&self) -> String {
        let s = self.subscriber();
        format!(
            "+{} {} {} {} {} {}",
            self.calling_code(),
            &s[0..1],
            &s[1..3],
            &s[3..5],
            &s[5..7],
            &s[7..9]
        )
    }
}

impl TryFrom<String> for MobilePhone {
    type Error = PhoneError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        MobilePhone::parse(&value)
    }
}

impl From<MobilePhone> for String {
    fn from(phone: MobilePhone) -> String {
        phone.0
    }
}

/// Never print the whole number in logs or debug output.
impl fmt::Debug for MobilePhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MobilePhone(+{} •• {})",
            self.calling_code(),
            &self.subscriber()[7..]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(input: &str) -> Result<String, PhoneError> {
        MobilePhone::parse(input).map(|p| p.e164().to_string())
    }

    #[test]
    fn a_metropolitan_mobile_is_accepted_in_every_usual_spelling() {
        for input in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "+33 6 12 34 56 78",
            "+33612345678",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            " 06 12 34 56 78 ",
        ] {
            assert_eq!(e164(input), Ok("+33612345678".to_string()), "{input}");
        }
        assert_eq!(e164("07 00 11 22 33"), Ok("+33700112233".to_string()));
        assert_eq!(e164("+33 7 00 11 22 33"), Ok("+33700112233".to_string()));
    }

    #[test]
    fn a_national_overseas_mobile_gets_the_calling_code_of_its_territory() {
        assert_eq!(e164("0690 00 00 00"), Ok("+590690000000".to_string()));
        assert_eq!(e164("06 91 12 34 56"), Ok("+590691123456".to_string()));
        assert_eq!(e164("06 94 12 34 56"), Ok("+594694123456".to_string()));
        assert_eq!(e164("06 96 12 34 56"), Ok("+596696123456".to_string()));
        assert_eq!(e164("06 97 12 34 56"), Ok("+596697123456".to_string()));
        assert_eq!(e164("0692 12 34 56"), Ok("+262692123456".to_string()));
        assert_eq!(e164("0693 12 34 56"), Ok("+262693123456".to_string()));
        assert_eq!(e164("0639 12 34 56"), Ok("+262639123456".to_string()));
    }

    #[test]
    fn an_overseas_mobile_is_accepted_with_the_calling_code_of_its_territory() {
        assert_eq!(e164("+590 6 90 00 00 00"), Ok("+590690000000".to_string()));
        assert_eq!(e164("00590690000000"), Ok("+590690000000".to_string()));
        assert_eq!(e164("+262 6 39 12 34 56"), Ok("+262639123456".to_string()));
        assert_eq!(e164("+262 6 92 12 34 56"), Ok("+262692123456".to_string()));
        assert_eq!(e164("+594 6 94 12 34 56"), Ok("+594694123456".to_string()));
        assert_eq!(e164("+596 6 97 12 34 56"), Ok("+596697123456".to_string()));
    }

    #[test]
    fn an_overseas_mobile_with_the_wrong_calling_code_is_refused() {
        for input in [
            "+33 6 90 00 00 00",
            "+33 6 91 00 00 00",
            "+33 6 94 00 00 00",
            "+33 6 96 00 00 00",
            "+33 6 97 00 00 00",
            "+33 6 92 00 00 00",
            "+33 6 93 00 00 00",
            "+33 6 39 00 00 00",
            "0033 6 90 00 00 00",
        ] {
            assert_eq!(e164(input), Err(PhoneError::WrongTerritory), "{input}");
        }
        assert_eq!(e164("+590 6 12 34 56 78"), Err(PhoneError::WrongTerritory));
        assert_eq!(e164("+590 6 94 00 00 00"), Err(PhoneError::WrongTerritory));
        assert_eq!(e164("+262 6 90 00 00 00"), Err(PhoneError::WrongTerritory));
        assert_eq!(e164("+596 7 00 11 22 33"), Err(PhoneError::WrongTerritory));
    }

    #[test]
    fn a_landline_or_special_number_is_not_a_mobile() {
        for input in [
            "01 23 45 67 89",
            "02 23 45 67 89",
            "03 23 45 67 89",
            "04 23 45 67 89",
            "05 56 00 00 00",
            "08 00 12 34 56",
            "09 51 23 45 67",
            "+33 1 23 45 67 89",
            "+590 590 12 34 56",
        ] {
            assert_eq!(e164(input), Err(PhoneError::NotMobile), "{input}");
        }
    }

    #[test]
    fn a_malformed_number_is_refused() {
        assert_eq!(e164(""), Err(PhoneError::Empty));
        assert_eq!(e164("  "), Err(PhoneError::Empty));
        for input in [
            "06 12 34 56",
            "06 12 34 56 78 9",
            "06 12 AB 56 78",
            "six douze",
            "612345678",
            "00 12 34 56 78",
            "+44 7700 900123",
            "+1 555 123 4567",
            "+33 6 12 34",
            "+",
            "06+12345678",
        ] {
            assert_eq!(e164(input), Err(PhoneError::Format), "{input}");
        }
    }

    #[test]
    fn numbers_are_written_in_national_and_international_form() {
        let metro = MobilePhone::parse("0612345678").unwrap();
        assert_eq!(metro.e164(), "+33612345678");
        assert_eq!(metro.national(), "06 12 34 56 78");
        assert_eq!(metro.international(), "+33 6 12 34 56 78");
        let guadeloupe = MobilePhone::parse("0690000000").unwrap();
        assert_eq!(guadeloupe.national(), "06 90 00 00 00");
        assert_eq!(guadeloupe.international(), "+590 6 90 00 00 00");
        assert_eq!(format!("{metro:?}"), "MobilePhone(+33 •• 78)");
    }

    #[test]
    fn error_messages_complete_the_field_label_in_french() {
        assert_eq!(
            PhoneError::NotMobile.to_string(),
            "ce numéro n'est pas un numéro de mobile (06 ou 07)"
        );
        assert_eq!(
            PhoneError::Format.to_string(),
            "saisissez un numéro de mobile à 10 chiffres, par exemple 06 12 34 56 78"
        );
    }

    #[test]
    fn a_stored_number_is_checked_again_when_read() {
        let phone: MobilePhone = "+590690000000".to_string().try_into().unwrap();
        assert_eq!(String::from(phone), "+590690000000");
        assert_eq!(
            MobilePhone::try_from("+33690000000".to_string()),
            Err(PhoneError::WrongTerritory)
        );
    }
}
