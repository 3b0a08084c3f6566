//! Dates as French screens write them.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// `5 mai 2026`, `1er janvier 2027`.
pub fn date_fr(d: NaiveDate) -> String {
    let day = if d.day() == 1 { "1er".to_owned() } else { d.day().to_string() };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_in_french() {
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2026, 5, 5).unwrap()), "5 mai 2026");
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()), "1er janvier 2027");
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()), "15 août 2026");
    }
}
