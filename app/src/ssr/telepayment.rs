//! The telepayment wizard: amount → bank accounts → review → "Valider le paiement" →
//! confirmation (the pre-notification). The draft lives on the server, so Back and reload lose
//! nothing; validation re-checks every rule with the server's clock and claims the draft's key
//! with a single INSERT, so any number of submissions of one draft make one payment.

use super::declarations::instant_fr;
use super::payments::{own_account, paris, payment_href, telepayment_status};
use super::state::AppState;
use crate::api::payments::{
    DebitPart, ReplacedPayment, SplitLine, TelepaymentReceipt, TelepaymentStep,
};
use crate::domain::calendar::date_fr;
use crate::domain::ledger::DueKind;
use crate::domain::money::Cents;
use crate::domain::schedule::parse_euros;
use crate::domain::sepa::{self, check_split, PayWindow};
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::accounts::AccountRow;
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::ledger::{self, DueRow};
use crate::persistence::repo::payments::{
    self as repo, MandateRow, NewTelepayment, TelepaymentRow, MANDATE_ACTIVE,
    TELEPAYMENT_COLLECTING, TELEPAYMENT_SCHEDULED,
};
use crate::persistence::repo::{drafts, identities, outbox};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

const DRAFT_KIND: &str = "telepayment";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    token: String,
    account_id: i64,
    due_id: i64,
    amount_cents: Option<i64>,
    /// (mandate id, cents)
    parts: Vec<(i64, i64)>,
    /// "Modifier le paiement programmé": the telepayment this one replaces. Without it, the
    /// payment is another part, added to those already scheduled.
    #[serde(default)]
    replaces: Option<i64>,
}

fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn load_draft(state: &AppState, viewer: &Viewer) -> Result<Option<Draft>, AppError> {
    Ok(
        drafts::find_draft(&state.db, viewer.identity_id, DRAFT_KIND)
            .await?
            .and_then(|p| serde_json::from_str(&p).ok()),
    )
}

async fn save_draft(state: &AppState, viewer: &Viewer, d: &Draft) -> Result<(), AppError> {
    let payload = serde_json::to_string(d).map_err(|e| super::internal(e.to_string()))?;
    drafts::upsert_draft(
        &state.db,
        viewer.identity_id,
        DRAFT_KIND,
        &payload,
        state.clock.now(),
    )
    .await?;
    Ok(())
}

fn base(account_id: i64) -> String {
    format!("?compte={account_id}")
}

/// What may still be paid on an amount whose ledger remainder is `remaining`, given the
/// telepayments of the account: every one scheduled or being collected on it counts, except the
/// one being modified (`replacing`). Refused, naming why, when nothing is left.
fn left_to_schedule(
    remaining: Cents,
    telepayments: &[TelepaymentRow],
    due_id: i64,
    replacing: Option<i64>,
) -> Result<Cents, AppError> {
    let on_due = || {
        telepayments.iter().filter(|t| {
            t.amount_due_id == due_id
                && matches!(
                    t.status.as_str(),
                    TELEPAYMENT_SCHEDULED | TELEPAYMENT_COLLECTING
                )
        })
    };
    let taken: i64 = on_due()
        .filter(|t| Some(t.id) != replacing)
        .map(|t| t.amount.get())
        .sum();
    let left = Cents(remaining.get() - taken);
    if left.get() > 0 {
        return Ok(left);
    }
    Err(match on_due().find(|t| t.status == TELEPAYMENT_SCHEDULED && Some(t.id) != replacing) {
        Some(t) => AppError::invalid(
            "echeance",
            format!("Paiement : tout ce montant est déjà programmé (télépaiement {}). Pour changer son montant ou les comptes débités, choisissez « Modifier le paiement programmé » sur sa confirmation.", t.reference),
        ),
        None => AppError::invalid("echeance", "Paiement : ce montant est déjà en cours de prélèvement."),
    })
}

