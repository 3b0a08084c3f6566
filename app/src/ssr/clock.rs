//! The one clock the server owns. Tests and the demo may pin "today"; production may not.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;

#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    fixed_today: Option<NaiveDate>,
}

impl Clock {
    pub fn system() -> Self {
        Clock { fixed_today: None }
    }

    /// A clock whose date is `today` (Europe/Paris) while the time of day runs normally.
    pub fn fixed_today(today: NaiveDate) -> Self {
        Clock {
            fixed_today: Some(today),
        }
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed_today.is_some()
    }

    /// The current instant, in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        let real = Utc::now();
        let Some(day) = self.fixed_today else {
            return real;
        };
        let time = real.with_timezone(&Paris).time();
        Paris
            .from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|dt| dt.with_timezone(&Utc))
            // The hour skipped by daylight saving time: take the same time in UTC terms.
            .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(time)))
    }

    /// Today's date in Europe/Paris, the date that due dates are compared with.
    pub fn today(&self) -> NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| Utc::now().with_timezone(&Paris).date_naive())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_keeps_its_date_in_paris() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let clock = Clock::fixed_today(day);
        assert_eq!(clock.today(), day);
        assert_eq!(clock.now().with_timezone(&Paris).date_naive(), day);
    }
}
