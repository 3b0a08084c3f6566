//! Makes a year's schedule call exactly what the engine computes on the basis in force
//! (`domain.md` §2): the yearly call in December, a declaration of final income or of an
//! estimate, and the demo history all go through here, so every amount due has one origin.
//! The rules are [`calls::plan_year`]'s; this module reads the schedule and writes the plan.

use crate::domain::access::Category;
use crate::domain::calls::{self, CalledRow, Declared, Parts};
use crate::domain::contributions::{Activity, EngineError};
use crate::domain::ledger::{self as ledger_rules, DueKind};
use crate::domain::money::Cents;
use crate::domain::schedule::{DeclarationKind, Periodicity};
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::ledger::{self, DeclarationRow, DueRow, NewDue};
use crate::persistence::repo::payments;
use crate::persistence::repo::schedule as repo;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr};

#[derive(Debug, thiserror::Error)]
pub enum RecomputeError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("account {0} has no periodicity or category the schedule knows")]
    Account(i64),
}

/// The activity whose CFP rate the account's yearly income pays (artisans and commerçants).
pub fn yearly_activity(a: &AccountRow) -> Option<Activity> {
    Category::from_code(&a.category).and_then(calls::yearly_activity)
}

/// The annual-income declarations among `declarations`, in the order they were made.
pub fn annual(declarations: &[DeclarationRow]) -> Vec<Declared> {
    declarations
        .iter()
        .filter_map(|d| {
            let kind = DeclarationKind::from_code(&d.kind)?;
            (kind != DeclarationKind::Turnover).then_some(Declared {
                year: d.year,
                kind,
                amount: d.amount,
            })
        })
        .collect()
}

/// What the rows of `year` (by the period they cover) call for so far, line by line.
pub fn called_for(rows: &[DueRow], year: i32) -> Parts {
    rows.iter()
        .filter(|r| r.period_start.year() == year)
        .map(|r| r.parts)
        .sum()
}

/// Recomputes a year already called (or the current year) so that it calls exactly what the
/// engine gives on the basis in force; a later year not yet called is left to the yearly call,
/// an earlier one never called has nothing to regularise. Calling it twice is harmless. The
/// caller holds the account's lock.
pub async fn recompute_year(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
    reference: &str,
) -> Result<(), RecomputeError> {
    recompute_only(db, a, year, (today, now), reference).await?;
    apply_credits(db, a.id, today, now).await
}

async fn recompute_only(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    (today, now): (NaiveDate, DateTime<Utc>),
    reference: &str,
) -> Result<(), RecomputeError> {
    let rows = ledger::list_due_rows(db, a.id).await?;
    if year != today.year() && !rows.iter().any(|r| r.period_start.year() == year) {
        return Ok(());
    }
    write_year(db, a, year, rows, (today, now), reference).await
}

/// The yearly call: `year`'s provisional instalments, computed on the basis in force. The
/// caller holds the account's lock; calling it again changes nothing.
pub async fn call_year(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
    reference: &str,
) -> Result<(), RecomputeError> {
    let rows = ledger::list_due_rows(db, a.id).await?;
    write_year(db, a, year, rows, (today, now), reference).await?;
    apply_credits(db, a.id, today, now).await
}

/// What a final income of `year` changes (`domain.md` §2): `year` is regularised, the next
/// year's remaining instalments are recomputed on it (unless an estimate is in force), and the
/// year after, whose provisional calls are on N−2, once it has been called.
pub async fn after_final_income(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
    reference: &str,
) -> Result<(), RecomputeError> {
    // Every year first, then the credits: a credit deducted from an instalment would keep that
    // instalment from being recomputed.
    for y in year..=year + 2 {
        recompute_only(db, a, y, (today, now), reference).await?;
    }
    apply_credits(db, a.id, today, now).await
}

/// Deducts the account's credits from its next amounts due ([`ledger_rules::credit_uses`]):
/// what a scheduled telepayment already covers and amounts awaiting a delay decision are left
/// alone. The caller holds the account's lock; calling it again changes nothing.
pub async fn apply_credits(
    db: &impl ConnectionTrait,
    account_id: i64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), RecomputeError> {
    let lines = ledger::list_due_lines(db, account_id).await?;
    if lines.iter().all(|l| l.credit_left() == Cents::ZERO) {
        return Ok(());
    }
    let scheduled: Vec<(i64, Cents)> = payments::list_telepayments(db, account_id)
        .await?
        .into_iter()
        .filter(|t| {
            matches!(
                t.status.as_str(),
                payments::TELEPAYMENT_SCHEDULED | payments::TELEPAYMENT_COLLECTING
            )
        })
        .map(|t| (t.amount_due_id, t.amount))
        .collect();
    let held = pending_delays(db, account_id).await?;
    for u in ledger_rules::credit_uses(&lines, &scheduled, &held, today) {
        ledger::insert_credit_use(db, u.credit_id, u.due_id, u.amount, now).await?;
    }
    Ok(())
}

/// The amounts awaiting a payment-delay decision.
async fn pending_delays(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<i64>, DbErr> {
    Ok(repo::list_delay_requests_for_account(db, account_id)
        .await?
        .into_iter()
        .filter(|r| r.status == repo::DELAY_PENDING)
        .map(|r| r.amount_due_id)
        .collect())
}

async fn write_year(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    rows: Vec<DueRow>,
    (today, now): (NaiveDate, DateTime<Utc>),
    reference: &str,
) -> Result<(), RecomputeError> {
    let activity = yearly_activity(a).ok_or(RecomputeError::Account(a.id))?;
    let p = Periodicity::from_code(&a.periodicity).ok_or(RecomputeError::Account(a.id))?;
    let declared = annual(&ledger::list_declarations(db, a.id).await?);
    let Some((_, income)) = calls::basis_in_force(year, &declared) else {
        return Ok(());
    };
    let target = calls::year_parts(year, activity, income)?;
    let called = called_for(&rows, year);
    if called == target {
        return Ok(());
    }
    let pending = pending_delays(db, a.id).await?;
    let of_year: Vec<CalledRow> = rows
        .into_iter()
        .filter(|r| r.period_start.year() == year)
        .map(|r| CalledRow {
            awaiting_delay: pending.contains(&r.line.id),
            replaced: r.cancelled != Cents::ZERO,
            parts: r.parts,
            line: r.line,
        })
        .collect();
    let Some(plan) = calls::plan_year(year, target, called, &of_year, today, (p, a.debit_day))
    else {
        return Ok(());
    };
    let reason = if plan.regularisation {
        repo::CANCEL_REGULARISATION
    } else {
        repo::CANCEL_ESTIMATE
    };
    for (id, row) in of_year.iter().map(|r| (r.line.id, r)) {
        if plan.replace.contains(&id) {
            repo::cancel_due(db, id, row.line.amount, reason, reference, now).await?;
        }
    }
    for n in &plan.add {
        insert(
            db, a.id, n.kind, &n.label, n.period, n.due_on, n.parts, reference, now,
        )
        .await?;
    }
    Ok(())
}

/// Records an amount due made of `parts`, created by `reference`.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    db: &impl ConnectionTrait,
    account_id: i64,
    kind: DueKind,
    label: &str,
    (period_start, period_end): (NaiveDate, NaiveDate),
    due_on: NaiveDate,
    parts: Parts,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    ledger::insert_due(
        db,
        NewDue {
            account_id,
            kind,
            label,
            period_start,
            period_end,
            due_on,
            amount: parts.total(),
            source: Some(reference),
            parts: Some(parts),
        },
        now,
    )
    .await?;
    Ok(())
}
