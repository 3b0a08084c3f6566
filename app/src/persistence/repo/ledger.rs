//! Reading the append-only ledger of a contributor account.

use crate::domain::calls::Parts;
use crate::domain::ledger::{DueKind, DueLine, PaymentMethod};
use crate::domain::money::Cents;
use crate::persistence::entities::{
    allocation, amount_due, credit_use, due_cancellation, income_declaration, payment,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// Every amount due on the account with what has been allocated to it, by due date. A row a
/// later change replaced counts only for what was left of it (its paid part); a row replaced
/// entirely is not listed.
pub async fn list_due_lines(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DueLine>, DbErr> {
    Ok(list_due_rows(db, account_id)
        .await?
        .into_iter()
        .map(|r| r.line)
        .collect())
}

/// The sum of every payment received on the account.
pub async fn payments_total(db: &impl ConnectionTrait, account_id: i64) -> Result<Cents, DbErr> {
    let rows = payment::Entity::find()
        .filter(payment::Column::ContributorAccountId.eq(account_id))
        .all(db)
        .await?;
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
    /// The declaration or delay request behind this row.
    pub source: Option<&'a str>,
    /// The share of each line in `amount`, when the engine computed it.
    pub parts: Option<Parts>,
}

pub async fn insert_due(
    db: &impl ConnectionTrait,
    n: NewDue<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = amount_due::ActiveModel {
        contributor_account_id: Set(n.account_id),
        kind: Set(n.kind.code().to_owned()),
        label: Set(n.label.to_owned()),
        period_start: Set(n.period_start),
        period_end: Set(n.period_end),
        due_on: Set(n.due_on),
        amount_cents: Set(n.amount.get()),
        created_at: Set(now),
        source_reference: Set(n.source.map(str::to_owned)),
        csg_crds_cents: Set(n.parts.map_or(0, |p| p.csg_crds.get())),
        cfp_cents: Set(n.parts.map_or(0, |p| p.cfp.get())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub async fn insert_payment(
    db: &impl ConnectionTrait,
    account_id: i64,
    received_on: NaiveDate,
    amount: Cents,
    method: PaymentMethod,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
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

pub async fn insert_allocation(
    db: &impl ConnectionTrait,
    payment_id: i64,
    amount_due_id: i64,
    amount: Cents,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
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

/// Deducts part of a credit (a negative amount due) from a later amount due.
pub async fn insert_credit_use(
    db: &impl ConnectionTrait,
    credit_due_id: i64,
    amount_due_id: i64,
    amount: Cents,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    credit_use::ActiveModel {
        credit_due_id: Set(credit_due_id),
        amount_due_id: Set(amount_due_id),
        amount_cents: Set(amount.get()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A part of a credit deducted from a later amount due, as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditUseRow {
    pub credit_due_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub at: DateTime<Utc>,
}

/// Every credit deduction on the account's amounts due, newest first.
pub async fn list_credit_uses(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<CreditUseRow>, DbErr> {
    let ids: Vec<i64> = amount_due::Entity::find()
        .filter(amount_due::Column::ContributorAccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    credit_uses_of(db, ids).await
}

async fn credit_uses_of(
    db: &impl ConnectionTrait,
    due_ids: Vec<i64>,
) -> Result<Vec<CreditUseRow>, DbErr> {
    Ok(credit_use::Entity::find()
        .filter(credit_use::Column::AmountDueId.is_in(due_ids))
        .order_by_desc(credit_use::Column::CreatedAt)
        .order_by_desc(credit_use::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| CreditUseRow {
            credit_due_id: u.credit_due_id,
            amount_due_id: u.amount_due_id,
            amount: Cents(u.amount_cents),
            at: u.created_at,
        })
        .collect())
}

/// An amount due as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueRow {
    pub line: DueLine,
    pub label: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub source_reference: Option<String>,
    /// The part a later change replaced (zero when none).
    pub cancelled: Cents,
    /// The share of each line in what is left of the row (`line.amount`).
    pub parts: Parts,
}

impl DueRow {
    /// Replaced entirely by a later change and never paid: the schedule no longer lists it.
    pub fn replaced_entirely(&self) -> bool {
        self.cancelled != Cents::ZERO
            && self.line.amount == Cents::ZERO
            && self.line.allocated == Cents::ZERO
    }
}

/// Every amount due with its label and period, by due date; amounts net of cancellations.
pub async fn list_due_rows(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DueRow>, DbErr> {
    rows(db, account_id, false).await
}

/// The same, with the rows a later change replaced entirely (their amount then zero).
pub async fn list_all_due_rows(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DueRow>, DbErr> {
    rows(db, account_id, true).await
}

async fn rows(
    db: &impl ConnectionTrait,
    account_id: i64,
    include_replaced: bool,
) -> Result<Vec<DueRow>, DbErr> {
    let dues = amount_due::Entity::find()
        .filter(amount_due::Column::ContributorAccountId.eq(account_id))
        .order_by_asc(amount_due::Column::DueOn)
        .order_by_asc(amount_due::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = dues.iter().map(|d| d.id).collect();
    let mut allocated: HashMap<i64, i64> = HashMap::new();
    for a in allocation::Entity::find()
        .filter(allocation::Column::AmountDueId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        *allocated.entry(a.amount_due_id).or_default() += a.amount_cents;
    }
    // A credit deducted from a later amount counts as allocated to that amount, and as
    // allocated away (negatively) from the credit.
    for u in credit_uses_of(db, ids.clone()).await? {
        *allocated.entry(u.amount_due_id).or_default() += u.amount.get();
        *allocated.entry(u.credit_due_id).or_default() -= u.amount.get();
    }
    let cancelled: HashMap<i64, i64> = due_cancellation::Entity::find()
        .filter(due_cancellation::Column::AmountDueId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.amount_due_id, c.amount_cents))
        .collect();
    let mut out = Vec::with_capacity(dues.len());
    for d in dues {
        let kind = DueKind::from_code(&d.kind)
            .ok_or_else(|| DbErr::Custom(format!("unknown due kind {}", d.kind)))?;
        let cut = cancelled.get(&d.id).copied().unwrap_or(0);
        let paid = allocated.get(&d.id).copied().unwrap_or(0);
        let recorded = Parts {
            contributions: Cents(d.amount_cents - d.csg_crds_cents - d.cfp_cents),
            csg_crds: Cents(d.csg_crds_cents),
            cfp: Cents(d.cfp_cents),
        };
        let row = DueRow {
            line: DueLine {
                id: d.id,
                kind,
                due_on: d.due_on,
                amount: Cents(d.amount_cents - cut),
                allocated: Cents(paid),
            },
            label: d.label,
            period_start: d.period_start,
            period_end: d.period_end,
            source_reference: d.source_reference,
            cancelled: Cents(cut),
            parts: recorded.scaled_to(Cents(d.amount_cents - cut)),
        };
        if include_replaced || !row.replaced_entirely() {
            out.push(row);
        }
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRow {
    pub received_on: NaiveDate,
    pub amount: Cents,
    pub method: PaymentMethod,
    pub reference: String,
}

/// Payments received, newest first.
pub async fn list_payments(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<PaymentRow>, DbErr> {
    let rows = payment::Entity::find()
        .filter(payment::Column::ContributorAccountId.eq(account_id))
        .order_by_desc(payment::Column::ReceivedOn)
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|p| {
            let method = PaymentMethod::from_code(&p.method)
                .ok_or_else(|| DbErr::Custom(format!("unknown payment method {}", p.method)))?;
            Ok(PaymentRow {
                received_on: p.received_on,
                amount: Cents(p.amount_cents),
                method,
                reference: p.reference,
            })
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationRow {
    pub id: i64,
    pub account_id: i64,
    pub declared_by_identity_id: Option<i64>,
    pub year: i32,
    pub kind: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amount: Cents,
    pub reference: String,
    pub declared_at: DateTime<Utc>,
}

/// Every declaration of the account, oldest first (none is ever overwritten).
pub async fn list_declarations(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DeclarationRow>, DbErr> {
    let rows = income_declaration::Entity::find()
        .filter(income_declaration::Column::ContributorAccountId.eq(account_id))
        .order_by_asc(income_declaration::Column::DeclaredAt)
        .order_by_asc(income_declaration::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(DeclarationRow::from).collect())
}

impl From<income_declaration::Model> for DeclarationRow {
    fn from(r: income_declaration::Model) -> Self {
        DeclarationRow {
            id: r.id,
            account_id: r.contributor_account_id,
            declared_by_identity_id: r.declared_by_identity_id,
            year: r.year,
            kind: r.kind,
            period_start: r.period_start,
            period_end: r.period_end,
            amount: Cents(r.amount_cents),
            reference: r.reference,
            declared_at: r.declared_at,
        }
    }
}
