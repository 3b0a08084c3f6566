//! The worker's appointment jobs: reminders 48 hours before, and the purge of old data.

use super::draft::DRAFT_LIFETIME_HOURS;
use super::notifications::{notify, Notice};
use super::records::context;
use crate::domain::appointment as rules;
use crate::error::AppError;
use crate::persistence::repo::appointments as repo;
use crate::persistence::repo::appointments::AppointmentRow;
use crate::persistence::repo::outbox;
use crate::ssr::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::TransactionTrait;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobReport {
    pub reminders: usize,
    pub purged: u64,
}

/// Reminders 48 hours before, and the purge of data older than 2 years. Each reminder is claimed
/// by a conditional UPDATE that starts its transaction, so two processes never send it twice.
pub async fn run_jobs(state: &AppState, now: DateTime<Utc>) -> Result<JobReport, AppError> {
    let mut report = JobReport::default();
    for a in repo::reminder_candidates(&state.db, now, now + Duration::hours(rules::REMINDER_HOURS))
        .await?
    {
        if !needs_reminder(&a, now) {
            continue;
        }
        let (agency, reason) = context(state, &a).await?;
        let txn = state.db.begin().await?;
        if !repo::claim_reminder(&txn, a.id, now).await? {
            txn.rollback().await?;
            continue;
        }
        // Read again after the claim: a move in between resets the reminder and the time.
        let Some(a) = repo::find_by_reference(&txn, &a.reference).await? else {
            txn.rollback().await?;
            continue;
        };
        notify(&txn, state, &a, &agency, &reason, Notice::Reminder).await?;
        txn.commit().await?;
        report.reminders += 1;
    }
    report.purged = repo::purge_ended_before(&state.db, rules::purge_before(now)).await?;
    repo::purge_drafts(&state.db, now - Duration::hours(DRAFT_LIFETIME_HOURS)).await?;
    // The emails about them (names, times, links) go with them.
    outbox::purge_sent_before(&state.db, rules::purge_before(now)).await?;
    Ok(report)
}

/// Whether the appointment gets its reminder now: it is due, and the appointment was booked at
/// least 48 hours ahead (booked later, the confirmation is the reminder).
fn needs_reminder(a: &AppointmentRow, now: DateTime<Utc>) -> bool {
    rules::reminder_due(a.starts_at, now)
        && a.starts_at - a.created_at >= Duration::hours(rules::REMINDER_HOURS)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::appointment;
    use super::*;
    use crate::domain::appointment::AppointmentStatus;

    #[test]
    fn the_reminder_goes_from_48_hours_before_until_the_start() {
        let a = appointment(AppointmentStatus::Confirmed);
        let hours_before = |h| a.starts_at - Duration::hours(h);
        assert!(!needs_reminder(&a, hours_before(49)));
        assert!(needs_reminder(&a, hours_before(48)));
        assert!(needs_reminder(&a, hours_before(1)));
        assert!(!needs_reminder(&a, a.starts_at));
    }

    #[test]
    fn an_appointment_booked_less_than_48_hours_ahead_gets_no_reminder() {
        let mut a = appointment(AppointmentStatus::Requested);
        a.created_at = a.starts_at - Duration::hours(47);
        assert!(!needs_reminder(&a, a.starts_at - Duration::hours(2)));
        a.created_at = a.starts_at - Duration::hours(48);
        assert!(needs_reminder(&a, a.starts_at - Duration::hours(2)));
    }
}
