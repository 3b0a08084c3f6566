//! An agent's decisions on an appointment: confirm, move, cancel, mark done, note.

use super::agenda::parse_slot;
use super::back_office::agency_appointment;
use super::moves::move_to;
use super::notifications::{in_calendar, record_change, Notice};
use super::records::audit_entry;
use crate::domain::appointment::{self as rules, AppointmentStatus};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::appointments as repo;
use crate::persistence::repo::audit;
use crate::ssr::state::AppState;
use sea_orm::TransactionTrait;

#[allow(clippy::too_many_arguments)]
pub async fn agent_update(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    action: &str,
    slot: Option<&str>,
    reason_text: Option<&str>,
    note: Option<&str>,
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, agency, reason) = agency_appointment(state, viewer, reference).await?;
    let now = state.clock.now();
    let href = |done: &str| format!("/agence/rendez-vous/{}?fait={done}", a.reference);
    let entry = |action| {
        audit_entry(
            now,
            Some(viewer.identity_id),
            action,
            &a.reference,
            ip.clone(),
        )
    };
    let allowed = rules::allowed(a.status, a.starts_at, now);
    match action {
        "confirmer" => {
            let txn = state.db.begin().await?;
            if !allowed.agent_confirm || !repo::confirm_appointment(&txn, &a, now).await? {
                txn.rollback().await?;
                return Err(AppError::invalid("action", "Confirmation : seul un rendez-vous à venir en attente de rappel peut être confirmé."));
            }
            let entry = entry("appointment_confirmed");
            record_change(
                &txn,
                state,
                &a.reference,
                (&agency, &reason),
                entry,
                Notice::Confirmed,
            )
            .await?;
            txn.commit().await?;
            Ok(href("confirme"))
        }
        "deplacer" => {
            let Some(start) = slot.and_then(parse_slot) else {
                return Err(AppError::invalid(
                    "creneau",
                    "Créneau : choisissez le nouveau créneau.",
                ));
            };
            if !allowed.agent_move {
                return Err(AppError::invalid(
                    "creneau",
                    "Créneau : ce rendez-vous ne peut plus être déplacé.",
                ));
            }
            move_to(
                state,
                &a,
                &agency,
                &reason,
                start,
                AppointmentStatus::Confirmed,
                Some(viewer.identity_id),
            )
            .await?;
            Ok(href("deplace"))
        }
        "annuler" => {
            let motif = cancel_motif(reason_text)?;
            // The domain rule decides (a past appointment is marked done, not cancelled).
            if !allowed.agent_cancel && a.status.holds_slot() {
                return Err(AppError::invalid("motif", "Motif d'annulation : un rendez-vous passé ne peut plus être annulé ; marquez-le comme terminé."));
            }
            let txn = state.db.begin().await?;
            if !repo::cancel_appointment(&txn, a.id, Some(motif), now).await? {
                txn.rollback().await?;
                return Err(AppError::invalid(
                    "motif",
                    "Motif d'annulation : ce rendez-vous est déjà annulé ou terminé.",
                ));
            }
            let entry = entry("appointment_cancelled_by_agency");
            let notice = Notice::Cancelled {
                in_calendar: in_calendar(&a),
            };
            record_change(&txn, state, &a.reference, (&agency, &reason), entry, notice).await?;
            txn.commit().await?;
            Ok(href("annule"))
        }
        "terminer" => {
            let txn = state.db.begin().await?;
            if !allowed.agent_mark_done
                || !repo::set_status(
                    &txn,
                    a.id,
                    &AppointmentStatus::HOLDING,
                    AppointmentStatus::Done,
                    now,
                )
                .await?
            {
                txn.rollback().await?;
                return Err(AppError::invalid("action", "Rendez-vous terminé : seul un rendez-vous passé, non annulé, peut être marqué terminé."));
            }
            audit::insert_event(&txn, entry("appointment_done")).await?;
            txn.commit().await?;
            Ok(href("termine"))
        }
        "note" => {
            repo::set_note(&state.db, a.id, preparation_note(note)?, now).await?;
            Ok(href("note"))
        }
        _ => Err(AppError::invalid(
            "action",
            "Action : choisissez confirmer, déplacer, annuler ou terminer.",
        )),
    }
}

/// The reason an agent gives for cancelling (sent to the person): 5 to 500 characters.
fn cancel_motif(typed: Option<&str>) -> Result<&str, AppError> {
    let motif = typed.unwrap_or_default().trim();
    if motif.chars().count() < 5 || motif.chars().count() > 500 {
        return Err(AppError::invalid("motif", "Motif d'annulation : expliquez en quelques mots (5 à 500 caractères) pourquoi le rendez-vous est annulé ; il est envoyé à la personne."));
    }
    Ok(motif)
}

/// The agents' preparation note: 2,000 characters at most; an empty note removes it.
fn preparation_note(typed: Option<&str>) -> Result<Option<&str>, AppError> {
    let text = typed.unwrap_or_default().trim();
    if text.chars().count() > 2000 {
        return Err(AppError::Invalid(
            FormErrors::field("note", "Note de préparation : 2 000 caractères au plus.")
                .keep("note", text),
        ));
    }
    Ok((!text.is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Invalid(f) => f.errors[0].field.clone(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn a_cancellation_needs_a_reason_of_five_to_five_hundred_characters() {
        assert_eq!(
            cancel_motif(Some("  Agence fermée  ")).unwrap(),
            "Agence fermée"
        );
        assert_eq!(cancel_motif(Some("Grève")).unwrap(), "Grève");
        assert_eq!(field_of(cancel_motif(Some("Non")).unwrap_err()), "motif");
        assert_eq!(field_of(cancel_motif(None).unwrap_err()), "motif");
        assert_eq!(
            field_of(cancel_motif(Some(&"x".repeat(501))).unwrap_err()),
            "motif"
        );
    }

    #[test]
    fn an_empty_note_removes_it_and_a_long_one_is_kept_with_its_error() {
        assert_eq!(preparation_note(Some("  ")).unwrap(), None);
        assert_eq!(preparation_note(None).unwrap(), None);
        assert_eq!(
            preparation_note(Some(" Apporter le bilan ")).unwrap(),
            Some("Apporter le bilan")
        );
        let long = "é".repeat(2001);
        match preparation_note(Some(&long)).unwrap_err() {
            AppError::Invalid(f) => {
                assert_eq!(f.errors[0].field, "note");
                assert_eq!(f.value_for("note"), Some(long));
            }
            other => panic!("not a field error: {other:?}"),
        }
        assert!(preparation_note(Some(&"é".repeat(2000))).is_ok());
    }
}
