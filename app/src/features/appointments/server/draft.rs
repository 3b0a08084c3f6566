//! The wizard's draft: kept on the server, found by the hash of its own cookie, so that people
//! who have no account can book and Back and reload lose nothing; and how far it lets the
//! person go.

use crate::error::AppError;
use crate::model::Viewer;
use crate::persistence::repo::appointments as repo;
use crate::persistence::repo::identities;
use crate::ssr::state::AppState;
use crate::ssr::{guard, internal, session};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A draft left untouched for this long is forgotten (it holds contact details).
pub(super) const DRAFT_LIFETIME_HOURS: i64 = 24;

/// What the person typed at step 4, kept as typed so that nothing is lost on an error.
pub use crate::features::appointments::ContactView as Contact;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Draft {
    pub(super) region: Option<String>,
    pub(super) reason_id: Option<i64>,
    pub(super) agency_id: Option<i64>,
    pub(super) start: Option<DateTime<Utc>>,
    /// The slot lost to someone else at validation: the slot page offers the nearest free ones.
    pub(super) taken: Option<DateTime<Utc>>,
    /// Whether someone else booked it (otherwise the agency's hours changed, or time passed).
    pub(super) taken_by_other: bool,
    /// The appointment this draft became: "Valider" again leads to it.
    pub(super) booked: Option<String>,
    pub(super) contact: Contact,
    pub(super) contact_ok: bool,
    /// The address the person proved by typing the code back (or their account's address).
    pub(super) verified_email: Option<String>,
    pub(super) code_ticket: Option<String>,
    pub(super) codes_sent: u32,
    /// The signed-in identity that wrote the draft: nobody else (nor the same browser once signed
    /// out) gets its details back.
    pub(super) owner: Option<i64>,
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-passerelle_rdv"
    } else {
        "passerelle_rdv"
    }
}

fn read_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    session::read_cookie(&parts.headers, name)
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

