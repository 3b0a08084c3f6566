//! The agency's back office: requests by status, the day's calendar, appointments that no
//! longer fit the opening hours, and one appointment's file.

use super::agenda::{parse_day, place, slot_page};
use super::format::{reason_label, status_class, tz_of, when_fr};
use super::person::view;
use super::records::reason_of;
use crate::domain::appointment::{self as rules, AppointmentStatus};
use crate::domain::calendar::day_fr;
use crate::domain::nir::Nir;
use crate::domain::phone::MobilePhone;
use crate::error::AppError;
use crate::features::appointments::{
    AgencyAgenda, AgencyAppointmentDetail, AgencyAppointmentLine, StatusTab,
};
use crate::model::Viewer;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow, ReasonRow};
use crate::ssr::internal;
use crate::ssr::state::AppState;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

pub(super) async fn own_agency(state: &AppState, viewer: &Viewer) -> Result<AgencyRow, AppError> {
    let id = viewer.organisation_id.ok_or(AppError::Forbidden)?;
    repo::find_agency(&state.db, id)
        .await?
        .ok_or(AppError::Forbidden)
}

/// The agent's lines for these appointments (the reasons read once by the caller).
pub(super) fn lines(
    rows: &[AppointmentRow],
    agency: &AgencyRow,
    reasons: &[ReasonRow],
) -> Result<Vec<AgencyAppointmentLine>, AppError> {
    rows.iter()
        .map(|a| line(a, agency, reason_of(reasons, a)?))
        .collect()
}

fn line(
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
) -> Result<AgencyAppointmentLine, AppError> {
    let tz = tz_of(agency);
    Ok(AgencyAppointmentLine {
        reference: a.reference.clone(),
        time: format!(
            "{} – {}",
            a.starts_at.with_timezone(&tz).format("%H:%M"),
            a.ends_at.with_timezone(&tz).format("%H:%M")
        ),
        when: when_fr(a.starts_at, tz),
        person: format!("{} {}", a.first_name, a.last_name),
        phone: MobilePhone::parse(&a.phone)
            .map(|p| p.national())
            .unwrap_or_else(|_| a.phone.clone()),
        reason: reason_label(reason),
        channel: reason.channel.label().into(),
        status: a.status.label().into(),
        status_class: status_class(a.status).into(),
        href: format!("/agence/rendez-vous/{}", a.reference),
    })
}

/// Of `candidates`, those the agency's hours or closures no longer allow.
pub(super) async fn out_of_hours(
    state: &AppState,
    agency: &AgencyRow,
    upcoming: Vec<AppointmentRow>,
) -> Result<Vec<AppointmentRow>, AppError> {
    let now = state.clock.now();
    let tz = tz_of(agency);
    let hours = repo::opening_periods(&state.db, agency.id).await?;
    let closures: Vec<rules::Closure> =
        repo::list_closures(&state.db, agency.id, now.with_timezone(&tz).date_naive())
            .await?
            .iter()
            .map(|c| c.closure())
            .collect();
    let triples: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = upcoming
        .iter()
        .map(|a| (a.id, a.starts_at, a.ends_at))
        .collect();
    let ids = rules::out_of_hours(&tz, &hours, &closures, &triples);
    Ok(upcoming
        .into_iter()
        .filter(|a| ids.contains(&a.id))
        .collect())
}

pub async fn agency_agenda(
    state: &AppState,
    viewer: &Viewer,
    status: Option<&str>,
    day: Option<&str>,
) -> Result<AgencyAgenda, AppError> {
    let agency = own_agency(state, viewer).await?;
    let tz = tz_of(&agency);
    let now = state.clock.now();
    let today = now.with_timezone(&tz).date_naive();
    let wanted = status
        .and_then(AppointmentStatus::from_code)
        .unwrap_or(AppointmentStatus::Requested);
    let reasons = repo::list_reasons(&state.db).await?;
    let mut tabs = Vec::new();
    let mut requests = Vec::new();
    for s in AppointmentStatus::ALL {
        let rows = repo::list_for_agency(&state.db, agency.id, Some(s), None).await?;
        tabs.push(StatusTab {
            code: s.code().into(),
            label: s.label().into(),
            count: rows.len(),
            selected: s == wanted,
        });
        if s == wanted {
            requests = lines(&rows, &agency, &reasons)?;
        }
    }
    let day = agenda_day(day, today)?;
    let start = local_midnight(&tz, day);
    let end = local_midnight(&tz, day + Duration::days(1));
    let calendar = lines(
        &repo::list_for_agency(&state.db, agency.id, None, Some((start, end))).await?,
        &agency,
        &reasons,
    )?;
    let upcoming = repo::upcoming_holding(&state.db, agency.id, now).await?;
    let to_handle = lines(
        &out_of_hours(state, &agency, upcoming).await?,
        &agency,
        &reasons,
    )?;
    Ok(AgencyAgenda {
        agency_name: agency.name.clone(),
        tabs,
        requests,
        day: day.to_string(),
        day_label: day_fr(day),
        previous_day: (day - Duration::days(1)).to_string(),
        next_day: (day + Duration::days(1)).to_string(),
        calendar,
        to_handle,
    })
}

