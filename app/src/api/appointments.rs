//! "Prendre rendez-vous": the booking wizard (signed in or not), the appointment reached from
//! the emailed link or from the account, and the agency back office (requests, calendar, hours).
//!
//! The wizard and the appointment link are public: the draft is found by its own cookie, and an
//! appointment is shown only to the holder of its signed link, to the signed-in person who booked
//! it, or (through the agency endpoints) to an agent of its agency.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChoice {
    pub name: String,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonView {
    pub id: i64,
    pub label: String,
    pub duration: String,
    pub channel: String,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectView {
    pub code: String,
    pub label: String,
    pub reasons: Vec<ReasonView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyView {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub access_notes: Option<String>,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// The instant, RFC 3339 in UTC: what the form sends back.
    pub value: String,
    /// The local time, "09:30".
    pub label: String,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayView {
    pub iso: String,
    pub label: String,
    pub slots: Vec<SlotView>,
}

/// A page of free slots: a few days, and where the previous and next pages start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPage {
    pub days: Vec<DayView>,
    pub previous_from: Option<String>,
    pub next_from: Option<String>,
    /// "Heure de Paris" or "heure de La Réunion".
    pub time_zone_label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub nir: String,
    pub last_name: String,
    pub first_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub terms: bool,
}

/// Everything a step of the wizard shows, read from the server-side draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingStep {
    pub signed_in: bool,
    pub regions: Vec<RegionChoice>,
    pub region: Option<String>,
    pub objects: Vec<ObjectView>,
    /// "Mes cotisations – Comprendre mon échéancier (30 min, rendez-vous à l'agence)".
    pub reason: Option<String>,
    pub agencies: Vec<AgencyView>,
    pub agency: Option<AgencyView>,
    pub slots: SlotPage,
    /// "lundi 4 mai 2026 à 09:30 (heure de Paris)".
    pub slot: Option<String>,
    /// Set when the chosen slot was taken by someone else: the nearest free ones follow.
    pub taken: Option<String>,
    pub suggestions: Vec<SlotView>,
    pub contact: ContactView,
    /// The address the verification code went to (masked), once sent.
    pub code_sent_to: Option<String>,
    pub email_verified: bool,
    /// At the review step: the same person's other appointments on the chosen day.
    pub same_day: Vec<String>,
    /// The furthest step the draft allows (1 region … 6 review).
    pub reachable: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub reference: String,
    pub status: String,
    pub status_class: String,
    pub object: String,
    pub reason: String,
    pub channel: String,
    pub when: String,
    pub duration: String,
    pub agency_name: String,
    pub agency_address: String,
    pub agency_phone: String,
    pub access_notes: Option<String>,
    pub person: String,
    pub phone: String,
    pub email: String,
    pub cancel_reason: Option<String>,
    pub can_cancel: bool,
    pub can_reschedule: bool,
    /// Until when the person may cancel, or choose another slot.
    pub cancel_until: String,
    pub reschedule_until: String,
    /// The signed link's key, carried by the forms of this page when it was reached by the link.
    pub key: Option<String>,
    /// Free slots to move to, when asked for.
    pub slots: Option<SlotPage>,
    pub href: String,
    /// What happens next, as the appointment's state says.
    pub next_steps: String,
    /// "Ajouter à mon agenda": the calendar file, while the appointment is to come.
    pub calendar_href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentSummary {
    pub reference: String,
    pub when: String,
    pub reason: String,
    pub agency: String,
    pub status: String,
    pub status_class: String,
    pub href: String,
}

/// One line of the agency's request list or calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAppointmentLine {
    pub reference: String,
    pub time: String,
    pub when: String,
    pub person: String,
    pub phone: String,
    pub reason: String,
    pub channel: String,
    pub status: String,
    pub status_class: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusTab {
    pub code: String,
    pub label: String,
    pub count: usize,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAgenda {
    pub agency_name: String,
    pub tabs: Vec<StatusTab>,
    pub requests: Vec<AgencyAppointmentLine>,
    pub day: String,
    pub day_label: String,
    pub previous_day: String,
    pub next_day: String,
    pub calendar: Vec<AgencyAppointmentLine>,
    /// Appointments that no longer fit the opening hours or fall on a closure.
    pub to_handle: Vec<AgencyAppointmentLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAppointmentDetail {
    pub view: AppointmentView,
    pub nir: String,
    pub address: String,
    pub note: String,
    pub created_at: String,
    pub can_confirm: bool,
    pub can_move: bool,
    pub can_cancel: bool,
    pub can_mark_done: bool,
    pub out_of_hours: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningDay {
    pub weekday: u8,
    pub label: String,
    /// Up to two periods, "HH:MM" (empty when closed).
    pub opens_1: String,
    pub closes_1: String,
    pub opens_2: String,
    pub closes_2: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureView {
    pub id: i64,
    pub label: String,
    pub period: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyHours {
    pub agency_name: String,
    pub time_zone_label: String,
    pub days: Vec<OpeningDay>,
    pub closures: Vec<ClosureView>,
    pub to_handle: Vec<AgencyAppointmentLine>,
}

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
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    appointments::booking_step(&state, agence, du.as_deref()).await
}

/// Step 1: the region of residence ("Prendre rendez-vous").
#[server(prefix = "/api", endpoint = "booking_region")]
pub async fn booking_region(region: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::save_region(&state, region.as_deref().unwrap_or_default()).await?);
    Ok(())
}

/// Step 2: the object and motif of the visit.
#[server(prefix = "/api", endpoint = "booking_reason")]
pub async fn booking_reason(motif: Option<i64>) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::save_reason(&state, motif).await?);
    Ok(())
}

/// Step 3: the agency, date and time.
#[server(prefix = "/api", endpoint = "booking_slot")]
pub async fn booking_slot(agence: Option<i64>, creneau: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::save_slot(&state, agence, creneau.as_deref().unwrap_or_default()).await?);
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
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    let typed = appointments::Contact {
        nir,
        last_name: nom,
        first_name: prenom,
        address: adresse,
        phone: telephone,
        email,
        terms: conditions.is_some(),
    };
    go(&appointments::save_contact(&state, typed).await?);
    Ok(())
}

/// Step 5: the 6-digit code sent to the email address.
#[server(prefix = "/api", endpoint = "booking_code")]
pub async fn booking_code(code: String) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::check_code(&state, &code).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "booking_resend_code")]
pub async fn booking_resend_code() -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::resend_code(&state).await?);
    Ok(())
}

