//! "Mon compte": the dashboard and the five services of an insured person.

use crate::domain::access::Service;
use crate::error::AppError;
use crate::model::Viewer;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One contributor account on the dashboard, with figures read from the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCard {
    pub account_number: String,
    pub category_label: String,
    pub activity: String,
    pub open: bool,
    pub automatic_debit: bool,
    /// "5 mai 2026"
    pub next_due_on: Option<String>,
    pub next_due_amount: Option<String>,
    pub overdue: Option<String>,
    pub debt: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub viewer: Viewer,
    pub accounts: Vec<AccountCard>,
    /// For a dependant: the person who holds the account for them.
    pub held_by: Option<String>,
    /// "inscrit" or "inscrite", from the sex the NIR carries.
    pub registered: String,
}

/// The dashboard of an insured person.
#[server(prefix = "/api", endpoint = "get_dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::guard;
    let (state, viewer) = guard::require_action(Action::OwnDashboard).await?;
    crate::ssr::views::dashboard(&state, viewer).await
}

/// What a service page shows: for now whether the service is open to this person, and a plain
/// statement when its content is not available yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePage {
    pub service: Service,
    pub title: String,
    pub available: bool,
}

/// Opens one of the five services, for an insured person whose category allows it.
#[server(prefix = "/api", endpoint = "get_service_page")]
pub async fn get_service_page(service: Service) -> Result<ServicePage, AppError> {
    use crate::ssr::guard;
    let (_state, _viewer) = guard::require_service(service).await?;
    Ok(ServicePage {
        service,
        title: service.label().to_owned(),
        available: service == Service::DonneesPersonnelles,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub full_name: String,
    pub nir_display: String,
    pub birth_date: String,
    pub address: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub category_label: String,
}

/// "Mes données personnelles": the person's own record.
#[server(prefix = "/api", endpoint = "get_personal_data")]
pub async fn get_personal_data() -> Result<PersonalData, AppError> {
    use crate::ssr::guard;
    let (state, viewer) = guard::require_service(Service::DonneesPersonnelles).await?;
    let person_id = viewer.person_id.ok_or(AppError::NotFound)?;
    crate::ssr::views::personal_data(&state, person_id).await
}
