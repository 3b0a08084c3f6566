//! The accountant's side: their clients, each opened only with a received mandate.

use crate::domain::access::Service;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLine {
    pub account_id: i64,
    pub holder_name: String,
    pub account_number: String,
    pub category_label: String,
    pub mandate_received: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientsOverview {
    pub firm_name: String,
    pub clients: Vec<ClientLine>,
}

/// The firm's clients, with the state of each mandate.
#[server(prefix = "/api", endpoint = "list_clients")]
pub async fn list_clients() -> Result<ClientsOverview, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::guard;
    let (state, viewer) = guard::require_action(Action::ClientPortfolio).await?;
    let firm_id = viewer.organisation_id.ok_or(AppError::Forbidden)?;
    crate::ssr::views::clients_overview(&state, firm_id).await
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientFile {
    pub account_id: i64,
    pub holder_name: String,
    /// Masked: an accountant never needs the full number.
    pub nir_masked: String,
    pub account_number: String,
    pub category_label: String,
    pub services: Vec<Service>,
    pub card: super::account::AccountCard,
}

/// One client's file, only with a received mandate, limited to what accountants may see.
#[server(prefix = "/api", endpoint = "get_client")]
pub async fn get_client(account_id: i64) -> Result<ClientFile, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::guard;
    let (state, viewer) = guard::require_action(Action::ClientPortfolio).await?;
    let firm_id = viewer.organisation_id.ok_or(AppError::Forbidden)?;
    crate::ssr::views::client_file(&state, &viewer, firm_id, account_id).await
}
