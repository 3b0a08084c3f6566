//! The appointment for the person: its page (from the link or the account), cancelling it,
//! choosing another slot, and "Mes rendez-vous".

use super::agenda::{parse_day, parse_slot, place, slot_page};
use super::calendar::download_method;
use super::format::{duration_fr, next_steps, reason_label, status_class, tz_of, when_fr};
use super::moves::{move_to, slot_unavailable};
use super::notifications::{in_calendar, record_change, Notice};
use super::records::{audit_entry, context, reason_of};
use super::signed_link::{back_to, person_href, reach};
use crate::domain::appointment::{self as rules, AppointmentStatus};
use crate::domain::phone::MobilePhone;
use crate::error::AppError;
use crate::features::appointments::{AppointmentSummary, AppointmentView};
use crate::model::Viewer;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow, ReasonRow};
use crate::ssr::state::AppState;
use crate::ssr::{guard, internal};
use chrono::{DateTime, Duration, Utc};
use sea_orm::TransactionTrait;

/// The appointment's page as `now` sees it: what it is, and what the person may still do.
pub(super) fn view(
    now: DateTime<Utc>,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    key: Option<String>,
) -> AppointmentView {
    let tz = tz_of(agency);
    let allowed = rules::allowed(a.status, a.starts_at, now);
    AppointmentView {
        reference: a.reference.clone(),
        status: a.status.label().into(),
        status_class: status_class(a.status).into(),
        object: reason.object.label().into(),
        reason: reason.label.clone(),
        channel: reason.channel.label().into(),
        when: when_fr(a.starts_at, tz),
        duration: duration_fr((a.ends_at - a.starts_at).num_minutes()),
        agency_name: agency.name.clone(),
        agency_address: agency.address.clone(),
        agency_phone: agency.phone.clone().unwrap_or_default(),
        access_notes: agency.access_notes.clone(),
        person: format!("{} {}", a.first_name, a.last_name),
        phone: MobilePhone::parse(&a.phone)
            .map(|p| p.national())
            .unwrap_or_else(|_| a.phone.clone()),
        email: a.email.clone(),
        cancel_reason: a.cancel_reason.clone(),
        can_cancel: allowed.person_cancel,
        can_reschedule: allowed.person_reschedule,
        cancel_until: when_fr(a.starts_at - Duration::hours(rules::CANCEL_UNTIL_HOURS), tz),
        reschedule_until: when_fr(
            a.starts_at - Duration::days(rules::RESCHEDULE_UNTIL_DAYS),
            tz,
        ),
        href: person_href(&a.reference, key.as_deref()),
        next_steps: next_steps(a.status, a.ends_at <= now).into(),
        calendar_href: download_method(a, now).map(|_| match key.as_deref() {
            Some(k) => format!("/rendez-vous/suivi/{}/agenda.ics?cle={k}", a.reference),
            None => format!("/rendez-vous/suivi/{}/agenda.ics", a.reference),
        }),
        key,
        slots: None,
    }
}

pub async fn appointment_view(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    from: Option<&str>,
) -> Result<AppointmentView, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let mut v = view(state.clock.now(), &a, &agency, &reason, key);
    if v.can_reschedule && from.is_some() {
        let p = place(state, agency, Some(&a)).await?;
        let mut page = slot_page(
            &p,
            reason.duration_minutes,
            parse_day(from),
            None,
            state.clock.now(),
        );
        // Only slots still 2 days away may be chosen by the person.
        for day in &mut page.days {
            day.slots.retain(|s| {
                parse_slot(&s.value).is_some_and(|at| rules::may_reschedule(at, state.clock.now()))
            });
        }
        page.days.retain(|d| !d.slots.is_empty());
        v.slots = Some(page);
    }
    Ok(v)
}

pub async fn cancel_by_person(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
) -> Result<String, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let now = state.clock.now();
    if !a.status.holds_slot() {
        return Err(AppError::invalid(
            "annuler",
            "Annulation : ce rendez-vous est déjà annulé ou terminé.",
        ));
    }
    if !rules::allowed(a.status, a.starts_at, now).person_cancel {
        return Err(AppError::invalid("annuler", format!("Annulation : un rendez-vous ne peut plus être annulé en ligne moins de {} heures avant. Appelez l'agence au {}.", rules::CANCEL_UNTIL_HOURS, agency.phone.clone().unwrap_or_default())));
    }
    let txn = state.db.begin().await?;
    if !repo::cancel_appointment(&txn, a.id, None, now).await? {
        txn.rollback().await?;
        return Err(AppError::invalid(
            "annuler",
            "Annulation : ce rendez-vous est déjà annulé ou terminé.",
        ));
    }
    let entry = audit_entry(
        now,
        None,
        "appointment_cancelled_by_person",
        &a.reference,
        guard::request_session().client_ip,
    );
    let notice = Notice::Cancelled {
        in_calendar: in_calendar(&a),
    };
    record_change(&txn, state, &a.reference, (&agency, &reason), entry, notice).await?;
    txn.commit().await?;
    Ok(back_to(&a.reference, key.as_deref(), "annule"))
}