/// The agenda day asked for (`jour`, `AAAA-MM-JJ`), today when none: within ten years of
/// today, so that the day before and after it always exist.
pub fn agenda_day(input: Option<&str>, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let Some(typed) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(today);
    };
    let day = parse_day(Some(typed)).ok_or_else(|| {
        AppError::invalid(
            "jour",
            "Jour : indiquez une date au format AAAA-MM-JJ, par exemple 2026-05-04.",
        )
    })?;
    let limit = Duration::days(3653);
    if (day - today).abs() > limit {
        return Err(AppError::invalid(
            "jour",
            "Jour : choisissez une date à moins de dix ans d'aujourd'hui.",
        ));
    }
    Ok(day)
}

fn local_midnight(tz: &Tz, day: NaiveDate) -> DateTime<Utc> {
    rules::instant(tz, day.and_time(NaiveTime::MIN))
        .unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
}

pub(super) async fn agency_appointment(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<(AppointmentRow, AgencyRow, ReasonRow), AppError> {
    let agency = own_agency(state, viewer).await?;
    let a = repo::find_by_reference(&state.db, reference.trim())
        .await?
        .filter(|a| a.agency_id == agency.id)
        .ok_or(AppError::NotFound)?;
    let reason = repo::find_reason(&state.db, a.reason_id)
        .await?
        .ok_or_else(|| internal("appointment without reason"))?;
    Ok((a, agency, reason))
}

pub async fn agency_detail(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    from: Option<&str>,
) -> Result<AgencyAppointmentDetail, AppError> {
    let (a, agency, reason) = agency_appointment(state, viewer, reference).await?;
    let now = state.clock.now();
    let mut v = view(now, &a, &agency, &reason, None);
    v.href = format!("/agence/rendez-vous/{}", a.reference);
    let allowed = rules::allowed(a.status, a.starts_at, now);
    if allowed.agent_move && from.is_some() {
        let p = place(state, agency.clone(), Some(&a)).await?;
        v.slots = Some(slot_page(
            &p,
            reason.duration_minutes,
            parse_day(from),
            None,
            now,
        ));
    }
    let upcoming = a.status.holds_slot() && a.starts_at >= now;
    let out = upcoming
        && !out_of_hours(state, &agency, vec![a.clone()])
            .await?
            .is_empty();
    Ok(AgencyAppointmentDetail {
        nir: Nir::parse_without_key(&a.nir)
            .map(|n| n.display())
            .unwrap_or_else(|_| a.nir.clone()),
        address: a.address.clone(),
        note: a.agent_note.clone().unwrap_or_default(),
        created_at: when_fr(a.created_at, tz_of(&agency)),
        can_confirm: allowed.agent_confirm,
        can_move: allowed.agent_move,
        can_cancel: allowed.agent_cancel,
        can_mark_done: allowed.agent_mark_done,
        out_of_hours: out,
        view: v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()
    }

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Invalid(f) => f.errors[0].field.clone(),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn the_agenda_opens_on_today_when_no_day_is_asked_for() {
        assert_eq!(agenda_day(None, today()).unwrap(), today());
        assert_eq!(agenda_day(Some("  "), today()).unwrap(), today());
    }

    #[test]
    fn the_agenda_day_is_read_as_a_date_input() {
        assert_eq!(
            agenda_day(Some(" 2026-05-11 "), today()).unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 11).unwrap()
        );
        assert_eq!(
            field_of(agenda_day(Some("11/05/2026"), today()).unwrap_err()),
            "jour"
        );
    }

    #[test]
    fn the_agenda_day_stays_within_ten_years_of_today() {
        assert!(agenda_day(Some("2036-05-03"), today()).is_ok());
        assert_eq!(
            field_of(agenda_day(Some("2037-01-01"), today()).unwrap_err()),
            "jour"
        );
        assert_eq!(
            field_of(agenda_day(Some("2016-01-01"), today()).unwrap_err()),
            "jour"
        );
    }

    #[test]
    fn a_day_starts_at_the_agencys_local_midnight() {
        assert_eq!(
            local_midnight(&chrono_tz::Europe::Paris, today()),
            Utc.with_ymd_and_hms(2026, 5, 3, 22, 0, 0).unwrap()
        );
        assert_eq!(
            local_midnight(&chrono_tz::Indian::Reunion, today()),
            Utc.with_ymd_and_hms(2026, 5, 3, 20, 0, 0).unwrap()
        );
    }
}