/// Step 6: "Valider". The slot is taken by a database constraint: of two people racing for it,
/// one books and the other is offered the nearest free slots.
#[server(prefix = "/api", endpoint = "booking_validate")]
pub async fn booking_validate() -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::validate(&state).await?);
    Ok(())
}

// ---- The appointment, from the emailed link or the account ----

#[server(prefix = "/api", endpoint = "get_appointment")]
pub async fn get_appointment(
    reference: String,
    cle: Option<String>,
    du: Option<String>,
) -> Result<AppointmentView, AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    appointments::appointment_view(&state, &reference, cle.as_deref(), du.as_deref()).await
}

#[server(prefix = "/api", endpoint = "cancel_my_appointment")]
pub async fn cancel_my_appointment(reference: String, cle: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::cancel_by_person(&state, &reference, cle.as_deref()).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "reschedule_my_appointment")]
pub async fn reschedule_my_appointment(
    reference: String,
    cle: Option<String>,
    creneau: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let state = guard::ctx()?;
    go(&appointments::reschedule_by_person(
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
    use crate::ssr::{appointments, guard};
    let (state, viewer) = guard::require_viewer().await?;
    appointments::my_appointments(&state, &viewer).await
}

// ---- The agency back office ----

#[server(prefix = "/api", endpoint = "get_agency_agenda")]
pub async fn get_agency_agenda(
    statut: Option<String>,
    jour: Option<String>,
) -> Result<AgencyAgenda, AppError> {
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    appointments::agency_agenda(&state, &viewer, statut.as_deref(), jour.as_deref()).await
}

#[server(prefix = "/api", endpoint = "get_agency_appointment")]
pub async fn get_agency_appointment(
    reference: String,
    du: Option<String>,
) -> Result<AgencyAppointmentDetail, AppError> {
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    appointments::agency_detail(&state, &viewer, &reference, du.as_deref()).await
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
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    let ip = guard::request_session().client_ip;
    let href = appointments::agent_update(
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
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    appointments::agency_hours(&state, &viewer).await
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
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&appointments::save_day(
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
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&appointments::add_closure(&state, &viewer, &du, &au, &libelle).await?);
    Ok(())
}

#[server(prefix = "/api", endpoint = "remove_agency_closure")]
pub async fn remove_agency_closure(fermeture: i64) -> Result<(), AppError> {
    use crate::ssr::{appointments, guard};
    let (state, viewer) =
        guard::require_action(crate::domain::access::Action::AgencyAppointments).await?;
    go(&appointments::remove_closure(&state, &viewer, fermeture).await?);
    Ok(())
}
