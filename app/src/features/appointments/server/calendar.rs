//! The appointment as a calendar file (.ics): attached to the emails and downloaded from its
//! page ("Ajouter à mon agenda").

use super::format::reason_label;
use super::records::context;
use super::signed_link::reach_as;
use crate::domain::appointment::{AppointmentStatus, Channel};
use crate::domain::ics::{self, IcsEvent, IcsMethod, IcsParty};
use crate::domain::phone::MobilePhone;
use crate::error::AppError;
use crate::persistence::repo::appointments::{AgencyRow, AppointmentRow, ReasonRow};
use crate::ssr::state::AppState;
use chrono::{DateTime, Utc};

/// The appointment as a calendar file: the same UID and sequence in the emailed invitations and
/// in the file downloaded from its page, so that each later version replaces the earlier one.
pub(super) fn calendar_file(
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    place: &str,
    method: IcsMethod,
) -> String {
    let summary = match method {
        IcsMethod::RequestTentative | IcsMethod::PublishTentative => format!(
            "Rendez-vous {} – {} (à confirmer)",
            agency.name, reason.label
        ),
        _ => format!("Rendez-vous {} – {}", agency.name, reason.label),
    };
    let description = ics::description(
        method,
        &a.reference,
        &reason_label(reason),
        &agency.name,
        agency.phone.as_deref().unwrap_or_default(),
        a.cancel_reason.as_deref(),
    );
    ics::render(&IcsEvent {
        uid: &ics::uid(&a.reference, &state.config.public_url),
        sequence: a.sequence.max(0) as u32,
        stamp: state.clock.now(),
        start: a.starts_at,
        end: a.ends_at,
        summary: &summary,
        location: place,
        description: &description,
        organizer: IcsParty {
            name: &agency.name,
            email: &state.config.mail_from,
        },
        attendee: IcsParty {
            name: &format!("{} {}", a.first_name, a.last_name),
            email: &a.email,
        },
        method,
    })
}

pub(super) fn place_of(a: &AppointmentRow, agency: &AgencyRow, reason: &ReasonRow) -> String {
    match reason.channel {
        Channel::Agency => format!("{}, {}", agency.name, agency.address),
        Channel::Phone => format!(
            "un agent de l'{} vous appellera au {}",
            agency.name,
            MobilePhone::parse(&a.phone)
                .map(|p| p.national())
                .unwrap_or_default()
        ),
    }
}

/// "Ajouter à mon agenda": the calendar file of an appointment still to come, for the holder of
/// its link or the signed-in person who booked it (`identity_id`); its name and content.
pub async fn calendar_download(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    identity_id: Option<i64>,
) -> Result<(String, String), AppError> {
    let (a, _) = reach_as(state, reference, key, identity_id).await?;
    let method = download_method(&a, state.clock.now()).ok_or(AppError::NotFound)?;
    let (agency, reason) = context(state, &a).await?;
    let place = place_of(&a, &agency, &reason);
    Ok((
        format!("rendez-vous-{}.ics", a.reference),
        calendar_file(state, &a, &agency, &reason, &place, method),
    ))
}

/// The file offered for download: tentative while the agency has not confirmed; none once the
/// appointment is cancelled, done or over.
pub(super) fn download_method(a: &AppointmentRow, now: DateTime<Utc>) -> Option<IcsMethod> {
    let method = match a.status {
        AppointmentStatus::Confirmed => IcsMethod::Publish,
        AppointmentStatus::Requested => IcsMethod::PublishTentative,
        AppointmentStatus::Cancelled | AppointmentStatus::Done => return None,
    };
    (a.ends_at > now).then_some(method)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{agency, appointment, monday_half_past_nine, reason};
    use super::*;
    use chrono::Duration;

    #[test]
    fn an_appointment_to_come_downloads_as_tentative_until_confirmed() {
        let before = monday_half_past_nine() - Duration::days(1);
        assert_eq!(
            download_method(&appointment(AppointmentStatus::Requested), before),
            Some(IcsMethod::PublishTentative)
        );
        assert_eq!(
            download_method(&appointment(AppointmentStatus::Confirmed), before),
            Some(IcsMethod::Publish)
        );
    }

    #[test]
    fn no_file_for_an_appointment_cancelled_done_or_over() {
        let before = monday_half_past_nine() - Duration::days(1);
        for status in [AppointmentStatus::Cancelled, AppointmentStatus::Done] {
            assert_eq!(
                download_method(&appointment(status), before),
                None,
                "{status:?}"
            );
        }
        let a = appointment(AppointmentStatus::Confirmed);
        assert_eq!(download_method(&a, a.ends_at), None);
        assert_eq!(
            download_method(&a, a.ends_at - Duration::minutes(1)),
            Some(IcsMethod::Publish)
        );
    }

    #[test]
    fn the_place_is_the_agency_or_the_number_to_be_called_on() {
        let a = appointment(AppointmentStatus::Requested);
        assert_eq!(
            place_of(&a, &agency(), &reason(Channel::Agency)),
            "Agence de Paris Est, 10 rue de l'Est, 75010 Paris"
        );
        assert_eq!(
            place_of(&a, &agency(), &reason(Channel::Phone)),
            "un agent de l'Agence de Paris Est vous appellera au 06 12 34 56 78"
        );
    }
}
