//! Reading the append-only ledger of a contributor account.

use crate::domain::ledger::{DueKind, DueLine, PaymentMethod};
use crate::domain::money::Cents;
use crate::persistence::entities::{allocation, amount_due, payment};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// Every amount due on the account with what has been allocated to it, by due date.
pub async fn list_due_lines(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<DueLine>, DbErr> {
    let dues = amount_due::Entity::find()
        .filter(amount_due::Column::ContributorAccountId.eq(account_id))
        .order_by_asc(amount_due::Column::DueOn)
        .order_by_asc(amount_due::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = dues.iter().map(|d| d.id).collect();
    let mut allocated: HashMap<i64, i64> = HashMap::new();
    for a in allocation::Entity::find().filter(allocation::Column::AmountDueId.is_in(ids)).all(db).await? {
        *allocated.entry(a.amount_due_id).or_default() += a.amount_cents;
    }
    dues.into_iter()
        .map(|d| {
            let kind = DueKind::from_code(&d.kind).ok_or_else(|| DbErr::Custom(format!("unknown due kind {}", d.kind)))?;
            Ok(DueLine { id: d.id, kind, due_on: d.due_on, amount: Cents(d.amount_cents), allocated: Cents(allocated.get(&d.id).copied().unwrap_or(0)) })
        })
        .collect()
}

/// The sum of every payment received on the account.
pub async fn payments_total(db: &impl ConnectionTrait, account_id: i64) -> Result<Cents, DbErr> {
    let rows = payment::Entity::find().filter(payment::Column::ContributorAccountId.eq(account_id)).all(db).await?;
    Ok(Cents(rows.iter().map(|p| p.amount_cents).sum()))
}

pub struct NewDue<'a> {
    pub account_id: i64,
    pub kind: DueKind,
    pub label: &'a str,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub due_on: NaiveDate,
    pub amount: Cents,
}

pub async fn insert_due(db: &impl ConnectionTrait, n: NewDue<'_>, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let m = amount_due::ActiveModel {
        contributor_account_id: Set(n.account_id),
        kind: Set(n.kind.code().to_owned()),
        label: Set(n.label.to_owned()),
        period_start: Set(n.period_start),
        period_end: Set(n.period_end),
        due_on: Set(n.due_on),
        amount_cents: Set(n.amount.get()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn insert_payment(db: &impl ConnectionTrait, account_id: i64, received_on: NaiveDate, amount: Cents, method: PaymentMethod, reference: &str, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let m = payment::ActiveModel {
        contributor_account_id: Set(account_id),
        received_on: Set(received_on),
        amount_cents: Set(amount.get()),
        method: Set(method.code().to_owned()),
        reference: Set(reference.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn insert_allocation(db: &impl ConnectionTrait, payment_id: i64, amount_due_id: i64, amount: Cents, now: DateTime<Utc>) -> Result<(), DbErr> {
    allocation::ActiveModel {
        payment_id: Set(payment_id),
        amount_due_id: Set(amount_due_id),
        amount_cents: Set(amount.get()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