pub async fn reschedule_by_person(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    slot: &str,
) -> Result<String, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let now = state.clock.now();
    if !rules::allowed(a.status, a.starts_at, now).person_reschedule {
        return Err(AppError::invalid("creneau", format!("Créneau : un rendez-vous ne peut plus être déplacé en ligne moins de {} jours avant. Appelez l'agence au {}.", rules::RESCHEDULE_UNTIL_DAYS, agency.phone.clone().unwrap_or_default())));
    }
    let Some(start) = parse_slot(slot) else {
        return Err(AppError::invalid(
            "creneau",
            "Créneau : choisissez une date et une heure.",
        ));
    };
    if !rules::may_reschedule(start, now) {
        return Err(slot_unavailable());
    }
    move_to(
        state,
        &a,
        &agency,
        &reason,
        start,
        AppointmentStatus::Requested,
        None,
    )
    .await?;
    Ok(back_to(&a.reference, key.as_deref(), "deplace"))
}

pub async fn my_appointments(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<AppointmentSummary>, AppError> {
    if viewer.person_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let rows = repo::list_for_identity(&state.db, viewer.identity_id).await?;
    let reasons = repo::list_reasons(&state.db).await?;
    let mut agencies: Vec<AgencyRow> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        if !agencies.iter().any(|x| x.id == a.agency_id) {
            agencies.push(
                repo::find_agency(&state.db, a.agency_id)
                    .await?
                    .ok_or_else(|| internal("appointment without agency"))?,
            );
        }
        let agency = agencies
            .iter()
            .find(|x| x.id == a.agency_id)
            .ok_or_else(|| internal("agency just read"))?;
        let reason = reason_of(&reasons, &a)?;
        out.push(AppointmentSummary {
            reference: a.reference.clone(),
            when: when_fr(a.starts_at, tz_of(agency)),
            reason: reason_label(reason),
            agency: agency.name.clone(),
            status: a.status.label().into(),
            status_class: status_class(a.status).into(),
            href: format!("/rendez-vous/suivi/{}", a.reference),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{agency, appointment, reason};
    use super::*;
    use crate::domain::appointment::Channel;

    fn page(a: &AppointmentRow, now: DateTime<Utc>, key: Option<&str>) -> AppointmentView {
        view(
            now,
            a,
            &agency(),
            &reason(Channel::Agency),
            key.map(str::to_owned),
        )
    }

    #[test]
    fn a_week_before_the_person_may_cancel_move_and_download_it() {
        let a = appointment(AppointmentStatus::Requested);
        let v = page(&a, a.starts_at - Duration::days(7), Some("00ff"));
        assert!(v.can_cancel && v.can_reschedule);
        assert_eq!(v.when, "lundi 4 mai 2026 à 09:30 (heure de Paris)");
        assert_eq!(v.duration, "30 min");
        assert_eq!(v.cancel_until, "lundi 4 mai 2026 à 05:30 (heure de Paris)");
        assert_eq!(
            v.reschedule_until,
            "samedi 2 mai 2026 à 09:30 (heure de Paris)"
        );
        assert_eq!(v.phone, "06 12 34 56 78");
        assert_eq!(v.href, "/rendez-vous/suivi/RDV-2026-ABCDEF?cle=00ff");
        assert_eq!(
            v.calendar_href.as_deref(),
            Some("/rendez-vous/suivi/RDV-2026-ABCDEF/agenda.ics?cle=00ff")
        );
        assert_eq!(v.key.as_deref(), Some("00ff"));
    }

    #[test]
    fn a_day_before_it_may_only_be_cancelled() {
        let a = appointment(AppointmentStatus::Confirmed);
        let v = page(&a, a.starts_at - Duration::days(1), None);
        assert!(v.can_cancel);
        assert!(!v.can_reschedule);
        assert_eq!(
            v.calendar_href.as_deref(),
            Some("/rendez-vous/suivi/RDV-2026-ABCDEF/agenda.ics")
        );
    }

    #[test]
    fn once_over_nothing_is_left_to_do_and_no_file_is_offered() {
        let a = appointment(AppointmentStatus::Confirmed);
        let v = page(&a, a.ends_at, None);
        assert!(!v.can_cancel && !v.can_reschedule);
        assert_eq!(v.calendar_href, None);
        assert_eq!(v.next_steps, next_steps(AppointmentStatus::Done, false));
    }

    #[test]
    fn a_cancelled_appointment_shows_its_reason_and_offers_nothing() {
        let mut a = appointment(AppointmentStatus::Cancelled);
        a.cancel_reason = Some("Agence fermée".into());
        let v = page(&a, a.starts_at - Duration::days(7), None);
        assert!(!v.can_cancel && !v.can_reschedule);
        assert_eq!(v.calendar_href, None);
        assert_eq!(v.cancel_reason.as_deref(), Some("Agence fermée"));
        assert_eq!(v.status, "Annulé");
    }
}
