//! Rows for the unit tests of this feature's rules (test builds only).

use crate::domain::appointment::{AppointmentStatus, Channel, VisitObject};
use crate::persistence::repo::appointments::{AgencyRow, AppointmentRow, ReasonRow};
use chrono::{DateTime, Duration, TimeZone, Utc};

/// Monday 4 May 2026, 09:30 in Paris.
pub fn monday_half_past_nine() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).unwrap()
}

pub fn agency() -> AgencyRow {
    AgencyRow {
        id: 1,
        name: "Agence de Paris Est".into(),
        address: "10 rue de l'Est, 75010 Paris".into(),
        phone: Some("01 40 00 00 00".into()),
        access_notes: Some("Entrée par la cour, ascenseur à gauche".into()),
        time_zone: "Europe/Paris".into(),
        region: "Île-de-France".into(),
    }
}

pub fn reason(channel: Channel) -> ReasonRow {
    ReasonRow {
        id: 3,
        object: VisitObject::ALL[0],
        label: "Comprendre mon échéancier".into(),
        duration_minutes: 30,
        channel,
    }
}

/// A request to call back, booked a week before, for Monday 09:30 (30 minutes).
pub fn appointment(status: AppointmentStatus) -> AppointmentRow {
    let start = monday_half_past_nine();
    AppointmentRow {
        id: 7,
        reference: "RDV-2026-ABCDEF".into(),
        agency_id: 1,
        reason_id: 3,
        starts_at: start,
        ends_at: start + Duration::minutes(30),
        status,
        identity_id: None,
        nir: "2690549588157".into(),
        last_name: "Dupont".into(),
        first_name: "Marie".into(),
        address: "12 rue des Lilas, 75020 Paris".into(),
        phone: "+33612345678".into(),
        email: "marie.dupont@exemple.fr".into(),
        agent_note: None,
        cancel_reason: None,
        sequence: 0,
        reminder_sent_at: None,
        created_at: start - Duration::days(7),
    }
}
