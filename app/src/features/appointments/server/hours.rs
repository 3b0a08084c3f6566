//! The agency's opening hours and closures. Changing them removes no appointment: those they no
//! longer allow stay booked and are listed to be handled.

use super::back_office::{lines, out_of_hours, own_agency};
use super::format::{tz_label, tz_of};
use super::records::audit_entry;
use crate::domain::appointment::{self as rules, OpeningPeriod};
use crate::domain::calendar::{day_fr, upper_first, weekday_fr};
use crate::error::{AppError, FormErrors};
use crate::features::appointments::{AgencyHours, ClosureView, OpeningDay};
use crate::model::Viewer;
use crate::persistence::repo::appointments as repo;
use crate::persistence::repo::audit;
use crate::platform::input::parse_date_fr;
use crate::ssr::internal;
use crate::ssr::state::AppState;
use chrono::{NaiveDate, NaiveTime, Weekday};
use sea_orm::TransactionTrait;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

pub async fn agency_hours(state: &AppState, viewer: &Viewer) -> Result<AgencyHours, AppError> {
    let agency = own_agency(state, viewer).await?;
    let tz = tz_of(&agency);
    let periods = repo::opening_periods(&state.db, agency.id).await?;
    let hm = |t: NaiveTime| t.format("%H:%M").to_string();
    let days = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let of_day: Vec<&OpeningPeriod> = periods.iter().filter(|p| p.weekday == *w).collect();
            let get = |n: usize| {
                of_day
                    .get(n)
                    .map(|p| (hm(p.opens), hm(p.closes)))
                    .unwrap_or_default()
            };
            let ((o1, c1), (o2, c2)) = (get(0), get(1));
            let label = weekday_fr(*w);
            OpeningDay {
                weekday: i as u8,
                label: upper_first(label),
                opens_1: o1,
                closes_1: c1,
                opens_2: o2,
                closes_2: c2,
            }
        })
        .collect();
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let closures = repo::list_closures(&state.db, agency.id, today)
        .await?
        .into_iter()
        .map(|c| ClosureView {
            id: c.id,
            period: if c.first_day == c.last_day {
                day_fr(c.first_day)
            } else {
                format!("du {} au {}", day_fr(c.first_day), day_fr(c.last_day))
            },
            label: c.label,
        })
        .collect();
    let upcoming = repo::upcoming_holding(&state.db, agency.id, state.clock.now()).await?;
    let to_handle = lines(
        &out_of_hours(state, &agency, upcoming).await?,
        &agency,
        &repo::list_reasons(&state.db).await?,
    )?;
    Ok(AgencyHours {
        agency_name: agency.name.clone(),
        time_zone_label: tz_label(tz),
        days,
        closures,
        to_handle,
    })
}

fn parse_hm(input: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(input.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(input.trim(), "%Hh%M"))
        .ok()
}

/// A weekday and its opening periods, in local time.
type DayPeriods = (Weekday, Vec<(NaiveTime, NaiveTime)>);

