//! The password policy (OWASP ASVS 2.1): 12 to 128 characters, no composition rules, and not
//! one of the most common passwords.

use serde::{Deserialize, Serialize};

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// The 10,000 most common passwords (see `common_passwords.SOURCE.md`).
const COMMON: &str = include_str!("common_passwords.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PasswordError {
    #[error("le mot de passe doit comporter au moins 12 caractères")]
    TooShort,
    #[error("le mot de passe doit comporter au plus 128 caractères")]
    TooLong,
    #[error("ce mot de passe est trop courant : choisissez-en un autre")]
    TooCommon,
}

/// Checks a new password against the policy. Length counts characters, not bytes.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON
        .lines()
        .any(|common| common.eq_ignore_ascii_case(&lower))
    {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_passwords() {
        assert_eq!(
            check_new_password("court-11car"),
            Err(PasswordError::TooShort)
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(check_new_password("éééééééééééé"), Ok(()));
    }

    #[test]
    fn refuses_overlong_passwords() {
        assert_eq!(
            check_new_password(&"x".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn refuses_a_common_password_of_twelve_characters() {
        let common = COMMON
            .lines()
            .find(|p| p.chars().count() >= 12)
            .expect("the list has long entries");
        assert_eq!(check_new_password(common), Err(PasswordError::TooCommon));
        assert_eq!(
            check_new_password(&common.to_uppercase()),
            Err(PasswordError::TooCommon)
        );
    }

    #[test]
    fn the_list_is_large() {
        assert!(COMMON.lines().count() >= 1000);
    }

    #[test]
    fn accepts_a_long_passphrase() {
        assert_eq!(check_new_password("Passerelle-demo-2026"), Ok(()));
    }
}
