//! Step 6, "Valider": the booking itself. The slot is held by a UNIQUE constraint (see
//! `repo::appointments`): of two people racing for it, one books and the other is offered the
//! nearest free slots.

use super::agenda::place;
use super::contact::check_contact;
use super::draft::{earlier_step, load, reachable, save, Draft};
use super::notifications::{notify, Notice};
use super::records::audit_entry;
use super::signed_link::link_path;
use crate::error::AppError;
use crate::persistence::repo::appointments::{self as repo, NewAppointment};
use crate::persistence::repo::audit;
use crate::platform::references::new_reference;
use crate::ssr::state::AppState;
use crate::ssr::{guard, internal, session};
use chrono::{Datelike, Duration};
use sea_orm::TransactionTrait;

/// "Valider": books the slot, or sends the person back to choose another when it was taken.
/// A second submission of the same draft (a double click) leads to the same appointment.
pub async fn validate(state: &AppState) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if let Some(reference) = &d.booked {
        return Ok(link_path(state, reference));
    }
    let stale = |e: AppError| match e {
        AppError::Invalid(f) => AppError::invalid(
            "valider",
            f.errors
                .first()
                .map(|e| format!("{} Revenez à l'étape indiquée.", e.message))
                .unwrap_or_default(),
        ),
        other => other,
    };
    if reachable(&d) < 6 {
        return Err(stale(earlier_step(reachable(&d))));
    }
    let checked = check_contact(&d.contact).map_err(|e| stale(AppError::Invalid(e)))?;
    let (Some(reason_id), Some(agency_id), Some(start)) = (d.reason_id, d.agency_id, d.start)
    else {
        return Err(stale(earlier_step(3)));
    };
    let reason = repo::find_reason(&state.db, reason_id)
        .await?
        .ok_or_else(|| stale(earlier_step(2)))?;
    let agency = repo::find_agency(&state.db, agency_id)
        .await?
        .ok_or_else(|| stale(earlier_step(3)))?;
    let now = state.clock.now();
    let p = place(state, agency, None).await?;
    if !p.agenda().is_free(start, reason.duration_minutes, now) {
        let by_other = p
            .busy
            .iter()
            .any(|b| b.start < start + Duration::minutes(reason.duration_minutes) && start < b.end);
        return lost(state, &token, d, by_other).await;
    }
    let identity_id = match guard::current_viewer().await? {
        Some((_, v)) if v.person_id.is_some() => Some(v.identity_id),
        _ => None,
    };
    let reference = new_reference("RDV", now.with_timezone(&p.tz).year());
    let txn = state.db.begin().await?;
    let booked = repo::insert_appointment(
        &txn,
        NewAppointment {
            reference: &reference,
            agency_id: p.agency.id,
            reason_id: reason.id,
            starts_at: start,
            duration_minutes: reason.duration_minutes,
            identity_id,
            nir: checked.nir.body(),
            last_name: d.contact.last_name.trim(),
            first_name: d.contact.first_name.trim(),
            address: d.contact.address.trim(),
            phone: checked.phone.e164(),
            email: &checked.email,
        },
        now,
    )
    .await?;
    if booked.is_err() {
        txn.rollback().await?;
        return lost(state, &token, d, true).await;
    }
    let a = repo::find_by_reference(&txn, &reference)
        .await?
        .ok_or_else(|| internal("appointment just booked not found"))?;
    audit::insert_event(
        &txn,
        audit_entry(
            now,
            identity_id,
            "appointment_requested",
            &reference,
            guard::request_session().client_ip,
        ),
    )
    .await?;
    notify(&txn, state, &a, &p.agency, &reason, Notice::Received).await?;
    // The details are not kept once booked (a shared computer shows them to nobody).
    d = Draft {
        owner: d.owner,
        booked: Some(reference.clone()),
        ..Draft::default()
    };
    let payload = serde_json::to_string(&d).map_err(|e| internal(e.to_string()))?;
    repo::upsert_draft(&txn, &session::token_hash(&token), &payload, now).await?;
    txn.commit().await?;
    Ok(format!("{}&nouveau=1", link_path(state, &reference)))
}

/// The slot can no longer be booked: back to step 3, where the nearest free slots are offered.
/// Unless the one who took it is this very draft, submitted twice: the winner records its
/// booking in the draft in the same transaction, so it is visible once the slot shows as taken.
async fn lost(
    state: &AppState,
    token: &str,
    mut d: Draft,
    by_other: bool,
) -> Result<String, AppError> {
    if let (
        _,
        Draft {
            booked: Some(reference),
            ..
        },
    ) = load(state).await?
    {
        return Ok(link_path(state, &reference));
    }
    d.taken = d.start.take();
    d.taken_by_other = by_other;
    save(state, token, &d).await?;
    Ok("/rendez-vous/creneau?pris=1".into())
}