/// Saves one weekday's periods. Appointments they no longer allow stay booked and are listed.
pub async fn save_day(
    state: &AppState,
    viewer: &Viewer,
    weekday: u8,
    typed: [&str; 4],
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    let (w, periods) = check_day(weekday, typed)?;
    let txn = state.db.begin().await?;
    repo::replace_day(&txn, agency.id, w, &periods).await?;
    audit::insert_event(
        &txn,
        audit_entry(
            state.clock.now(),
            Some(viewer.identity_id),
            "agency_hours_changed",
            weekday_fr(w),
            None,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(format!("/agence/horaires?enregistre={weekday}"))
}

pub async fn add_closure(
    state: &AppState,
    viewer: &Viewer,
    first: &str,
    last: &str,
    label: &str,
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    let today = state
        .clock
        .now()
        .with_timezone(&tz_of(&agency))
        .date_naive();
    let (f, l, label) = check_closure_form(first, last, label, today)?;
    repo::insert_closure(&state.db, agency.id, f, l, label, state.clock.now()).await?;
    Ok("/agence/horaires?fermeture=ajoutee".into())
}

pub async fn remove_closure(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    if !repo::delete_closure(&state.db, agency.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok("/agence/horaires?fermeture=retiree".into())
}

/// One weekday's periods as typed (opening and closing of the morning, then of the afternoon;
/// a period left empty is closed), checked. Each error names its field and weekday
/// (`fermeture_1_0`), and what was typed is kept.
fn check_day(weekday: u8, typed: [&str; 4]) -> Result<DayPeriods, AppError> {
    let Some(w) = WEEKDAYS.get(weekday as usize).copied() else {
        return Err(AppError::invalid(
            "jour",
            "Jour : choisissez un jour de la semaine.",
        ));
    };
    let names = ["ouverture_1", "fermeture_1", "ouverture_2", "fermeture_2"];
    let mut errors = FormErrors::default();
    let mut periods = Vec::new();
    for n in 0..2 {
        let (o, c) = (typed[2 * n].trim(), typed[2 * n + 1].trim());
        if o.is_empty() && c.is_empty() {
            continue;
        }
        let label = if n == 0 {
            "Première plage"
        } else {
            "Seconde plage"
        };
        match (parse_hm(o), parse_hm(c)) {
            (Some(o), Some(c)) => match rules::check_period(o, c) {
                Ok(()) => periods.push((o, c)),
                Err(e) => errors.push(names[2 * n + 1], format!("{label} ({}) : {e}.", weekday_fr(w))),
            },
            (None, _) => errors.push(names[2 * n], format!("{label} ({}) : saisissez l'heure d'ouverture au format HH:MM, par exemple 08:30.", weekday_fr(w))),
            (_, None) => errors.push(names[2 * n + 1], format!("{label} ({}) : saisissez l'heure de fermeture au format HH:MM, par exemple 12:00.", weekday_fr(w))),
        }
    }
    if let [(_, c1), (o2, _)] = periods.as_slice() {
        if o2 < c1 {
            errors.push(
                "ouverture_2",
                format!(
                    "Seconde plage ({}) : elle doit commencer après la fin de la première.",
                    weekday_fr(w)
                ),
            );
        }
    }
    if !errors.is_empty() {
        let mut e = errors;
        for (name, value) in names.iter().zip(typed) {
            e = e.keep(&format!("{name}_{weekday}"), value);
        }
        e.errors
            .iter_mut()
            .for_each(|fe| fe.field = format!("{}_{weekday}", fe.field));
        return Err(AppError::Invalid(e));
    }
    Ok((w, periods))
}

/// A closure as typed (first day, last day or empty for one day, label), checked against the
/// rules of `domain::appointment` from `today`; what was typed is kept with the errors.
fn check_closure_form<'a>(
    first: &str,
    last: &str,
    label: &'a str,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate, &'a str), AppError> {
    let mut errors = FormErrors::default();
    let first_day = parse_date_fr(first);
    let last_day = if last.trim().is_empty() {
        first_day
    } else {
        parse_date_fr(last)
    };
    if first_day.is_none() {
        errors.push(
            "du",
            "Premier jour de fermeture : saisissez une date, par exemple 25/12/2026.",
        );
    }
    if last_day.is_none() {
        errors.push(
            "au",
            "Dernier jour de fermeture : saisissez une date, par exemple 26/12/2026.",
        );
    }
    let label = label.trim();
    if label.chars().count() < 3 || label.chars().count() > 100 {
        errors.push(
            "libelle",
            "Motif de fermeture : de 3 à 100 caractères, par exemple « Noël » ou « Inventaire ».",
        );
    }
    if let (Some(f), Some(l)) = (first_day, last_day) {
        if let Err(e) = rules::check_closure(f, l, today) {
            errors.push("au", format!("Fermeture : {e}."));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors
                .keep("du", first)
                .keep("au", last)
                .keep("libelle", label),
        ));
    }
    match (first_day, last_day) {
        (Some(f), Some(l)) => Ok((f, l, label)),
        _ => Err(internal("closure dates missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn form(e: AppError) -> FormErrors {
        match e {
            AppError::Invalid(f) => f,
            other => panic!("not a field error: {other:?}"),
        }
    }

    fn fields(e: AppError) -> Vec<String> {
        form(e).errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn hours_are_read_as_hh_mm_or_the_french_way() {
        assert_eq!(parse_hm(" 08:30 "), Some(hm(8, 30)));
        assert_eq!(parse_hm("8h30"), Some(hm(8, 30)));
        assert_eq!(parse_hm("huit heures"), None);
    }

    #[test]
    fn a_day_with_a_morning_and_an_afternoon_is_saved_in_order() {
        let (w, periods) = check_day(1, ["08:30", "12:00", "13:30", "17:00"]).unwrap();
        assert_eq!(w, Weekday::Tue);
        assert_eq!(periods, [(hm(8, 30), hm(12, 0)), (hm(13, 30), hm(17, 0))]);
    }

    #[test]
    fn empty_periods_close_the_day() {
        let (w, periods) = check_day(6, ["", "", " ", ""]).unwrap();
        assert_eq!(w, Weekday::Sun);
        assert!(periods.is_empty());
    }

    #[test]
    fn each_error_names_its_field_and_weekday_and_keeps_what_was_typed() {
        let e = form(check_day(0, ["8 heures", "12:00", "13:00", "12:30"]).unwrap_err());
        let named: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["ouverture_1_0", "fermeture_2_0"]);
        assert!(
            e.errors[0].message.starts_with("Première plage (lundi) :"),
            "{}",
            e.errors[0].message
        );
        assert_eq!(e.value_for("ouverture_1_0").as_deref(), Some("8 heures"));
        assert_eq!(e.value_for("fermeture_2_0").as_deref(), Some("12:30"));
    }

    #[test]
    fn the_afternoon_cannot_start_before_the_morning_ends() {
        assert_eq!(
            fields(check_day(2, ["08:00", "12:00", "11:30", "17:00"]).unwrap_err()),
            ["ouverture_2_2"]
        );
    }

    #[test]
    fn there_are_seven_weekdays() {
        assert_eq!(
            fields(check_day(7, ["", "", "", ""]).unwrap_err()),
            ["jour"]
        );
    }

    #[test]
    fn a_closure_of_one_day_needs_only_its_first_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        assert_eq!(
            check_closure_form("25/12/2026", " ", " Noël ", today).unwrap(),
            (christmas, christmas, "Noël")
        );
    }

    #[test]
    fn a_closure_is_refused_field_by_field() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            fields(check_closure_form("demain", "26/12/2026", "X", today).unwrap_err()),
            ["du", "libelle"]
        );
        assert_eq!(
            fields(check_closure_form("26/12/2026", "25/12/2026", "Noël", today).unwrap_err()),
            ["au"]
        );
        assert_eq!(
            fields(
                check_closure_form("2026-11-02", "2026-11-03", "Inventaire", today).unwrap_err()
            ),
            ["au"]
        );
    }
}
