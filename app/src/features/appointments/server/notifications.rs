//! The emails an appointment sends the person: received, confirmed, moved, cancelled, reminder.

use super::calendar::{calendar_file, place_of};
use super::format::{duration_fr, reason_label, tz_of, when_fr};
use super::signed_link::link_url;
use crate::domain::appointment::{self as rules, AppointmentStatus, Channel};
use crate::domain::ics::IcsMethod;
use crate::error::AppError;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow, ReasonRow};
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::outbox::{self, Attachment};
use crate::ssr::state::AppState;
use sea_orm::DatabaseTransaction;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Notice {
    Received,
    Confirmed,
    Moved,
    /// `in_calendar`: a calendar file was sent before, so one now removes the event.
    Cancelled {
        in_calendar: bool,
    },
    Reminder,
}

/// Whether the person received a calendar file for this appointment (seen before a change):
/// confirmation sends one, and so does every move (which is what raises the sequence).
pub(super) fn in_calendar(a: &AppointmentRow) -> bool {
    a.status == AppointmentStatus::Confirmed || a.sequence > 0
}

pub(super) async fn notify(
    txn: &DatabaseTransaction,
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    notice: Notice,
) -> Result<(), AppError> {
    let place = place_of(a, agency, reason);
    let link = link_url(state, &a.reference);
    let (subject, body) = message(a, agency, reason, notice, &place, &link);
    let attachment = attachment_method(notice, a.status).map(|method| Attachment {
        name: "rendez-vous.ics".into(),
        content_type: method.content_type(),
        body: calendar_file(state, a, agency, reason, &place, method),
    });
    outbox::insert_message_with(
        txn,
        &a.email,
        subject,
        &body,
        attachment.as_ref(),
        state.clock.now(),
    )
    .await?;
    Ok(())
}

/// After a change made in `txn`: the appointment read back, the audit line, and the email.
pub(super) async fn record_change(
    txn: &DatabaseTransaction,
    state: &AppState,
    reference: &str,
    (agency, reason): (&AgencyRow, &ReasonRow),
    entry: AuditEntry,
    notice: Notice,
) -> Result<(), AppError> {
    let updated = repo::find_by_reference(txn, reference)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::insert_event(txn, entry).await?;
    notify(txn, state, &updated, agency, reason, notice).await
}

/// The calendar file an email carries, if any: an invitation once the agency confirms or moves
/// the appointment, a tentative one when the person moves it, a cancellation of an event that
/// was sent.
fn attachment_method(notice: Notice, status: AppointmentStatus) -> Option<IcsMethod> {
    match notice {
        Notice::Confirmed | Notice::Moved if status == AppointmentStatus::Confirmed => {
            Some(IcsMethod::Request)
        }
        // Moved at the person's request: the event moves too, tentative until the agency confirms.
        Notice::Moved => Some(IcsMethod::RequestTentative),
        Notice::Cancelled { in_calendar: true } => Some(IcsMethod::Cancel),
        _ => None,
    }
}

