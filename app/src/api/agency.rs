//! The agency back office: an agent sees their own agency only.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyOverview {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub time_zone: String,
    pub open_accounts: u64,
}

#[server(prefix = "/api", endpoint = "get_agency_overview")]
pub async fn get_agency_overview() -> Result<AgencyOverview, AppError> {
    use crate::domain::access::Action;
    use crate::ssr::guard;
    let (state, viewer) = guard::require_action(Action::AgencyOverview).await?;
    crate::ssr::views::agency_overview(&state, viewer.organisation_id.ok_or(AppError::Forbidden)?)
        .await
}
