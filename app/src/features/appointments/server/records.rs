//! Reading what an appointment refers to (its agency and its reason), and the audit line of a
//! change to it.

use crate::error::AppError;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow, ReasonRow};
use crate::persistence::repo::audit::AuditEntry;
use crate::ssr::internal;
use crate::ssr::state::AppState;
use chrono::{DateTime, Utc};

pub(super) async fn context(
    state: &AppState,
    a: &AppointmentRow,
) -> Result<(AgencyRow, ReasonRow), AppError> {
    let agency = repo::find_agency(&state.db, a.agency_id)
        .await?
        .ok_or_else(|| internal("appointment without agency"))?;
    let reason = repo::find_reason(&state.db, a.reason_id)
        .await?
        .ok_or_else(|| internal("appointment without reason"))?;
    Ok((agency, reason))
}

pub(super) fn reason_of<'a>(
    reasons: &'a [ReasonRow],
    a: &AppointmentRow,
) -> Result<&'a ReasonRow, AppError> {
    reasons
        .iter()
        .find(|r| r.id == a.reason_id)
        .ok_or_else(|| internal("appointment without reason"))
}

/// The audit line of a change to an appointment (`object`: its reference, or what changed) by
/// `actor` (none: the person, through the link or the account) from `ip`.
pub(super) fn audit_entry(
    at: DateTime<Utc>,
    actor: Option<i64>,
    action: &'static str,
    object: &str,
    ip: Option<String>,
) -> AuditEntry {
    AuditEntry {
        at,
        actor_identity_id: actor,
        on_behalf_of_person_id: None,
        action,
        object: Some(object.to_owned()),
        outcome: "ok",
        ip,
    }
}
