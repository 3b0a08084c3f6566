//! The yearly call: from 1 December, next year's provisional instalments of every open
//! artisan's and commerçant's account are computed by the engine on the basis in force (the
//! final income of N−2, or later) and put in the schedule. Any process may run it at any time:
//! each account is recomputed under its lock, and recomputing a year already called changes
//! nothing.

use super::state::AppState;
use crate::persistence::recompute::{self, RecomputeError};
use crate::persistence::repo::{accounts, schedule};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::TransactionTrait;

/// Calls next year for the accounts not yet called; returns how many were looked at.
pub async fn run(
    state: &AppState,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, RecomputeError> {
    if today.month() != 12 {
        return Ok(0);
    }
    let year = today.year() + 1;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let due = accounts::yearly_accounts_not_called(&state.db, from).await?;
    let reference = format!("APPEL-{year}");
    for a in &due {
        let txn = state.db.begin().await?;
        if schedule::lock_account(&txn, a.id).await? {
            recompute::call_year(&txn, a, year, today, now, &reference).await?;
        }
        txn.commit().await?;
    }
    Ok(due.len())
}