/// The amount due being paid, with what may still be paid on it now, and the telepayment being
/// modified. Refused (naming why) when "Payer" is not offered for it, or when the payment to
/// modify can no longer change (its cut-off has passed).
async fn payable(
    state: &AppState,
    a: &AccountRow,
    due_id: i64,
    replacing: Option<i64>,
) -> Result<(DueRow, Cents, Option<TelepaymentRow>), AppError> {
    let today = state.clock.today();
    let now = paris(state.clock.now());
    let rows = ledger::list_due_rows(&state.db, a.id).await?;
    let row = rows
        .into_iter()
        .find(|r| r.line.id == due_id)
        .ok_or(AppError::NotFound)?;
    let instructions = repo::list_instructions(&state.db, a.id).await?;
    let on_debit =
        super::direct_debit::collected_by_debit(a, &instructions, row.line.kind, row.line.due_on);
    let window = sepa::pay_window(
        row.line.kind,
        row.line.status(today),
        row.line.due_on,
        on_debit,
        now,
    );
    if window != PayWindow::Open {
        return Err(AppError::invalid(
            "echeance",
            format!("Paiement : {}", window.explanation()),
        ));
    }
    let telepayments = repo::list_telepayments(&state.db, a.id).await?;
    let replaced = match replacing {
        Some(id) => {
            let changeable_from = sepa::earliest_collection(now);
            let t = telepayments
                .iter()
                .find(|t| t.id == id && t.amount_due_id == due_id)
                .ok_or(AppError::NotFound)?;
            if t.status != TELEPAYMENT_SCHEDULED || t.collection_date < changeable_from {
                return Err(AppError::invalid("echeance", format!("Paiement : le télépaiement {} ne peut plus être modifié, il est en cours de prélèvement.", t.reference)));
            }
            Some(t.clone())
        }
        None => None,
    };
    let left = left_to_schedule(row.line.remaining(), &telepayments, due_id, replacing)?;
    Ok((row, left, replaced))
}

fn euros_field(c: Cents) -> String {
    format!("{},{:02}", c.get() / 100, c.get() % 100)
}

async fn active_mandates(state: &AppState, account_id: i64) -> Result<Vec<MandateRow>, AppError> {
    Ok(repo::list_mandates(&state.db, account_id)
        .await?
        .into_iter()
        .filter(|m| m.status == MANDATE_ACTIVE)
        .collect())
}

/// `due_id` starts (or resumes) a payment of that amount; with `modify`, the reference of a
/// scheduled telepayment of it, the payment replaces that one.
pub async fn step(
    state: &AppState,
    viewer: &Viewer,
    account_id: Option<i64>,
    due_id: Option<i64>,
    modify: Option<&str>,
) -> Result<TelepaymentStep, AppError> {
    let a = own_account(state, viewer, account_id).await?;
    let replaces = to_modify(state, &a, modify).await?;
    let draft = load_draft(state, viewer)
        .await?
        .filter(|d| d.account_id == a.id);
    let draft = match (draft, due_id) {
        (Some(d), Some(id)) if d.due_id == id && d.replaces == replaces => d,
        (_, Some(id)) => Draft { account_id: a.id, due_id: id, replaces, ..Default::default() },
        (Some(d), None) => d,
        (None, None) => return Err(AppError::invalid("echeance", "Paiement : aucun paiement n'est en cours. Choisissez un montant à payer sur la page « Paiement ».")),
    };
    let (row, left, replaced) = payable(state, &a, draft.due_id, draft.replaces).await?;
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mandates = active_mandates(state, a.id).await?;
    // Modifying: the old amount to start from (never more than may be scheduled).
    let amount = draft.amount_cents.map(Cents).unwrap_or(
        replaced
            .as_ref()
            .map(|t| t.amount.min(left))
            .unwrap_or(left),
    );
    let lines = mandates
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let saved = draft
                .parts
                .iter()
                .find(|(id, _)| *id == m.id)
                .map(|(_, c)| Cents(*c));
            let shown = match saved {
                Some(c) => euros_field(c),
                None if draft.parts.is_empty() && i == 0 => euros_field(amount),
                None => String::new(),
            };
            let amount_shown = saved.map(Cents::format_fr).unwrap_or_default();
            SplitLine {
                mandate_id: m.id,
                iban: m.iban.masked(),
                holder: format!("{} {}", m.holder_first_name, m.holder_last_name),
                rum: m.rum.clone(),
                amount: shown,
                amount_shown,
            }
        })
        .collect();
    let reachable = match (draft.amount_cents, draft.parts.is_empty()) {
        (None, _) => 1,
        (Some(_), true) => 2,
        (Some(_), false) => 3,
    };
    Ok(TelepaymentStep {
        account_id: a.id,
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        due_id: row.line.id,
        due_label: row.label.clone(),
        due_on: date_fr(row.line.due_on),
        remaining: left.format_fr(),
        amount: euros_field(amount),
        amount_shown: amount.format_fr(),
        replacing: replaced.as_ref().map(|t| ReplacedPayment {
            reference: t.reference.clone(),
            amount: t.amount.format_fr(),
            collection_date: date_fr(t.collection_date),
        }),
        left: left.format_fr(),
        lines,
        token: draft.token.clone(),
        collection_date: date_fr(sepa::telepayment_collection(
            row.line.due_on,
            paris(state.clock.now()),
        )),
        creditor_name: state.config.creditor.name.clone(),
        ics: state.config.creditor.ics.clone(),
        reachable,
        payment_href: payment_href(a.id),
    })
}

