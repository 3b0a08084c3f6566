//! Moving a booked appointment, by the person or by an agent.

use super::agenda::place;
use super::notifications::{record_change, Notice};
use super::records::audit_entry;
use crate::domain::appointment::AppointmentStatus;
use crate::error::AppError;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow, ReasonRow};
use crate::ssr::guard;
use crate::ssr::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;

/// The error of a slot that cannot be chosen.
pub(super) fn slot_unavailable() -> AppError {
    AppError::invalid(
        "creneau",
        "Créneau : ce créneau n'est plus disponible. Choisissez-en un autre.",
    )
}

/// Moves to `start` if it is free (the appointment's own interval left free), and tells the
/// person; the slot lost to a race is a field error.
pub(super) async fn move_to(
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    start: DateTime<Utc>,
    status: AppointmentStatus,
    actor: Option<i64>,
) -> Result<(), AppError> {
    if start == a.starts_at {
        return Err(AppError::invalid(
            "creneau",
            "Créneau : c'est déjà l'horaire de ce rendez-vous. Choisissez un autre créneau.",
        ));
    }
    let now = state.clock.now();
    let p = place(state, agency.clone(), Some(a)).await?;
    if !p.agenda().is_free(start, reason.duration_minutes, now) {
        return Err(slot_unavailable());
    }
    let txn = state.db.begin().await?;
    match repo::move_appointment(&txn, a, start, status, now).await? {
        Ok(true) => {}
        Ok(false) => {
            txn.rollback().await?;
            return Err(AppError::invalid(
                "creneau",
                "Créneau : ce rendez-vous a changé entre-temps. Rechargez la page.",
            ));
        }
        Err(_) => {
            txn.rollback().await?;
            return Err(AppError::invalid("creneau", "Créneau : ce créneau vient d'être réservé par une autre personne. Choisissez-en un autre."));
        }
    }
    let ip = guard::request_session().client_ip;
    let entry = audit_entry(now, actor, "appointment_moved", &a.reference, ip);
    record_change(
        &txn,
        state,
        &a.reference,
        (agency, reason),
        entry,
        Notice::Moved,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
