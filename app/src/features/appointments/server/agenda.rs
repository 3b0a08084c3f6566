//! An agency's calendar (hours, closures, booked intervals) and the pages of free slots shown
//! to people and agents.

use super::format::{tz_label, tz_of};
use crate::domain::appointment::{self as rules, Agenda, Busy, OpeningPeriod};
use crate::domain::calendar::day_heading_fr;
use crate::error::AppError;
use crate::features::appointments::{DayView, SlotPage, SlotView};
use crate::persistence::repo::appointments::{self as repo, AgencyRow, AppointmentRow};
use crate::ssr::state::AppState;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// Days of free slots shown on one page.
const DAYS_PER_PAGE: usize = 5;
/// Free slots are computed this many days at a time.
const SLOT_WINDOW_DAYS: i64 = 14;

pub(super) struct Place {
    pub(super) agency: AgencyRow,
    pub(super) tz: Tz,
    pub(super) hours: Vec<OpeningPeriod>,
    pub(super) closures: Vec<rules::Closure>,
    pub(super) busy: Vec<Busy>,
    /// The start of the appointment being moved: not offered again as a new slot.
    pub(super) current: Option<DateTime<Utc>>,
}

impl Place {
    pub(super) fn agenda(&self) -> Agenda<'_, Tz> {
        Agenda {
            tz: &self.tz,
            hours: &self.hours,
            closures: &self.closures,
            busy: &self.busy,
        }
    }
}

/// The agency's calendar from now to the booking horizon; `ignoring` leaves one appointment's
/// own interval free (when it is being moved).
pub(super) async fn place(
    state: &AppState,
    agency: AgencyRow,
    ignoring: Option<&AppointmentRow>,
) -> Result<Place, AppError> {
    let now = state.clock.now();
    let tz = tz_of(&agency);
    let today = now.with_timezone(&tz).date_naive();
    let hours = repo::opening_periods(&state.db, agency.id).await?;
    let closures = repo::list_closures(&state.db, agency.id, today)
        .await?
        .iter()
        .map(|c| c.closure())
        .collect();
    let until = now + Duration::days(31 * i64::from(rules::MAX_AHEAD_MONTHS) + 2);
    let mut busy = repo::busy(&state.db, agency.id, now - Duration::days(1), until).await?;
    if let Some(a) = ignoring {
        busy.retain(|b| !(b.start == a.starts_at && b.end == a.ends_at));
    }
    Ok(Place {
        agency,
        tz,
        hours,
        closures,
        busy,
        current: ignoring.map(|a| a.starts_at),
    })
}

pub(super) fn parse_day(input: Option<&str>) -> Option<NaiveDate> {
    input.and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
}

