//! "Prendre rendez-vous": the booking wizard (signed in or not), the appointment reached from
//! the emailed link or from the account, and the agency back office (requests, calendar, hours).
//!
//! The wizard and the appointment link are public: the draft is found by its own cookie, and an
//! appointment is shown only to the holder of its signed link, to the signed-in person who booked
//! it, or (through the agency endpoints) to an agent of its agency.
//!
//! This module is the wire contract (what the server functions send and receive); `api` holds
//! the server functions, `server` (ssr only) the use cases behind them, `ui` the pages. Arrows
//! point one way: `ui` → `api` → `server` → this contract.

pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

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
