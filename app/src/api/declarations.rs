//! "Déclarer mes revenus": final income of last year, an estimate of this year, or a
//! micro-entrepreneur's turnover; each declaration changes the schedule in the same transaction
//! and gets a reference. The contributor, or an accountant with a received mandate.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One thing the person may declare now: `value` is what the form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationChoice {
    pub value: String,
    pub label: String,
    pub hint: String,
}

/// A past declaration, as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationHistoryRow {
    pub reference: String,
    pub declared_at: String,
    pub kind: String,
    pub period: String,
    pub amount: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationForm {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub category_label: String,
    pub own: bool,
    pub micro: bool,
    pub choices: Vec<DeclarationChoice>,
    /// Why nothing can be declared now, when `choices` is empty.
    pub closed_note: Option<String>,
    pub back_href: String,
    pub history: Vec<DeclarationHistoryRow>,
    /// What the person typed before the review step ("Modifier ma déclaration"): the
    /// declaration and the amount, given back to the form.
    pub draft: Option<(String, String)>,
}

/// One amount due a declaration added or replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub due_on: String,
    pub label: String,
    pub kind: String,
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationReceipt {
    pub reference: String,
    pub holder_name: String,
    pub account_number: String,
    pub kind: String,
    pub period: String,
    pub amount: String,
    pub declared_at: String,
    /// What the engine computes on the declared amount for that period, line by line
    /// (contributions, CSG-CRDS, CFP), the last line being what is called in all.
    pub computed: Vec<(String, String)>,
    pub added: Vec<ChangeView>,
    pub replaced: Vec<ChangeView>,
    pub credit: Option<String>,
    /// Where the credit went so far: "1 200,00 € déduits de vos prochaines échéances" and what
    /// is left of it to deduct.
    pub credit_use: Option<String>,
    /// When a later declaration replaced (or corrected) this one: what to say and its receipt.
    pub superseded: Option<(String, String)>,
    pub back_href: String,
}

/// What the account may declare now, and its past declarations.
#[server(prefix = "/api", endpoint = "get_declaration_form")]
pub async fn get_declaration_form(account_id: Option<i64>) -> Result<DeclarationForm, AppError> {
    use crate::ssr::{declarations, guard};
    let (state, viewer) = guard::require_viewer().await?;
    declarations::form(&state, &viewer, account_id).await
}

/// One due date on the review step: what it calls now, and once the declaration is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub due_on: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
}

/// The review step of a declaration, before "Valider".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationReview {
    pub account_id: i64,
    /// The contributor's own declaration (else an accountant's, for a client).
    pub own: bool,
    pub holder_name: String,
    pub account_number: String,
    pub kind: String,
    pub period: String,
    pub amount: String,
    /// What the engine computes on the amount, line by line (the last is the total called).
    pub computed: Vec<(String, String)>,
    /// Proves that what is validated is what was reviewed.
    pub token: String,
    pub rows: Vec<ReviewRow>,
    /// Each year (or period) it changes: (label, called now, called after).
    pub totals: Vec<(String, String, String)>,
    pub credit: Option<String>,
    /// When the same year or period was already declared: what replacing it does.
    pub replacing: Option<String>,
    /// Set once validated: the receipt.
    pub declared_href: Option<String>,
    pub modify_href: String,
}

/// Checks a declaration and keeps it for the review step (nothing is recorded yet), then
/// shows that step. `declaration` is `final:YEAR`, `estimate:YEAR` or `turnover:YEAR:PERIOD`;
/// `montant` in euros.
#[server(prefix = "/api", endpoint = "review_declaration")]
pub async fn review_declaration(
    compte: i64,
    declaration: Option<String>,
    montant: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{declarations, guard};
    let (state, viewer) = guard::require_viewer().await?;
    let href = declarations::review(
        &state,
        &viewer,
        compte,
        declaration.as_deref().unwrap_or(""),
        montant.as_deref().unwrap_or(""),
    )
    .await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// The declaration kept for review on this account, with what it would change.
#[server(prefix = "/api", endpoint = "get_declaration_review")]
pub async fn get_declaration_review(
    account_id: Option<i64>,
) -> Result<DeclarationReview, AppError> {
    use crate::ssr::{declarations, guard};
    let (state, viewer) = guard::require_viewer().await?;
    declarations::review_view(&state, &viewer, account_id).await
}

/// Records a declaration and changes the schedule with it, then shows the receipt: the one
/// reviewed (`jeton`), or, for a programmatic caller, `declaration` and `montant` as given.
#[server(prefix = "/api", endpoint = "declare_income")]
pub async fn declare_income(
    compte: i64,
    jeton: Option<String>,
    declaration: Option<String>,
    montant: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{declarations, guard};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let fields = (
        declaration.as_deref().unwrap_or(""),
        montant.as_deref().unwrap_or(""),
    );
    let href = declarations::submit(&state, &viewer, compte, jeton.as_deref(), fields, ip).await?;
    leptos_axum::redirect(&href);
    Ok(())
}

/// The receipt of one declaration: what it changed in the schedule.
#[server(prefix = "/api", endpoint = "get_declaration_receipt")]
pub async fn get_declaration_receipt(reference: String) -> Result<DeclarationReceipt, AppError> {
    use crate::ssr::{declarations, guard};
    let (state, viewer) = guard::require_viewer().await?;
    declarations::receipt(&state, &viewer, &reference).await
}
