//! What people type that several features read the same way: dates and email addresses.

use chrono::NaiveDate;

/// Parses `AAAA-MM-JJ` (date inputs) or `JJ/MM/AAAA` (typed by hand).
pub fn parse_date_fr(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Whether this can be an email address (the code sent to it proves it is).
pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_read_from_a_date_input_or_typed_by_hand() {
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 25);
        assert_eq!(parse_date_fr("2026-12-25"), christmas);
        assert_eq!(parse_date_fr(" 25/12/2026 "), christmas);
        assert_eq!(parse_date_fr("12/25/2026"), None);
        assert_eq!(parse_date_fr("25 décembre"), None);
        assert_eq!(parse_date_fr(""), None);
    }

    #[test]
    fn an_email_address_needs_a_name_an_at_sign_and_a_dotted_domain() {
        assert!(looks_like_email("nom@exemple.fr"));
        assert!(looks_like_email("  nom@exemple.fr  "));
        assert!(!looks_like_email("nom.exemple.fr"));
        assert!(!looks_like_email("@exemple.fr"));
        assert!(!looks_like_email("nom@exemple"));
        assert!(!looks_like_email("nom@.exemple.fr"));
        assert!(!looks_like_email("nom@exemple.fr."));
        assert!(!looks_like_email("n om@exemple.fr"));
    }
}