/// The email's subject and body; `place` is where (or how) the person is received and `link`
/// the appointment's signed link.
fn message(
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    notice: Notice,
    place: &str,
    link: &str,
) -> (&'static str, String) {
    let when = when_fr(a.starts_at, tz_of(agency));
    let (subject, intro) = match notice {
        Notice::Received => ("Votre demande de rendez-vous est enregistrée", format!("Votre demande de rendez-vous {} est enregistrée. Un agent vous recontactera pour la confirmer et préparer votre dossier.", a.reference)),
        Notice::Confirmed => ("Votre rendez-vous est confirmé", format!("L'agence confirme votre rendez-vous {}. Le fichier joint l'inscrit dans votre agenda.", a.reference)),
        Notice::Moved => (
            "Votre rendez-vous a changé d'horaire",
            if a.status == AppointmentStatus::Confirmed {
                format!("Votre rendez-vous {} a été déplacé par l'agence. Le fichier joint met à jour votre agenda.", a.reference)
            } else {
                format!("Votre rendez-vous {} a été déplacé à votre demande. Un agent vous recontactera pour confirmer ce nouveau créneau ; le fichier joint le place dans votre agenda à ce nouvel horaire, marqué « à confirmer » tant que l'agence ne l'a pas confirmé.", a.reference)
            },
        ),
        Notice::Cancelled { in_calendar } => (
            "Votre rendez-vous est annulé",
            format!(
                "{}{}",
                match &a.cancel_reason {
                    Some(r) => format!("L'agence a annulé votre rendez-vous {}. Motif : {r}", a.reference),
                    None => format!("Votre rendez-vous {} est annulé, comme vous l'avez demandé.", a.reference),
                },
                if in_calendar { "\nLe fichier joint le retire de votre agenda." } else { "" }
            ),
        ),
        Notice::Reminder => ("Rappel : votre rendez-vous approche", format!("Nous vous rappelons votre rendez-vous {}.", a.reference)),
    };
    let mut body = format!(
        "Bonjour {} {},\n\n{intro}\n\nQuand : {when} ({})\nOù : {place}\nMotif : {}\n",
        a.first_name,
        a.last_name,
        duration_fr((a.ends_at - a.starts_at).num_minutes()),
        reason_label(reason)
    );
    if let Some(notes) = agency.access_notes.as_ref().filter(|_| {
        reason.channel == Channel::Agency && !matches!(notice, Notice::Cancelled { .. })
    }) {
        body.push_str(&format!("Accès : {notes}\n"));
    }
    if !matches!(notice, Notice::Cancelled { .. }) {
        body.push_str(&format!(
            "\nPour annuler (jusqu'à {} heures avant) ou choisir un autre créneau (jusqu'à {} jours avant), suivez ce lien :\n{link}\n",
            rules::CANCEL_UNTIL_HOURS,
            rules::RESCHEDULE_UNTIL_DAYS
        ));
    } else {
        body.push_str(&format!("\nLe détail reste consultable ici :\n{link}\nVous pouvez prendre un nouveau rendez-vous sur Passerelle.\n"));
    }
    body.push_str(&format!(
        "\nPour toute question : {} – {}.\n\nPasserelle",
        agency.name,
        agency.phone.clone().unwrap_or_default()
    ));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{agency, appointment, reason};
    use super::*;

    const LINK: &str = "https://passerelle.example/rendez-vous/suivi/RDV-2026-ABCDEF?cle=00";

    fn body(a: &AppointmentRow, channel: Channel, notice: Notice) -> (&'static str, String) {
        let (agency, reason) = (agency(), reason(channel));
        let place = place_of(a, &agency, &reason);
        message(a, &agency, &reason, notice, &place, LINK)
    }

    #[test]
    fn only_an_appointment_confirmed_or_moved_sends_a_calendar_file() {
        use AppointmentStatus::{Confirmed, Requested};
        assert_eq!(attachment_method(Notice::Received, Requested), None);
        assert_eq!(attachment_method(Notice::Reminder, Confirmed), None);
        assert_eq!(
            attachment_method(Notice::Confirmed, Confirmed),
            Some(IcsMethod::Request)
        );
        assert_eq!(
            attachment_method(Notice::Moved, Confirmed),
            Some(IcsMethod::Request)
        );
        assert_eq!(
            attachment_method(Notice::Moved, Requested),
            Some(IcsMethod::RequestTentative)
        );
    }

    #[test]
    fn a_cancellation_removes_the_event_only_when_one_was_sent() {
        let sent = Notice::Cancelled { in_calendar: true };
        let never = Notice::Cancelled { in_calendar: false };
        assert_eq!(
            attachment_method(sent, AppointmentStatus::Cancelled),
            Some(IcsMethod::Cancel)
        );
        assert_eq!(attachment_method(never, AppointmentStatus::Cancelled), None);
    }

    #[test]
    fn a_calendar_file_was_sent_once_confirmed_or_moved() {
        let mut a = appointment(AppointmentStatus::Requested);
        assert!(!in_calendar(&a));
        a.sequence = 1;
        assert!(in_calendar(&a));
        assert!(in_calendar(&appointment(AppointmentStatus::Confirmed)));
    }

    #[test]
    fn the_email_says_when_where_and_how_to_change_it() {
        let a = appointment(AppointmentStatus::Requested);
        let (subject, body) = body(&a, Channel::Agency, Notice::Received);
        assert_eq!(subject, "Votre demande de rendez-vous est enregistrée");
        assert!(body.starts_with("Bonjour Marie Dupont,\n\n"), "{body}");
        assert!(
            body.contains("Quand : lundi 4 mai 2026 à 09:30 (heure de Paris) (30 min)"),
            "{body}"
        );
        assert!(
            body.contains("Où : Agence de Paris Est, 10 rue de l'Est, 75010 Paris"),
            "{body}"
        );
        assert!(body.contains("Accès : Entrée par la cour"), "{body}");
        assert!(
            body.contains(&format!("suivez ce lien :\n{LINK}")),
            "{body}"
        );
        assert!(body.ends_with(
            "Pour toute question : Agence de Paris Est – 01 40 00 00 00.\n\nPasserelle"
        ));
    }

    #[test]
    fn a_call_back_says_which_number_is_called_and_gives_no_access_notes() {
        let a = appointment(AppointmentStatus::Confirmed);
        let (_, body) = body(&a, Channel::Phone, Notice::Reminder);
        assert!(
            body.contains(
                "Où : un agent de l'Agence de Paris Est vous appellera au 06 12 34 56 78"
            ),
            "{body}"
        );
        assert!(!body.contains("Accès :"), "{body}");
    }

    #[test]
    fn a_cancellation_by_the_agency_gives_its_reason_and_no_change_link() {
        let mut a = appointment(AppointmentStatus::Cancelled);
        a.cancel_reason = Some("Agence fermée ce jour-là".into());
        let (subject, body) = body(&a, Channel::Agency, Notice::Cancelled { in_calendar: true });
        assert_eq!(subject, "Votre rendez-vous est annulé");
        assert!(body.contains("L'agence a annulé votre rendez-vous RDV-2026-ABCDEF. Motif : Agence fermée ce jour-là\nLe fichier joint le retire de votre agenda."), "{body}");
        assert!(
            body.contains(&format!("Le détail reste consultable ici :\n{LINK}")),
            "{body}"
        );
        assert!(!body.contains("suivez ce lien"), "{body}");
        assert!(!body.contains("Accès :"), "{body}");
    }

    #[test]
    fn a_cancellation_asked_by_the_person_says_so() {
        let a = appointment(AppointmentStatus::Cancelled);
        let (_, body) = body(
            &a,
            Channel::Agency,
            Notice::Cancelled { in_calendar: false },
        );
        assert!(
            body.contains(
                "Votre rendez-vous RDV-2026-ABCDEF est annulé, comme vous l'avez demandé.\n\n"
            ),
            "{body}"
        );
    }
}
