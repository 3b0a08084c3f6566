//! "Mes cotisations › Paiement": bank accounts and SEPA mandates ("Adhérer au télépaiement"),
//! automatic debit, the telepayment wizard ("Je règle mes cotisations par télépaiement"), and
//! the bank files for agents. Only the debtor signs or pays: an accountant never does.

// A server function's arguments are its form's fields, however many the form has; the
// `#[server]` macro's browser-side stub does not carry an `allow` on the function.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateView {
    pub id: i64,
    pub iban: String,
    pub holder: String,
    pub rum: String,
    pub signed_at: String,
    pub status: String,
    pub status_class: String,
    pub active: bool,
    pub last_collected: Option<String>,
}

/// An amount due with what the person may do about it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayableDue {
    pub id: i64,
    pub label: String,
    pub due_on: String,
    /// What is left to pay once the scheduled telepayments are counted.
    pub remaining: String,
    pub status: String,
    pub status_class: String,
    /// "Payer" (or "Payer une autre partie" beside a scheduled payment): the wizard's first
    /// step, when the rules allow it and something is left to schedule.
    pub pay_href: Option<String>,
    pub pay_label: String,
    /// Why there is no "Payer" (or what is already scheduled).
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelepaymentSummary {
    pub reference: String,
    pub amount: String,
    pub collection_date: String,
    pub status: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectDebitView {
    /// The arrangement in force today, if any.
    pub current: Option<String>,
    /// A request not yet in force: what, and from when.
    pub upcoming: Option<String>,
    /// Why a change is not possible this year, if it is not.
    pub change_note: Option<String>,
    pub periodicity: String,
    pub day: u32,
    pub mandate_id: Option<i64>,
    /// When the debit takes what: the contribution calendar, or a micro-entrepreneur's
    /// declaration deadlines.
    pub calendar: String,
    /// Whether a monthly debit's day (5 or 20) may be chosen: not for a micro-entrepreneur,
    /// whose amounts fall due at each declaration's deadline.
    pub choose_day: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPage {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub holder_last_name: String,
    pub holder_first_name: String,
    pub holder_address: String,
    pub mandates: Vec<MandateView>,
    pub may_add_mandate: bool,
    pub dues: Vec<PayableDue>,
    pub telepayments: Vec<TelepaymentSummary>,
    pub debit: DirectDebitView,
    pub creditor_name: String,
    pub ics: String,
    pub back_href: String,
}

/// The payment page of one of the contributor's accounts (`compte`: default the first open one).
#[server(prefix = "/api", endpoint = "get_payment_page")]
pub async fn get_payment_page(compte: Option<i64>) -> Result<PaymentPage, AppError> {
    use crate::ssr::{guard, payments};
    let (state, viewer) = guard::require_viewer().await?;
    payments::page(&state, &viewer, compte).await
}

/// "Adhérer au télépaiement": signs a SEPA mandate on a bank account. `retour=payer` goes back
/// to the telepayment wizard afterwards.
#[server(prefix = "/api", endpoint = "join_telepayment")]
pub async fn join_telepayment(
    compte: i64,
    nom: String,
    prenom: String,
    adresse: String,
    iban: String,
    bic: String,
    conditions: Option<String>,
    retour: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{guard, payments};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let form = payments::MandateForm {
        last_name: nom,
        first_name: prenom,
        address: adresse,
        iban,
        bic,
        accepted: conditions.is_some(),
    };
    let href = payments::join(
        &state,
        &viewer,
        compte,
        form,
        retour.as_deref() == Some("payer"),
        ip,
    )
    .await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// Revokes one of the account's mandates (never reused afterwards).
#[server(prefix = "/api", endpoint = "revoke_mandate")]
pub async fn revoke_mandate(compte: i64, mandat: i64) -> Result<(), AppError> {
    use crate::ssr::{guard, payments};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let href = payments::revoke(&state, &viewer, compte, mandat, ip).await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// Joins automatic debit, or changes its periodicity (`mensuelle`, `trimestrielle`) or day (5, 20).
#[server(prefix = "/api", endpoint = "request_direct_debit")]
pub async fn request_direct_debit(
    compte: i64,
    mandat: Option<i64>,
    periodicite: Option<String>,
    jour: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{direct_debit, guard};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let href = direct_debit::request(
        &state,
        &viewer,
        compte,
        mandat,
        periodicite.as_deref().unwrap_or(""),
        jour.as_deref().unwrap_or(""),
        ip,
    )
    .await?;
    leptos_axum::redirect(&href);
    Ok(())
}

// ---- The telepayment wizard ------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitLine {
    pub mandate_id: i64,
    pub iban: String,
    pub holder: String,
    pub rum: String,
    /// The amount typed for this account (euros, as typed or as saved).
    pub amount: String,
    /// The saved amount as screens write it (`1 234,56 €`), empty when none is saved.
    pub amount_shown: String,
}

/// A scheduled telepayment being modified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacedPayment {
    pub reference: String,
    pub amount: String,
    pub collection_date: String,
}

/// One step of the wizard, from the server-side draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelepaymentStep {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub due_id: i64,
    pub due_label: String,
    pub due_on: String,
    pub remaining: String,
    /// The amount to pay, in euros as the form field holds it (`3412,00`).
    pub amount: String,
    /// The same, as screens write it (`3 412,00 €`).
    pub amount_shown: String,
    /// "Modifier le paiement programmé": the payment this one replaces.
    pub replacing: Option<ReplacedPayment>,
    /// The most that may be scheduled now (the rest, less the other scheduled payments).
    pub left: String,
    pub lines: Vec<SplitLine>,
    /// The draft's key, sent back by "Valider le paiement" (idempotency).
    pub token: String,
    pub collection_date: String,
    pub creditor_name: String,
    pub ics: String,
    /// The step the draft allows: 1 amount, 2 accounts, 3 review.
    pub reachable: u32,
    pub payment_href: String,
}

/// The wizard's state for `etape` (`montant`, `comptes`, `verification`). `echeance` starts a
/// new draft for that amount due (or resumes the draft of the same amount).
#[server(prefix = "/api", endpoint = "get_telepayment_step")]
pub async fn get_telepayment_step(
    compte: Option<i64>,
    echeance: Option<i64>,
    modifier: Option<String>,
) -> Result<TelepaymentStep, AppError> {
    use crate::ssr::{guard, telepayment};
    let (state, viewer) = guard::require_viewer().await?;
    telepayment::step(&state, &viewer, compte, echeance, modifier.as_deref()).await
}

/// Step 1: the amount to pay.
#[server(prefix = "/api", endpoint = "telepay_amount")]
pub async fn telepay_amount(
    compte: i64,
    echeance: i64,
    montant: Option<String>,
    modifier: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{guard, telepayment};
    let (state, viewer) = guard::require_viewer().await?;
    let href = telepayment::save_amount(
        &state,
        &viewer,
        compte,
        echeance,
        montant.as_deref().unwrap_or(""),
        modifier.as_deref(),
    )
    .await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// Step 2: how the amount is shared between the mandated bank accounts (up to three).
#[server(prefix = "/api", endpoint = "telepay_split")]
#[allow(clippy::too_many_arguments)]
pub async fn telepay_split(
    compte: i64,
    mandat_1: Option<i64>,
    montant_1: Option<String>,
    mandat_2: Option<i64>,
    montant_2: Option<String>,
    mandat_3: Option<i64>,
    montant_3: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{guard, telepayment};
    let (state, viewer) = guard::require_viewer().await?;
    let parts: Vec<(i64, String)> = [
        (mandat_1, montant_1),
        (mandat_2, montant_2),
        (mandat_3, montant_3),
    ]
    .into_iter()
    .filter_map(|(m, a)| Some((m?, a.unwrap_or_default())))
    .collect();
    let href = telepayment::save_split(&state, &viewer, compte, &parts).await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// Step 3: "Valider le paiement". The same `jeton` always gives the same single payment.
#[server(prefix = "/api", endpoint = "validate_telepayment")]
pub async fn validate_telepayment(compte: i64, jeton: String) -> Result<(), AppError> {
    use crate::ssr::{guard, telepayment};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let href = telepayment::validate(&state, &viewer, compte, &jeton, ip).await?;
    leptos_axum::redirect(&href);
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebitPart {
    pub iban: String,
    pub rum: String,
    pub amount: String,
}

/// The confirmation of a telepayment, which is also its pre-notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelepaymentReceipt {
    pub reference: String,
    pub holder_name: String,
    pub account_number: String,
    pub due_label: String,
    pub amount: String,
    pub collection_date: String,
    pub status: String,
    pub validated_at: String,
    pub parts: Vec<DebitPart>,
    pub creditor_name: String,
    pub ics: String,
    /// Until when the amount may still be changed (noon the day before), while it may.
    pub change_until: Option<String>,
    pub change_href: Option<String>,
    pub payment_href: String,
}

#[server(prefix = "/api", endpoint = "get_telepayment")]
pub async fn get_telepayment(reference: String) -> Result<TelepaymentReceipt, AppError> {
    use crate::ssr::{guard, telepayment};
    let (state, viewer) = guard::require_viewer().await?;
    telepayment::receipt(&state, &viewer, &reference).await
}

// ---- Bank files (agents) ---------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankFileView {
    pub id: i64,
    pub message_id: String,
    pub collection_date: String,
    pub sequence_type: String,
    pub transactions: i32,
    pub control_sum: String,
    pub created_at: String,
    pub href: String,
}

/// The pain.008 files the worker produced, for agents.
#[server(prefix = "/api", endpoint = "list_bank_files")]
pub async fn list_bank_files() -> Result<Vec<BankFileView>, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::{collection, guard};
    let (state, _viewer) = guard::require_action(Action::BankFiles).await?;
    collection::file_views(&state).await
}
