//! How appointments read in French: times with their time zone, durations, reasons, states.

use crate::domain::appointment::AppointmentStatus;
use crate::domain::calendar::day_fr;
use crate::persistence::repo::appointments::{AgencyRow, ReasonRow};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub(super) fn tz_of(agency: &AgencyRow) -> Tz {
    agency.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
}

pub(super) fn tz_label(tz: Tz) -> String {
    match tz {
        chrono_tz::Europe::Paris => "heure de Paris".into(),
        chrono_tz::Indian::Reunion => "heure de La Réunion".into(),
        other => format!("heure locale ({})", other.name()),
    }
}

/// "lundi 4 mai 2026 à 09:30 (heure de Paris)".
pub(super) fn when_fr(at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    format!(
        "{} à {} ({})",
        day_fr(local.date_naive()),
        local.format("%H:%M"),
        tz_label(tz)
    )
}

pub(super) fn duration_fr(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

pub(super) fn reason_label(r: &ReasonRow) -> String {
    format!("{} – {}", r.object.label(), r.label)
}

pub(super) fn status_class(s: AppointmentStatus) -> &'static str {
    match s {
        AppointmentStatus::Requested => "status status--overdue",
        AppointmentStatus::Confirmed => "status status--paid",
        AppointmentStatus::Cancelled => "status status--debt",
        AppointmentStatus::Done => "status status--to-pay",
    }
}

pub(super) fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!(
            "{}•••@{domain}",
            local.chars().next().map(String::from).unwrap_or_default()
        ),
        None => "•••".into(),
    }
}

/// "Et ensuite ?" on the appointment's page, for each state.
pub(super) fn next_steps(status: AppointmentStatus, past: bool) -> &'static str {
    match (status, past) {
        (AppointmentStatus::Requested, false) => "Votre demande est enregistrée. Un agent vous recontactera pour confirmer le rendez-vous et préparer votre dossier. Munissez-vous de votre carte Vitale et des documents utiles à votre demande.",
        (AppointmentStatus::Confirmed, false) => "L'agence a confirmé votre rendez-vous. Munissez-vous de votre carte Vitale et des documents utiles à votre demande.",
        (AppointmentStatus::Requested | AppointmentStatus::Confirmed, true) | (AppointmentStatus::Done, _) => "Ce rendez-vous a eu lieu. Pour une nouvelle question, prenez un autre rendez-vous ou appelez votre agence.",
        (AppointmentStatus::Cancelled, _) => "Ce rendez-vous est annulé : le créneau a été libéré. Vous pouvez prendre un nouveau rendez-vous à tout moment.",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::agency;
    use super::*;
    use chrono::TimeZone;

    fn agency_in(time_zone: &str) -> AgencyRow {
        AgencyRow {
            time_zone: time_zone.into(),
            ..agency()
        }
    }

    #[test]
    fn an_agency_with_an_unknown_time_zone_keeps_paris_time() {
        assert_eq!(
            tz_of(&agency_in("Indian/Reunion")),
            chrono_tz::Indian::Reunion
        );
        assert_eq!(tz_of(&agency_in("pas un fuseau")), chrono_tz::Europe::Paris);
    }

    #[test]
    fn a_time_reads_in_the_agencys_own_time_zone() {
        let at = Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).unwrap();
        assert_eq!(
            when_fr(at, chrono_tz::Europe::Paris),
            "lundi 4 mai 2026 à 09:30 (heure de Paris)"
        );
        assert_eq!(
            when_fr(at, chrono_tz::Indian::Reunion),
            "lundi 4 mai 2026 à 11:30 (heure de La Réunion)"
        );
        assert_eq!(
            tz_label(chrono_tz::America::Cayenne),
            "heure locale (America/Cayenne)"
        );
    }

    #[test]
    fn durations_read_in_minutes_then_hours() {
        assert_eq!(duration_fr(30), "30 min");
        assert_eq!(duration_fr(60), "1 h");
        assert_eq!(duration_fr(90), "1 h 30");
        assert_eq!(duration_fr(125), "2 h 05");
    }

    #[test]
    fn a_masked_address_shows_its_first_letter_and_its_domain() {
        assert_eq!(mask_email("marie.dupont@exemple.fr"), "m•••@exemple.fr");
        assert_eq!(mask_email("pas-une-adresse"), "•••");
    }

    #[test]
    fn each_state_has_its_own_badge() {
        let classes: std::collections::BTreeSet<_> = AppointmentStatus::ALL
            .iter()
            .map(|s| status_class(*s))
            .collect();
        assert_eq!(classes.len(), AppointmentStatus::ALL.len());
    }

    #[test]
    fn an_appointment_whose_time_has_passed_reads_as_held() {
        let held = next_steps(AppointmentStatus::Done, false);
        assert_eq!(next_steps(AppointmentStatus::Requested, true), held);
        assert_eq!(next_steps(AppointmentStatus::Confirmed, true), held);
        assert_ne!(next_steps(AppointmentStatus::Requested, false), held);
        assert!(next_steps(AppointmentStatus::Cancelled, true).contains("annulé"));
    }
}
