//! Makes a year's schedule call exactly what the engine computes on the basis in force
//! (`domain.md` §2): the yearly call in December, a declaration of final income or of an
//! estimate, and the demo history all go through here, so every amount due has one origin.

use crate::domain::calls::{self, Declared, Parts};
use crate::domain::contributions::{Activity, EngineError};
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::{self, DeclarationKind, Periodicity};
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::ledger::{self, DeclarationRow, DueRow, NewDue};
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

/// The activity whose CFP rate an artisan's or commerçant's account pays; `None` for the
/// accounts that are not called on a yearly income.
pub fn yearly_activity(a: &AccountRow) -> Option<Activity> {
    match a.category.as_str() {
        "artisan" => Some(Activity::Artisanale),
        "commercant" => Some(Activity::Commerciale),
        _ => None,
    }
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

fn year_period(y: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default(),
    )
}

/// `Cotisations 05/2026`, `Cotisations T2/2026`: the label of a current contribution.
pub fn current_label(p: Periodicity, due_on: NaiveDate) -> String {
    let (start, _) = schedule::period_of_due_date(p, due_on);
    match p {
        Periodicity::Monthly => format!("Cotisations {:02}/{}", start.month(), start.year()),
        Periodicity::Quarterly => {
            format!("Cotisations T{}/{}", start.month0() / 3 + 1, start.year())
        }
    }
}

/// Recomputes `year` on `today` and changes the schedule so that the year calls exactly what
/// the engine gives for the basis in force: the unpaid rows still ahead (current contributions
/// of the year, or an earlier regularisation of it) are replaced, and the difference with what
/// stays called is spread over the due dates left (those of the year itself while it runs or
/// is ahead, else the regularisation dates) or becomes a credit. Nothing changes when the year
/// already calls what it should, so calling it twice is harmless. The caller holds the
/// account's lock.
pub async fn recompute_year(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    year: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
    reference: &str,
) -> Result<(), RecomputeError> {
    let activity = yearly_activity(a).ok_or(RecomputeError::Account(a.id))?;
    let p = Periodicity::from_code(&a.periodicity).ok_or(RecomputeError::Account(a.id))?;
    let Some((_, income)) =
        calls::basis_in_force(year, &annual(&ledger::list_declarations(db, a.id).await?))
    else {
        return Ok(());
    };
    let target = calls::year_parts(year, activity, income)?;
    let rows = ledger::list_due_rows(db, a.id).await?;
    if called_for(&rows, year) == target {
        return Ok(());
    }
    // An amount waiting for a delay decision stays as it is: the agent decides on it.
    let pending: Vec<i64> = repo::list_delay_requests_for_account(db, a.id)
        .await?
        .into_iter()
        .filter(|r| r.status == repo::DELAY_PENDING)
        .map(|r| r.amount_due_id)
        .collect();
    let replaceable: Vec<&DueRow> = rows
        .iter()
        .filter(|r| {
            r.period_start.year() == year
                && matches!(
                    r.line.kind,
                    DueKind::CurrentContribution | DueKind::Regularisation
                )
                && r.line.due_on > today
                && r.line.allocated == Cents::ZERO
                && r.cancelled == Cents::ZERO
                && r.line.amount.get() > 0
                && !pending.contains(&r.line.id)
        })
        .collect();
    // The year's own due dates while some are ahead; otherwise (a past year, or a year whose
    // last due date has gone) the difference is a regularisation of that year, on the next
    // due dates: it still counts for `year`, never for the year it is paid in.
    let own = if year < today.year() {
        vec![]
    } else {
        schedule::remaining_due_dates(p, year, today)
    };
    let past = own.is_empty();
    let dates = if past {
        schedule::regularisation_dates(p, today)
    } else {
        own
    };
    let dates = schedule::on_due_day(dates, p, a.debit_day);
    let fixed = called_for(&rows, year) - replaceable.iter().map(|r| r.parts).sum();
    for r in &replaceable {
        let reason = if past {
            repo::CANCEL_REGULARISATION
        } else {
            repo::CANCEL_ESTIMATE
        };
        repo::cancel_due(db, r.line.id, r.line.amount, reason, reference, now).await?;
    }
    let r = calls::recompute(target, fixed, &dates);
    let regularisation = format!("Régularisation {year}");
    for (due_on, parts) in &r.parts {
        let (kind, label, period) = if past {
            (
                DueKind::Regularisation,
                regularisation.clone(),
                year_period(year),
            )
        } else {
            (
                DueKind::CurrentContribution,
                current_label(p, *due_on),
                schedule::period_of_due_date(p, *due_on),
            )
        };
        insert(
            db, a.id, kind, &label, period, *due_on, *parts, reference, now,
        )
        .await?;
    }
    if let Some(credit) = r.credit {
        let label = format!("Trop-perçu {year}");
        insert(
            db,
            a.id,
            DueKind::Regularisation,
            &label,
            year_period(year),
            today,
            credit,
            reference,
            now,
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