pub(super) fn parse_slot(input: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(input.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

pub(super) fn slot_view(at: DateTime<Utc>, tz: Tz, selected: Option<DateTime<Utc>>) -> SlotView {
    SlotView {
        value: at.to_rfc3339(),
        label: at.with_timezone(&tz).format("%H:%M").to_string(),
        selected: selected == Some(at),
    }
}

/// A page of free slots: the first days from `from` (or today) that have any.
pub(super) fn slot_page(
    p: &Place,
    duration: i64,
    from: Option<NaiveDate>,
    selected: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlotPage {
    let today = now.with_timezone(&p.tz).date_naive();
    let horizon = rules::horizon(today);
    let from = from
        .filter(|d| *d >= today && *d <= horizon)
        .unwrap_or(today);
    // Two weeks at a time, until one more day than the page shows: not the whole 3 months on
    // every page view.
    let mut slots = Vec::new();
    let mut window_start = from;
    while window_start <= horizon {
        let window_end = (window_start + Duration::days(SLOT_WINDOW_DAYS - 1)).min(horizon);
        slots.extend(
            p.agenda()
                .free_slots(duration, window_start, window_end, now)
                .into_iter()
                .filter(|s| Some(s.start) != p.current),
        );
        let days_found = slots
            .iter()
            .map(|s: &rules::Slot| s.local.date())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if days_found > DAYS_PER_PAGE {
            break;
        }
        window_start = window_end + Duration::days(1);
    }
    let mut days: Vec<DayView> = Vec::new();
    let mut next_from = None;
    for s in slots {
        let day = s.local.date();
        if days
            .last()
            .map(|d| d.iso != day.to_string())
            .unwrap_or(true)
        {
            if days.len() == DAYS_PER_PAGE {
                next_from = Some(day.to_string());
                break;
            }
            days.push(DayView {
                iso: day.to_string(),
                label: day_heading_fr(day),
                slots: vec![],
            });
        }
        if let Some(d) = days.last_mut() {
            d.slots.push(slot_view(s.start, p.tz, selected));
        }
    }
    let previous_from = (from > today).then(|| (from - Duration::days(7)).max(today).to_string());
    SlotPage {
        days,
        previous_from,
        next_from,
        time_zone_label: tz_label(p.tz),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::agency;
    use super::*;
    use chrono::{NaiveTime, TimeZone, Weekday};

    /// Open 09:00 to 10:00 on weekdays, Paris time; nothing booked.
    fn weekday_mornings() -> Place {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        Place {
            agency: agency(),
            tz: chrono_tz::Europe::Paris,
            // Monday to Friday.
            hours: std::iter::successors(Some(Weekday::Mon), |w| Some(w.succ()))
                .take(5)
                .map(|weekday| OpeningPeriod {
                    weekday,
                    opens: at(9),
                    closes: at(10),
                })
                .collect(),
            closures: vec![],
            busy: vec![],
            current: None,
        }
    }

    #[test]
    fn an_appointment_being_moved_is_not_offered_its_own_slot_again() {
        let mut p = weekday_mornings();
        // The appointment at 09:15 on Monday, Paris time (07:15 UTC).
        p.current = Some(Utc.with_ymd_and_hms(2026, 5, 4, 7, 15, 0).unwrap());
        let page = slot_page(&p, 30, None, None, monday_morning());
        assert_eq!(labels(&page.days[0]), ["09:00", "09:30"]);
        assert_eq!(labels(&page.days[1]), ["09:00", "09:15", "09:30"]);
    }

    /// Monday 4 May 2026, 08:00 in Paris.
    fn monday_morning() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, 6, 0, 0).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        parse_day(Some(s)).unwrap()
    }

    fn labels(d: &DayView) -> Vec<&str> {
        d.slots.iter().map(|s| s.label.as_str()).collect()
    }

    #[test]
    fn a_page_shows_five_days_with_free_slots_and_where_the_next_one_starts() {
        let page = slot_page(&weekday_mornings(), 30, None, None, monday_morning());
        let days: Vec<&str> = page.days.iter().map(|d| d.iso.as_str()).collect();
        assert_eq!(
            days,
            [
                "2026-05-04",
                "2026-05-05",
                "2026-05-06",
                "2026-05-07",
                "2026-05-08"
            ]
        );
        assert_eq!(labels(&page.days[0]), ["09:00", "09:15", "09:30"]);
        assert_eq!(page.next_from.as_deref(), Some("2026-05-11"));
        assert_eq!(page.previous_from, None);
        assert_eq!(page.time_zone_label, "heure de Paris");
    }

    #[test]
    fn a_later_page_goes_back_a_week_at_most_and_never_before_today() {
        let p = weekday_mornings();
        let page = slot_page(&p, 30, Some(day("2026-05-11")), None, monday_morning());
        assert_eq!(page.days[0].iso, "2026-05-11");
        assert_eq!(page.previous_from.as_deref(), Some("2026-05-04"));
        let page = slot_page(&p, 30, Some(day("2026-05-06")), None, monday_morning());
        assert_eq!(page.previous_from.as_deref(), Some("2026-05-04"));
    }

    #[test]
    fn a_start_before_today_or_beyond_the_horizon_shows_the_first_page() {
        let p = weekday_mornings();
        for from in ["2026-05-01", "2027-05-04"] {
            let page = slot_page(&p, 30, Some(day(from)), None, monday_morning());
            assert_eq!(page.days[0].iso, "2026-05-04", "from {from}");
            assert_eq!(page.previous_from, None, "from {from}");
        }
    }

    #[test]
    fn a_booked_interval_takes_every_slot_it_overlaps() {
        let mut p = weekday_mornings();
        p.busy.push(Busy {
            start: Utc.with_ymd_and_hms(2026, 5, 4, 7, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).unwrap(),
        });
        let page = slot_page(&p, 30, None, None, monday_morning());
        assert_eq!(labels(&page.days[0]), ["09:30"]);
        assert_eq!(labels(&page.days[1]), ["09:00", "09:15", "09:30"]);
    }

    #[test]
    fn the_chosen_slot_is_the_only_one_checked() {
        let chosen = Utc.with_ymd_and_hms(2026, 5, 5, 7, 15, 0).unwrap();
        let page = slot_page(
            &weekday_mornings(),
            30,
            None,
            Some(chosen),
            monday_morning(),
        );
        let checked: Vec<(&str, &str)> = page
            .days
            .iter()
            .flat_map(|d| {
                d.slots
                    .iter()
                    .filter(|s| s.selected)
                    .map(|s| (d.iso.as_str(), s.label.as_str()))
            })
            .collect();
        assert_eq!(checked, [("2026-05-05", "09:15")]);
        assert_eq!(parse_slot(&page.days[1].slots[1].value), Some(chosen));
    }

    #[test]
    fn a_slot_is_read_back_from_its_rfc3339_value_only() {
        assert_eq!(
            parse_slot(" 2026-05-04T09:30:00+02:00 "),
            Utc.with_ymd_and_hms(2026, 5, 4, 7, 30, 0).single()
        );
        assert_eq!(parse_slot("2026-05-04 09:30"), None);
        assert_eq!(parse_day(Some("04/05/2026")), None);
        assert_eq!(parse_day(None), None);
    }
}
