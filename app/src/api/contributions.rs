//! "Mes cotisations › Consulter les données du compte": the schedule, the payments, the balance
//! and the income each year is based on; for the contributor, or an accountant with a received
//! mandate.

use crate::api::simulator::SimLine;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueView {
    pub due_on: String,
    pub period: String,
    pub label: String,
    pub kind: String,
    pub amount: String,
    pub remaining: String,
    pub status: String,
    /// `paid`, `to-pay`, `overdue`, `debt` or `credit`, for styling.
    pub status_class: String,
    /// "Demander un délai" for an amount that may be spread over instalments.
    pub delay_href: Option<String>,
    /// "dont CSG-CRDS … et formation professionnelle …" when the row carries those lines.
    pub breakdown: Option<String>,
    /// Where a credit went, or which credit was deducted from this amount.
    pub credit_note: Option<String>,
}

/// A payment-delay request as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelaySummary {
    pub reference: String,
    pub amount: String,
    pub instalments: u32,
    pub status: String,
    pub status_class: String,
    pub decision_message: Option<String>,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub received_on: String,
    pub amount: String,
    pub method: String,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeYearView {
    pub year: i32,
    /// "Revenu définitif", "Revenu estimé", "Revenu de N-2 (provisoire)", "Chiffre d'affaires déclaré".
    pub basis: String,
    pub amount: String,
    /// How the base of the lines comes from the income (the 2025 abatement, the CSG-CRDS base).
    pub base_note: Option<String>,
    pub lines: Vec<SimLine>,
    /// The social contributions (the lines above).
    pub total: String,
    pub csg_crds: Option<String>,
    pub cfp: String,
    /// What the year is called for: the contributions, the CSG-CRDS and the CFP.
    pub called: String,
    /// "Total appelé pour 2026", or "pour cette période" for a turnover declaration.
    pub called_label: String,
    /// What the schedule calls for the year so far (the same number once the year is called).
    pub scheduled: String,
    /// The amounts of the schedule that make up `scheduled`: (due date, label, amount).
    pub instalments: Vec<(String, String, String)>,
    /// The rule that picked the basis, in a sentence.
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOption {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionAccount {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub category_label: String,
    pub payment_mode: String,
    pub year: i32,
    pub schedule: Vec<DueView>,
    /// What the schedule of the year calls in all.
    pub schedule_total: String,
    /// What that total is made of, when it holds more than the year's own contributions (a
    /// regularisation of last year): ("Cotisations 2026", …), ("Régularisation 2025", …).
    pub schedule_parts: Vec<(String, String)>,
    /// Amounts of next year already called (the yearly call goes out in December).
    pub next_year: Vec<DueView>,
    /// Amounts of earlier years still unpaid.
    pub earlier_unpaid: Vec<DueView>,
    pub payments: Vec<PaymentView>,
    pub balance: String,
    pub balance_is_credit: bool,
    pub overdue: Option<String>,
    pub debt: Option<String>,
    pub incomes: Vec<IncomeYearView>,
    /// The other contributor accounts of the same person (insured view only).
    pub other_accounts: Vec<AccountOption>,
    /// "Déclarer mes revenus" (or turnover), for the accounts that declare.
    pub declare_href: Option<String>,
    pub micro: bool,
    pub declarations: Vec<crate::api::declarations::DeclarationHistoryRow>,
    pub delays: Vec<DelaySummary>,
}

/// The account of the signed-in contributor (`account_id` picks one of theirs), or of an
/// accountant's client (`account_id` required, received mandate checked).
#[server(prefix = "/api", endpoint = "get_contribution_account")]
pub async fn get_contribution_account(
    account_id: Option<i64>,
) -> Result<ContributionAccount, AppError> {
    use crate::ssr::{contribution_account, guard};
    let (state, viewer) = guard::require_viewer().await?;
    contribution_account::for_viewer(&state, &viewer, account_id).await
}
