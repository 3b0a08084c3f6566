//! Steps 4 and 5 of the wizard: the person's details, checked field by field, and the emailed
//! code that proves their address.

use super::draft::{earlier_step, load, normalise, reachable, save, Contact, Draft};
use crate::domain::nir::Nir;
use crate::domain::phone::MobilePhone;
use crate::error::{AppError, FormErrors};
use crate::persistence::repo::{codes, identities};
use crate::platform::input::looks_like_email;
use crate::ssr::state::AppState;
use crate::ssr::{guard, mail};
use sea_orm::TransactionTrait;

const PURPOSE_BOOKING: &str = "booking";
/// Verification codes one draft may ask for.
const MAX_CODES_PER_DRAFT: u32 = 5;

/// The details, parsed; each error names its field.
pub(super) struct CheckedContact {
    pub(super) nir: Nir,
    pub(super) phone: MobilePhone,
    pub(super) email: String,
}

pub(super) fn check_contact(c: &Contact) -> Result<CheckedContact, FormErrors> {
    let mut errors = FormErrors::default();
    let nir = Nir::parse_with_key(&c.nir);
    if let Err(e) = &nir {
        errors.push("nir", format!("Numéro de sécurité sociale : {e} (il figure sur votre carte Vitale, par exemple 2 95 10 99 126 111 93)."));
    }
    for (field, label, todo, value, max) in [
        ("nom", "Nom", "saisissez votre nom", &c.last_name, 80),
        (
            "prenom",
            "Prénom",
            "saisissez votre prénom",
            &c.first_name,
            80,
        ),
    ] {
        let v = value.trim();
        if v.is_empty() {
            errors.push(field, format!("{label} : {todo}."));
        } else if v.chars().count() > max
            || !v
                .chars()
                .all(|ch| ch.is_alphabetic() || " -'’.".contains(ch))
        {
            errors.push(field, format!("{label} : saisissez uniquement des lettres, espaces, tirets ou apostrophes ({max} caractères au plus)."));
        }
    }
    let address = c.address.trim();
    if address.chars().count() < 8 || address.chars().count() > 300 {
        errors.push(
            "adresse",
            "Adresse : saisissez votre adresse complète (numéro, voie, code postal et commune).",
        );
    }
    let phone = MobilePhone::parse(&c.phone);
    if let Err(e) = &phone {
        errors.push("telephone", format!("Téléphone mobile : {e}."));
    }
    let email = normalise(&c.email);
    if !looks_like_email(&email) || email.len() > 200 {
        errors.push(
            "email",
            "Adresse électronique : saisissez une adresse valide, par exemple nom@exemple.fr.",
        );
    }
    if !c.terms {
        errors.push("conditions", "Conditions d'utilisation : cochez la case pour accepter les conditions d'utilisation du service.");
    }
    match (nir, phone, errors.is_empty()) {
        (Ok(nir), Ok(phone), true) => Ok(CheckedContact { nir, phone, email }),
        _ => Err(errors),
    }
}

async fn send_code(state: &AppState, d: &mut Draft) -> Result<(), AppError> {
    if d.codes_sent >= MAX_CODES_PER_DRAFT {
        return Err(AppError::invalid("code", "Code de vérification : trop de codes ont été demandés pour cette demande. Recommencez plus tard ou appelez votre agence."));
    }
    let now = state.clock.now();
    let email = normalise(&d.contact.email);
    // Nobody may use the form to flood an address, or send codes in bulk from one address: the
    // same limits as every emailed code.
    crate::platform::codes::admit_code_request(
        state,
        PURPOSE_BOOKING,
        &email,
        guard::request_session().client_ip.as_deref(),
    )
    .await?;
    let txn = state.db.begin().await?;
    let (ticket, code) =
        crate::platform::codes::issue_code(&txn, PURPOSE_BOOKING, None, None, &email, now).await?;
    mail::send_booking_code(&txn, &email, &code, now).await?;
    txn.commit().await?;
    d.code_ticket = Some(ticket);
    d.codes_sent += 1;
    Ok(())
}

