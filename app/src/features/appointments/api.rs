//! The appointment server functions: each checks who calls (inside itself), hands the request
//! to a use case of `server` and sends back the contract's view or a redirect. Their names,
//! endpoints and argument names are the public HTTP contract: tests and forms call them by URL.

use super::{
    AgencyAgenda, AgencyAppointmentDetail, AgencyHours, AppointmentSummary, AppointmentView,
    BookingStep,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn go(href: &str) {
    leptos_axum::redirect(href);
}

// ---- The booking wizard (public) ----

#[server(prefix = "/api", endpoint = "get_booking_step")]
pub async fn get_booking_step(
    agence: Option<i64>,
    du: Option<String>,
) -> Result<BookingStep, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    server::booking_step(&state, agence, du.as_deref()).await
}

/// Step 1: the region of residence ("Prendre rendez-vous").
#[server(prefix = "/api", endpoint = "booking_region")]
pub async fn booking_region(region: Option<String>) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::save_region(&state, region.as_deref().unwrap_or_default()).await?);
    Ok(())
}

/// Step 2: the object and motif of the visit.
#[server(prefix = "/api", endpoint = "booking_reason")]
pub async fn booking_reason(motif: Option<i64>) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::save_reason(&state, motif).await?);
    Ok(())
}

/// Step 3: the agency, date and time.
#[server(prefix = "/api", endpoint = "booking_slot")]
pub async fn booking_slot(agence: Option<i64>, creneau: Option<String>) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::save_slot(&state, agence, creneau.as_deref().unwrap_or_default()).await?);
    Ok(())
}

/// Step 4: the person's details and the terms; sends the verification code.
#[server(prefix = "/api", endpoint = "booking_contact")]
#[allow(clippy::too_many_arguments)]
pub async fn booking_contact(
    nir: String,
    nom: String,
    prenom: String,
    adresse: String,
    telephone: String,
    email: String,
    conditions: Option<String>,
) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    let typed = server::Contact {
        nir,
        last_name: nom,
        first_name: prenom,
        address: adresse,
        phone: telephone,
        email,
        terms: conditions.is_some(),
    };
    go(&server::save_contact(&state, typed).await?);
    Ok(())
}

/// Step 5: the 6-digit code sent to the email address.
#[server(prefix = "/api", endpoint = "booking_code")]
pub async fn booking_code(code: String) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::check_code(&state, &code).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "booking_resend_code")]
pub async fn booking_resend_code() -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::resend_code(&state).await?);
    Ok(())
}

/// Step 6: "Valider". The slot is taken by a database constraint: of two people racing for it,
/// one books and the other is offered the nearest free slots.
#[server(prefix = "/api", endpoint = "booking_validate")]
pub async fn booking_validate() -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::validate(&state).await?);
    Ok(())
}

// ---- The appointment, from the emailed link or the account ----

#[server(prefix = "/api", endpoint = "get_appointment")]
pub async fn get_appointment(
    reference: String,
    cle: Option<String>,
    du: Option<String>,
) -> Result<AppointmentView, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    server::appointment_view(&state, &reference, cle.as_deref(), du.as_deref()).await
}

#[server(prefix = "/api", endpoint = "cancel_my_appointment")]
pub async fn cancel_my_appointment(reference: String, cle: Option<String>) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::cancel_by_person(&state, &reference, cle.as_deref()).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "reschedule_my_appointment")]
pub async fn reschedule_my_appointment(
    reference: String,
    cle: Option<String>,
    creneau: Option<String>,
) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let state = guard::ctx()?;
    go(&server::reschedule_by_person(
        &state,
        &reference,
        cle.as_deref(),
        creneau.as_deref().unwrap_or_default(),
    )
    .await?);
    Ok(())
}

/// The signed-in person's appointments ("Mes rendez-vous").
#[server(prefix = "/api", endpoint = "list_my_appointments")]
pub async fn list_my_appointments() -> Result<Vec<AppointmentSummary>, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) = guard::require_viewer().await?;
    server::my_appointments(&state, &viewer).await
}

// ---- The agency back office ----

#[server(prefix = "/api", endpoint = "get_agency_agenda")]
pub async fn get_agency_agenda(
    statut: Option<String>,
    jour: Option<String>,
) -> Result<AgencyAgenda, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    server::agency_agenda(&state, &viewer, statut.as_deref(), jour.as_deref()).await
}

#[server(prefix = "/api", endpoint = "get_agency_appointment")]
pub async fn get_agency_appointment(
    reference: String,
    du: Option<String>,
) -> Result<AgencyAppointmentDetail, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    server::agency_detail(&state, &viewer, &reference, du.as_deref()).await
}

/// An agent's decision on an appointment: `confirmer`, `deplacer` (with `creneau`), `annuler`
/// (with `motif`), `terminer`, or `note` (with `note`).
#[server(prefix = "/api", endpoint = "agent_update_appointment")]
pub async fn agent_update_appointment(
    reference: String,
    action: Option<String>,
    creneau: Option<String>,
    motif: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    let ip = guard::request_session().client_ip;
    let href = server::agent_update(
        &state,
        &viewer,
        &reference,
        action.as_deref().unwrap_or(""),
        creneau.as_deref(),
        motif.as_deref(),
        note.as_deref(),
        ip,
    )
    .await?;
    go(&href);
    Ok(())
}

#[server(prefix = "/api", endpoint = "get_agency_hours")]
pub async fn get_agency_hours() -> Result<AgencyHours, AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    server::agency_hours(&state, &viewer).await
}

/// The opening periods of one weekday (two at most; empty fields close the period).
#[server(prefix = "/api", endpoint = "save_opening_day")]
pub async fn save_opening_day(
    jour: u8,
    ouverture_1: String,
    fermeture_1: String,
    ouverture_2: String,
    fermeture_2: String,
) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&server::save_day(
        &state,
        &viewer,
        jour,
        [&ouverture_1, &fermeture_1, &ouverture_2, &fermeture_2],
    )
    .await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "add_agency_closure")]
pub async fn add_agency_closure(du: String, au: String, libelle: String) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&server::add_closure(&state, &viewer, &du, &au, &libelle).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "remove_agency_closure")]
pub async fn remove_agency_closure(fermeture: i64) -> Result<(), AppError> {
    use crate::features::appointments::server;
    use crate::ssr::guard;
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&server::remove_closure(&state, &viewer, fermeture).await?);
    Ok(())
}