/// Step 1: records the amount (a new draft when another amount due is being paid).
/// The id of the telepayment a "Modifier" link names (by reference, on this account).
async fn to_modify(
    state: &AppState,
    a: &AccountRow,
    modify: Option<&str>,
) -> Result<Option<i64>, AppError> {
    match modify.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => Ok(Some(
            repo::find_telepayment(&state.db, reference)
                .await?
                .filter(|t| t.account_id == a.id)
                .ok_or(AppError::NotFound)?
                .id,
        )),
        None => Ok(None),
    }
}

/// Step 1: the amount; `modify` (the form's hidden field) when it replaces a scheduled payment.
pub async fn save_amount(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    due_id: i64,
    input: &str,
    modify: Option<&str>,
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let replaces = to_modify(state, &a, modify).await?;
    let mut d = load_draft(state, viewer)
        .await?
        .filter(|d| d.account_id == a.id && d.due_id == due_id && d.replaces == replaces)
        .unwrap_or_else(|| Draft {
            account_id: a.id,
            due_id,
            replaces,
            ..Default::default()
        });
    let (_, left, replaced) = payable(state, &a, due_id, d.replaces).await?;
    let keep = |e: FormErrors| AppError::Invalid(e.keep("montant", input));
    let amount = parse_euros(input)
        .map_err(|e| keep(FormErrors::field("montant", e.message("Montant à payer"))))?;
    if amount.get() == 0 {
        return Err(keep(FormErrors::field(
            "montant",
            "Montant à payer : indiquez un montant supérieur à zéro.",
        )));
    }
    if amount > left {
        let why = if replaced.is_some() {
            "ce qui reste à payer hors des autres paiements programmés"
        } else {
            "le reste à payer, une fois déduits les paiements déjà programmés"
        };
        return Err(keep(FormErrors::field(
            "montant",
            format!(
                "Montant à payer : il ne peut pas dépasser {why} ({}).",
                left.format_fr()
            ),
        )));
    }
    if d.amount_cents != Some(amount.get()) {
        d.parts.clear();
    }
    // Every saved version gets its own key: only the version reviewed at step 3 is validated.
    d.token = new_token();
    d.amount_cents = Some(amount.get());
    save_draft(state, viewer, &d).await?;
    Ok(format!(
        "/mon-compte/cotisations/payer/comptes{}",
        base(a.id)
    ))
}

