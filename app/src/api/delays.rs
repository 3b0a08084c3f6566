//! "Demander un délai de paiement": a plan of 2 to 12 monthly instalments for one amount due,
//! decided by an agent of the account's agency.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalmentView {
    pub due_on: String,
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayForm {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub own: bool,
    pub due_id: i64,
    pub line_label: String,
    pub line_due_on: String,
    pub line_status: String,
    pub remaining: String,
    pub chosen: Option<u32>,
    pub reason: String,
    /// The plan for `chosen` instalments, dated as if accepted today.
    pub preview: Vec<InstalmentView>,
    pub pending_reference: Option<String>,
    /// The telepayments scheduled on this amount (a delay accepted cancels them).
    pub scheduled: Vec<String>,
    /// Why no delay may be asked (the amount is wholly covered by scheduled payments).
    pub covered: Option<String>,
    pub back_href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayReceipt {
    pub reference: String,
    pub holder_name: String,
    pub account_number: String,
    pub line_label: String,
    pub amount: String,
    pub instalments: u32,
    pub reason: String,
    pub status: String,
    pub status_class: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
    pub decision_message: Option<String>,
    /// The instalments in the schedule once accepted; the proposal while pending.
    pub plan: Vec<InstalmentView>,
    pub plan_is_final: bool,
    pub back_href: String,
}

/// A request as the agency's back office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayRequestView {
    pub reference: String,
    pub holder_name: String,
    pub account_number: String,
    pub line_label: String,
    pub amount: String,
    pub instalments: u32,
    pub reason: String,
    pub requested_at: String,
    pub status: String,
    pub status_class: String,
    pub pending: bool,
    pub decision_message: Option<String>,
    /// The telepayments scheduled on the amount, which accepting cancels.
    pub scheduled: Vec<String>,
}

/// The form for one amount due, with the proposed plan when a number of instalments is chosen.
#[server(prefix = "/api", endpoint = "get_delay_form")]
pub async fn get_delay_form(
    compte: Option<i64>,
    echeance: i64,
    echeances: Option<String>,
    motif: Option<String>,
) -> Result<DelayForm, AppError> {
    use crate::ssr::{delays, guard};
    let (state, viewer) = guard::require_viewer().await?;
    delays::form(
        &state,
        &viewer,
        compte,
        echeance,
        echeances.as_deref(),
        motif.unwrap_or_default(),
    )
    .await
}

/// Sends the request to the agency, then shows its receipt.
#[server(prefix = "/api", endpoint = "request_payment_delay")]
pub async fn request_payment_delay(
    compte: i64,
    echeance: i64,
    echeances: Option<String>,
    motif: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{delays, guard};
    let (state, viewer) = guard::require_viewer().await?;
    let ip = guard::request_session().client_ip;
    let href = delays::request(
        &state,
        &viewer,
        compte,
        echeance,
        echeances.as_deref().unwrap_or(""),
        motif.as_deref().unwrap_or(""),
        ip,
    )
    .await?;
    leptos_axum::redirect(&href);
    Ok(())
}

#[server(prefix = "/api", endpoint = "get_delay_receipt")]
pub async fn get_delay_receipt(reference: String) -> Result<DelayReceipt, AppError> {
    use crate::ssr::{delays, guard};
    let (state, viewer) = guard::require_viewer().await?;
    delays::receipt(&state, &viewer, &reference).await
}

/// The agent's agency's requests, pending ones first.
#[server(prefix = "/api", endpoint = "list_delay_requests")]
pub async fn list_delay_requests() -> Result<Vec<DelayRequestView>, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::{delays, guard};
    let (state, viewer) = guard::require_action(Action::DecideDelays).await?;
    delays::agency_list(&state, &viewer).await
}

/// An agent accepts (`decision=accepter`) or refuses (`refuser`, with a message) a request.
#[server(prefix = "/api", endpoint = "decide_delay_request")]
pub async fn decide_delay_request(
    reference: String,
    decision: Option<String>,
    message: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::ssr::{delays, guard};
    let (state, viewer) = guard::require_action(Action::DecideDelays).await?;
    let ip = guard::request_session().client_ip;
    delays::decide(
        &state,
        &viewer,
        &reference,
        decision.as_deref().unwrap_or(""),
        message.as_deref().unwrap_or(""),
        ip,
    )
    .await?;
    // References are letters, digits and dashes; anything else is dropped from the address.
    let shown: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    leptos_axum::redirect(&format!("/agence?traitee={shown}"));
    Ok(())
}
