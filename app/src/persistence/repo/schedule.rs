//! Changes to a schedule: declarations, cancelled rows, payment-delay requests. Callers run
//! these inside one transaction that starts with [`lock_account`].

use super::ledger::DeclarationRow;
use crate::domain::money::Cents;
use crate::persistence::entities::{
    contributor_account, due_cancellation, income_declaration, payment_delay_request,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

pub const CANCEL_ESTIMATE: &str = "estimate";
/// An earlier regularisation of the same year, replaced by a newer declaration.
pub const CANCEL_REGULARISATION: &str = "regularisation";
pub const CANCEL_INSTALMENTS: &str = "instalments";
/// Moved to the dates of a new automatic-debit arrangement.
pub const CANCEL_DEBIT_PLAN: &str = "debit_plan";

pub const DELAY_PENDING: &str = "pending";
pub const DELAY_ACCEPTED: &str = "accepted";
pub const DELAY_REFUSED: &str = "refused";

/// Serialises changes to one account's schedule: a write to its row as the transaction's first
/// statement takes the row lock on PostgreSQL and the write lock on SQLite, so two changes never
/// read the same schedule and both rewrite it. Returns false when the account does not exist.
pub async fn lock_account(db: &impl ConnectionTrait, account_id: i64) -> Result<bool, DbErr> {
    let res = contributor_account::Entity::update_many()
        .col_expr(
            contributor_account::Column::Periodicity,
            Expr::col(contributor_account::Column::Periodicity).into(),
        )
        .filter(contributor_account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The periodicity and monthly due day later declarations spread over (automatic debit sets them).
pub async fn set_periodicity(
    db: &impl ConnectionTrait,
    account_id: i64,
    periodicity: &str,
    day: u32,
) -> Result<(), DbErr> {
    contributor_account::Entity::update_many()
        .col_expr(
            contributor_account::Column::Periodicity,
            Expr::value(periodicity),
        )
        .col_expr(
            contributor_account::Column::DebitDay,
            Expr::value(i32::try_from(day).unwrap_or(5)),
        )
        .col_expr(
            contributor_account::Column::AutomaticDebit,
            Expr::value(true),
        )
        .filter(contributor_account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

pub struct NewDeclaration<'a> {
    pub account_id: i64,
    pub year: i32,
    pub kind: &'a str,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amount: Cents,
    pub reference: &'a str,
    pub declared_by: Option<i64>,
}

pub async fn insert_declaration(
    db: &impl ConnectionTrait,
    n: NewDeclaration<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = income_declaration::ActiveModel {
        contributor_account_id: Set(n.account_id),
        year: Set(n.year),
        kind: Set(n.kind.to_owned()),
        period_start: Set(n.period_start),
        period_end: Set(n.period_end),
        amount_cents: Set(n.amount.get()),
        reference: Set(n.reference.to_owned()),
        declared_by_identity_id: Set(n.declared_by),
        declared_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn find_declaration(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<DeclarationRow>, DbErr> {
    Ok(income_declaration::Entity::find()
        .filter(income_declaration::Column::Reference.eq(reference))
        .one(db)
        .await?
        .map(DeclarationRow::from))
}

/// Replaces `amount` of an amount due. A row is cancelled at most once (UNIQUE constraint).
pub async fn cancel_due(
    db: &impl ConnectionTrait,
    amount_due_id: i64,
    amount: Cents,
    reason: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    due_cancellation::ActiveModel {
        amount_due_id: Set(amount_due_id),
        amount_cents: Set(amount.get()),
        reason: Set(reason.to_owned()),
        source_reference: Set(source.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What a change replaced: (amount due id, amount cancelled).
pub async fn cancellations_by_source(
    db: &impl ConnectionTrait,
    source: &str,
) -> Result<Vec<(i64, Cents)>, DbErr> {
    Ok(due_cancellation::Entity::find()
        .filter(due_cancellation::Column::SourceReference.eq(source))
        .order_by_asc(due_cancellation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.amount_due_id, Cents(c.amount_cents)))
        .collect())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelayRequestRow {
    pub id: i64,
    pub reference: String,
    pub account_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub instalments: u32,
    pub reason: String,
    pub status: String,
    pub requested_by: i64,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_message: Option<String>,
}

impl From<payment_delay_request::Model> for DelayRequestRow {
    fn from(m: payment_delay_request::Model) -> Self {
        DelayRequestRow {
            id: m.id,
            reference: m.reference,
            account_id: m.contributor_account_id,
            amount_due_id: m.amount_due_id,
            amount: Cents(m.amount_cents),
            instalments: u32::try_from(m.instalments).unwrap_or(0),
            reason: m.reason,
            status: m.status,
            requested_by: m.requested_by_identity_id,
            requested_at: m.requested_at,
            decided_by: m.decided_by_identity_id,
            decided_at: m.decided_at,
            decision_message: m.decision_message,
        }
    }
}

pub struct NewDelayRequest<'a> {
    pub reference: &'a str,
    pub account_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub instalments: u32,
    pub reason: &'a str,
    pub requested_by: i64,
}

/// Records a pending request; a second pending request for the same amount due violates the
/// partial unique index `idx_delay_one_pending`.
pub async fn insert_delay_request(
    db: &impl ConnectionTrait,
    n: NewDelayRequest<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = payment_delay_request::ActiveModel {
        reference: Set(n.reference.to_owned()),
        contributor_account_id: Set(n.account_id),
        amount_due_id: Set(n.amount_due_id),
        amount_cents: Set(n.amount.get()),
        instalments: Set(i32::try_from(n.instalments).unwrap_or(i32::MAX)),
        reason: Set(n.reason.to_owned()),
        status: Set(DELAY_PENDING.to_owned()),
        requested_by_identity_id: Set(n.requested_by),
        requested_at: Set(now),
        decided_by_identity_id: Set(None),
        decided_at: Set(None),
        decision_message: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn find_delay_request(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<DelayRequestRow>, DbErr> {
    Ok(payment_delay_request::Entity::find()
        .filter(payment_delay_request::Column::Reference.eq(reference))
        .one(db)
        .await?
        .map(Into::into))
}

/// The account's requests, newest first.
pub async fn list_delay_requests_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DelayRequestRow>, DbErr> {
    Ok(payment_delay_request::Entity::find()
        .filter(payment_delay_request::Column::ContributorAccountId.eq(account_id))
        .order_by_desc(payment_delay_request::Column::RequestedAt)
        .order_by_desc(payment_delay_request::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Requests on the accounts an agency manages, oldest first, pending ones first.
pub async fn list_delay_requests_for_agency(
    db: &impl ConnectionTrait,
    agency_id: i64,
) -> Result<Vec<DelayRequestRow>, DbErr> {
    let accounts: Vec<i64> = contributor_account::Entity::find()
        .filter(contributor_account::Column::AgencyId.eq(agency_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut rows: Vec<DelayRequestRow> = payment_delay_request::Entity::find()
        .filter(payment_delay_request::Column::ContributorAccountId.is_in(accounts))
        .order_by_asc(payment_delay_request::Column::RequestedAt)
        .order_by_asc(payment_delay_request::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    rows.sort_by_key(|r| r.status != DELAY_PENDING);
    Ok(rows)
}

/// Records the decision on a pending request; false when it was no longer pending (another
/// agent decided first), in which case nothing changes.
pub async fn decide_delay_request(
    db: &impl ConnectionTrait,
    id: i64,
    status: &str,
    by: i64,
    message: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = payment_delay_request::Entity::update_many()
        .col_expr(payment_delay_request::Column::Status, Expr::value(status))
        .col_expr(
            payment_delay_request::Column::DecidedByIdentityId,
            Expr::value(by),
        )
        .col_expr(payment_delay_request::Column::DecidedAt, Expr::value(now))
        .col_expr(
            payment_delay_request::Column::DecisionMessage,
            Expr::value(message.map(str::to_owned)),
        )
        .filter(payment_delay_request::Column::Id.eq(id))
        .filter(payment_delay_request::Column::Status.eq(DELAY_PENDING))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