/// Step 2: how the amount is shared between the mandated accounts.
pub async fn save_split(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    typed: &[(i64, String)],
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let mut d = load_draft(state, viewer)
        .await?
        .filter(|d| d.account_id == a.id && d.amount_cents.is_some())
        .ok_or_else(|| {
            AppError::invalid(
                "montant",
                "Montant à payer : indiquez d'abord le montant à payer (étape 1).",
            )
        })?;
    payable(state, &a, d.due_id, d.replaces).await?;
    let mandates = active_mandates(state, a.id).await?;
    let mut errors = FormErrors::default();
    let mut parts = Vec::new();
    for (i, (mandate_id, input)) in typed.iter().enumerate() {
        let field = format!("montant_{}", i + 1);
        let Some(m) = mandates.iter().find(|m| m.id == *mandate_id) else {
            errors.push(
                &field,
                "Compte à débiter : ce compte bancaire n'a pas (ou plus) de mandat actif.",
            );
            continue;
        };
        if input.trim().is_empty() {
            continue;
        }
        match parse_euros(input) {
            Ok(c) => parts.push((m.id, c)),
            Err(e) => errors.push(
                &field,
                e.message(&format!("Montant pour le compte {}", m.iban.masked())),
            ),
        }
    }
    let keep = |e: FormErrors| {
        let mut e = e;
        for (i, (_, v)) in typed.iter().enumerate() {
            e = e.keep(&format!("montant_{}", i + 1), v);
        }
        AppError::Invalid(e)
    };
    if !errors.is_empty() {
        return Err(keep(errors));
    }
    let total = Cents(d.amount_cents.unwrap_or_default());
    let kept = check_split(total, &parts)
        .map_err(|e| keep(FormErrors::field("montant_1", format!("Répartition : {e}"))))?;
    let new_parts: Vec<(i64, i64)> = kept.iter().map(|(id, c)| (*id, c.get())).collect();
    d.parts = new_parts;
    d.token = new_token();
    save_draft(state, viewer, &d).await?;
    Ok(format!(
        "/mon-compte/cotisations/payer/verification{}",
        base(a.id)
    ))
}

/// Until when a telepayment may be changed: for current contributions paid ahead of their due
/// date, noon the day before that date (when "Payer" closes); otherwise (a debt, an instalment,
/// an amount paid after its due date) noon the day before the collection date. A debt paid in
/// December used to get its old due date of August as the deadline, already past.
fn change_cutoff(
    kind: DueKind,
    due_on: chrono::NaiveDate,
    collection: chrono::NaiveDate,
) -> chrono::NaiveDateTime {
    let by_collection = sepa::noon_before(collection);
    let ahead_of_due_date = collection <= sepa::collection_date(due_on);
    if matches!(kind, DueKind::CurrentContribution | DueKind::Regularisation) && ahead_of_due_date {
        sepa::noon_before(due_on).min(by_collection)
    } else {
        by_collection
    }
}

fn receipt_href(reference: &str) -> String {
    format!("/mon-compte/cotisations/paiements/{reference}")
}