fn set_cookie(state: &AppState, token: &str, max_age_secs: i64) {
    let value = session::cookie_header(
        cookie_name(state.config.secure_cookies),
        token,
        state.config.secure_cookies,
        Some(max_age_secs),
    );
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// The draft of this browser, and the token that finds it (a new one when there is none).
pub(super) async fn load(state: &AppState) -> Result<(String, Draft), AppError> {
    load_for(
        state,
        guard::current_viewer().await?.map(|(_, v)| v).as_ref(),
    )
    .await
}

/// The same, for a viewer the caller already has.
pub(super) async fn load_for(
    state: &AppState,
    viewer: Option<&Viewer>,
) -> Result<(String, Draft), AppError> {
    let viewer = viewer.map(|v| v.identity_id);
    let fresh = Draft {
        owner: viewer,
        ..Draft::default()
    };
    if let Some(token) = read_cookie(cookie_name(state.config.secure_cookies)) {
        if let Some(payload) = repo::find_draft(&state.db, &session::token_hash(&token)).await? {
            if let Ok(d) = serde_json::from_str::<Draft>(&payload) {
                if d.owner == viewer {
                    return Ok((token, d));
                }
                // A draft typed signed out is taken over by whoever signs in, without its details.
                if d.owner.is_none() {
                    return Ok((
                        token,
                        Draft {
                            owner: viewer,
                            contact: Contact::default(),
                            contact_ok: false,
                            verified_email: None,
                            code_ticket: None,
                            ..d
                        },
                    ));
                }
            }
        }
        return Ok((token, fresh));
    }
    Ok((session::new_token(), fresh))
}

pub(super) async fn save(state: &AppState, token: &str, d: &Draft) -> Result<(), AppError> {
    let payload = serde_json::to_string(d).map_err(|e| internal(e.to_string()))?;
    repo::upsert_draft(
        &state.db,
        &session::token_hash(token),
        &payload,
        state.clock.now(),
    )
    .await?;
    set_cookie(state, token, DRAFT_LIFETIME_HOURS * 3600);
    Ok(())
}

pub(super) fn reachable(d: &Draft) -> u8 {
    match (
        d.region.is_some(),
        d.reason_id.is_some(),
        d.agency_id.is_some() && d.start.is_some(),
        d.contact_ok,
    ) {
        (false, ..) => 1,
        (true, false, ..) => 2,
        (true, true, false, _) => 3,
        (true, true, true, false) => 4,
        (true, true, true, true)
            if d.verified_email.as_deref() == Some(normalise(&d.contact.email).as_str()) =>
        {
            6
        }
        _ => 5,
    }
}

pub(super) fn normalise(email: &str) -> String {
    identities::normalise_email(email)
}

pub(super) fn earlier_step(step: u8) -> AppError {
    let (field, message) = match step {
        1 => (
            "region",
            "Région : choisissez d'abord votre région de résidence (étape 1).",
        ),
        2 => (
            "motif",
            "Motif : choisissez d'abord l'objet et le motif du rendez-vous (étape 2).",
        ),
        3 => (
            "creneau",
            "Créneau : choisissez d'abord l'agence, la date et l'heure (étape 3).",
        ),
        4 => (
            "nir",
            "Coordonnées : complétez d'abord vos coordonnées (étape 4).",
        ),
        _ => (
            "code",
            "Code de vérification : saisissez d'abord le code reçu par courriel (étape 5).",
        ),
    };
    AppError::invalid(field, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A draft filled up to the details (step 4 done), its address not yet proved.
    fn up_to_details() -> Draft {
        Draft {
            region: Some("Île-de-France".into()),
            reason_id: Some(3),
            agency_id: Some(1),
            start: Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).single(),
            contact: Contact {
                email: "Marie.Dupont@Exemple.fr".into(),
                ..Contact::default()
            },
            contact_ok: true,
            ..Draft::default()
        }
    }

    #[test]
    fn each_choice_opens_the_next_step() {
        let mut d = Draft::default();
        assert_eq!(reachable(&d), 1);
        d.region = Some("Île-de-France".into());
        assert_eq!(reachable(&d), 2);
        d.reason_id = Some(3);
        assert_eq!(reachable(&d), 3);
        d.agency_id = Some(1);
        assert_eq!(
            reachable(&d),
            3,
            "an agency without a slot is not a choice of slot"
        );
        d.start = Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).single();
        assert_eq!(reachable(&d), 4);
        d.contact_ok = true;
        assert_eq!(reachable(&d), 5);
    }

    #[test]
    fn the_review_opens_once_the_typed_address_is_the_proved_one() {
        let mut d = up_to_details();
        d.verified_email = Some("marie.dupont@exemple.fr".into());
        assert_eq!(reachable(&d), 6);
        d.verified_email = Some("autre@exemple.fr".into());
        assert_eq!(reachable(&d), 5);
    }

    #[test]
    fn a_later_step_is_closed_when_an_earlier_choice_is_missing() {
        let mut d = up_to_details();
        d.verified_email = Some("marie.dupont@exemple.fr".into());
        d.region = None;
        assert_eq!(reachable(&d), 1);
    }

    #[test]
    fn the_earlier_step_to_complete_is_named_on_its_own_field() {
        for (step, field) in [
            (1, "region"),
            (2, "motif"),
            (3, "creneau"),
            (4, "nir"),
            (5, "code"),
        ] {
            let AppError::Invalid(form) = earlier_step(step) else {
                panic!("step {step}: not a field error");
            };
            assert_eq!(form.errors.len(), 1);
            assert_eq!(form.errors[0].field, field, "step {step}");
            assert!(form.errors[0].message.contains(&format!("étape {step}")));
        }
    }

    #[test]
    fn the_draft_cookie_is_host_only_when_cookies_are_secure() {
        assert_eq!(cookie_name(true), "__Host-passerelle_rdv");
        assert_eq!(cookie_name(false), "passerelle_rdv");
    }
}
