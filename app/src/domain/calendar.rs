//! Dates as French screens write them.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `5 mai 2026`, `1er janvier 2027`.
pub fn date_fr(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// `lundi`, `mardi`…
pub fn weekday_fr(w: chrono::Weekday) -> &'static str {
    WEEKDAYS[w.num_days_from_monday() as usize]
}

/// `lundi 4 mai 2026`.
pub fn day_fr(d: NaiveDate) -> String {
    format!("{} {}", weekday_fr(d.weekday()), date_fr(d))
}

/// `Lundi 4 mai 2026`, as a heading: only the first letter is a capital.
pub fn day_heading_fr(d: NaiveDate) -> String {
    upper_first(&day_fr(d))
}

/// The text with its first letter in capital (`lundi` → `Lundi`).
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Easter Sunday (anonymous Gregorian algorithm).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The French public holidays of a year, in order; La Réunion adds 20 December (abolition of
/// slavery).
pub fn public_holidays(year: i32, reunion: bool) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m: u32, d: u32, label: &'static str| {
        NaiveDate::from_ymd_opt(year, m, d).map(|x| (x, label))
    };
    let mut out: Vec<(NaiveDate, &'static str)> = [
        fixed(1, 1, "Jour de l'an"),
        fixed(5, 1, "Fête du travail"),
        fixed(5, 8, "Victoire 1945"),
        fixed(7, 14, "Fête nationale"),
        fixed(8, 15, "Assomption"),
        fixed(11, 1, "Toussaint"),
        fixed(11, 11, "Armistice 1918"),
        fixed(12, 25, "Noël"),
        if reunion {
            fixed(12, 20, "Abolition de l'esclavage")
        } else {
            None
        },
    ]
    .into_iter()
    .flatten()
    .collect();
    let e = easter(year);
    out.extend([
        (e + chrono::Days::new(1), "Lundi de Pâques"),
        (e + chrono::Days::new(39), "Ascension"),
        (e + chrono::Days::new(50), "Lundi de Pentecôte"),
    ]);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_heading_capitalises_the_weekday_and_not_the_month() {
        assert_eq!(
            day_heading_fr(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
            "Mercredi 2 décembre 2026"
        );
        assert_eq!(upper_first("évreux"), "Évreux");
        assert_eq!(upper_first(""), "");
    }

    #[test]
    fn easter_and_the_holidays_that_follow_it_are_computed() {
        let h = public_holidays(2026, false);
        assert_eq!(h.len(), 11);
        assert!(h.contains(&(NaiveDate::from_ymd_opt(2026, 5, 14).unwrap(), "Ascension")));
        assert!(h.contains(&(
            NaiveDate::from_ymd_opt(2026, 5, 25).unwrap(),
            "Lundi de Pentecôte"
        )));
        assert_eq!(public_holidays(2026, true).len(), 12);
    }

    #[test]
    fn writes_dates_in_french() {
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2026, 5, 5).unwrap()),
            "5 mai 2026"
        );
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            "1er janvier 2027"
        );
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()),
            "15 août 2026"
        );
        assert_eq!(
            day_fr(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()),
            "lundi 4 mai 2026"
        );
        assert_eq!(
            day_fr(NaiveDate::from_ymd_opt(2026, 5, 10).unwrap()),
            "dimanche 10 mai 2026"
        );
    }
}