/// "Valider le paiement": one payment per draft key, whatever the number of submissions.
pub async fn validate(
    state: &AppState,
    viewer: &Viewer,
    account_id: i64,
    token: &str,
    ip: Option<String>,
) -> Result<String, AppError> {
    let a = own_account(state, viewer, Some(account_id)).await?;
    let token = token.trim();
    if token.is_empty() {
        return Err(AppError::invalid(
            "jeton",
            "Paiement : ce paiement n'est pas prêt ; reprenez-le depuis l'étape 1.",
        ));
    }
    if let Some(done) = repo::find_telepayment_by_key(&state.db, token).await? {
        return if done.account_id == a.id {
            Ok(receipt_href(&done.reference))
        } else {
            Err(AppError::NotFound)
        };
    }
    let d = load_draft(state, viewer)
        .await?
        .filter(|d| d.account_id == a.id);
    let Some(d) = d.filter(|d| d.token == token) else {
        return Err(AppError::invalid("jeton", "Paiement : ce paiement a été modifié entre-temps (dans une autre fenêtre ?). Vérifiez-le à nouveau avant de le valider."));
    };
    // Every rule again, with the server's clock. A parallel submission of this very draft may
    // have just scheduled it: then its receipt is the answer, not "already scheduled".
    let (row, left, _) = match payable(state, &a, d.due_id, d.replaces).await {
        Ok(p) => p,
        Err(e) => {
            return match repo::find_telepayment_by_key(&state.db, token).await? {
                Some(done) if done.account_id == a.id => Ok(receipt_href(&done.reference)),
                _ => Err(e),
            }
        }
    };
    let amount = Cents(d.amount_cents.unwrap_or_default());
    if amount.get() <= 0 || amount > left {
        return Err(AppError::invalid(
            "montant",
            format!(
                "Montant à payer : il doit être positif et ne pas dépasser le reste à payer ({}).",
                left.format_fr()
            ),
        ));
    }
    let mandates = active_mandates(state, a.id).await?;
    let parts: Vec<(i64, Cents)> = d.parts.iter().map(|(id, c)| (*id, Cents(*c))).collect();
    if parts
        .iter()
        .any(|(id, _)| !mandates.iter().any(|m| m.id == *id))
    {
        return Err(AppError::invalid("montant_1", "Compte à débiter : un des comptes choisis n'a plus de mandat actif. Choisissez à nouveau les comptes à débiter."));
    }
    check_split(amount, &parts)
        .map_err(|e| AppError::invalid("montant_1", format!("Répartition : {e}")))?;
    let now = state.clock.now();
    let now_paris = paris(now);
    let collection = sepa::telepayment_collection(row.line.due_on, now_paris);
    let reference = crate::platform::references::new_reference("TLP", state.clock.today().year());
    // The account's lock (a write, first) serialises validations of different drafts for the
    // same amount, so that the later one sees and replaces the earlier; the draft's key is then
    // claimed by a single INSERT.
    let txn = super::lock_account(state, a.id).await?;
    // Under the lock: what other drafts scheduled meanwhile counts, so that two parts added at
    // once never schedule more than remains (this draft's own, if it won, is its receipt).
    if let Some(done) = repo::find_telepayment_by_key(&txn, token).await? {
        txn.rollback().await?;
        return Ok(receipt_href(&done.reference));
    }
    let scheduled_now = repo::list_telepayments(&txn, a.id).await?;
    match left_to_schedule(
        row.line.remaining(),
        &scheduled_now,
        row.line.id,
        d.replaces,
    ) {
        Ok(left) if amount <= left => {}
        Ok(left) => {
            txn.rollback().await?;
            return Err(AppError::invalid("montant", format!("Montant à payer : un autre paiement vient d'être programmé sur ce montant ; il reste {} à payer.", left.format_fr())));
        }
        Err(e) => {
            txn.rollback().await?;
            return Err(e);
        }
    }
    let inserted = repo::insert_telepayment(
        &txn,
        NewTelepayment {
            reference: &reference,
            idempotency_key: token,
            account_id: a.id,
            amount_due_id: row.line.id,
            amount,
            collection_date: collection,
            created_by: viewer.identity_id,
            parts: &parts,
        },
        now,
    )
    .await?;
    if !inserted {
        txn.rollback().await?;
        let done = repo::find_telepayment_by_key(&state.db, token)
            .await?
            .ok_or_else(|| super::internal("telepayment key claimed but not found"))?;
        return Ok(receipt_href(&done.reference));
    }
    if let Some(old) = d.replaces {
        if !repo::replace_telepayment(&txn, old, row.line.id, sepa::earliest_collection(now_paris))
            .await?
        {
            txn.rollback().await?;
            return Err(AppError::invalid("jeton", "Paiement : le paiement à modifier vient de partir en prélèvement ; il ne peut plus être remplacé."));
        }
    }
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: None,
            action: "telepayment_validated",
            object: Some(reference.clone()),
            outcome: "ok",
            ip,
        },
    )
    .await?;
    if let Some(to) = super::delays::holder_email(&txn, a.person_id).await? {
        let lines: Vec<String> = parts
            .iter()
            .filter_map(|(id, c)| {
                mandates.iter().find(|m| m.id == *id).map(|m| {
                    format!(
                        "- {} sur le compte {} (mandat {})",
                        c.format_fr(),
                        m.iban.masked(),
                        m.rum
                    )
                })
            })
            .collect();
        let body = format!(
            "Bonjour,\n\nVotre télépaiement {reference} est enregistré le {}.\n\nMontant : {}\nDate de prélèvement : {}\n{}\n\nCréancier : {} – ICS {}.\n\
             Ce message vaut pré-notification du prélèvement SEPA. Vous pouvez modifier ce montant jusqu'au {} à midi.\n",
            instant_fr(now),
            amount.format_fr(),
            date_fr(collection),
            lines.join("\n"),
            state.config.creditor.name,
            state.config.creditor.ics,
            date_fr(change_cutoff(row.line.kind, row.line.due_on, collection).date()),
        );
        outbox::insert_message(&txn, &to, "Votre télépaiement est enregistré", &body, now).await?;
    }
    txn.commit().await?;
    if let Err(e) = drafts::delete_draft(&state.db, viewer.identity_id, DRAFT_KIND).await {
        // Harmless: the draft's key is spent, a new version of the draft gets a new one.
        tracing::warn!(error = %e, "telepayment draft not deleted");
    }
    Ok(receipt_href(&reference))
}

