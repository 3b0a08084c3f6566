//! The "Simuler mes cotisations" page's server function: public, like the JSON endpoint.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimLine {
    pub label: String,
    pub rate: String,
    pub base: String,
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationView {
    pub lines: Vec<SimLine>,
    pub total: String,
    pub csg_crds: Option<String>,
    pub cfp: String,
    /// What the year costs in all: the contributions, the CSG-CRDS and the CFP.
    pub called: String,
    pub validated_quarters: Option<u8>,
    /// Said on screen when the year's parameters are not published yet.
    pub provisional_note: Option<String>,
    pub base_note: Option<String>,
}

/// The activities the page offers, with their labels.
pub const ACTIVITIES: [(&str, &str); 6] = [
    ("artisanale", "Artisan"),
    ("commerciale", "Commerçant"),
    ("micro-vente", "Micro-entrepreneur : vente de marchandises"),
    (
        "micro-services",
        "Micro-entrepreneur : prestations de services (BIC)",
    ),
    (
        "micro-liberal",
        "Micro-entrepreneur : libéral non réglementé",
    ),
    (
        "micro-cipav",
        "Micro-entrepreneur : libéral relevant de la Cipav",
    ),
];

/// Computes a simulation from the page's fields (`annee`, `activite`, `revenu`); `None`
/// until an income is entered.
#[server(prefix = "/api", endpoint = "run_simulation")]
pub async fn run_simulation(
    annee: String,
    activite: String,
    revenu: String,
) -> Result<Option<SimulationView>, AppError> {
    if revenu.trim().is_empty() {
        return Ok(None);
    }
    crate::ssr::simulator::simulate_page(&annee, &activite, &revenu).map(Some)
}
