//! Collection, down to the bank: after the noon cut-off the day before each collection date,
//! telepayments and automatic debits become debits, and one pain.008.001.02 file is written per
//! collection date and sequence type. Every process runs this; each step is claimed with a
//! single INSERT guarded by a UNIQUE constraint, so two processes never collect anything twice.

use super::payments::paris;
use super::state::AppState;
use crate::api::payments::BankFileView;
use crate::domain::calendar::date_fr;
use crate::domain::ledger::PaymentMethod;
use crate::domain::money::Cents;
use crate::domain::pain008::{self, Batch, Creditor, DirectDebit, SequenceType};
use crate::domain::sepa::{self, Iban};
use crate::error::AppError;
use crate::persistence::repo::accounts;
use crate::persistence::repo::ledger;
use crate::persistence::repo::outbox;
use crate::persistence::repo::payments::{
    self as repo, DebitRow, NewDebit, MANDATE_ACTIVE, MANDATE_LAPSED, SOURCE_DIRECT_DEBIT,
    SOURCE_TELEPAYMENT, TELEPAYMENT_CANCELLED, TELEPAYMENT_COLLECTING, TELEPAYMENT_REPLACED,
    TELEPAYMENT_SCHEDULED,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::TransactionTrait;
use std::collections::HashMap;

/// Files are made a few minutes after the cut-off, so that a payment validated just before
/// noon has committed.
pub const GRACE_MINUTES: i64 = 5;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CollectionReport {
    pub lapsed: usize,
    pub notified: usize,
    pub debits: usize,
    pub files: Vec<String>,
}

fn due_for_filing(collection: NaiveDate, now_paris: chrono::NaiveDateTime) -> bool {
    now_paris >= sepa::noon_before(collection) + Duration::minutes(GRACE_MINUTES)
}

async fn sequence_for(
    db: &impl sea_orm::ConnectionTrait,
    mandate: &repo::MandateRow,
    collection: NaiveDate,
) -> Result<SequenceType, AppError> {
    let first = sepa::sequence_is_first(mandate.last_collected_on, collection)
        && !repo::mandate_debited_before(db, mandate.id, collection).await?;
    Ok(if first {
        SequenceType::First
    } else {
        SequenceType::Recurrent
    })
}

/// The collection date a debit goes out on: the planned one, or the first reachable one when
/// the planned day has already passed (the worker was stopped): a bank refuses past dates.
fn reachable(planned: NaiveDate, now_paris: chrono::NaiveDateTime) -> NaiveDate {
    if planned < now_paris.date() {
        sepa::earliest_collection(now_paris)
    } else {
        planned
    }
}

/// Whether a mandate still carries a scheduled or collecting telepayment, or the automatic debit.
async fn mandate_in_use(
    db: &impl sea_orm::ConnectionTrait,
    m: &repo::MandateRow,
    today: NaiveDate,
) -> Result<bool, AppError> {
    let instructions = repo::list_instructions(db, m.account_id).await?;
    if super::direct_debit::plan_on(&instructions, today).is_some_and(|i| i.mandate_id == m.id)
        || instructions
            .iter()
            .any(|i| i.effective_from > today && i.mandate_id == m.id)
    {
        return Ok(true);
    }
    Ok(repo::list_telepayments(db, m.account_id)
        .await?
        .iter()
        .any(|t| {
            matches!(
                t.status.as_str(),
                TELEPAYMENT_SCHEDULED | TELEPAYMENT_COLLECTING
            ) && t.parts.iter().any(|(id, _)| *id == m.id)
        }))
}

/// One pass of the collection job at `now`.
pub async fn run(state: &AppState, now: DateTime<Utc>) -> Result<CollectionReport, AppError> {
    let now_paris = paris(now);
    let today = now_paris.date();
    let mut report = CollectionReport::default();
    let db = &state.db;

    // 1. Mandates unused for 36 months lapse (never one a payment still relies on).
    for m in repo::list_active_mandates_everywhere(db).await? {
        let since = m
            .last_collected_on
            .unwrap_or_else(|| paris(m.signed_at).date());
        if sepa::mandate_lapsed(since, today)
            && !mandate_in_use(db, &m, today).await?
            && repo::end_mandate(db, m.id, MANDATE_LAPSED, now).await?
        {
            report.lapsed += 1;
        }
    }

    // 2. Automatic debit: pre-notify new amounts, then turn those past their cut-off into debits.
    for account_id in repo::accounts_with_instructions(db).await? {
        let Some(a) = accounts::find_account(db, account_id).await? else {
            continue;
        };
        let instructions = repo::list_instructions(db, a.id).await?;
        // The account's lock first: on SQLite a transaction that reads before it writes can fail
        // when another process writes meanwhile.
        let txn = db.begin().await?;
        crate::persistence::repo::schedule::lock_account(&txn, a.id).await?;
        report.notified +=
            super::direct_debit::notify(&txn, state, &a, &instructions, today, now, None).await?;
        txn.commit().await?;
        let notices = repo::notices_for_account(db, a.id).await?;
        // An amount the person chose to pay by telepayment is not debited a second time.
        let telepaid: Vec<i64> = repo::list_telepayments(db, a.id)
            .await?
            .iter()
            .filter(|t| t.status != TELEPAYMENT_REPLACED && t.status != TELEPAYMENT_CANCELLED)
            .map(|t| t.amount_due_id)
            .collect();
        for r in ledger::list_due_rows(db, a.id).await? {
            let Some(notified_on) = notices.get(&r.line.id) else {
                continue;
            };
            if r.line.remaining().get() <= 0
                || telepaid.contains(&r.line.id)
                || !super::direct_debit::collected_by_debit(
                    &a,
                    &instructions,
                    r.line.kind,
                    r.line.due_on,
                )
            {
                continue;
            }
            let planned = sepa::direct_debit_collection(r.line.due_on, *notified_on);
            if !due_for_filing(planned, now_paris) {
                continue;
            }
            let Some(instruction) = super::direct_debit::plan_on(&instructions, r.line.due_on)
            else {
                continue;
            };
            let Some(mandate) = repo::find_mandate(db, instruction.mandate_id)
                .await?
                .filter(|m| m.status == MANDATE_ACTIVE)
            else {
                tracing::error!(
                    account = a.id,
                    amount_due = r.line.id,
                    "automatic debit without an active mandate: not collected"
                );
                continue;
            };
            let collection = reachable(planned, now_paris);
            let seq = sequence_for(db, &mandate, collection).await?;
            let e2e = format!("PAS-DD-{}", r.line.id);
            let new = NewDebit {
                end_to_end_id: &e2e,
                source_kind: SOURCE_DIRECT_DEBIT,
                source_id: r.line.id,
                account_id: a.id,
                mandate_id: mandate.id,
                amount_due_id: r.line.id,
                amount: r.line.remaining(),
                collection_date: collection,
                sequence_type: seq.code(),
            };
            if repo::insert_debit(db, new, now).await? {
                report.debits += 1;
            }
        }
    }

    // 3. Telepayments past their cut-off: each claimed by one process, checked again, debited.
    for planned in repo::scheduled_collection_dates(db, today + Duration::days(7)).await? {
        if !due_for_filing(planned, now_paris) {
            continue;
        }
        for t in repo::scheduled_telepayments_on(db, planned).await? {
            report.debits +=
                collect_telepayment(state, &t, reachable(planned, now_paris), now).await?;
        }
    }

    // 4. One file per collection date and sequence type.
    for (collection, seq) in repo::unfiled_batches(db, today + Duration::days(31)).await? {
        if !due_for_filing(collection, now_paris) {
            continue;
        }
        if let Some(message_id) = write_file(state, collection, &seq, now).await? {
            report.files.push(message_id);
        }
    }
    Ok(report)
}

/// Claims one telepayment and turns its parts into debits, or cancels it (and tells the person)
/// when its amount due was replaced in the meantime or one of its mandates has ended.
async fn collect_telepayment(
    state: &AppState,
    t: &repo::TelepaymentRow,
    collection: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let txn = state.db.begin().await?;
    if !repo::claim_telepayment(&txn, t.id).await? {
        txn.rollback().await?;
        return Ok(0);
    }
    let rows = ledger::list_all_due_rows(&txn, t.account_id).await?;
    let remaining = rows
        .iter()
        .find(|r| r.line.id == t.amount_due_id)
        .map(|r| r.line.remaining())
        .unwrap_or(Cents::ZERO);
    let others: i64 = repo::list_telepayments(&txn, t.account_id)
        .await?
        .iter()
        .filter(|o| {
            o.id != t.id && o.amount_due_id == t.amount_due_id && o.status == TELEPAYMENT_COLLECTING
        })
        .map(|o| o.amount.get())
        .sum();
    let mut mandates = Vec::new();
    for (mandate_id, _) in &t.parts {
        mandates.push(
            repo::find_mandate(&txn, *mandate_id)
                .await?
                .filter(|m| m.status == MANDATE_ACTIVE),
        );
    }
    let why_not = if remaining.get() - others < t.amount.get() {
        Some("le montant dû a été modifié entre-temps (nouvelle déclaration ou délai de paiement)")
    } else if mandates.iter().any(Option::is_none) {
        Some("le mandat d'un des comptes à débiter a été révoqué ou est devenu caduc")
    } else {
        None
    };
    if let Some(reason) = why_not {
        repo::cancel_collecting_telepayment(&txn, t.id).await?;
        let account = accounts::find_account(&txn, t.account_id).await?;
        if let Some(to) = match &account {
            Some(a) => super::delays::holder_email(&txn, a.person_id).await?,
            None => None,
        } {
            let body = format!(
                "Bonjour,\n\nVotre télépaiement {} de {} n'a pas été prélevé : {reason}. Rien ne sera débité. Consultez « Mes cotisations › Paiement » pour régler le montant dû.\n",
                t.reference,
                t.amount.format_fr()
            );
            outbox::insert_message(
                &txn,
                &to,
                "Votre télépaiement n'a pas été prélevé",
                &body,
                now,
            )
            .await?;
        }
        txn.commit().await?;
        tracing::warn!(telepayment = %t.reference, reason, "telepayment cancelled at collection");
        return Ok(0);
    }
    let part_ids = repo::part_ids(&txn, t.id).await?;
    let mut inserted = 0;
    for ((part_id, (_, amount)), mandate) in part_ids
        .into_iter()
        .zip(t.parts.iter())
        .zip(mandates.into_iter().flatten())
    {
        let seq = sequence_for(&txn, &mandate, collection).await?;
        let e2e = format!("PAS-TP-{part_id}");
        let new = NewDebit {
            end_to_end_id: &e2e,
            source_kind: SOURCE_TELEPAYMENT,
            source_id: part_id,
            account_id: t.account_id,
            mandate_id: mandate.id,
            amount_due_id: t.amount_due_id,
            amount: *amount,
            collection_date: collection,
            sequence_type: seq.code(),
        };
        if repo::insert_debit(&txn, new, now).await? {
            inserted += 1;
        }
    }
    txn.commit().await?;
    Ok(inserted)
}

/// Writes the file of one collection date and sequence type, and records the payments, in one
/// transaction that starts by claiming the file (UNIQUE on date and sequence).
async fn write_file(
    state: &AppState,
    collection: NaiveDate,
    seq: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let sequence = SequenceType::from_code(seq)
        .ok_or_else(|| super::internal(format!("unknown sequence type {seq}")))?;
    // Unique whatever the process: 18 characters, then 16 random hexadecimal digits.
    let message_id = format!(
        "PAS-{}-{}-{:016X}",
        collection.format("%Y%m%d"),
        seq,
        rand::Rng::r#gen::<u64>(&mut rand::rngs::OsRng)
    );
    let txn = state.db.begin().await?;
    let Some(file_id) = repo::claim_bank_file(&txn, &message_id, collection, seq, now).await?
    else {
        txn.rollback().await?;
        return Ok(None);
    };
    let debits = repo::attach_debits(&txn, file_id, collection, seq).await?;
    if debits.is_empty() {
        txn.rollback().await?;
        return Ok(None);
    }
    let mut mandates = HashMap::new();
    for d in &debits {
        if let std::collections::hash_map::Entry::Vacant(e) = mandates.entry(d.mandate_id) {
            e.insert(
                repo::find_mandate(&txn, d.mandate_id)
                    .await?
                    .ok_or_else(|| super::internal("debit without mandate"))?,
            );
        }
    }
    let c = &state.config.creditor;
    let creditor = Creditor {
        name: c.name.clone(),
        ics: c.ics.clone(),
        iban: Iban::parse(&c.iban).map_err(|e| super::internal(format!("creditor IBAN: {e}")))?,
        bic: c.bic.clone(),
    };
    let mut account_numbers: HashMap<i64, String> = HashMap::new();
    for d in &debits {
        if let std::collections::hash_map::Entry::Vacant(e) = account_numbers.entry(d.account_id) {
            e.insert(
                accounts::find_account(&txn, d.account_id)
                    .await?
                    .map(|a| a.account_number)
                    .unwrap_or_default(),
            );
        }
    }
    let batch = Batch {
        payment_info_id: message_id.clone(),
        sequence,
        collection_date: collection,
        debits: debits
            .iter()
            .map(|d| {
                let m = &mandates[&d.mandate_id];
                DirectDebit {
                    end_to_end_id: d.end_to_end_id.clone(),
                    amount: d.amount,
                    rum: m.rum.clone(),
                    signed_on: paris(m.signed_at).date(),
                    debtor_name: format!("{} {}", m.holder_first_name, m.holder_last_name),
                    debtor_iban: m.iban.clone(),
                    debtor_bic: m.bic.clone(),
                    remittance: format!(
                        "Cotisations compte {} - {}",
                        account_numbers
                            .get(&d.account_id)
                            .map(String::as_str)
                            .unwrap_or(""),
                        d.end_to_end_id
                    ),
                }
            })
            .collect(),
    };
    let xml = pain008::render(&pain008::Message {
        message_id: message_id.clone(),
        created_at: now,
        creditor,
        batches: vec![batch],
    })
    .map_err(|e| super::internal(format!("pain.008: {e}")))?;
    let total = Cents(debits.iter().map(|d| d.amount.get()).sum());
    repo::fill_bank_file(
        &txn,
        file_id,
        i32::try_from(debits.len()).unwrap_or(i32::MAX),
        total,
        &xml,
    )
    .await?;
    record_payments(&txn, &debits, collection, now).await?;
    txn.commit().await?;
    tracing::info!(file = %message_id, transactions = debits.len(), collection = %collection, "bank file produced");
    Ok(Some(message_id))
}

/// Each debit becomes a payment received on the collection date, allocated to its amount due
/// (up to what is left of it; any excess stays as a credit on the account).
async fn record_payments(
    db: &impl sea_orm::ConnectionTrait,
    debits: &[DebitRow],
    collection: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut remaining: HashMap<i64, Cents> = HashMap::new();
    for d in debits {
        if !remaining.contains_key(&d.amount_due_id) {
            for r in ledger::list_all_due_rows(db, d.account_id).await? {
                remaining.insert(r.line.id, r.line.remaining());
            }
        }
        let method = if d.source_kind == SOURCE_TELEPAYMENT {
            PaymentMethod::Telepayment
        } else {
            PaymentMethod::DirectDebit
        };
        let payment_id = ledger::insert_payment(
            db,
            d.account_id,
            collection,
            d.amount,
            method,
            &d.end_to_end_id,
            now,
        )
        .await?;
        let left = remaining
            .get(&d.amount_due_id)
            .copied()
            .unwrap_or(Cents::ZERO);
        let allocated = Cents(d.amount.get().min(left.get()));
        if allocated.get() > 0 {
            ledger::insert_allocation(db, payment_id, d.amount_due_id, allocated, now).await?;
            remaining.insert(d.amount_due_id, Cents(left.get() - allocated.get()));
        }
        repo::mark_mandate_used(db, d.mandate_id, collection).await?;
        if d.source_kind == SOURCE_TELEPAYMENT {
            if let Some(t) = repo::telepayment_of_part(db, d.source_id).await? {
                repo::mark_telepayment_collected(db, t).await?;
            }
        }
    }
    Ok(())
}

pub async fn file_views(state: &AppState) -> Result<Vec<BankFileView>, AppError> {
    Ok(repo::list_bank_files(&state.db)
        .await?
        .into_iter()
        .map(|f| BankFileView {
            id: f.id,
            message_id: f.message_id.clone(),
            collection_date: date_fr(f.collection_date),
            sequence_type: f.sequence_type.clone(),
            transactions: f.transactions,
            control_sum: f.control_sum.format_fr(),
            created_at: super::declarations::instant_fr(f.created_at),
            href: format!("/tresorerie/fichiers/{}", f.id),
        })
        .collect())
}
