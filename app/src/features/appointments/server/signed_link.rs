//! The appointment's signed link (in every email) and who may reach an appointment: the holder
//! of its link, or the signed-in person who booked it.

use crate::error::AppError;
use crate::persistence::repo::appointments::{self as repo, AppointmentRow};
use crate::ssr::guard;
use crate::ssr::state::AppState;

/// HMAC-SHA256 of an appointment's reference under the link key (`secret`).
fn link_mac(secret: &str, reference: &str) -> Option<hmac::Hmac<sha2::Sha256>> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(b"rdv:");
    mac.update(reference.as_bytes());
    Some(mac)
}

/// The first 128 bits of the reference's MAC, in hex.
fn signed_key(secret: &str, reference: &str) -> String {
    use hmac::Mac;
    link_mac(secret, reference)
        .map(|m| hex::encode(&m.finalize().into_bytes()[..16]))
        .unwrap_or_default()
}

/// Whether `key` is the reference's key, compared in constant time.
fn key_signs(secret: &str, reference: &str, key: &str) -> bool {
    use hmac::Mac;
    match (hex::decode(key.trim()), link_mac(secret, reference)) {
        (Ok(bytes), Some(mac)) if bytes.len() == 16 => mac.verify_truncated_left(&bytes).is_ok(),
        _ => false,
    }
}

/// The key of an appointment's link: the first 128 bits of its MAC, in hex.
pub fn link_key(state: &AppState, reference: &str) -> String {
    signed_key(&state.config.link_key, reference)
}

/// Checks a link's key in constant time.
fn key_matches(state: &AppState, reference: &str, key: &str) -> bool {
    key_signs(&state.config.link_key, reference, key)
}

pub(super) fn link_path(state: &AppState, reference: &str) -> String {
    format!(
        "/rendez-vous/suivi/{reference}?cle={}",
        link_key(state, reference)
    )
}

pub(super) fn link_url(state: &AppState, reference: &str) -> String {
    format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        link_path(state, reference)
    )
}

/// The appointment, for the holder of its link (with the key, to carry in the page's forms) or
/// the signed-in person who booked it.
pub(super) async fn reach(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
) -> Result<(AppointmentRow, Option<String>), AppError> {
    let identity_id = match guard::current_viewer().await? {
        Some((_, v)) => Some(v.identity_id),
        None => None,
    };
    reach_as(state, reference, key, identity_id).await
}

/// `reach`, for the identity signed in (if any) as given.
pub(super) async fn reach_as(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    identity_id: Option<i64>,
) -> Result<(AppointmentRow, Option<String>), AppError> {
    let a = repo::find_by_reference(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(k) = key.filter(|k| key_matches(state, &a.reference, k)) {
        return Ok((a, Some(k.trim().to_owned())));
    }
    match identity_id {
        Some(id) if a.identity_id == Some(id) => Ok((a, None)),
        _ => Err(AppError::NotFound),
    }
}

/// The appointment's page for the person, with its key when reached by the link.
pub(super) fn person_href(reference: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("/rendez-vous/suivi/{reference}?cle={k}"),
        None => format!("/rendez-vous/suivi/{reference}"),
    }
}

/// The person's page again, with what just happened.
pub(super) fn back_to(reference: &str, key: Option<&str>, flag: &str) -> String {
    let href = person_href(reference, key);
    let sep = if href.contains('?') { '&' } else { '?' };
    format!("{href}{sep}{flag}=1")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "une clé de test d'au moins trente-deux octets";

    #[test]
    fn a_link_key_is_32_hex_digits() {
        let key = signed_key(SECRET, "RDV-2026-ABCDEF");
        assert_eq!(key.len(), 32, "{key}");
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    }

    #[test]
    fn the_key_of_a_reference_opens_it_even_with_spaces_around() {
        let key = signed_key(SECRET, "RDV-2026-ABCDEF");
        assert!(key_signs(SECRET, "RDV-2026-ABCDEF", &key));
        assert!(key_signs(SECRET, "RDV-2026-ABCDEF", &format!(" {key} ")));
    }

    #[test]
    fn the_key_of_one_appointment_does_not_open_another() {
        let key = signed_key(SECRET, "RDV-2026-ABCDEF");
        assert!(!key_signs(SECRET, "RDV-2026-ABCDEG", &key));
    }

    #[test]
    fn a_key_made_with_another_secret_is_refused() {
        let key = signed_key("une autre clé, elle aussi assez longue", "RDV-2026-ABCDEF");
        assert!(!key_signs(SECRET, "RDV-2026-ABCDEF", &key));
    }

    #[test]
    fn a_shortened_or_garbled_key_is_refused() {
        let key = signed_key(SECRET, "RDV-2026-ABCDEF");
        assert!(!key_signs(SECRET, "RDV-2026-ABCDEF", &key[..30]));
        assert!(!key_signs(SECRET, "RDV-2026-ABCDEF", "pas une clé"));
        assert!(!key_signs(SECRET, "RDV-2026-ABCDEF", ""));
    }

    #[test]
    fn the_persons_page_carries_its_key_only_when_reached_by_the_link() {
        assert_eq!(
            person_href("RDV-2026-ABCDEF", Some("00ff")),
            "/rendez-vous/suivi/RDV-2026-ABCDEF?cle=00ff"
        );
        assert_eq!(
            person_href("RDV-2026-ABCDEF", None),
            "/rendez-vous/suivi/RDV-2026-ABCDEF"
        );
    }

    #[test]
    fn coming_back_to_the_page_adds_what_happened_to_its_query() {
        assert_eq!(
            back_to("RDV-2026-ABCDEF", Some("00ff"), "annule"),
            "/rendez-vous/suivi/RDV-2026-ABCDEF?cle=00ff&annule=1"
        );
        assert_eq!(
            back_to("RDV-2026-ABCDEF", None, "deplace"),
            "/rendez-vous/suivi/RDV-2026-ABCDEF?deplace=1"
        );
    }
}
