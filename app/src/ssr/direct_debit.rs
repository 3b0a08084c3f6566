//! Automatic debit (prélèvement automatique) of current contributions: joining it, changing its
//! periodicity or day once per calendar year (effective the second month after the request),
//! the schedule moved to the new debit dates, and its pre-notification by email.

use super::payments::{own_account, payment_href};
use super::state::AppState;
use crate::domain::access::Category;
use crate::domain::calendar::date_fr;
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::Periodicity;
use crate::domain::sepa::{check_debit_request, direct_debit_collection, DebitPlan};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::ledger;
use crate::persistence::repo::outbox;
use crate::persistence::repo::payments::{
    self as repo, InstructionRow, NewInstruction, INSTRUCTION_ACCOUNT, INSTRUCTION_CHANGE,
    INSTRUCTION_JOIN, MANDATE_ACTIVE,
};
use crate::persistence::repo::schedule::{self as schedule_repo, CANCEL_DEBIT_PLAN};
use crate::platform::references::new_reference;
use chrono::{Datelike, NaiveDate};
use sea_orm::ConnectionTrait;
use std::collections::BTreeMap;

/// The arrangement in force on `day`: the latest instruction effective by then.
pub fn plan_on(instructions: &[InstructionRow], day: NaiveDate) -> Option<&InstructionRow> {
    instructions
        .iter()
        .filter(|i| i.effective_from <= day)
        .max_by_key(|i| (i.effective_from, i.id))
}

/// Whether automatic debit collects this amount: current contributions and regularisations due
/// while an arrangement is in force (accounts opened on automatic debit before instructions
/// were recorded keep their flag).
pub fn collected_by_debit(
    a: &AccountRow,
    instructions: &[InstructionRow],
    kind: DueKind,
    due_on: NaiveDate,
) -> bool {
    if !matches!(kind, DueKind::CurrentContribution | DueKind::Regularisation) {
        return false;
    }
    if instructions.is_empty() {
        a.automatic_debit
    } else {
        plan_on(instructions, due_on).is_some()
    }
}