pub async fn save_contact(state: &AppState, typed: Contact) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 4 {
        return Err(earlier_step(reachable(&d)));
    }
    // What was typed is kept first, so that the page shows it again with the errors.
    let changed_email = normalise(&d.contact.email) != normalise(&typed.email);
    d.contact = typed;
    d.contact_ok = false;
    if changed_email {
        d.code_ticket = None;
    }
    let checked = check_contact(&d.contact);
    let checked = match checked {
        Ok(c) => c,
        Err(e) => {
            save(state, &token, &d).await?;
            return Err(AppError::Invalid(e));
        }
    };
    d.contact.email = checked.email.clone();
    d.contact_ok = true;
    // A signed-in person's own address was proved when the account was created.
    if let Some(owner) = d.owner {
        let own = identities::find_identity(&state.db, owner)
            .await?
            .map(|i| normalise(&i.email));
        if own.as_deref() == Some(checked.email.as_str()) {
            d.verified_email = Some(checked.email.clone());
        }
    }
    if d.verified_email.as_deref() == Some(checked.email.as_str()) {
        save(state, &token, &d).await?;
        return Ok("/rendez-vous/verification".into());
    }
    if d.code_ticket.is_none() {
        if let Err(e) = send_code(state, &mut d).await {
            save(state, &token, &d).await?;
            return Err(e);
        }
    }
    save(state, &token, &d).await?;
    Ok("/rendez-vous/code".into())
}

pub async fn resend_code(state: &AppState) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 5 {
        return Err(earlier_step(reachable(&d)));
    }
    send_code(state, &mut d).await?;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/code?renvoye=1".into())
}

pub async fn check_code(state: &AppState, code: &str) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 5 {
        return Err(earlier_step(reachable(&d)));
    }
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : saisissez les 6 chiffres reçus par courriel.",
        ));
    }
    let Some(ticket) = d.code_ticket.clone() else {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : demandez d'abord un code.",
        ));
    };
    let row = crate::platform::codes::check_code(state, PURPOSE_BOOKING, &ticket, code).await?;
    if row.email != normalise(&d.contact.email) {
        return Err(AppError::invalid("code", "Code de vérification : ce code a été envoyé à une autre adresse. Demandez un nouveau code."));
    }
    if !codes::mark_used(&state.db, row.id, state.clock.now()).await? {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : ce code a déjà été utilisé. Demandez un nouveau code.",
        ));
    }
    d.verified_email = Some(row.email);
    d.code_ticket = None;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/verification".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> Contact {
        Contact {
            nir: "2 69 05 49 588 157 80".into(),
            last_name: "Dupont-Martin".into(),
            first_name: "Marie".into(),
            address: "12 rue des Lilas, 75020 Paris".into(),
            phone: "06 12 34 56 78".into(),
            email: " Marie.Dupont@Exemple.FR ".into(),
            terms: true,
        }
    }

    fn fields(c: &Contact) -> Vec<String> {
        match check_contact(c) {
            Ok(_) => vec![],
            Err(e) => e.errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn complete_details_are_accepted_with_the_address_normalised() {
        let checked = check_contact(&typed()).expect("valid details");
        assert_eq!(checked.email, "marie.dupont@exemple.fr");
        assert_eq!(checked.phone.national(), "06 12 34 56 78");
    }

    #[test]
    fn each_wrong_field_is_named_and_all_are_reported_at_once() {
        let c = Contact {
            nir: "2 69 05".into(),
            last_name: " ".into(),
            first_name: "M4rie".into(),
            address: "Paris".into(),
            phone: "01 23".into(),
            email: "marie.exemple.fr".into(),
            terms: false,
        };
        assert_eq!(
            fields(&c),
            [
                "nir",
                "nom",
                "prenom",
                "adresse",
                "telephone",
                "email",
                "conditions"
            ]
        );
    }

    #[test]
    fn names_take_letters_spaces_hyphens_and_apostrophes_only() {
        for ok in ["N'Diaye", "Le Goff", "Saint-Exupéry", "O’Neil"] {
            let c = Contact {
                last_name: ok.into(),
                ..typed()
            };
            assert!(fields(&c).is_empty(), "{ok}");
        }
        let c = Contact {
            last_name: "x".repeat(81),
            ..typed()
        };
        assert_eq!(fields(&c), ["nom"]);
    }

    #[test]
    fn the_terms_must_be_accepted() {
        let c = Contact {
            terms: false,
            ..typed()
        };
        assert_eq!(fields(&c), ["conditions"]);
    }
}