pub async fn receipt(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<TelepaymentReceipt, AppError> {
    let t = repo::find_telepayment(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, own) =
        super::contribution_account::account_of_reference(state, viewer, t.account_id).await?;
    if !own {
        return Err(AppError::NotFound);
    }
    let holder = identities::find_person(&state.db, a.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = ledger::list_all_due_rows(&state.db, a.id).await?;
    let row = rows.iter().find(|r| r.line.id == t.amount_due_id);
    let mandates = repo::list_mandates(&state.db, a.id).await?;
    let now = paris(state.clock.now());
    let cutoff = match row {
        Some(r) => change_cutoff(r.line.kind, r.line.due_on, t.collection_date),
        None => sepa::noon_before(t.collection_date),
    };
    let changeable = t.status == TELEPAYMENT_SCHEDULED && now < cutoff;
    Ok(TelepaymentReceipt {
        reference: t.reference.clone(),
        holder_name: format!("{} {}", holder.first_name, holder.last_name),
        account_number: a.account_number.clone(),
        due_label: row
            .map(|r| format!("{} (échéance du {})", r.label, date_fr(r.line.due_on)))
            .unwrap_or_default(),
        amount: t.amount.format_fr(),
        collection_date: date_fr(t.collection_date),
        status: telepayment_status(&t.status).to_owned(),
        validated_at: instant_fr(t.created_at),
        parts: t
            .parts
            .iter()
            .filter_map(|(id, c)| {
                mandates.iter().find(|m| m.id == *id).map(|m| DebitPart {
                    iban: m.iban.masked(),
                    rum: m.rum.clone(),
                    amount: c.format_fr(),
                })
            })
            .collect(),
        creditor_name: state.config.creditor.name.clone(),
        ics: state.config.creditor.ics.clone(),
        change_until: changeable.then(|| format!("{} à midi", date_fr(cutoff.date()))),
        change_href: changeable.then(|| {
            format!(
                "/mon-compte/cotisations/payer/montant?compte={}&echeance={}&modifier={}",
                a.id, t.amount_due_id, t.reference
            )
        }),
        payment_href: payment_href(a.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_payment_may_change_until_noon_before_what_comes_first_and_never_a_past_date() {
        // Paid ahead: "Payer" closes at noon on 4 May, the day before the due date.
        assert_eq!(
            change_cutoff(DueKind::CurrentContribution, d(5, 5), d(5, 5)),
            sepa::noon_before(d(5, 5))
        );
        // A contribution due on 5 August, unpaid, paid on 2 December for 3 December: the
        // deadline is the collection's, not the old due date's.
        assert_eq!(
            change_cutoff(DueKind::CurrentContribution, d(8, 5), d(12, 3)),
            sepa::noon_before(d(12, 3))
        );
        assert_eq!(
            change_cutoff(DueKind::Debt, d(2, 5), d(5, 4)),
            sepa::noon_before(d(5, 4))
        );
    }
}