/// Joins or changes automatic debit; returns the payment page's address.
pub async fn request(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    mandate_id: Option<i64>,
    periodicity: &str,
    day: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let keep =
        |e: FormErrors| AppError::Invalid(e.keep("periodicite", periodicity).keep("jour", day));
    if a.closed_on.is_some() {
        return Err(keep(FormErrors::field(
            "periodicite",
            "Prélèvement automatique : ce compte cotisant est fermé.",
        )));
    }
    let mut errors = FormErrors::default();
    let p = match periodicity {
        "mensuelle" => Some(Periodicity::Monthly),
        "trimestrielle" => Some(Periodicity::Quarterly),
        _ => {
            errors.push(
                "periodicite",
                "Périodicité : choisissez un prélèvement mensuel ou trimestriel.",
            );
            None
        }
    };
    let chooses_day = Category::from_code(&a.category).is_none_or(Category::chooses_debit_day);
    let d = if p == Some(Periodicity::Quarterly) || !chooses_day {
        Some(5)
    } else {
        day.trim().parse::<u32>().ok()
    };
    let mandates = repo::list_mandates(&state.db, a.id).await?;
    let mandate = match mandate_id {
        Some(id) => mandates
            .iter()
            .find(|m| m.id == id && m.status == MANDATE_ACTIVE),
        None => None,
    };
    if mandate.is_none() {
        let msg = if mandates.iter().any(|m| m.status == MANDATE_ACTIVE) {
            "Compte à débiter : choisissez l'un de vos comptes bancaires avec un mandat actif."
        } else {
            "Compte à débiter : adhérez d'abord au télépaiement ci-dessus ; le prélèvement automatique utilise un mandat SEPA."
        };
        errors.push("mandat", msg);
    }
    let (Some(p), Some(mandate)) = (p, mandate.filter(|_| errors.is_empty())) else {
        return Err(keep(errors));
    };
    let plan = DebitPlan {
        periodicity: p,
        day: d.unwrap_or(0),
    };
    let today = state.clock.today();
    let now = state.clock.now();
    let txn = super::lock_account(state, a.id).await?;
    let instructions = repo::list_instructions(&txn, a.id).await?;
    let last_change = instructions
        .iter()
        .filter(|i| i.kind == INSTRUCTION_CHANGE)
        .map(|i| super::payments::paris(i.requested_at).date())
        .max();
    let current = instructions.last().map(|i| i.plan).or_else(|| {
        a.automatic_debit.then(|| DebitPlan {
            periodicity: Periodicity::from_code(&a.periodicity).unwrap_or(Periodicity::Quarterly),
            day: a.debit_day,
        })
    });
    // Only the bank account of the arrangement in force changes: at once, and not the yearly
    // change (a pending request is not in force: changing it again is a change).
    let in_force = plan_on(&instructions, today);
    let new_account_only = in_force.is_some_and(|i| {
        instructions.last().map(|l| l.id) == Some(i.id)
            && i.plan == plan
            && i.mandate_id != mandate.id
    });
    let effective = match check_debit_request(current, plan, last_change, today) {
        _ if new_account_only => today,
        Ok(e) => e,
        Err(e) => {
            let field = if matches!(e, crate::domain::sepa::DebitChangeError::Day) {
                "jour"
            } else {
                "periodicite"
            };
            return Err(keep(FormErrors::field(field, e.to_string())));
        }
    };
    let reference = new_reference("PRL", today.year());
    let kind = if new_account_only {
        INSTRUCTION_ACCOUNT
    } else if current.is_some() {
        INSTRUCTION_CHANGE
    } else {
        INSTRUCTION_JOIN
    };
    repo::insert_instruction(
        &txn,
        NewInstruction {
            reference: &reference,
            account_id: a.id,
            mandate_id: mandate.id,
            kind,
            plan,
            requested_by: viewer.identity_id,
            effective_from: effective,
        },
        now,
    )
    .await?;
    if !new_account_only {
        move_schedule(&txn, &a, plan, effective, &reference, now).await?;
        schedule_repo::set_periodicity(
            &txn,
            a.id,
            if p == Periodicity::Monthly {
                "monthly"
            } else {
                "quarterly"
            },
            plan.day,
        )
        .await?;
    }
    let action = match kind {
        INSTRUCTION_JOIN => "direct_debit_joined",
        INSTRUCTION_ACCOUNT => "direct_debit_account_changed",
        _ => "direct_debit_changed",
    };
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: None,
            action,
            object: Some(reference.clone()),
            outcome: "ok",
            ip,
        },
    )
    .await?;
    let instructions = repo::list_instructions(&txn, a.id).await?;
    notify(
        &txn,
        state,
        &a,
        &instructions,
        today,
        now,
        Some((&reference, plan, effective, &mandate.rum)),
    )
    .await?;
    txn.commit().await?;
    Ok(format!("{}&prelevement={reference}", payment_href(a.id)))
}

