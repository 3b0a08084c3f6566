//! Server-side plumbing shared by server functions and plain routes: state, clock, sessions,
//! guards, error conversion, password hashing and the email outbox.

pub mod auth;
pub mod clock;
pub mod collection;
pub mod contribution_account;
mod contribution_incomes;
pub mod declarations;
pub mod delays;
pub mod direct_debit;
mod direct_debit_view;
pub mod failed_forms;
pub mod guard;
pub mod mail;
pub mod passwords;
pub mod payments;
mod schedule_parts;
pub mod session;
pub mod simulator;
pub mod state;
pub mod status;
pub mod telepayment;
pub mod throttle;
pub mod views;
pub mod yearly_call;

pub use clock::Clock;
pub use guard::{ctx, require_service, require_viewer};
pub use state::{AppConfig, AppState, CreditorConfig};

use crate::error::AppError;

/// A transaction holding the contributor account's lock (a write on its row, first), which
/// serialises every change to its schedule and payments across processes; an account that no
/// longer exists is not found.
pub async fn lock_account(
    state: &AppState,
    account_id: i64,
) -> Result<sea_orm::DatabaseTransaction, AppError> {
    use sea_orm::TransactionTrait;
    let txn = state.db.begin().await?;
    if !crate::persistence::repo::schedule::lock_account(&txn, account_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(txn)
}

/// Logs an infrastructure error with an incident id and returns only the id to the client.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let id = incident_id();
    tracing::error!(incident = %id, error = %err, "internal error");
    AppError::Internal(id)
}

fn incident_id() -> String {
    use rand::Rng;
    let n: u32 = rand::thread_rng().gen();
    format!("{n:08X}")
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        internal(err)
    }
}

impl From<sea_orm::TransactionError<sea_orm::DbErr>> for AppError {
    fn from(err: sea_orm::TransactionError<sea_orm::DbErr>) -> Self {
        internal(err)
    }
}