/// Moves the unpaid current contributions due from `effective` onwards to the debit dates of
/// the new arrangement that fall within the periods they cover, year by year (same total,
/// spread to the cent): a quarter due on 5 August becomes 20 July, 20 August and 20 September.
async fn move_schedule(
    db: &impl ConnectionTrait,
    a: &AccountRow,
    plan: DebitPlan,
    effective: NaiveDate,
    reference: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let rows = ledger::list_due_rows(db, a.id).await?;
    let mut by_year: BTreeMap<i32, Vec<&ledger::DueRow>> = BTreeMap::new();
    for r in rows.iter().filter(|r| {
        r.line.kind == DueKind::CurrentContribution
            && r.line.due_on >= effective
            && r.line.allocated == Cents::ZERO
            && r.cancelled == Cents::ZERO
            && r.line.amount.get() > 0
    }) {
        by_year.entry(r.line.due_on.year()).or_default().push(r);
    }
    for (year, old) in by_year {
        // The new dates cover the same periods: none after the end of the last period moved.
        let last_end = old.iter().map(|r| r.period_end).max().unwrap_or(effective);
        let dates: Vec<NaiveDate> = plan
            .dates_from(year, effective)
            .into_iter()
            .filter(|d| *d <= last_end)
            .collect();
        let old_dates: Vec<NaiveDate> = old.iter().map(|r| r.line.due_on).collect();
        if dates.is_empty() || dates == old_dates {
            continue;
        }
        let total: crate::domain::calls::Parts = old.iter().map(|r| r.parts).sum();
        for r in &old {
            schedule_repo::cancel_due(
                db,
                r.line.id,
                r.line.amount,
                CANCEL_DEBIT_PLAN,
                reference,
                now,
            )
            .await?;
        }
        let label = old
            .first()
            .map(|r| r.label.clone())
            .unwrap_or_else(|| format!("Cotisations provisionnelles {year}"));
        let start = old
            .iter()
            .map(|r| r.period_start)
            .min()
            .unwrap_or(effective);
        for (due_on, parts) in crate::domain::calls::split(total, &dates) {
            let period = (start, last_end);
            let kind = DueKind::CurrentContribution;
            crate::persistence::recompute::insert(
                db, a.id, kind, &label, period, due_on, parts, reference, now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Sends the pre-notification of every amount automatic debit will collect that was not yet
/// notified (one email per account); each amount is claimed once (UNIQUE), so two processes
/// never notify it twice; run it in a transaction, so that the claims and the email go together.
/// `joined` adds the confirmation of a new request to the email.
pub async fn notify(
    db: &impl ConnectionTrait,
    state: &AppState,
    a: &AccountRow,
    instructions: &[InstructionRow],
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    joined: Option<(&str, DebitPlan, NaiveDate, &str)>,
) -> Result<usize, AppError> {
    if instructions.is_empty() {
        return Ok(0);
    }
    // No address, no pre-notification: and without one, nothing is debited.
    let Some(to) = super::delays::holder_email(db, a.person_id).await? else {
        return Ok(0);
    };
    let rows = ledger::list_due_rows(db, a.id).await?;
    let mut lines = Vec::new();
    for r in rows.iter().filter(|r| {
        r.line.remaining().get() > 0
            && r.line.due_on >= today
            && collected_by_debit(a, instructions, r.line.kind, r.line.due_on)
    }) {
        if repo::claim_notice(db, a.id, r.line.id, today, now).await? {
            lines.push(format!(
                "- {} : {} ({})",
                date_fr(direct_debit_collection(r.line.due_on, today)),
                r.line.remaining().format_fr(),
                r.label
            ));
        }
    }
    if lines.is_empty() && joined.is_none() {
        return Ok(0);
    }
    let head = match joined {
        Some((reference, plan, effective, rum)) => format!(
            "Votre demande de prélèvement automatique {reference} est enregistrée : prélèvement {}, à partir du {}, avec le mandat {rum}.\n\n",
            plan.label(),
            date_fr(effective)
        ),
        None => String::new(),
    };
    let body = format!(
        "Bonjour,\n\n{head}Voici l'échéancier de vos prochains prélèvements pour le compte cotisant n° {} (pré-notification, au moins 14 jours avant chaque prélèvement) :\n\n{}\n\nCréancier : {} – ICS {}.\n",
        a.account_number,
        if lines.is_empty() { "(aucun montant à prélever pour l'instant)".to_owned() } else { lines.join("\n") },
        state.config.creditor.name,
        state.config.creditor.ics
    );
    outbox::insert_message(
        db,
        &to,
        "Vos prochains prélèvements automatiques",
        &body,
        now,
    )
    .await?;
    Ok(lines.len())
}
